"""A seeded generator of realistic homecare rotas, vectorised with numpy (no loops over rows).

`generate(workers, weeks, seed, start)` returns `(events, workers)`:

- events: the canonical columns (naive local times, Europe/London wall clock) plus a few
  columns the named layouts need: `visit_id`, `carers` (1, or 2 for a double-up),
  `secondary` (True for the second carer of a double-up), `planned_start`, `planned_end`.
- workers: the canonical workers columns.

The rota has urban and rural runs (travel minutes consistent with miles at an urban or rural
speed), a 15/30/45/60 minute visit mix, split shifts (morning, lunch, teatime and evening runs
with breaks between them), weekend work, some training and office time, double-up runs, and
a small share of cancelled visits (some paid). Call-monitoring actual times start a little
after and end a little before the planned times (never crossing the next visit's travel).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FIRST_NAMES = np.array(
    [
        "Amira", "Ben", "Chloe", "Dylan", "Ewa", "Fatima", "Grace", "Harpreet", "Ioana",
        "Jade", "Kwame", "Laura", "Mohammed", "Niamh", "Oluwaseun", "Priya", "Rhys", "Siân",
        "Tomasz", "Usha", "Valentina", "Wendy", "Yusuf", "Zofia", "Aoife", "Bogdan", "Carys",
        "Deepa", "Emeka", "Funmi",
    ]
)  # fmt: skip
LAST_NAMES = np.array(
    [
        "Khan", "Okafor", "Smith", "Jones", "Nowak", "Ahmed", "Williams", "Kaur", "Popescu",
        "Brown", "Mensah", "Taylor", "Hussain", "Ó'Brien", "Adeyemi", "Patel", "Evans",
        "Davies", "Kowalski", "Shah", "Rossi", "Clarke", "Ali", "Wiśniewska", "Murphy",
        "Ionescu", "Hughes", "Nair", "Eze", "Bello",
    ]
)  # fmt: skip

VISIT_MINUTES = np.array([15, 30, 45, 60])
VISIT_SHARE = np.array([0.2, 0.45, 0.15, 0.2])

# Runs of a day: start (minutes after midnight), visits (low, high inclusive), chance of working it
RUN_START = np.array([7 * 60, 12 * 60, 16 * 60 + 30, 19 * 60 + 15])
RUN_VISITS_LOW = np.array([4, 2, 2, 2])
RUN_VISITS_HIGH = np.array([6, 3, 4, 3])
RUN_CHANCE = np.array([0.9, 0.45, 0.65, 0.5])
RUN_LATEST_END = np.array([11 * 60 + 30, 14 * 60, 18 * 60 + 45, 22 * 60 + 30])  # runs never overlap
EVENING = 3

URBAN_MPH, RURAL_MPH = 14.0, 28.0
ROLES = np.array(
    ["care or support worker", "enhanced care worker", "new to care", "supervisor or leader"]
)


def worker_names(n: int) -> np.ndarray:
    """Distinct, realistic names; a number is added once the name pairs run out."""
    i = np.arange(n)
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    last = LAST_NAMES[(i * 7 + i // len(FIRST_NAMES)) % len(LAST_NAMES)]
    names = np.char.add(np.char.add(first, " "), last)
    cycle = i // (len(FIRST_NAMES) * len(LAST_NAMES))
    suffix = np.where(cycle > 0, np.char.add(" ", (cycle + 1).astype(str)), "")
    return np.char.add(names, suffix).astype(object)


def _cumsum_by_group(values: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at each True in `group_start` (rows sorted by group)."""
    total = np.cumsum(values)
    base = np.maximum.accumulate(np.where(group_start, total - values, -np.inf))
    return total - base


