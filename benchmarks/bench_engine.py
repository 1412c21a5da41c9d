"""Time each stage of the engine on a large generated rota. Not a test.

    .venv/bin/python benchmarks/bench_engine.py --events 1000000

Events are generated here with numpy alone (no dependency on payfair.sample), as canonical
events: workers on weekday shifts of back-to-back visits with travel and short waits, some
training and office time, a few cancelled-but-paid visits, DOBs spread across the age bands.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np
import pandas as pd

from payfair.analysis import period_table
from payfair.pay import event_pay
from payfair.periods import assign_pay_reference_periods
from payfair.policy import PayPolicy
from payfair.schema import TZ
from payfair.timeline import build_timeline


def generate(n_events: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, workers): about 20 events per worker-day, 5 days a week, from 2026-01-05."""
    rng = np.random.default_rng(seed)
    per_day = 20
    days = max(1, n_events // per_day)
    n_workers = max(1, days // 60)  # about 12 weeks per worker
    worker_day = np.arange(days)
    worker = worker_day % n_workers
    day_index = worker_day // n_workers
    weekday_day = day_index // 5 * 7 + day_index % 5  # Monday to Friday
    n = days * per_day
    event_day = np.repeat(weekday_day, per_day)
    event_worker = np.repeat(worker, per_day)
    duration = rng.choice([15, 30, 45, 60], size=n, p=[0.3, 0.4, 0.2, 0.1])
    gap = rng.choice([0, 5, 10, 15, 20, 30, 45, 90, 150], size=n)
    gap.reshape(days, per_day)[:, 0] = 0
    step = (duration + gap).reshape(days, per_day)
    offset = np.cumsum(step, axis=1) - step + gap.reshape(days, per_day)
    minutes = 7 * 60 + offset.ravel()
    base = np.datetime64("2026-01-05T00:00")
    start = base + event_day.astype("timedelta64[D]") + minutes.astype("timedelta64[m]")
    end = start + duration.astype("timedelta64[m]")
    travel = np.minimum(gap, rng.integers(3, 25, size=n)).astype(float)
    travel[rng.random(n) < 0.05] = np.nan
    kind = np.where(rng.random(n) < 0.03, "training", "visit")
    kind = np.where(rng.random(n) < 0.02, "office", kind)
    status = np.where(rng.random(n) < 0.01, "cancelled", "completed")
    pay = np.where(status == "cancelled", duration / 60 * 12.5, np.nan)
    events = pd.DataFrame(
        {
            "source_row": np.arange(2, n + 2, dtype="int64"),
            "worker_id": pd.Series(np.char.add("W", event_worker.astype(str)), dtype="str"),
            "start": pd.Series(start).dt.tz_localize(
                TZ, ambiguous=True, nonexistent="shift_forward"
            ),
            "end": pd.Series(end).dt.tz_localize(TZ, ambiguous=True, nonexistent="shift_forward"),
            "kind": pd.Series(kind, dtype="str"),
            "status": pd.Series(status, dtype="str"),
            "client_id": pd.Series(np.char.add("C", rng.integers(0, 5000, n).astype(str))),
            "travel_minutes": travel,
            "travel_miles": travel / 60 * 20,
            "pay": pay,
            "premium_pay": 0.0,
            "allowance_pay": 0.0,
            "mileage_pay": np.nan,
            "deduction": 0.0,
        }
    )
    ids = np.arange(n_workers)
    dob = np.datetime64("1960-01-01") + rng.integers(0, 365 * 46, n_workers).astype(
        "timedelta64[D]"
    )
    workers = pd.DataFrame(
        {
            "worker_id": pd.Series(np.char.add("W", ids.astype(str)), dtype="str"),
            "date_of_birth": pd.Series(dob).astype("datetime64[us]"),
            "apprentice": rng.random(n_workers) < 0.05,
            "apprenticeship_start": pd.Series(
                np.datetime64("2025-09-01") + np.zeros(n_workers, "timedelta64[D]")
            ).astype("datetime64[us]"),
            "role": "care or support worker",
            "contact_rate": np.where(rng.random(n_workers) < 0.2, 13.0, np.nan),
        }
    )
    return events, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="how many events")
    parser.add_argument("--period", default="weekly")
    args = parser.parse_args()

    t0 = time.perf_counter()
    events, workers = generate(args.events)
    t1 = time.perf_counter()
    n = len(events)
    print(f"generated {n:,} events, {len(workers):,} workers in {t1 - t0:.2f} s")

    policy = PayPolicy(
        contact_rate=12.80, mileage_rate=0.25, weekend_premium=1.0, bank_holiday_multiplier=1.5
    )
    stages = []

    t = time.perf_counter()
    timeline = build_timeline(events, policy.rules)
    stages.append(("timeline.build_timeline", time.perf_counter() - t))

    t = time.perf_counter()
    priced = event_pay(timeline, policy, workers)
    stages.append(("pay.event_pay", time.perf_counter() - t))

    t = time.perf_counter()
    start, end = assign_pay_reference_periods(priced["start"], args.period)
    priced["period_start"] = start.to_numpy()
    priced["period_end"] = end.to_numpy()
    stages.append(("periods.assign_pay_reference_periods", time.perf_counter() - t))

    t = time.perf_counter()
    periods = period_table(priced, workers, as_of=date(2026, 11, 1))
    stages.append(("period totals + minimum_wage.check", time.perf_counter() - t))

    total = sum(s for _, s in stages)
    for name, seconds in stages:
        print(f"{name:42s} {seconds:7.2f} s  {n / seconds:14,.0f} events/s")
    print(f"{'total':42s} {total:7.2f} s  {n / total:14,.0f} events/s")
    print(f"{len(periods):,} worker-periods, {int(periods['below_nmw'].sum()):,} below the NMW")


if __name__ == "__main__":
    main()
