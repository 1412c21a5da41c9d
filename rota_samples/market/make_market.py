"""Write the multi-provider sample for the market view (`payfair market rota_samples/market`).

Run from the repository root: `python rota_samples/market/make_market.py`. Deterministic (seeded).
One folder per provider, two weeks from Monday 13 April 2026 (after the National Living Wage rose
to £12.71). Four providers are generated (`payfair.sample.generate`) and given a pay column with
their own terms; the fifth, Tiny Homecare, is written by hand so that its figures can be checked
by hand (tests/test_market.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from payfair import sample

HERE = Path(__file__).resolve().parent
START = "2026-04-13"
WEEKS = 2

#: name: (workers, seed, £/h paid, travel paid?, travel scale, share of visits halved, format)
PROVIDERS = {
    "northgate_care": (9, 21, 12.50, False, 1.0, 0.0, "csv"),
    "riverside_homecare": (7, 22, 12.90, False, 1.8, 0.0, "csv"),
    "oakfield_support": (8, 23, 15.00, True, 1.0, 0.0, "parquet"),
    "brightwell_care": (8, 24, 12.21, False, 1.0, 0.5, "csv"),
}

TINY = """worker_id,start,end,kind,status,client_id,travel_minutes,pay
Ann Tiny,2026-04-13 09:00,2026-04-13 09:30,visit,completed,C1,10,6.00
Ann Tiny,2026-04-13 09:45,2026-04-13 10:30,visit,completed,C2,15,9.00
Ann Tiny,2026-04-13 10:40,2026-04-13 10:55,visit,completed,C3,10,3.00
Ann Tiny,2026-04-13 11:30,2026-04-13 12:30,visit,completed,C4,20,12.00
Bob Tiny,2026-04-14 08:00,2026-04-14 09:00,visit,completed,C5,5,15.00
Bob Tiny,2026-04-14 09:10,2026-04-14 09:40,visit,completed,C6,10,10.00
Bob Tiny,2026-04-14 09:50,2026-04-14 10:20,visit,completed,C7,10,10.00
"""


def provider_rota(
    workers: int, seed: int, rate: float, travel_paid: bool, travel_scale: float, halve: float
) -> pd.DataFrame:
    """A generated rota with the provider's own pay: each event paid at `rate` for its minutes
    (and for the journey to it when `travel_paid`); cancelled visits keep the generator's pay."""
    events, _ = sample.generate(workers, WEEKS, seed=seed, start=START)
    rng = np.random.default_rng(seed)
    events["travel_minutes"] = np.round(events["travel_minutes"] * travel_scale)
    events["travel_miles"] = np.round(events["travel_miles"] * travel_scale, 1)
    visit = (events["kind"] == "visit").to_numpy() & (events["status"] == "completed").to_numpy()
    minutes = (events["end"] - events["start"]) / pd.Timedelta(minutes=1)
    short = visit & (minutes.to_numpy() >= 30) & (rng.random(len(events)) < halve)
    events.loc[short, "end"] = events.loc[short, "start"] + pd.to_timedelta(
        (minutes[short] // 2).round(), unit="min"
    )
    minutes = (events["end"] - events["start"]) / pd.Timedelta(minutes=1)
    paid_minutes = minutes + (events["travel_minutes"].fillna(0) if travel_paid else 0)
    completed = (events["status"] == "completed").to_numpy()
    events["pay"] = np.where(completed, np.round(paid_minutes * rate / 60, 2), events["pay"])
    return sample.canonical_frame(events)


def main() -> None:
    for name, (workers, seed, rate, paid, scale, halve, fmt) in PROVIDERS.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        frame = provider_rota(workers, seed, rate, paid, scale, halve)
        if fmt == "parquet":
            frame.to_parquet(folder / "visits.parquet", index=False)
        else:
            frame.to_csv(folder / "visits.csv", index=False)
    tiny = HERE / "tiny_homecare"
    tiny.mkdir(exist_ok=True)
    (tiny / "visits.csv").write_text(TINY, encoding="utf-8")


if __name__ == "__main__":
    main()
