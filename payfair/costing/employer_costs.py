"""Employer on-costs per worker and pay reference period (payfair rules §6).

Pure functions of the `Analysis.periods` columns (docs/ARCHITECTURE.md "Periods"): employer
National Insurance above the per-period secondary threshold, automatic-enrolment pension on
qualifying earnings, holiday accrual, sick pay from expected sickness days a year, and extra
training hours a year paid at the worker's rate. The Employment Allowance is an employer-level
figure (`employment_allowance`).

Order of the arithmetic (each step on the period's figures):

1. `rate` = basic pay ÷ paid hours (gross − premium − allowance), the worker's rate in the period
   (the scenario's fallback rate when the worker has no paid hours).
2. `training_pay` = training hours a year × share of the year in the period × `rate`.
3. `holiday_pay` = holiday rate (12.07%) × (gross pay + training pay).
4. `sick_pay`: expected sick days in the period (days a year × share of the year, less SSP
   waiting days) × daily pay: SSP = min(AWE fraction × AWE, weekly cap) ÷ qualifying days, nothing
   when AWE is below the lower earnings limit; occupational = AWE ÷ qualifying days × fraction.
   AWE = (gross pay + training pay) ÷ weeks in the period.
5. `earnings` = gross + training + holiday + sick pay: what payroll pays (mileage is an expense).
6. `employer_ni` = NI rate × max(0, earnings − secondary threshold for the period); for workers
   under 21 and apprentices under 25 the threshold is the upper secondary threshold (£967 a
   week): 0% below it (Social Security Contributions and Benefits Act 1992 ss 9A, 9B).
7. `pension` = pension rate × (min(earnings, upper) − lower), clipped at 0, for workers earning
   over the trigger and aged 22 to State Pension age (unknown age counts as eligible), or for
   everyone when `include_all` is set.
8. `employer_cost` = earnings + employer NI + pension + mileage.

Partly covered periods. When `periods` has a `covered_days` column (the days of the pay period
the rota actually covers, `with_covered_days`), a period's share of the year is covered days ÷
364 (52 weeks), AWE is over the covered weeks and every per-period threshold is pro rata to the
covered share of the period. A three-week rota then costs the same a year whether it is cut
into weekly or monthly pay periods (issue: annual figures must not depend on the dropdown).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from payfair.errors import RotaError
from payfair.resources import rates_path
from payfair.schema import PERIOD_KINDS

DEFAULT_EMPLOYER_COSTS_PATH = rates_path("employer_costs.toml")

#: Share of a year in one pay reference period.
YEAR_FRACTION = {"weekly": 1 / 52, "fortnightly": 2 / 52, "four-weekly": 4 / 52, "monthly": 1 / 12}
#: Weeks in one pay reference period (monthly = 52 / 12).
WEEKS = {k: v * 52 for k, v in YEAR_FRACTION.items()}
#: Days in the year payfair annualises to (52 weeks, as every "× 52" in the costing).
DAYS_PER_YEAR = 364.0

SSP_RULES = ("2026-27", "2025-26")


@dataclass(frozen=True)
class SSPRules:
    weekly_cap: float
    awe_fraction: float
    waiting_days: float
    lower_earnings_limit: float
    starts: str = ""  # ISO date the rules apply from (pay periods starting on or after it)


@dataclass(frozen=True)
class EmployerCostSettings:
    """Statutory on-cost figures, read from rates/employer_costs.toml (rules §6): the figures
    live only in that file, so a new tax year is a data change. Use `default_employer_costs()`."""

    ni_rate: float
    ni_threshold: dict[str, float]  # per pay reference period kind
    ni_upper_threshold: dict[str, float]  # upper secondary threshold (under 21, apprentices <25)
    ni_relief_under_age: float
    ni_relief_apprentice_under_age: float
    employment_allowance: float
    pension_rate: float
    pension_lower: dict[str, float]
    pension_upper: dict[str, float]
    pension_trigger: dict[str, float]
    pension_min_age: float
    state_pension_age: float
    holiday_rate: float
    ssp: dict[str, SSPRules]
    qualifying_days_per_week: float
    average_spell_days: float
    mileage_rate: float
    now_sick_days_per_year: float = 8.0  # on-cost terms assumed for pay now ([pay_now])
    now_training_hours_per_year: float = 24.0
    # Choices, not law:
    apply_employment_allowance: bool = True
    pension_include_all: bool = False
    sources: dict[str, str] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> EmployerCostSettings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@functools.lru_cache(maxsize=1)
def default_employer_costs() -> EmployerCostSettings:
    """The statutory figures in rates/employer_costs.toml, read once per process."""
    return load_employer_costs()


def load_employer_costs(path: str | Path | None = None) -> EmployerCostSettings:
    """Read rates/employer_costs.toml (or another file in the same shape)."""
    path = Path(path) if path else DEFAULT_EMPLOYER_COSTS_PATH
    try:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RotaError("employer costs file not found", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise RotaError(f"not valid TOML ({exc})", file=str(path)) from None
    try:
        ni, pen = d["national_insurance"], d["pension"]
        ssp = {
            year: SSPRules(
                float(r["weekly_cap"]),
                float(r["awe_fraction"]),
                float(r["waiting_days"]),
                float(r["lower_earnings_limit"]),
                str(r.get("starts", "")),
            )
            for year, r in d["statutory_sick_pay"].items()
        }
        return EmployerCostSettings(
            ni_rate=float(ni["rate"]),
            ni_threshold=_per_period(ni["secondary_threshold"], "secondary_threshold", path),
            ni_upper_threshold=_per_period(
                ni["upper_secondary_threshold"], "upper_secondary_threshold", path
            ),
            ni_relief_under_age=float(ni["upper_secondary_relief"]["under_age"]),
            ni_relief_apprentice_under_age=float(
                ni["upper_secondary_relief"]["apprentice_under_age"]
            ),
            employment_allowance=float(ni["employment_allowance"]),
            apply_employment_allowance=bool(ni.get("apply_employment_allowance", True)),
            pension_rate=float(pen["employer_rate"]),
            pension_lower=_per_period(pen["lower_qualifying"], "lower_qualifying", path),
            pension_upper=_per_period(pen["upper_qualifying"], "upper_qualifying", path),
            pension_trigger=_per_period(pen["trigger"], "trigger", path),
            pension_min_age=float(pen.get("min_age", 22)),
            state_pension_age=float(pen.get("state_pension_age", 66)),
            pension_include_all=bool(pen.get("include_all", False)),
            holiday_rate=float(d["holiday"]["rate"]),
            ssp=ssp,
            qualifying_days_per_week=float(d["sickness"]["qualifying_days_per_week"]),
            average_spell_days=float(d["sickness"]["average_spell_days"]),
            mileage_rate=float(d["mileage"]["hmrc_approved_rate"]),
            now_sick_days_per_year=float(d["pay_now"]["sick_days_per_year"]),
            now_training_hours_per_year=float(d["pay_now"]["training_hours_per_year"]),
            sources={str(k): str(v) for k, v in d.get("sources", {}).items()},
        )
    except KeyError as exc:
        raise RotaError(f"missing setting {exc}", file=str(path)) from None


def _per_period(table: dict[str, Any], name: str, path: Path) -> dict[str, float]:
    missing = set(PERIOD_KINDS) - set(table)
    if missing:
        raise RotaError(
            f"{name} lacks a figure for: {', '.join(sorted(missing))}",
            file=str(path),
            fix="give weekly, fortnightly, four-weekly and monthly figures",
        )
    return {k: float(table[k]) for k in PERIOD_KINDS}


@dataclass(frozen=True)
class CostTerms:
    """The on-cost terms a scenario sets (the rest are statutory, in EmployerCostSettings)."""

    sick_pay: str = "statutory"  # "statutory" or "occupational"
    ssp_rules: str = "2026-27"  # which SSP rules apply when sick_pay is statutory
    sick_days_per_year: float = 0.0  # expected sickness days a year per worker
    occupational_sick_fraction: float = 1.0  # occupational sick pay as a share of normal pay
    pension_rate: float | None = None  # employer pension rate; None = statutory minimum
    pension_include_all: bool | None = None  # None = the statutory setting
    holiday_rate: float | None = None  # None = statutory 12.07%
    training_hours_per_year: float = 0.0  # paid training not already in the rota


def _col(periods: pd.DataFrame, name: str) -> pd.Series:
    if name in periods:
        return pd.to_numeric(periods[name], errors="coerce").fillna(0.0).astype("float64")
    return pd.Series(0.0, index=periods.index)


def employer_costs(
    periods: pd.DataFrame,
    *,
    period: str,
    terms: CostTerms | None = None,
    settings: EmployerCostSettings | None = None,
    fallback_rate: float = 0.0,
) -> pd.DataFrame:
    """Employer on-costs for each worker and pay reference period (see the module docstring).

    `periods` needs `worker_id`, `period_start`, `period_end`, `gross_pay`, `paid_hours`, and
    uses `premium_pay`, `allowance_pay`, `mileage_pay`, `age` when present.
    """
    terms = terms or CostTerms()
    s = settings or default_employer_costs()
    coverage, year_fraction = _coverage(periods, period)
    weeks = year_fraction * 52

    gross = _col(periods, "gross_pay")
    basic = gross - _col(periods, "premium_pay") - _col(periods, "allowance_pay")
    paid_hours = _col(periods, "paid_hours")
    rate = (basic / paid_hours.where(paid_hours > 0)).fillna(fallback_rate)

    training_hours = terms.training_hours_per_year * year_fraction
    training_pay = training_hours * rate
    holiday_rate = s.holiday_rate if terms.holiday_rate is None else terms.holiday_rate
    holiday_pay = holiday_rate * (gross + training_pay)

    awe = (gross + training_pay) / weeks.where(weeks > 0)
    sick_days = terms.sick_days_per_year * year_fraction
    if terms.sick_pay == "occupational":
        daily = awe / s.qualifying_days_per_week * terms.occupational_sick_fraction
        paid_days = sick_days
    elif terms.sick_pay == "statutory":
        if terms.ssp_rules not in s.ssp:
            raise RotaError(
                f"unknown SSP rules {terms.ssp_rules!r}", fix=f"use one of {', '.join(s.ssp)}"
            )
        r = s.ssp[terms.ssp_rules]
        weekly = np.minimum(r.awe_fraction * awe, r.weekly_cap).where(
            awe >= r.lower_earnings_limit, 0.0
        )
        daily = weekly / s.qualifying_days_per_week
        paid_days = sick_days * max(0.0, 1 - r.waiting_days / s.average_spell_days)
    else:
        raise RotaError(
            f"sick pay {terms.sick_pay!r} is not understood",
            fix='use "statutory" or "occupational"',
        )
    sick_pay = (daily * paid_days).fillna(0.0)

    earnings = gross + training_pay + holiday_pay + sick_pay
    age = (
        pd.to_numeric(periods["age"], errors="coerce").astype("float64")
        if "age" in periods
        else pd.Series(np.nan, index=periods.index)
    )
    relief = upper_secondary_relief(periods, age, s)
    ni_threshold = pd.Series(s.ni_threshold[period], index=periods.index).where(
        ~relief, s.ni_upper_threshold[period]
    )
    employer_ni = s.ni_rate * (earnings - ni_threshold * coverage).clip(lower=0.0)

    include_all = (
        s.pension_include_all if terms.pension_include_all is None else terms.pension_include_all
    )
    pension_rate = s.pension_rate if terms.pension_rate is None else terms.pension_rate
    age_ok = age.isna() | ((age >= s.pension_min_age) & (age < s.state_pension_age))
    eligible = (earnings > s.pension_trigger[period] * coverage) & age_ok
    if include_all:
        eligible = pd.Series(True, index=periods.index)
    qualifying = (
        earnings.clip(upper=s.pension_upper[period] * coverage) - s.pension_lower[period] * coverage
    ).clip(lower=0.0)
    pension = (pension_rate * qualifying).where(eligible, 0.0)

    mileage = _col(periods, "mileage_pay")
    out = pd.DataFrame(
        {
            "worker_id": periods["worker_id"],
            "period_start": periods["period_start"],
            "period_end": periods["period_end"],
            "gross_pay": gross,
            "rate": rate,
            "training_hours": training_hours,
            "training_pay": training_pay,
            "holiday_pay": holiday_pay,
            "sick_days": pd.Series(paid_days, index=periods.index, dtype="float64"),
            "ni_relief": relief.astype(bool),
            "sick_pay": sick_pay,
            "earnings": earnings,
            "employer_ni": employer_ni,
            "pension_eligible": eligible.astype(bool),
            "pension": pension,
            "mileage_pay": mileage,
        }
    )
    out["employer_cost"] = out["earnings"] + out["employer_ni"] + out["pension"] + mileage
    return out.reset_index(drop=True)


def employment_allowance(
    total_employer_ni: float, years_covered: float, settings: EmployerCostSettings | None = None
) -> float:
    """Employment Allowance set against employer NI over `years_covered` (pro rata, at most the
    NI due): an employer-level figure, £10,500 a year (payfair rules §6)."""
    s = settings or default_employer_costs()
    if not s.apply_employment_allowance:
        return 0.0
    return float(min(max(total_employer_ni, 0.0), s.employment_allowance * years_covered))


def years_covered(periods: pd.DataFrame, period: str) -> float:
    """How many years of pay the periods cover: the covered days of each distinct pay period ÷
    364 when `covered_days` is given (the dates the rota covers), else distinct pay periods ×
    share of a year."""
    if periods.empty:
        return 0.0
    if "covered_days" in periods:
        days = pd.to_numeric(periods["covered_days"], errors="coerce").fillna(0.0)
        return float(days.groupby(periods["period_start"]).max().sum()) / DAYS_PER_YEAR
    return periods["period_start"].nunique() * YEAR_FRACTION[period]


def period_weeks(periods: pd.DataFrame, period: str) -> pd.Series:
    """Weeks of pay in each row: covered days ÷ 7 when `covered_days` is given, else the weeks in
    a pay period of this kind."""
    return _coverage(periods, period)[1] * 52


def _coverage(periods: pd.DataFrame, period: str) -> tuple[pd.Series, pd.Series]:
    """(covered share of each pay period, share of a year it stands for)."""
    if period not in YEAR_FRACTION:
        raise RotaError(f"unknown period {period!r}", fix=f"use one of {', '.join(PERIOD_KINDS)}")
    if "covered_days" not in periods or periods.empty:
        one = pd.Series(1.0, index=periods.index)
        return one, one * YEAR_FRACTION[period]
    covered = pd.to_numeric(periods["covered_days"], errors="coerce").fillna(0.0)
    length = (
        pd.to_datetime(periods["period_end"]) - pd.to_datetime(periods["period_start"])
    ).dt.days.astype("float64") + 1
    share = (covered / length.where(length > 0)).fillna(1.0).clip(0.0, 1.0)
    return share, covered / DAYS_PER_YEAR


def rota_dates(timeline: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The dates the rota covers: the Monday-to-Sunday weeks from the first local
    (Europe/London) date an event starts on to the last (rotas are planned a week at a time, so
    a rota whose last visit is on a Friday still covers that week)."""
    if timeline.empty or "start" not in timeline:
        return None
    start = pd.to_datetime(timeline["start"])
    if isinstance(start.dtype, pd.DatetimeTZDtype):
        start = start.dt.tz_convert("Europe/London").dt.tz_localize(None)
    days = start.dt.normalize()
    first, last = days.min(), days.max()
    monday = first - pd.Timedelta(days=first.day_of_week)
    sunday = last + pd.Timedelta(days=6 - last.day_of_week)
    return monday, sunday


