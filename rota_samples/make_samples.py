"""Write every file in rota_samples/ from one generated rota, so that they all agree.

Run from the repository root: `python rota_samples/make_samples.py`. Deterministic (seeded).
The canonical branch is `payfair.sample.generate(25 workers, 3 weeks from Monday 2026-03-23)`,
which spans the clock change (Sunday 2026-03-29) and the NLW rise to £12.71 (2026-04-01),
with a few hand-made features added so that the engine's flags show:

- one overlap: Amira Khan's 3rd visit on 2026-04-07 starts 10 minutes before her 2nd ends;
- one too-short travel gap: Ben Kaur's 2nd visit on 2026-04-08 has 25 minutes more travel
  than the gap the rota leaves;
- cancelled visits, unpaid and paid (pay given), and double-up evening runs (two rows, one
  per carer, same client and times).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from payfair import sample

HERE = Path(__file__).resolve().parent
SEED = 7
START = "2026-03-23"


def branch() -> tuple[pd.DataFrame, pd.DataFrame]:
    events, workers = sample.generate(25, 3, seed=SEED, start=START)
    events = events.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True)
    day = events["start"].dt.normalize()
    done = (events["status"] == "completed") & (events["kind"] == "visit")
    done &= events["carers"] == 1
    nth = events[done].groupby([events["worker_id"], day]).cumcount()

    # overlap: the 3rd visit of the day starts 10 minutes before the 2nd ends
    sel = done & (events["worker_id"] == "Amira Khan") & (day == pd.Timestamp("2026-04-07"))
    third = nth[sel[sel].index].eq(2)
    i3 = third[third].index[0]
    prev_end = events.loc[i3 - 1, "end"]
    shift = events.loc[i3, "start"] - (prev_end - pd.Timedelta(minutes=10))
    for col in ("start", "end", "planned_start", "planned_end"):
        events.loc[i3, col] = events.loc[i3, col] - shift

    # too-short travel: travel 25 minutes longer than the gap before the 2nd visit
    sel = done & (events["worker_id"] == "Ben Kaur") & (day == pd.Timestamp("2026-04-08"))
    second = nth[sel[sel].index].eq(1)
    i2 = second[second].index[0]
    gap = (events.loc[i2, "start"] - events.loc[i2 - 1, "end"]) / pd.Timedelta(minutes=1)
    events.loc[i2, "travel_minutes"] = gap + 25
    events.loc[i2, "travel_miles"] = round((gap + 25) * sample.URBAN_MPH / 60, 1)

    events = events.sort_values(["start", "worker_id", "secondary"], kind="stable")

    # one apprentice in the first year of the apprenticeship (apprentice rate applies)
    appr = workers["worker_id"] == "Mohammed Murphy"
    workers.loc[appr, "apprentice"] = True
    workers.loc[appr, "apprenticeship_start"] = pd.Timestamp("2025-09-01")
    workers.loc[appr, "role"] = "new to care"
    return events.reset_index(drop=True), workers


BANNER = [
    ["Sunrise Homecare Ltd — North Branch"],
    ["Visit report 23/03/2026 to 12/04/2026", "", "Printed 14/04/2026 09:12"],
    [],
]


def with_banner(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as rows of cells with banner rows above its header (header on row 4)."""
    width = frame.shape[1]
    rows = [r + [""] * (width - len(r)) for r in BANNER]
    head = pd.DataFrame(rows + [list(frame.columns)], dtype=object)
    body = pd.DataFrame(frame.astype(object).to_numpy())
    return pd.concat([head, body], ignore_index=True)


def main() -> None:
    events, workers = branch()
    sample.canonical_frame(events).to_csv(HERE / "canonical_branch.csv", index=False)
    sample.workers_frame(workers).to_csv(HERE / "canonical_branch_workers.csv", index=False)

    # the same rota, typed, as Parquet (naive local times)
    typed = events[list(sample.canonical_frame(events).columns)]
    typed.to_parquet(HERE / "canonical_branch.parquet", index=False)

    # Access Provider Portal service delivery CSV (UTF-8 with BOM, as Excel saves it)
    sample.access_frame(events).to_csv(
        HERE / "access_provider_portal.csv", index=False, encoding="utf-8-sig"
    )

    # Birdie visits export: times in UTC, across the clock change on Sunday 2026-03-29
    sample.birdie_frame(events).to_csv(HERE / "birdie_visits.csv", index=False)

    # CareLineLive carer timesheet, .xlsx
    sample.write(
        sample.carelinelive_frame(events), HERE / "carelinelive_timesheet.xlsx", sheet="Timesheet"
    )

    # a generic export: banner rows, split date and time, duration in minutes, semicolons
    with_banner(sample.generic_frame(events)).to_csv(
        HERE / "generic_export.csv", index=False, header=False, sep=";"
    )

    # one workbook: Visits sheet (generic, banner rows) and Workers sheet
    staff = sample.workers_frame(workers).rename(
        columns={
            "worker_id": "Name",
            "date_of_birth": "Date of Birth",
            "apprentice": "Apprentice",
            "apprenticeship_start": "Apprenticeship Start",
            "role": "Role",
            "contact_rate": "Hourly Rate",
        }
    )
    with pd.ExcelWriter(HERE / "branch_workbook.xlsx", engine="openpyxl") as xl:
        with_banner(sample.generic_frame(events)).to_excel(
            xl, sheet_name="Visits", index=False, header=False
        )
        staff.to_excel(xl, sheet_name="Workers", index=False)


if __name__ == "__main__":
    main()
