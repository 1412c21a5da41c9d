"""The one safe writer (payfair/safe_output.py): no output cell can run as a formula, control
characters never crash a writer, JSON is strict (OWASP "CSV injection"; RFC 8259 has no NaN)."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from payfair.safe_output import (
    atomic_write,
    csv_bytes,
    excel_value,
    json_text,
    safe_frame,
    safe_text,
    write_csv,
)

RISKY = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "+cmd",
    "-1+1",
    "@SUM(A1)",
    "  =1+1",
    "\u00a0=1",
]


@pytest.mark.parametrize("text", RISKY)
def test_formula_starts_get_an_apostrophe(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Amira Khan", "W-001", "12.80", "a=b", "Zoë", ""])
def test_ordinary_text_is_untouched(text):
    assert safe_text(text) == text


def test_control_characters_are_replaced_visibly():
    # NUL, VT and ESC cannot be held in an Excel cell (XML 1.0); tab, LF and CR can.
    assert safe_text("A\x00B\x0bC\x1bD") == "A\ufffdB\ufffdC\ufffdD"
    assert safe_text("line\nnext") == "line\nnext"


def test_frame_makes_text_and_headers_safe_and_leaves_numbers():
    frame = pd.DataFrame(
        {"=bad header": ["=1+2", "ok", None], "amount": [-1.5, 2.0, np.nan]}
    ).astype({"=bad header": "string"})
    out = safe_frame(frame)
    assert list(out.columns) == ["'=bad header", "amount"]
    assert out["'=bad header"].tolist()[:2] == ["'=1+2", "ok"]
    assert pd.isna(out["'=bad header"].iloc[2])
    assert out["amount"].tolist()[:2] == [-1.5, 2.0]  # a negative number is a number, not text


def test_csv_has_no_live_formula_and_opens_in_excel_encoding():
    data = csv_bytes(pd.DataFrame({"worker": RISKY, "pay": range(len(RISKY))}))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so Excel reads £ and accents
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert all(v.startswith("'") for v in back["worker"])


def test_excel_cells_are_never_formulas_and_control_characters_do_not_crash():
    wb = Workbook()
    ws = wb.active
    for text in [*RISKY, "bad\x00id\x1b"]:
        ws.append([excel_value(text), excel_value(float("inf")), excel_value(np.int64(3))])
    buf = io.BytesIO()
    wb.save(buf)
    cells = [c for row in load_workbook(io.BytesIO(buf.getvalue())).active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert cells[1].value is None  # infinity is not a number a person can use: left blank


def test_json_is_strict():
    text = json_text({"pay": 1e308 * 10, "x": float("nan"), "n": np.int64(2), "a": [np.nan]})
    assert json.loads(text, parse_constant=lambda c: pytest.fail(f"non-strict JSON {c}")) == {
        "pay": None,
        "x": None,
        "n": 2,
        "a": [None],
    }


def test_files_are_written_whole(tmp_path):
    target = tmp_path / "out.csv"
    write_csv(pd.DataFrame({"a": [1]}), target)
    assert target.read_bytes().endswith(b"1\r\n")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind


def test_records_are_json_ready_column_by_column():
    from payfair.safe_output import records

    frame = pd.DataFrame(
        {
            "pay": [1.5, np.nan, np.inf],
            "age": pd.array([30, None, 41], dtype="Int64"),
            "below": [True, False, True],
            "worker": pd.array(["A", None, "=x"], dtype="string"),
            "day": pd.to_datetime(["2026-04-06", None, "2026-04-13"]),
        }
    )
    rows = records(frame)
    assert rows[0] == {"pay": 1.5, "age": 30, "below": True, "worker": "A", "day": "2026-04-06"}
    assert rows[1] == {"pay": None, "age": None, "below": False, "worker": None, "day": None}
    assert rows[2]["pay"] is None  # infinity is not JSON
    assert type(rows[0]["age"]) is int and type(rows[0]["below"]) is bool
    json.dumps(rows, allow_nan=False)  # strict JSON accepts every value


def test_records_are_the_rows_as_dicts_whatever_the_column_names():
    # records() builds each row with generated code: names that look like code must stay data.
    from payfair.safe_output import records

    odd = ["plain", "it's", 'say "hi"', "back\\slash", "new\nline", "v0", "__import__('os')"]
    frame = pd.DataFrame({name: [i, i + 10] for i, name in enumerate(odd)})
    frame["text"] = pd.Series(["a", None], dtype="str")
    expected = [
        {**{name: i for i, name in enumerate(odd)}, "text": "a"},
        {**{name: i + 10 for i, name in enumerate(odd)}, "text": None},
    ]
    got = records(frame)
    assert got == expected
    assert [list(row) for row in got] == [[*odd, "text"]] * 2  # keys in column order
    assert records(frame.iloc[:0]) == []
    assert records(pd.DataFrame(index=range(3))) == []