def generate(
    workers: int = 25,
    weeks: int = 3,
    *,
    seed: int = 0,
    start: str | pd.Timestamp = "2026-03-23",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A rota for `workers` care workers over `weeks` weeks from `start` (a date)."""
    rng = np.random.default_rng(seed)
    first_day = pd.Timestamp(start).normalize()
    n_days = 7 * weeks
    names = worker_names(workers)
    rural = rng.random(workers) < 0.35
    mph = np.where(rural, RURAL_MPH, URBAN_MPH)

    # --- which runs each worker works each day (split shifts, weekends) ---
    w, d, r = np.meshgrid(np.arange(workers), np.arange(n_days), np.arange(4), indexing="ij")
    w, d, r = w.ravel(), d.ravel(), r.ravel()
    dates = first_day + pd.to_timedelta(d, unit="D")
    weekend = np.asarray(dates.day_of_week >= 5)
    # each worker has about 2 days off a week: a day off removes all runs of that day
    day_off = rng.random((workers, n_days)) < np.where(
        np.asarray((first_day + pd.to_timedelta(np.arange(n_days), unit="D")).day_of_week >= 5),
        0.45,
        0.22,
    )
    works = (rng.random(w.size) < RUN_CHANCE[r]) & ~day_off[w, d]
    # training days (weekday, ~4%): no morning or lunch run; office supervision (~4%) at 14:30
    training_day = (rng.random((workers, n_days)) < 0.04) & ~day_off
    office_day = (rng.random((workers, n_days)) < 0.04) & ~day_off & ~training_day
    weekday_grid = np.asarray(
        (first_day + pd.to_timedelta(np.arange(n_days), unit="D")).day_of_week < 5
    )
    training_day &= weekday_grid[None, :]
    office_day &= weekday_grid[None, :]
    works &= ~(training_day[w, d] & (r <= 1)) & ~(office_day[w, d] & (r == 1))
    # double-up runs: pairs (2k, 2k+1) for the first fifth of pairs share the evening run of 2k
    pair = (w // 2) < max(1, workers // 10)
    buddy = pair & (w % 2 == 1) & (r == EVENING)
    works &= ~buddy
    w, d, r, weekend = w[works], d[works], r[works], weekend[works]
    ids = np.arange(workers)
    lead_pair = ((ids // 2) < max(1, workers // 10)) & (ids % 2 == 0) & (ids + 1 < workers)

    # --- visits within each run ---
    n_visits = rng.integers(RUN_VISITS_LOW[r], RUN_VISITS_HIGH[r] + 1)
    slot = np.repeat(np.arange(w.size), n_visits)
    first_in_slot = np.r_[True, slot[1:] != slot[:-1]]
    n = slot.size
    vw, vd, vr = w[slot], d[slot], r[slot]
    minutes = rng.choice(VISIT_MINUTES, size=n, p=VISIT_SHARE)
    miles = np.where(rural[vw], rng.gamma(2.0, 2.4, n), rng.gamma(2.0, 0.6, n))
    miles = np.clip(np.round(miles, 1), 0.2, np.where(rural[vw], 12.0, 4.0))
    travel = np.maximum(np.round(miles / mph[vw] * 60), 2.0)
    # planned gap before a visit: travel rounded up to 5 minutes, plus 0-10 minutes' slack
    gap = np.ceil(travel / 5) * 5 + rng.choice([0, 5, 10], size=n, p=[0.5, 0.35, 0.15])
    prev_minutes = np.r_[0, minutes[:-1]]
    step = np.where(first_in_slot, 0, gap + prev_minutes)
    offset = _cumsum_by_group(step, first_in_slot)
    run_start = (
        RUN_START[vr]
        + rng.choice([0, 15, 30], size=n)[
            np.maximum.accumulate(np.where(first_in_slot, np.arange(n), 0))
        ]
    )
    day0 = first_day + pd.to_timedelta(vd, unit="D")
    planned_start = day0 + pd.to_timedelta(run_start + offset, unit="min")
    planned_end = planned_start + pd.to_timedelta(minutes, unit="min")
    fits = np.asarray(run_start + offset + minutes <= RUN_LATEST_END[vr])
    planned_start, planned_end = planned_start[fits], planned_end[fits]
    vw, vd, vr, n = vw[fits], vd[fits], vr[fits], int(fits.sum())
    minutes, miles, travel = minutes[fits], miles[fits], travel[fits]
    # actual: up to 2 minutes late, and leaves up to 3 minutes earlier than that
    late = rng.integers(0, 3, n)
    short = late + rng.integers(0, 4, n)
    actual_start = planned_start + pd.to_timedelta(late, unit="min")
    actual_end = planned_end - pd.to_timedelta(short - late, unit="min")

    clients_per_worker = 6
    client = vw * clients_per_worker + rng.integers(0, clients_per_worker, n) * 1
    visits = pd.DataFrame(
        {
            "worker_id": names[vw],
            "start": actual_start,
            "end": actual_end,
            "kind": "visit",
            "status": "completed",
            "client_id": np.char.add("SU", np.char.zfill((client + 1001).astype(str), 5)),
            "travel_minutes": travel,
            "travel_miles": miles,
            "planned_start": planned_start,
            "planned_end": planned_end,
            "carers": 1,
            "secondary": False,
            "_w": vw,
            "_evening_pair": lead_pair[vw] & (vr == EVENING),
        }
    )

    # double-ups: copy the evening run of worker 2k to worker 2k+1 (same clients and times)
    lead = visits["_evening_pair"].to_numpy()
    visits.loc[lead, "carers"] = 2
    second = visits.loc[lead].assign(
        worker_id=names[visits.loc[lead, "_w"].to_numpy() + 1],
        _w=visits.loc[lead, "_w"].to_numpy() + 1,
        secondary=True,
    )
    second = second[second["_w"] < workers]

    # training (09:30-13:30, travel to the venue) and office supervision (14:30-15:30)
    tw, td = np.nonzero(training_day)
    ow, od = np.nonzero(office_day)
    other = pd.DataFrame(
        {
            "worker_id": names[np.r_[tw, ow]],
            "start": first_day
            + pd.to_timedelta(np.r_[td, od], unit="D")
            + pd.to_timedelta(np.r_[np.full(tw.size, 570), np.full(ow.size, 870)], unit="min"),
            "kind": np.r_[np.full(tw.size, "training"), np.full(ow.size, "office")].astype(object),
            "status": "completed",
            "client_id": pd.NA,
            "travel_miles": np.round(
                np.r_[rng.uniform(3, 12, tw.size), rng.uniform(1, 6, ow.size)], 1
            ),
            "carers": 1,
            "secondary": False,
            "_w": np.r_[tw, ow],
        }
    )
    other["end"] = other["start"] + pd.to_timedelta(
        np.where(other["kind"] == "training", 240, 60), unit="min"
    )
    other["travel_minutes"] = np.maximum(
        np.round(other["travel_miles"].to_numpy() / mph[other["_w"].to_numpy()] * 60), 2.0
    )
    other["planned_start"] = other["start"]
    other["planned_end"] = other["end"]

    events = pd.concat([visits, second, other], ignore_index=True)
    events = events.sort_values(["start", "worker_id", "secondary"], kind="stable").reset_index(
        drop=True
    )

    # cancellations: ~1.5% of single-carer visits; a third of them paid (short notice)
    is_visit = (events["kind"] == "visit").to_numpy() & (events["carers"] == 1).to_numpy()
    cancel = is_visit & (rng.random(len(events)) < 0.015)
    paid = cancel & (rng.random(len(events)) < 0.35)
    events.loc[cancel, "status"] = "cancelled"
    planned_minutes = (events["planned_end"] - events["planned_start"]) / pd.Timedelta(minutes=1)
    events["pay"] = np.where(paid, np.round(planned_minutes * 12.80 / 60, 2), np.nan)
    # a cancelled visit was not made: its actual times are the planned ones
    events.loc[cancel, "start"] = events.loc[cancel, "planned_start"]
    events.loc[cancel, "end"] = events.loc[cancel, "planned_end"]

    visit_no = np.arange(len(events)) + 100001
    events["visit_id"] = np.char.add("V", visit_no.astype(str))
    # a double-up's two rows share one visit id
    dbl_key = events["client_id"].astype(str) + events["planned_start"].astype(str)
    events["visit_id"] = np.where(
        events["carers"].to_numpy() == 2,
        events.groupby(dbl_key)["visit_id"].transform("first").to_numpy(),
        events["visit_id"].to_numpy(),
    )
    cols = [
        "worker_id", "start", "end", "kind", "status", "client_id", "travel_minutes",
        "travel_miles", "pay", "visit_id", "carers", "secondary", "planned_start", "planned_end",
    ]  # fmt: skip
    events = events[cols]
    events["client_id"] = events["client_id"].astype("string")
    return events, make_workers(names, rng, first_day)


def make_workers(names: np.ndarray, rng: np.random.Generator, day: pd.Timestamp) -> pd.DataFrame:
    """Workers with ages across the bands, a few apprentices, some without a date of birth."""
    n = len(names)
    age_days = rng.integers(22 * 365, 63 * 365, n)
    young = rng.random(n) < 0.1
    age_days = np.where(young, rng.integers(18 * 365 + 30, 20 * 365, n), age_days)
    dob = (day - pd.to_timedelta(age_days, unit="D")).normalize()
    apprentice = young & (rng.random(n) < 0.6)
    appr_start = pd.Series(
        np.where(apprentice, day - pd.to_timedelta(rng.integers(30, 300, n), unit="D"), pd.NaT),
        dtype="datetime64[us]",
    ).dt.normalize()
    no_dob = rng.random(n) < 0.06
    role = ROLES[rng.choice(4, size=n, p=[0.6, 0.2, 0.12, 0.08])]
    role = np.where(apprentice, "new to care", role)
    rate = np.where(role == "supervisor or leader", 13.40, 12.80)
    return pd.DataFrame(
        {
            "worker_id": names,
            "date_of_birth": pd.Series(dob).where(~no_dob).astype("datetime64[us]"),
            "apprentice": apprentice,
            "apprenticeship_start": appr_start,
            "role": role,
            "contact_rate": rate,
        }
    )


# --- writing a rota in a named layout (used by `payfair sample --layout` and rota_samples) ---


def _hms(minutes: pd.Series) -> pd.Series:
    m = minutes.round().astype("int64")
    return (m // 60).astype(str).str.zfill(2) + ":" + (m % 60).astype(str).str.zfill(2) + ":00"


def canonical_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The canonical columns, times as `YYYY-MM-DD HH:MM` local wall clock."""
    out = events[
        [
            "worker_id", "start", "end", "kind", "status", "client_id", "travel_minutes",
            "travel_miles", "pay",
        ]
    ].copy()  # fmt: skip
    out["start"] = events["start"].dt.strftime("%Y-%m-%d %H:%M")
    out["end"] = events["end"].dt.strftime("%Y-%m-%d %H:%M")
    return out


def workers_frame(workers: pd.DataFrame) -> pd.DataFrame:
    out = workers.copy()
    for col in ("date_of_birth", "apprenticeship_start"):
        out[col] = workers[col].dt.strftime("%Y-%m-%d")
    out["apprentice"] = np.where(workers["apprentice"], "yes", "no")
    return out


def access_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Access "Provider Portal" service-delivery CSV: one row per carer; planned = claimed.

    Only visits are claimed from a council, so training and office time are not in it;
    payfair adds them from a separate file in real use. Here we keep them as visits of
    ServiceType TRAINING/OFFICE so that the same rota round-trips."""
    cancelled = events["status"] == "cancelled"
    minutes = (events["end"] - events["start"]) / pd.Timedelta(minutes=1)
    planned = (events["planned_end"] - events["planned_start"]) / pd.Timedelta(minutes=1)
    week_end = events["planned_start"].dt.normalize() + pd.to_timedelta(
        6 - events["planned_start"].dt.day_of_week, unit="D"
    )
    return pd.DataFrame(
        {
            "FileReference": "PF000123",
            "Description": "Actual service delivery",
            "Created": "2026-04-14T09:00:00",
            "ProviderRef": "PRV0042",
            "ContractNumber": "HC-2025-118",
            "ServiceUserRef": events["client_id"].fillna(""),
            "ServiceUserDetails": "",
            "WeekEnding": week_end.dt.strftime("%d/%m/%Y"),
            "OurRef": events["visit_id"],
            "ServiceUserContribution": 0,
            "PaymentClaimed": "",
            "ServiceType": np.where(
                events["kind"] == "visit", "HOME CARE", events["kind"].str.upper()
            ),
            "VisitDate": events["planned_start"].dt.strftime("%d/%m/%Y"),
            "StartTimeClaimed": events["planned_start"].dt.strftime("%H:%M:%S"),
            "DurationClaimed": _hms(planned),
            "ActualStartTime": events["start"].dt.strftime("%H:%M:%S").where(~cancelled, ""),
            "ActualDuration": _hms(minutes).where(~cancelled, ""),
            "SecondaryVisit": np.where(events["secondary"], "True", "False"),
            "NumberOfCarers": events["carers"],
            "CarerName": events["worker_id"],
            "VisitStatus": np.where(events["status"] == "cancelled", "Cancelled", "Delivered"),
            "TravelTime": events["travel_minutes"],
            "Mileage": events["travel_miles"],
            "CarerPay": events["pay"],
        }
    )


def birdie_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Birdie visits export: one row per carer, times in UTC without a marker (the export
    documents that all its times are UTC); no check-in/out for cancelled visits."""
    cancelled = events["status"] == "cancelled"

    def utc(s: pd.Series) -> pd.Series:
        return (
            s.dt.tz_localize("Europe/London", ambiguous=True, nonexistent="shift_forward")
            .dt.tz_convert("UTC")
            .dt.strftime("%Y-%m-%d %H:%M:%S")
        )

    return pd.DataFrame(
        {
            "VISIT_ID": events["visit_id"],
            "BRANCH_ID": "BR-7",
            "CLIENT_ID": events["client_id"].fillna(""),
            "CAREGIVER_NAME": events["worker_id"],
            "VISIT_TYPE": events["kind"].str.upper(),
            "PLANNED_START_AT": utc(events["planned_start"]),
            "PLANNED_END_AT": utc(events["planned_end"]),
            "CHECK_IN_AT": utc(events["start"]).where(~cancelled, ""),
            "CHECK_OUT_AT": utc(events["end"]).where(~cancelled, ""),
            "STATUS": np.where(events["status"] == "cancelled", "CANCELLED", "COMPLETED"),
            "IS_PAID_CANCELLATION": np.where(events["pay"].notna(), "TRUE", "FALSE"),
            "CANCELLATION_PAY": events["pay"],
            "TRAVEL_DURATION_MINUTES": events["travel_minutes"],
            "TRAVEL_DISTANCE_MILES": events["travel_miles"],
        }
    )


def carelinelive_frame(events: pd.DataFrame) -> pd.DataFrame:
    """CareLineLive carer timesheet: date, booked and actual times (HH:MM), hours, mileage."""
    cancelled = events["status"] == "cancelled"
    return pd.DataFrame(
        {
            "Carer": events["worker_id"],
            "Client": events["client_id"].fillna(""),
            "Date": events["planned_start"].dt.strftime("%d/%m/%Y"),
            "Booked Start": events["planned_start"].dt.strftime("%H:%M"),
            "Booked End": events["planned_end"].dt.strftime("%H:%M"),
            "Actual Start": events["start"].dt.strftime("%H:%M").where(~cancelled, ""),
            "Actual End": events["end"].dt.strftime("%H:%M").where(~cancelled, ""),
            "Booking Type": np.select(
                [events["kind"] == "training", events["kind"] == "office"],
                ["Training", "Office / Supervision"],
                "Care Visit",
            ),
            "Status": np.where(events["status"] == "cancelled", "Cancelled", "Completed"),
            "Cancellation Pay (£)": events["pay"],
            "Travel Time (mins)": events["travel_minutes"],
            "Mileage": events["travel_miles"],
        }
    )


def generic_frame(events: pd.DataFrame) -> pd.DataFrame:
    """A generic one-row-per-visit export: split date and start time, duration in minutes."""
    minutes = (events["end"] - events["start"]) / pd.Timedelta(minutes=1)
    return pd.DataFrame(
        {
            "Care Worker": events["worker_id"],
            "Service User": events["client_id"].fillna(""),
            "Visit Date": events["start"].dt.strftime("%d/%m/%Y"),
            "Start Time": events["start"].dt.strftime("%H:%M"),
            "Duration": minutes.round().astype("int64"),
            "Type": events["kind"].str.title(),
            "Status": events["status"].str.title(),
            "Pay £": events["pay"],
            "Travel Time (mins)": events["travel_minutes"],
            "Distance": events["travel_miles"],
        }
    )


LAYOUT_WRITERS = {
    "canonical": canonical_frame,
    "access": access_frame,
    "birdie": birdie_frame,
    "carelinelive": carelinelive_frame,
    "generic": generic_frame,
}


def write(frame: pd.DataFrame, path, *, sheet: str = "Visits") -> None:
    """Write a frame as CSV, XLSX or Parquet according to the file's extension."""
    from pathlib import Path

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix in (".xlsx", ".xlsm"):
        frame.to_excel(path, index=False, sheet_name=sheet, engine="openpyxl")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"cannot write {suffix!r}: use .csv, .xlsx or .parquet")
