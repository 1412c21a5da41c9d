"""The speed benchmark on a small generated rota (issue 11): payfair and the minimal numpy floor
(benchmarks/floor.py), which applies the gap rules of rules §3 on its own, agree on the working
hours of every worker-week, in the canonical layout and the CareLineLive layout, from Parquet
and CSV. The speed figures themselves are not tested (they depend on the machine)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_payfair_and_the_floor_agree_on_every_worker_week(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_analyse
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rows = bench_analyse.main(["--events", "20000", "--dir", str(tmp_path)])
    assert [r["file"] for r in rows] == [
        "canonical.parquet",
        "canonical.csv",
        "carelinelive.parquet",
        "carelinelive.csv",
    ]
    for r in rows:
        # 20,000 events ÷ (38 a worker-week × 13 weeks) ≈ 40 workers → about 40 × 13 weeks
        assert r["worker_weeks"] > 400, r
        assert r["agree"] == "yes", r
        assert r["payfair_peak_GB"] > 0 and r["floor_peak_GB"] > 0
