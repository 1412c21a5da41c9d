"""Importers (issue 3): encodings, banner rows, split date/time, durations, UTC and clock
changes, midnight crossing, unknown layouts, mapping files, inspect, Excel row numbers,
month-first dates, real .xlsx files. Hand-checked figures, arithmetic in comments."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from payfair.cli import main
from payfair.errors import RotaError
from payfair.importers import load_rota, load_workers

LONDON = "Europe/London"


def ts(text: str) -> pd.Timestamp:
    """An instant given with its offset, shown in London time."""
    return pd.Timestamp(text).tz_convert(LONDON)


# ---- the tricky file: Windows-1252, semicolons, banner rows, split date/time, durations ----

TRICKY = (
    "Sunrise Homecare – rota export;;;;;;\r\n"  # en dash: byte 0x96 in Windows-1252
    "Week commencing 20/10/2025 (hours in £ pay);;;;;;\r\n"
    ";;;;;;\r\n"
    "Care Worker;Client;Visit Date;Start Time;Duration;Travel Time (mins);Pay £\r\n"
    "Siân Ó'Brien;Mrs Smith;25/10/2025;23:30;45;10;£9.53\r\n"  # row 5: crosses midnight
    "Siân Ó'Brien;Mrs Jones;26/10/2025;01:30;30;5;\r\n"  # row 6: 01:30 happens twice
    "Siân Ó'Brien;Mr Patel;26/10/2025;06:00:00;1:15;12;\r\n"  # row 7: seconds, HH:MM duration
    "Zoë Ní Bhriain;Mr Patel;29/03/2026;01:30;30;8;\r\n"  # row 8: 01:30 does not exist
)


def test_tricky_cp1252_file_with_banner_rows_and_split_date_time():
    data = TRICKY.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really Windows-1252, not UTF-8
    read = load_rota(data, filename="tricky.csv")
    assert read.layout == "generic"
    assert read.rejected.empty
    ev = read.events.set_index("source_row")
    assert list(ev.index) == [5, 6, 7, 8]  # header on line 4, data from line 5
    assert ev.loc[5, "worker_id"] == "Siân Ó'Brien"
    # row 5: 25/10/2025 23:30 BST + 45 min = 00:15 BST on the 26th (midnight crossed)
    assert ev.loc[5, "start"] == ts("2025-10-25 23:30+01:00")
    assert ev.loc[5, "end"] == ts("2025-10-26 00:15+01:00")
    assert ev.loc[5, "pay"] == 9.53  # "£9.53"
    # row 6: 01:30 on 26/10/2025 happens twice; payfair takes the first (BST) = 00:30 UTC,
    # and + 30 minutes of real time = 01:00 UTC = 01:00 GMT (clocks went back at 02:00 BST)
    assert ev.loc[6, "start"] == ts("2025-10-26 01:30+01:00")
    assert ev.loc[6, "end"] == ts("2025-10-26 01:00+00:00")
    assert (ev.loc[6, "end"] - ev.loc[6, "start"]) == pd.Timedelta(minutes=30)
    # row 7: 06:00:00 GMT + 1:15 = 07:15 GMT
    assert ev.loc[7, "start"] == ts("2025-10-26 06:00+00:00")
    assert ev.loc[7, "end"] == ts("2025-10-26 07:15+00:00")
    # row 8: 01:30 on 29/03/2026 does not exist: moved to 02:30 BST (= 01:30 UTC)... shift
    # forward puts it at the first instant after the gap, 02:00 BST, + 30 min = 02:30 BST
    assert ev.loc[8, "start"] == ts("2026-03-29 02:00+01:00")
    assert ev.loc[8, "end"] == ts("2026-03-29 02:30+01:00")
    # both clock-change rows are reported as warnings naming the user's column
    w = read.warnings.set_index("row")
    assert w.loc[6, "column"] == "Start Time" and "twice" in w.loc[6, "reason"]
    assert w.loc[8, "column"] == "Start Time" and "does not exist" in w.loc[8, "reason"]


BIRDIE_UTC = (
    "VISIT_ID,CLIENT_ID,CAREGIVER_NAME,VISIT_TYPE,PLANNED_START_AT,PLANNED_END_AT,"
    "CHECK_IN_AT,CHECK_OUT_AT,STATUS,TRAVEL_DURATION_MINUTES,TRAVEL_DISTANCE_MILES\n"
    # spring: clocks go forward at 01:00 UTC on Sunday 29 March 2026
    "V1,SU1,Siân Ó'Brien,VISIT,2026-03-28 23:45:00,2026-03-29 00:30:00,"
    "2026-03-28 23:47:00,2026-03-29 00:30:00,COMPLETED,6,1.5\n"
    "V2,SU2,Siân Ó'Brien,VISIT,2026-03-29 00:45:00,2026-03-29 01:15:00,"
    "2026-03-29 00:50:00,2026-03-29 01:20:00,COMPLETED,10,2.5\n"
    # autumn: clocks go back at 01:00 UTC on Sunday 26 October 2025
    "V3,SU3,Zoë Ní Bhriain,VISIT,2025-10-26 00:40:00,2025-10-26 01:10:00,,,CANCELLED,,\n"
    "V4,SU4,Zoë Ní Bhriain,VISIT,2025-10-26 01:20:00,2025-10-26 01:50:00,"
    "2025-10-26 01:20:00,2025-10-26 01:50:00,COMPLETED,5,1\n"
)


def test_birdie_utc_times_across_both_clock_changes():
    read = load_rota(io.BytesIO(BIRDIE_UTC.encode("cp1252")), filename="visits.csv")
    assert read.layout == "birdie"
    ev = read.events.set_index("source_row")
    # row 2: 23:47 UTC = 23:47 GMT; check-out 00:30 UTC = 00:30 GMT on the 29th (midnight)
    assert ev.loc[2, "start"] == ts("2026-03-28 23:47+00:00")
    assert ev.loc[2, "end"] == ts("2026-03-29 00:30+00:00")
    # row 3: 00:50 UTC = 00:50 GMT; 01:20 UTC = 02:20 BST (30 minutes of real time)
    assert ev.loc[3, "start"] == ts("2026-03-29 00:50+00:00")
    assert ev.loc[3, "end"] == ts("2026-03-29 02:20+01:00")
    assert ev.loc[3, "end"] - ev.loc[3, "start"] == pd.Timedelta(minutes=30)
    # row 4: cancelled, no check-in/out, no pay → rejected as unpaid (planned times used)
    assert read.rejected["row"].tolist() == [4]
    assert read.rejected["column"].tolist() == ["STATUS"]
    # row 5: 01:20 UTC on 26 Oct 2025 is after the change: 01:20 GMT (not BST)
    assert ev.loc[5, "start"] == ts("2025-10-26 01:20+00:00")
    assert ev.loc[5, "worker_id"] == "Zoë Ní Bhriain"
    assert read.rows_read == len(read.events) + len(read.rejected) == 4


def test_offsets_in_cells_and_end_times_earlier_than_start():
    csv = (
        "Carer,Date,Start,End,Miles\n"
        "A,06/04/2026,22:30,00:15,3\n"  # end earlier than start: next day
        "A,2026-04-07,7:05 pm,7:35 PM,1\n"  # 12-hour clock
        "B,,2026-04-06T08:00:00+01:00,2026-04-06T08:30:00Z,\n"  # offsets per cell
    )
    ev = load_rota(csv.encode(), filename="x.csv").events.set_index("source_row")
    assert ev.loc[2, "start"] == ts("2026-04-06 22:30+01:00")
    assert ev.loc[2, "end"] == ts("2026-04-07 00:15+01:00")
    assert ev.loc[3, "start"] == ts("2026-04-07 19:05+01:00")
    assert ev.loc[3, "end"] == ts("2026-04-07 19:35+01:00")
    assert ev.loc[4, "start"] == ts("2026-04-06 08:00+01:00")
    assert ev.loc[4, "end"] == ts("2026-04-06 09:30+01:00")  # 08:30Z = 09:30 BST
    assert ev.loc[2, "travel_miles"] == 3.0


# ---- unknown layout, inspect, mapping ----

UNKNOWN = "Who,When,How long,Where\nAmira,06/04/2026 08:00,30,SU1\nBen,06/04/2026 09:00,45,SU2\n"


def test_unknown_layout_lists_headers_and_what_is_missing():
    with pytest.raises(RotaError) as err:
        load_rota(UNKNOWN.encode(), filename="odd.csv")
    text = str(err.value)
    assert "'Who', 'When', 'How long', 'Where'" in text
    assert "worker_id" in text and "start" in text and "end" in text
    assert "payfair inspect odd.csv" in text and "mapping" in text


def test_mapping_file_makes_an_unknown_layout_work(tmp_path):
    rota = tmp_path / "odd.csv"
    rota.write_text(UNKNOWN)
    mapping = tmp_path / "odd.toml"
    mapping.write_text(
        '[columns]\nworker_id = "Who"\nstart = "When"\nduration = "How long"\nclient_id = "where"\n'
    )
    read = load_rota(rota, mapping=mapping)
    assert read.layout == "mapping"
    assert read.mapping["worker_id"] == "Who"
    ev = read.events
    assert ev["start"].tolist() == [ts("2026-04-06 08:00+01:00"), ts("2026-04-06 09:00+01:00")]
    assert ev["end"].tolist() == [ts("2026-04-06 08:30+01:00"), ts("2026-04-06 09:45+01:00")]
    assert ev["client_id"].tolist() == ["SU1", "SU2"]


def test_mapping_naming_a_missing_header_says_so(tmp_path):
    with pytest.raises(RotaError, match="not in the file"):
        load_rota(UNKNOWN.encode(), filename="odd.csv", mapping={"columns": {"worker_id": "Nope"}})


def test_inspect_prints_what_was_found(tmp_path, capsys):
    path = tmp_path / "tricky.csv"
    path.write_bytes(TRICKY.encode("cp1252"))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Header row:  4" in out
    assert "Layout:      generic" in out
    assert "worker_id         <- Care Worker" in out
    assert "duration          <- Duration" in out
    assert "Siân Ó'Brien" in out
    assert "row 6, column 'Start Time'" in out  # the clock-change warning


def test_inspect_unknown_layout_then_with_mapping(tmp_path, capsys):
    rota = tmp_path / "odd.csv"
    rota.write_text(UNKNOWN)
    assert main(["inspect", str(rota)]) == 2
    assert "Headers found" in capsys.readouterr().err
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nworker_id = "Who"\nstart = "When"\nduration = "How long"\n')
    assert main(["inspect", str(rota), "--mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "Layout:      mapping" in out and "2 read, 2 used, 0 rejected" in out


# ---- Excel: real files written with openpyxl; row numbers as the user sees them ----


def _workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Branch summary"])
    visits = wb.create_sheet("Visits")
    visits["A1"] = "Sunrise Homecare — visits"
    visits["A2"] = "Printed 14/04/2026"
    visits.append([])  # row 3 empty
    visits.append(["Carer Name", "Service User", "Visit Date", "Start Time", "Actual Duration",
                   "Miles"])  # row 4  # fmt: skip
    visits.append(["Amira Khan", "SU1", dt.datetime(2026, 4, 6), dt.time(8, 0),
                   dt.time(0, 30), 2.5])  # row 5  # fmt: skip
    visits.append(["Amira Khan", "SU2", 46118, 0.375, 45, 1.2])  # row 6: serial date, fraction
    visits.append(["Ben Kaur", "SU3", dt.datetime(2026, 4, 6), "25:99", 30, None])  # row 7 bad
    visits.append([])  # row 8 blank: skipped, not counted
    visits.append([None, "SU4", dt.datetime(2026, 4, 6), dt.time(10, 0), 30, None])  # row 9
    staff = wb.create_sheet("Staff")
    staff.append(["Carer Name", "DOB", "Job Title", "Hourly Rate"])
    staff.append(["Amira Khan", dt.datetime(1990, 5, 1), "care or support worker", 12.8])
    staff.append(["Ben Kaur", "01/02/2007", "new to care", "£12.71"])
    path = tmp_path / "rota.xlsx"
    wb.save(path)
    return path


def test_xlsx_rows_sheets_and_excel_row_numbers(tmp_path):
    read = load_rota(_workbook(tmp_path))
    assert read.source.sheet == "Visits"
    ev = read.events.set_index("source_row")
    assert list(ev.index) == [5, 6]  # header on row 4: first data row is 5
    assert ev.loc[5, "start"] == ts("2026-04-06 08:00+01:00")
    assert ev.loc[5, "end"] == ts("2026-04-06 08:30+01:00")  # duration cell 00:30
    # 46118 = days after 1899-12-30 = 2026-04-06; 0.375 of a day = 09:00; 45 minutes
    assert ev.loc[6, "start"] == ts("2026-04-06 09:00+01:00")
    assert ev.loc[6, "end"] == ts("2026-04-06 09:45+01:00")
    rej = read.rejected.set_index("row")
    assert list(rej.index) == [7, 9]
    assert rej.loc[7, "column"] == "Start Time" and "'25:99'" in rej.loc[7, "reason"]
    assert rej.loc[9, "column"] == "Carer Name"
    assert (read.rejected["sheet"] == "Visits").all()
    assert read.rows_read == 4 == len(read.events) + len(read.rejected)
    # the Staff sheet becomes the workers table
    workers = read.workers.set_index("worker_id")
    assert workers.loc["Ben Kaur", "date_of_birth"] == pd.Timestamp("2007-02-01")
    assert workers.loc["Ben Kaur", "contact_rate"] == 12.71


def test_xlsx_from_bytes_and_sheet_choice(tmp_path):
    data = _workbook(tmp_path).read_bytes()
    read = load_rota(io.BytesIO(data), filename="upload.xlsx", sheet="Visits")
    assert read.source.file == "upload.xlsx" and len(read.events) == 2
    workers, rejected = load_workers(data, filename="upload.xlsx")
    assert sorted(workers["worker_id"]) == ["Amira Khan", "Ben Kaur"] and rejected.empty


def test_month_first_dates_give_a_clear_error_and_can_be_allowed():
    csv = "Carer,Visit Date,Start Time,Duration\nA,04/13/2026,08:00,30\nA,04/14/2026,08:00,30\n"
    with pytest.raises(RotaError) as err:
        load_rota(csv.encode(), filename="us.csv")
    assert "month-first" in str(err.value) and "04/13/2026" in str(err.value)
    assert "Visit Date" in str(err.value)
    read = load_rota(csv.encode(), filename="us.csv", mapping={"options": {"dayfirst": False}})
    assert read.events["start"].iloc[0] == ts("2026-04-13 08:00+01:00")


def test_use_planned_times():
    csv = (
        "Carer,Date,Booked Start,Booked End,Actual Start,Actual End\n"
        "A,06/04/2026,08:00,08:30,08:04,08:26\n"
        "A,06/04/2026,09:00,09:30,,\n"  # no actual times: planned used
    )
    actual = load_rota(csv.encode(), filename="t.csv").events
    assert actual["start"].tolist() == [ts("2026-04-06 08:04+01:00"), ts("2026-04-06 09:00+01:00")]
    planned = load_rota(csv.encode(), filename="t.csv", use_planned=True).events
    assert planned["start"].iloc[0] == ts("2026-04-06 08:00+01:00")
    assert planned["end"].iloc[0] == ts("2026-04-06 08:30+01:00")


def test_parquet_and_utf8_bom_semicolons(tmp_path):
    frame = pd.DataFrame(
        {"Employee": ["Amira"], "Start": [pd.Timestamp("2026-04-06 08:00")],
         "End": [pd.Timestamp("2026-04-06 08:30")], "Travel Time (mins)": [12]}
    )  # fmt: skip
    frame.to_parquet(tmp_path / "r.parquet")
    ev = load_rota(tmp_path / "r.parquet").events
    assert ev["start"].iloc[0] == ts("2026-04-06 08:00+01:00") and ev["travel_minutes"][0] == 12
    text = "\ufeffStaff;Start;End\nAmira;06/04/2026 08:00;06/04/2026 08:30\n"
    ev = load_rota(text.encode("utf-8"), filename="bom.csv").events
    assert ev["worker_id"].tolist() == ["Amira"]


def test_suspect_data_warnings():
    csv = (
        "Carer,Start,End,Travel Time (mins)\n"
        "A,06/04/2026 08:00,06/04/2026 21:00,5\n"  # 13 hours
        "B,06/04/2026 08:00,06/04/2026 08:10,150\n"  # travel 2.5 hours
        + "".join(
            f"C,06/04/2026 09:{m:02d},06/04/2026 09:{m + 5:02d},1\n" for m in range(0, 50, 10)
        )
    )
    w = load_rota(csv.encode(), filename="s.csv").warnings
    reasons = dict(zip(w["row"], w["reason"], strict=False))
    assert "over 12" in reasons[2] and "over 2 hours" in reasons[3]
    assert "within one hour" in reasons[4]
    assert w.set_index("row").loc[3, "column"] == "Travel Time (mins)"


def test_unsupported_file_type():
    with pytest.raises(RotaError, match=r"\.xls"):
        load_rota(b"junk", filename="old.xls")


# ---- issue 8 item 3: both clock changes give the same answer on every import path ----------
# Autumn: Sunday 25 October 2026 the clocks go back at 02:00 BST to 01:00 GMT, so 01:00-01:59
# happens twice. A visit 01:50 BST → 01:20 GMT: 00:50 UTC → 01:20 UTC = 30 minutes of work
# (rules §2: working time is real elapsed time), not 24.5 hours and not rejected.
# Spring: Sunday 29 March 2026 the clocks go forward at 01:00 GMT to 02:00 BST. A visit
# 00:45 GMT → 02:15 BST: 00:45 UTC → 01:15 UTC = 30 minutes.

CLOCK_PATHS = {
    # canonical: full local date-times
    "canonical": (
        "worker_id,start,end\n",
        "W1,{d} {s},{d} {e}\n",
    ),
    # date and separate start/end times (the end has no date of its own)
    "date+time": (
        "Carer,Date,Start Time,End Time\n",
        "W1,{dmy},{s},{e}\n",
    ),
    # date, start time and a duration in minutes
    "duration": (
        "Carer,Date,Start Time,Duration\n",
        "W1,{dmy},{s},{minutes}\n",
    ),
    # a UTC export (Birdie pay run): the same instants written in UTC
    "utc": (
        "Caregiver,Shift Start (UTC),Shift End (UTC),Gross Pay\n",
        "W1,{d} {s_utc}:00,{d} {e_utc}:00,\n",
    ),
}

CLOCK_CASES = {
    "autumn": dict(
        d="2026-10-25", dmy="25/10/2026", s="01:50", e="01:20", minutes=30,
        s_utc="00:50", e_utc="01:20",
    ),
    "spring": dict(
        d="2026-03-29", dmy="29/03/2026", s="00:45", e="02:15", minutes=30,
        s_utc="00:45", e_utc="01:15",
    ),
}  # fmt: skip


@pytest.mark.parametrize("path", sorted(CLOCK_PATHS))
@pytest.mark.parametrize("case", sorted(CLOCK_CASES))
def test_clock_changes_same_answer_on_every_import_path(path, case):
    header, row = CLOCK_PATHS[path]
    values = CLOCK_CASES[case]
    read = load_rota((header + row.format(**values)).encode(), filename=f"{path}.csv")
    assert read.rejected.empty, read.rejected["reason"].tolist()
    event = read.events.iloc[0]
    start_utc = event["start"].tz_convert("UTC")
    assert start_utc == pd.Timestamp(f"{values['d']} {values['s_utc']}", tz="UTC")
    assert (event["end"] - event["start"]) == pd.Timedelta(minutes=30)


def test_autumn_warnings_say_which_occurrence_was_used():
    read = load_rota(
        b"Carer,Date,Start Time,End Time\nW1,25/10/2026,01:50,01:20\n", filename="a.csv"
    )
    reasons = " | ".join(read.warnings["reason"])
    assert "'01:50' happens twice" in reasons and "used the first one, 01:50 BST" in reasons
    assert "'01:20' happens twice" in reasons and "used the second one, 01:20 GMT" in reasons


def test_spring_gap_warning_describes_the_time_used():
    # 01:30 on 29 March 2026 does not exist; payfair uses 02:00 BST (01:00 UTC), the first
    # time after the gap; the visit to 02:30 BST (01:30 UTC) is 30 minutes on both paths.
    for name, data in (
        ("c.csv", b"worker_id,start,end\nW1,2026-03-29 01:30,2026-03-29 02:30\n"),
        ("d.csv", b"Carer,Date,Start Time,End Time\nW1,29/03/2026,01:30,02:30\n"),
    ):
        read = load_rota(data, filename=name)
        event = read.events.iloc[0]
        assert event["start"].tz_convert("UTC") == pd.Timestamp("2026-03-29 01:00", tz="UTC")
        assert event["end"] - event["start"] == pd.Timedelta(minutes=30)
        (reason,) = read.warnings["reason"]
        assert "01:30' does not exist" in reason and "payfair used 02:00 BST" in reason


# ---- issue 8 item 2: cancellation pay is pay only for cancelled visits ----------------------

BIRDIE_HEADER = (
    "VISIT_ID,CAREGIVER_NAME,CLIENT_ID,VISIT_TYPE,PLANNED_START_AT,PLANNED_END_AT,CHECK_IN_AT,"
    "CHECK_OUT_AT,STATUS,IS_PAID_CANCELLATION,CANCELLATION_PAY\n"
)


def test_birdie_cancellation_pay_never_read_as_visit_pay():
    data = BIRDIE_HEADER + (
        # row 2: a completed visit with 0.00 in CANCELLATION_PAY: its pay is unknown (the policy
        # prices it), not £0 (which would make the visit unpaid)
        "V1,Ann,C1,VISIT,2026-04-06 07:00:00,2026-04-06 07:30:00,2026-04-06 07:00:00,"
        "2026-04-06 07:30:00,COMPLETED,FALSE,0.00\n"
        # row 3: a paid cancellation: £12.50 is its pay
        "V2,Ann,C2,VISIT,2026-04-06 08:00:00,2026-04-06 09:00:00,,,CANCELLED,TRUE,12.50\n"
        # row 4: a cancellation the export says is unpaid, whatever the amount column holds
        "V3,Ann,C3,VISIT,2026-04-06 10:00:00,2026-04-06 11:00:00,,,CANCELLED,FALSE,9.99\n"
    )
    read = load_rota(data.encode(), filename="birdie.csv")
    assert read.layout == "birdie"
    by_row = read.events.set_index("source_row")
    assert pd.isna(by_row.loc[2, "pay"])
    assert by_row.loc[3, "pay"] == 12.50
    assert read.rejected["row"].tolist() == [4]
    assert "cancelled and unpaid" in read.rejected["reason"].iloc[0]


def test_carelinelive_cancellation_pay_only_on_cancelled_rows():
    data = (
        "Carer,Client,Date,Booked Start,Booked End,Actual Start,Actual End,Booking Type,Status,"
        "Cancellation Pay (£),Travel Time (mins),Mileage\n"
        "Ann,C1,06/04/2026,07:00,07:30,07:00,07:30,Care Visit,Completed,0.00,5,1\n"
        "Ann,C2,06/04/2026,08:00,09:00,,,Care Visit,Cancelled,15.00,,\n"
    )
    read = load_rota(data.encode(), filename="cll.csv")
    assert read.layout == "carelinelive"
    assert pd.isna(read.events["pay"].iloc[0]) and read.events["pay"].iloc[1] == 15.0


# ---- issue 8: messy cells are read correctly or rejected naming the cell, never misread -----


def test_messy_cells():
    data = (
        "Carer,Date,Start Time,End Time,Travel Time,Pay\n"
        "Ann,06/04/2026,07:00,07:30,0:25,10.00\n"  # row 2: travel hh:mm = 25 minutes
        "Ann,06/04/2026,08:00,08:30,,#DIV/0!\n"  # row 3: an Excel error in pay
        "Ann,06/04/2026,07:30 - 08:00,,,\n"  # row 4: a time range in one cell
        "Ann,06/04/9999,09:00,09:30,,\n"  # row 5: year 9999
        "Ann,06/04/1900,09:00,09:30,,\n"  # row 6: year 1900
        "Ann,06/04/2026,10:00,10:30,1:05,#N/A\n"  # row 7: #N/A
    )
    read = load_rota(data.encode(), filename="messy.csv")
    assert read.rows_read == 6 == read.rows_used + len(read.rejected)
    assert read.events["source_row"].tolist() == [2]
    assert read.events["travel_minutes"].iloc[0] == 25.0  # 0:25 → 0 × 60 + 25
    reasons = dict(zip(read.rejected["row"], read.rejected["reason"], strict=True))
    assert "Excel error '#DIV/0!'" in reasons[3]
    assert "time range" in reasons[4] and "07:30 - 08:00" in reasons[4]
    assert "year 9999" in reasons[5]
    assert "year 1900" in reasons[6]
    assert "Excel error '#N/A'" in reasons[7]
    columns = dict(zip(read.rejected["row"], read.rejected["column"], strict=True))
    assert columns[3] == "Pay" and columns[4] == "Start Time"


# ---- mapping files are validated (issue 12 item 3): errors name the file, key and fix -------

ROTA = b"worker_id,start,end\nA,2026-04-06 08:00,2026-04-06 09:00\n"


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('[colums]\nworker_id = "Who"\n', ["unknown section '[colums]'", "did you mean 'columns'"]),
        ('[columns]\nworker = "Who"\n', ["columns.worker", "did you mean 'worker_id'"]),
        ("[columns]\nworker_id = 3\n", ["columns.worker_id", "text in quotes"]),
        ('[options]\nheader_row = "4"\n', ["options.header_row", "should be a number"]),
        ("[options]\nheader_row = 0\n", ["options.header_row", "below the least allowed, 1"]),
        ("[options]\nheader_row = 40\n", ["options.header_row", "past the end", "2 rows"]),
        ('[options]\ntimezone = "Mars/Base"\n', ["options.timezone", "not a time zone"]),
        ("[options]\ndayfirst = 1\n", ["options.dayfirst", "true or false"]),
        ("columns = 3\n", ["should be a section [columns]"]),
        ("[columns\n", ["not valid TOML"]),
    ],
)
def test_bad_mapping_files(tmp_path, toml, words):
    from payfair.config_file import ConfigError

    path = tmp_path / "map.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as err:
        load_rota(ROTA, filename="r.csv", mapping=path)
    text = str(err.value)
    assert "map.toml" in text
    for word in words:
        assert word in text


def test_mapping_not_utf8(tmp_path):
    from payfair.config_file import ConfigError

    path = tmp_path / "map.toml"
    path.write_bytes('[columns]\nworker_id = "Zoë"\n'.encode("cp1252"))
    with pytest.raises(ConfigError, match="map.toml.*not UTF-8"):
        load_rota(ROTA, filename="r.csv", mapping=path)


def test_crowded_visits_warning_counts_seconds():
    # five visits by A start at 08:00:30, 08:10, 08:20, 08:30 and 08:59:50: the first and the
    # fifth are 59 min 20 s apart (< 1 hour), so row 2 is warned; B's visits are an hour apart
    starts = ["08:00:30", "08:10:00", "08:20:00", "08:30:00", "08:59:50"]
    rows_a = "".join(f"A,2026-04-06 {s},2026-04-06 {s[:3]}{s[3:5]}:59\n" for s in starts)
    rows_b = "".join(f"B,2026-04-06 0{h}:00,2026-04-06 0{h}:10\n" for h in range(1, 7))
    read = load_rota(("worker_id,start,end\n" + rows_a + rows_b).encode(), filename="c.csv")
    crowded = read.warnings[read.warnings["reason"].str.contains("within one hour")]
    assert crowded["row"].tolist() == [2]