def with_covered_days(
    periods: pd.DataFrame, dates: tuple[pd.Timestamp, pd.Timestamp] | None
) -> pd.DataFrame:
    """`periods` with `covered_days`: the days of each pay period between the rota's first and
    last dates (both included). Without dates the periods are returned unchanged."""
    if dates is None or periods.empty:
        return periods
    first, last = (pd.Timestamp(d).tz_localize(None).normalize() for d in dates)
    start = pd.to_datetime(periods["period_start"]).dt.normalize().clip(lower=first)
    end = pd.to_datetime(periods["period_end"]).dt.normalize().clip(upper=last)
    out = periods.copy()
    out["covered_days"] = ((end - start).dt.days + 1).clip(lower=0).astype("float64")
    return out


def upper_secondary_relief(
    periods: pd.DataFrame, age: pd.Series, settings: EmployerCostSettings
) -> pd.Series:
    """Rows where employer NI is 0% up to the upper secondary threshold: workers under 21, and
    apprentices under 25 (`apprentice` column true) whose apprenticeship has started by the end
    of the period (SSCBA 1992 ss 9A, 9B). Unknown age: no relief (the dearer figure)."""
    under = age < settings.ni_relief_under_age
    if "apprentice" in periods:
        apprentice = periods["apprentice"].astype("boolean").fillna(False).astype(bool)
        if "apprenticeship_start" in periods:
            began = pd.to_datetime(periods["apprenticeship_start"], errors="coerce")
            started = began.isna() | (began <= pd.to_datetime(periods["period_end"]))
            apprentice = apprentice & started
        under = under | (apprentice & (age < settings.ni_relief_apprentice_under_age))
    return under.fillna(False).astype(bool)


def ssp_rules_on(day: pd.Timestamp | None, settings: EmployerCostSettings) -> str:
    """The SSP rules in force on `day` (the latest whose `starts` is on or before it)."""
    dated = sorted(((r.starts, name) for name, r in settings.ssp.items() if r.starts), reverse=True)
    if day is not None and not pd.isna(day):
        iso = pd.Timestamp(day).date().isoformat()
        for starts, name in dated:
            if starts <= iso:
                return name
    return dated[-1][1] if dated else next(iter(settings.ssp))


def now_terms(settings: EmployerCostSettings, day: pd.Timestamp | None = None) -> CostTerms:
    """On-cost terms for pay now ([pay_now] in rates/employer_costs.toml): statutory sick pay
    under the rules in force on `day`, the same in every scenario column."""
    return CostTerms(
        sick_pay="statutory",
        ssp_rules=ssp_rules_on(day, settings),
        sick_days_per_year=settings.now_sick_days_per_year,
        training_hours_per_year=settings.now_training_hours_per_year,
    )
