"""The minimum-wage test per worker and pay reference period (rules §4-6).

`check(period_totals, workers, as_of)` takes one row per worker and PRP with its totals and adds:
age on the PRP's first day, band, the rate in force that day (reg 4B, which replaced reg 4(2) in
2016), NMW pay, true hourly rate, shortfall and arrears, and the period's flags. Vectorised over
periods; loops only over bands.

Choices made here (each stated in `settings()`):

- **Age** is counted in whole years on the PRP's first day. Someone born on 29 February reaches a
  new age on 1 March in a non-leap year.
- **Apprentice rate** when the worker is an apprentice and (under 19, or the PRP starts before the
  first anniversary of `apprenticeship_start`). An apprentice aged 19+ whose start date is
  unknown is given their age band and flagged `apprenticeship_start_unknown`. Before the
  apprenticeship starts (`apprenticeship_start` after the PRP's first day) the worker is not yet
  an apprentice (reg 5): the age band, flagged `apprenticeship_not_started`.
- **No date of birth**: the top band, flagged `no_date_of_birth` (rules §5).
- **Under 16**: no NMW entitlement, no rate, no shortfall; flagged `under_16`.
- `rate_change_in_period` flags a PRP that contains a rate change date after its first day: the
  rate on the first day applies to the whole PRP.
- **NMW pay** = gross − premiums − allowances − deductions − vehicle cost reduction, where the
  vehicle cost reduction is max(0, business miles × `vehicle_cost_per_mile` − mileage paid) for the
  period (0 when the setting is off).
- **shortfall** = max(0, rate × working hours − NMW pay), rounded UP to the next penny in the
  worker's favour, so a period short by a fraction of a penny owes £0.01, never £0.00;
  `below_nmw` is true for any shortfall above a millionth of a pound (float noise), however small
  (NMWM09010: any shortfall is a breach). No working hours: no minimum wage owed (rate × 0),
  whatever was deducted.
- **No rate**: a PRP starting before the first dated rate (2016-04-01) has no rate in the table;
  it owes nothing here and is flagged `no_rate` (payfair.analysis refuses those rows first).
- **arrears** (NMW Act 1998 s17) = max(shortfall, shortfall ÷ R_then × R_now), rounded up to
  the penny, with R_now the rate on `as_of` for the same band. A band abolished by `as_of`
  (21-24 / 21-22) uses `abolished_band_now`: ``"top"`` (default), the band that now covers every age
  the old band did (the National Living Wage from 21 since 2024-04-01).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from payfair.pay import worker_lookup
from payfair.rates import (
    APPRENTICE,
    TOP,
    UNDER_16,
    as_days,
    band_on,
    change_dates,
    label_on,
    rate_on,
)

FLAG_NAMES = (
    "apprenticeship_not_started",
    "apprenticeship_start_unknown",
    "cancelled_paid",
    "insufficient_travel",
    "no_date_of_birth",
    "no_rate",
    "overlap",
    "partial_period",
    "pay_from_policy",
    "planned_times",
    "rate_change_in_period",
    "travel_unknown",
    "under_16",
)
ABOLISHED_BAND_CHOICES = ("top",)
BELOW_TOLERANCE = 1e-6


def round_half_up(x) -> np.ndarray:
    """Pounds to the penny, halves rounded up (£0.005 → £0.01). The inner round removes float noise
    such as 82.49999999 standing for 82.50 before the half is added."""
    cents = np.round(np.asarray(x, dtype=float) * 100, 6)
    return np.floor(cents + 0.5) / 100


def round_up(x) -> np.ndarray:
    """Pounds owed, up to the next penny in the worker's favour (£0.001 → £0.01): any shortfall is
    a breach (NMWM09010), so an amount owed never shows as £0.00. The inner round removes float
    noise such as 82.5000000001 standing for 82.50 before rounding up."""
    cents = np.round(np.asarray(x, dtype=float) * 100, 6)
    return np.ceil(cents) / 100


def under_16_of(band) -> np.ndarray:
    """True where the band is under 16 (no NMW entitlement)."""
    return np.asarray(band, dtype=object) == UNDER_16


def whole_years(born, on) -> np.ndarray:
    """Completed years from `born` to `on` (both datetime64[D] arrays); NaN where either is NaT."""
    born = np.asarray(born, dtype="datetime64[D]")
    on = np.asarray(on, dtype="datetime64[D]")
    missing = np.isnat(born) | np.isnat(on)
    by = born.astype("datetime64[Y]").astype("int64")
    oy = on.astype("datetime64[Y]").astype("int64")
    bm = born.astype("datetime64[M]").astype("int64") - by * 12
    om = on.astype("datetime64[M]").astype("int64") - oy * 12
    bd = (born - born.astype("datetime64[M]").astype("datetime64[D]")).astype("int64")
    od = (on - on.astype("datetime64[M]").astype("datetime64[D]")).astype("int64")
    before_birthday = (om * 100 + od) < (bm * 100 + bd)
    years = (oy - by - before_birthday).astype(float)
    return np.where(missing, np.nan, years)


def _flag_text(flags: dict[str, np.ndarray], n: int) -> np.ndarray:
    """`;`-joined sorted flag names per row. Each row's flags as bits of one integer; the text is
    built once per distinct combination (a handful), then taken for every row."""
    names = sorted(flags)
    bits = np.zeros(n, dtype=np.int64)
    for i, name in enumerate(names):  # a handful of flags
        bits |= np.asarray(flags[name], dtype=bool).astype(np.int64) << i
    combos, which = np.unique(bits, return_inverse=True)
    text = np.array(
        [";".join(name for i, name in enumerate(names) if combo >> i & 1) for combo in combos],
        dtype=object,
    )
    return text[which] if n else np.full(0, "", dtype=object)


def settings(as_of: date, abolished_band_now: str = "top") -> dict[str, str]:
    """The minimum-wage choices, with their legal source, to show beside the results."""
    return {
        "as_of": str(as_of),
        "rate_day": "the rate and band on the first day of each pay reference period "
        "(NMW Regulations 2015 reg 4B, reg 4(2) as made; payfair rules §5)",
        "arrears": "max(shortfall, shortfall ÷ rate then × rate on as_of) "
        "(National Minimum Wage Act 1998 s17; HMRC NMWM13160)",
        "abolished_band_now": abolished_band_now,
        "abolished_band_now_reason": "the 21-24 / 21-22 band no longer exists; arrears use the "
        "rate of the band that now covers those ages (the National Living Wage, from 21 since "
        "1 April 2024: NMW (Amendment) Regulations 2024)",
        "no_date_of_birth": "top band assumed and flagged (payfair rules §5)",
        "apprentice": "apprentice rate if under 19 or in the first year of the apprenticeship; "
        "19+ with no apprenticeship start date: age band, flagged; before the apprenticeship "
        "starts: age band, flagged (NMW Regulations 2015 reg 5)",
        "below_nmw": "any shortfall counts, however small (HMRC NMWM09010)",
        "rounding": "shortfall and arrears are rounded UP to the next penny, in the worker's "
        "favour: any shortfall is a breach (HMRC NMWM09010), so a period short by a fraction of "
        "a penny owes £0.01, never £0.00",
        "no_working_time": "a pay period with no working hours owes no minimum wage, whatever "
        "was deducted (rate × 0 hours = £0; payfair rules §5)",
    }


def _worker_days(ids: pd.Series, workers: pd.DataFrame | None, column: str) -> np.ndarray:
    """The workers file's date in `column` for each row's worker (datetime64[D], NaT where
    unknown). Without a workers file or that column every date is unknown: NaT throughout,
    without parsing a column of missing values (0.08 s for 263,000 periods at 10M events)."""
    if workers is None or column not in workers.columns or workers.empty:
        return np.full(len(ids), np.datetime64("NaT"), dtype="datetime64[D]")
    return as_days(pd.to_datetime(worker_lookup(ids, workers, column)))


def check(
    period_totals: pd.DataFrame,
    workers: pd.DataFrame | None,
    as_of: date | str,
    *,
    vehicle_cost_per_mile: float | None = None,
    abolished_band_now: str = "top",
) -> pd.DataFrame:
    """Add the minimum-wage columns to per-worker-period totals.

    Needs: worker_id, period_start, period_end, working_hours, gross_pay, premium_pay,
    allowance_pay, deductions, mileage_pay, business_miles. Any `flag_*` boolean columns are folded
    into `flags` (and dropped) with the flags found here.
    """
    if abolished_band_now not in ABOLISHED_BAND_CHOICES:
        raise ValueError(f"abolished_band_now must be one of {ABOLISHED_BAND_CHOICES}")
    out = period_totals.copy()
    n = len(out)
    start = as_days(out["period_start"]) if n else np.array([], dtype="datetime64[D]")
    end = as_days(out["period_end"]) if n else np.array([], dtype="datetime64[D]")
    ids = out["worker_id"] if n else pd.Series([], dtype="str")

    dob_days = _worker_days(ids, workers, "date_of_birth") if n else start
    age = whole_years(dob_days, start)
    no_dob = np.isnan(age)

    apprentice = (
        worker_lookup(ids, workers, "apprentice").astype("boolean").fillna(False).to_numpy(bool)
    )
    appr_start = _worker_days(ids, workers, "apprenticeship_start")
    if not n:
        appr_start = start
    # Not yet an apprentice on the PRP's first day (the apprenticeship starts later): the age
    # band applies (NMW Regulations 2015 reg 5 covers a worker employed under a contract of
    # apprenticeship; reg 4B fixes the band on the PRP's first day).
    not_started = apprentice & ~np.isnat(appr_start) & (appr_start > start)
    years_in = whole_years(appr_start, start)
    first_year = ~np.isnan(years_in) & (years_in >= 0) & (years_in < 1)
    under_19 = ~no_dob & (age < 19)
    apprentice_rate = apprentice & ~not_started & (under_19 | first_year)
    start_unknown = apprentice & np.isnat(appr_start) & ~under_19

    band = band_on(age, apprentice_rate, start)
    under_16 = under_16_of(band)
    rate = rate_on(band, start)

    changes = change_dates()
    rate_change = np.searchsorted(changes, start, side="right") < np.searchsorted(
        changes, end, side="right"
    )

    cost = float(vehicle_cost_per_mile) if vehicle_cost_per_mile else 0.0
    vehicle = np.maximum(
        0.0, out["business_miles"].to_numpy(float) * cost - out["mileage_pay"].to_numpy(float)
    )
    nmw_pay = (
        out["gross_pay"].to_numpy(float)
        - out["premium_pay"].to_numpy(float)
        - out["allowance_pay"].to_numpy(float)
        - out["deductions"].to_numpy(float)
        - vehicle
    )
    hours = out["working_hours"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        true_rate = np.where(hours > 0, nmw_pay / hours, np.nan)
    # No working time, no minimum wage owed, whatever was deducted (rules §5: rate × 0 hours).
    no_rate = np.isnan(rate) & ~under_16_of(band)
    owed = (hours > 0) & ~np.isnan(rate)
    raw_shortfall = np.where(owed, np.maximum(0.0, rate * hours - nmw_pay), 0.0)
    raw_shortfall = np.nan_to_num(raw_shortfall)
    below = raw_shortfall > BELOW_TOLERANCE
    shortfall = np.where(below, round_up(raw_shortfall), 0.0)

    as_of_days = np.full(n, as_days([as_of])[0])
    rate_now = rate_on(band, as_of_days)
    abolished = np.isnan(rate_now) & ~np.isnan(rate)
    rate_now = np.where(abolished, rate_on(TOP, as_of_days), rate_now)
    with np.errstate(divide="ignore", invalid="ignore"):
        uprated = np.where(rate > 0, shortfall / rate * rate_now, 0.0)
    arrears = round_up(np.fmax(shortfall, np.nan_to_num(uprated)))

    flags = {
        "no_date_of_birth": no_dob,
        "under_16": under_16,
        "rate_change_in_period": rate_change & ~under_16,
        "apprenticeship_start_unknown": start_unknown,
        "apprenticeship_not_started": not_started,
        "no_rate": no_rate & (hours > 0),
    }
    for column in [c for c in out.columns if c.startswith("flag_")]:
        name = column.removeprefix("flag_")
        flags[name] = flags.get(name, np.zeros(n, bool)) | out[column].to_numpy(bool)
    out = out.drop(columns=[c for c in out.columns if c.startswith("flag_")])

    out["vehicle_cost_reduction"] = vehicle
    out["nmw_pay"] = nmw_pay
    out["age"] = pd.array(np.where(no_dob, np.nan, age), dtype="Float64").astype("Int64")
    out["band"] = pd.Series(label_on(band, start), index=out.index, dtype="str")
    out["band_key"] = pd.Series(band, index=out.index, dtype="str")
    out["nmw_rate"] = rate
    out["nmw_rate_now"] = rate_now
    out["true_hourly_rate"] = true_rate
    out["shortfall"] = shortfall
    out["arrears"] = arrears
    out["below_nmw"] = below
    out["flags"] = pd.Series(_flag_text(flags, n), index=out.index, dtype="str")
    out["role"] = pd.Series(
        worker_lookup(ids, workers, "role").to_numpy(), index=out.index, dtype="string"
    )
    return out


__all__ = [
    "APPRENTICE",
    "FLAG_NAMES",
    "check",
    "round_half_up",
    "round_up",
    "settings",
    "whole_years",
]
