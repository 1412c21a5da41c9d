"""Fuzzing the readers and the mapping loader: a clear error or a result, never a crash.

"Clear error" is a RotaError (ConfigError is one) whose message names the file; "a result" is
a RotaRead in which every row read is used or rejected (issue 12 item 6)."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from payfair.errors import RotaError
from payfair.importers import load_rota
from payfair.importers.mapping import load_mapping

# no shrinking: a failure is reported at once (shrinking a slow reader can take minutes)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)

HEADERS = [
    "worker_id,start,end,client_id,pay,travel_minutes,status,kind",
    "Carer,Date,Start Time,End Time,Travel Time (mins),Pay £",
    "Care Worker,Visit Date,Start Time,Duration,Status",
    "CAREGIVER_NAME,PLANNED_START_AT,PLANNED_END_AT,CHECK_IN_AT,CHECK_OUT_AT,STATUS,"
    "IS_PAID_CANCELLATION,CANCELLATION_PAY,VISIT_ID",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "", "2026-04-06 08:00", "06/04/2026", "07:30", "25:61", "07:30 - 08:00", "30",
            "0:25", "£12.50", "#DIV/0!", "#N/A", "1e308", "-1", "nan", "9999-12-31 23:59",
            "1900-01-01", "2026-10-25 01:30", "2026-03-29 01:30", "Cancelled", "COMPLETED",
            "sleep-in", "visit", "TRUE", "=1+2", '"', '""', "Zoë", "\x00", "\x1b", "12,5",
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.sampled_from(HEADERS))
    width = header.count(",") + 1
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    lines = [header.replace(",", delimiter)]
    for _ in range(draw(st.integers(0, 8))):
        cells = draw(st.lists(CELLS, min_size=0, max_size=width + 2))
        lines.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # damage: cut, or splice random bytes in
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=20)) + data[cut:]
    return data


def _outcome(data: bytes, filename: str) -> None:
    try:
        read = load_rota(data, filename=filename)
    except RotaError as exc:
        assert filename in str(exc), str(exc)
        return
    assert read.rows_read == read.rows_used + len(read.rejected)


@SETTINGS
@given(csv_files())
def test_fuzzed_csv_is_an_error_or_a_result(data):
    _outcome(data, "fuzz.csv")


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["fuzz.csv", "fuzz.xlsx", "fuzz.parquet"]))
def test_random_bytes_are_an_error_or_a_result(data, filename):
    _outcome(data, filename)


@SETTINGS
@given(st.binary(min_size=1, max_size=400))
def test_random_xml_in_a_workbook_is_an_error_or_a_result(sheet_xml):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" r:id="rId1"/></sheets>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    _outcome(out.getvalue(), "fuzz.xlsx")


MAPPING_TEXT = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda section, key, value: f"[{section}]\n{key} = {value}\n",
        st.sampled_from(["columns", "colums", "options", "option", "x"]),
        st.sampled_from(["worker_id", "start", "header_row", "dayfirst", "timezone", "exact", "?"]),
        st.sampled_from(['"Carer"', "3", "true", "-1", "nan", "inf", "[1]", "{a=1}", '"Mars/X"']),
    ),
)


@SETTINGS
@given(MAPPING_TEXT)
def test_fuzzed_mapping_is_a_clear_error_or_a_mapping(text):
    try:
        mapping = load_mapping(text.encode("utf-8", errors="replace"))
    except RotaError as exc:
        assert str(exc)
        return
    assert all(isinstance(v, str) for v in mapping.columns.values())
