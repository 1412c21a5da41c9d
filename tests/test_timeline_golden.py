"""Golden cases for the gap rules (rules §3), kept as data in tests/golden/timeline_*.toml.

Each file has an optional `[rules]` table (payfair.policy.Rules fields), `[[event]]` rows as
they would appear in a rota (strings, as read from a CSV), and `[[expect]]` rows keyed by
`source_row` with the expected timeline values; the arithmetic is written beside each figure.
An optional `[result]` table checks `rows_read` and `rejected_rows`.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from payfair.policy import Rules
from payfair.rota import Source, validate_events
from payfair.timeline import build_timeline, working_minutes

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("timeline_*.toml"))


def _raw(events: list[dict]) -> pd.DataFrame:
    columns: list[str] = []
    for event in events:
        columns += [c for c in event if c not in columns]
    rows = [{c: e.get(c, "") for c in columns} for e in events]
    raw = pd.DataFrame(rows, columns=columns).astype(str)
    if "source_row" not in raw.columns:
        raw.insert(0, "source_row", range(2, len(raw) + 2))
    raw["source_row"] = raw["source_row"].astype("int64")
    return raw


def test_golden_cases_exist():
    assert len(CASES) >= 12


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    rules = Rules(**case.get("rules", {}))
    read = validate_events(_raw(case["event"]), Source(file=path.name))
    timeline = build_timeline(read.events, rules)
    timeline = timeline.assign(working_minutes=working_minutes(timeline))

    result = case.get("result", {})
    if "rows_read" in result:
        assert read.rows_read == result["rows_read"]
    assert sorted(read.rejected["row"].tolist()) == sorted(result.get("rejected_rows", []))
    assert read.rows_read == len(read.events) + len(read.rejected)

    if "order" in result:  # source rows in timeline order
        assert timeline["source_row"].tolist() == result["order"]

    by_row = timeline.set_index("source_row")
    assert case["expect"], "a golden case must expect something"
    for expect in case["expect"]:
        row = by_row.loc[expect["source_row"]]
        for key, want in expect.items():
            if key == "source_row":
                continue
            got = row[key]
            where = f"{path.name} row {expect['source_row']} {key}"
            if isinstance(want, bool):
                assert bool(got) is want, f"{where}: got {got}, want {want}"
            elif isinstance(want, float) and math.isnan(want):
                assert pd.isna(got), f"{where}: got {got}, want NaN"
            elif isinstance(want, int | float):
                assert float(got) == pytest.approx(want, abs=1e-9), (
                    f"{where}: got {got}, want {want}"
                )
            else:
                assert got == want, f"{where}: got {got}, want {want}"
