"""Golden cases for the whole engine (rules §4-6), kept as data in tests/golden/period_*.toml.

Each file has `[settings]` (period, period_anchor, as_of), `[policy]` (a pay policy as in
rates/policies/*.toml: [policy.pay], [policy.rules]), `[[worker]]` and `[[event]]` rows as they
would appear in a file (strings), and `[[expect]]` rows keyed by worker_id and period_start with
the expected period figures; the arithmetic is written beside each figure.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from payfair.analysis import analyse
from payfair.policy import policy_from_dict
from payfair.rota import Source, validate_events, validate_workers

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("period_*.toml"))


def _raw(rows: list[dict]) -> pd.DataFrame:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    raw = pd.DataFrame([{c: str(r.get(c, "")) for c in columns} for r in rows], columns=columns)
    raw.insert(0, "source_row", range(2, len(raw) + 2))
    return raw


def test_golden_cases_exist():
    assert len(CASES) >= 9


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path: Path):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    rota = validate_events(_raw(case["event"]), Source(file=path.name))
    assert rota.rejected.empty, rota.rejected.to_dict("records")
    workers = None
    if "worker" in case:
        workers, rejected = validate_workers(_raw(case["worker"]), Source(file="workers"))
        assert rejected.empty, rejected.to_dict("records")
    policy = policy_from_dict(case.get("policy", {}), file=path.name)
    settings = case.get("settings", {})
    analysis = analyse(
        rota,
        policy,
        workers=workers,
        period=settings.get("period", "weekly"),
        period_anchor=settings.get("period_anchor"),
        as_of=settings["as_of"],
    )
    periods = analysis.periods.assign(
        period_start=analysis.periods["period_start"].dt.strftime("%Y-%m-%d"),
        period_end=analysis.periods["period_end"].dt.strftime("%Y-%m-%d"),
    ).set_index(["worker_id", "period_start"])
    assert case["expect"], "a golden case must expect something"
    for expect in case["expect"]:
        key = (expect["worker_id"], expect["period_start"])
        assert key in periods.index, f"{path.name}: no period {key}; have {list(periods.index)}"
        row = periods.loc[key]
        for name, want in expect.items():
            if name in ("worker_id", "period_start"):
                continue
            got = row[name]
            where = f"{path.name} {key} {name}"
            if isinstance(want, bool):
                assert bool(got) is want, f"{where}: got {got}, want {want}"
            elif isinstance(want, int | float):
                assert not pd.isna(got) and math.isclose(float(got), want, abs_tol=1e-9), (
                    f"{where}: got {got}, want {want}"
                )
            else:
                assert str(got) == want, f"{where}: got {got!r}, want {want!r}"
