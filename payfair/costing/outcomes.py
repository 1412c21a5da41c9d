"""What a pay scenario means for each worker: pay now, pay under the scenario, the change, the new
true hourly rate; totals; who gains most; how the gains are spread (rules §8).

`apply_scenario(rota, scenario, current_policy, ...)` runs the engine twice: once as the rota is
paid now (`use_rota_pay=True`), once re-paid under the scenario's policy (`use_rota_pay=False`).
Each worker keeps their own rate when it is above the scenario's floor: their rate now (basic
contact pay ÷ contact hours, from the rota's pay or the current policy) becomes their
`contact_rate` in the re-pay, and the scenario's `role_floor` lifts it where it is lower.
`outcomes_from_periods` is the pure part, on two `Analysis.periods` tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from payfair.analysis import Analysis, analyse
from payfair.costing.employer_costs import (
    WEEKS,
    CostTerms,
    EmployerCostSettings,
    default_employer_costs,
    employer_costs,
    employment_allowance,
    years_covered,
)
from payfair.costing.scenario import Scenario
from payfair.policy import PayPolicy
from payfair.rota import RotaRead
from payfair.schema import WORKER_COLUMNS

KEYS = ["worker_id", "period_start", "period_end"]
#: Bins of the change in a worker's pay per week (£).
GAIN_BINS = (-np.inf, 0.0, 10.0, 25.0, 50.0, 100.0, np.inf)
GAIN_LABELS = ("no gain", "up to £10", "£10 to £25", "£25 to £50", "£50 to £100", "over £100")
SHOW_TOP = 5


@dataclass
class Outcomes:
    """A scenario applied to a rota."""

    scenario: Scenario
    period: str
    periods: pd.DataFrame  # one row per worker and pay period (see outcomes_from_periods)
    workers: pd.DataFrame  # one row per worker, totals and per-week figures
    totals: dict[str, Any]
    distribution: pd.DataFrame  # bin, workers, share
    deciles: pd.DataFrame  # decile, change_per_week
    baseline: Analysis | None = None
    repaid: Analysis | None = None  # the rota re-paid under the scenario
    notes: list[str] = field(default_factory=list)

    @property
    def top_gainers(self) -> pd.DataFrame:
        return self.workers.nlargest(SHOW_TOP, "change_per_week")


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame:
        return pd.Series(0.0, index=frame.index)
    return pd.to_numeric(frame[col], errors="coerce").astype("float64")


def baseline_terms(scenario: Scenario) -> CostTerms:
    """On-cost terms for pay now: statutory sick pay and pension, with the scenario's sickness
    days and training hours, so that only the terms the scenario changes differ."""
    return CostTerms(
        sick_pay="statutory",
        ssp_rules=scenario.terms.ssp_rules,
        sick_days_per_year=scenario.terms.sick_days_per_year,
        training_hours_per_year=scenario.terms.training_hours_per_year,
    )


def outcomes_from_periods(
    now: pd.DataFrame,
    repaid: pd.DataFrame,
    scenario: Scenario,
    *,
    period: str,
    settings: EmployerCostSettings | None = None,
) -> Outcomes:
    """Compare `now` (periods as paid) with `repaid` (periods re-paid under the scenario)."""
    settings = settings or default_employer_costs()
    cost_now = employer_costs(now, period=period, terms=baseline_terms(scenario), settings=settings)
    cost_new = employer_costs(
        repaid,
        period=period,
        terms=scenario.terms,
        settings=settings,
        fallback_rate=scenario.rate_for(),
    )
    a = pd.DataFrame(
        {
            **{k: now[k] for k in KEYS},
            "role": now.get("role", pd.NA),
            "contact_hours": _num(now, "contact_hours"),
            "working_hours": _num(now, "working_hours"),
            "unpaid_hours_now": _num(now, "unpaid_working_hours"),
            "pay_now": _num(now, "gross_pay"),
            "nmw_pay_now": _num(now, "nmw_pay"),
            "true_hourly_rate_now": _num(now, "true_hourly_rate"),
            "below_nmw_now": now["below_nmw"].astype(bool) if "below_nmw" in now else False,
            "mileage_now": _num(now, "mileage_pay"),
            "employer_cost_now": cost_now["employer_cost"].to_numpy(),
        }
    )
    b = pd.DataFrame(
        {
            **{k: repaid[k] for k in KEYS},
            "working_hours_scenario": _num(repaid, "working_hours"),
            "pay_scenario": _num(repaid, "gross_pay"),
            "nmw_pay_scenario": _num(repaid, "nmw_pay"),
            "true_hourly_rate_scenario": _num(repaid, "true_hourly_rate"),
            "below_nmw_scenario": (
                repaid["below_nmw"].astype(bool) if "below_nmw" in repaid else False
            ),
            "mileage_scenario": _num(repaid, "mileage_pay"),
            "employer_cost_scenario": cost_new["employer_cost"].to_numpy(),
        }
    )
    for frame in (a, b):
        frame["worker_id"] = frame["worker_id"].astype("str")
    out = a.merge(b, on=KEYS, how="outer", sort=True)
    money = [
        "pay_now",
        "pay_scenario",
        "mileage_now",
        "mileage_scenario",
        "employer_cost_now",
        "employer_cost_scenario",
    ]
    out[money] = out[money].fillna(0.0)
    out["change"] = out["pay_scenario"] - out["pay_now"]
    out["change_pct"] = (out["change"] / out["pay_now"].where(out["pay_now"] > 0)) * 100
    out["employer_cost_change"] = out["employer_cost_scenario"] - out["employer_cost_now"]
    out = out[
        [
            *KEYS,
            "role",
            "contact_hours",
            "working_hours",
            "unpaid_hours_now",
            "pay_now",
            "pay_scenario",
            "change",
            "change_pct",
            "true_hourly_rate_now",
            "true_hourly_rate_scenario",
            "below_nmw_now",
            "below_nmw_scenario",
            "mileage_now",
            "mileage_scenario",
            "employer_cost_now",
            "employer_cost_scenario",
            "employer_cost_change",
            "nmw_pay_now",
            "nmw_pay_scenario",
            "working_hours_scenario",
        ]
    ].reset_index(drop=True)

    weeks = WEEKS[period]
    g = out.groupby("worker_id", sort=True)
    workers = g[
        [
            "contact_hours",
            "working_hours",
            "unpaid_hours_now",
            "pay_now",
            "pay_scenario",
            "change",
            "mileage_now",
            "mileage_scenario",
            "employer_cost_change",
            "nmw_pay_now",
            "nmw_pay_scenario",
            "working_hours_scenario",
        ]
    ].sum()
    workers["periods"] = g.size()
    workers["role"] = g["role"].first()
    workers["weeks"] = workers["periods"] * weeks
    workers["change_per_week"] = workers["change"] / workers["weeks"]
    workers["change_pct"] = (
        workers["change"] / workers["pay_now"].where(workers["pay_now"] > 0) * 100
    )
    workers["true_hourly_rate_now"] = workers["nmw_pay_now"] / workers["working_hours"].where(
        workers["working_hours"] > 0
    )
    workers["true_hourly_rate_scenario"] = workers["nmw_pay_scenario"] / workers[
        "working_hours_scenario"
    ].where(workers["working_hours_scenario"] > 0)
    workers = workers.reset_index()[
        [
            "worker_id",
            "role",
            "periods",
            "weeks",
            "contact_hours",
            "working_hours",
            "unpaid_hours_now",
            "pay_now",
            "pay_scenario",
            "change",
            "change_pct",
            "change_per_week",
            "true_hourly_rate_now",
            "true_hourly_rate_scenario",
            "mileage_now",
            "mileage_scenario",
            "employer_cost_change",
        ]
    ]

    bins = pd.cut(workers["change_per_week"], bins=list(GAIN_BINS), labels=list(GAIN_LABELS))
    counts = bins.value_counts(sort=False).reindex(list(GAIN_LABELS), fill_value=0)
    distribution = pd.DataFrame(
        {"change_per_week": list(GAIN_LABELS), "workers": counts.to_numpy(dtype="int64")}
    )
    distribution["share"] = distribution["workers"] / max(len(workers), 1)
    qs = np.arange(1, 10) / 10
    deciles = pd.DataFrame(
        {
            "decile": [f"{int(q * 100)}%" for q in qs],
            "change_per_week": (
                workers["change_per_week"].quantile(qs).to_numpy()
                if len(workers)
                else np.full(len(qs), np.nan)
            ),
        }
    )

    years = years_covered(now, period) if len(now) else 0.0
    ea_now = employment_allowance(float(cost_now["employer_ni"].sum()), years, settings)
    ea_new = employment_allowance(float(cost_new["employer_ni"].sum()), years, settings)
    total_weeks = years * 52
    pay_now = float(out["pay_now"].sum())
    change = float(out["change"].sum())
    cost_change = float(out["employer_cost_change"].sum()) - (ea_new - ea_now)
    totals = {
        "scenario": scenario.name,
        "workers": int(len(workers)),
        "worker_periods": int(len(out)),
        "weeks_covered": total_weeks,
        "contact_hours": float(out["contact_hours"].sum()),
        "working_hours": float(out["working_hours"].sum()),
        "unpaid_hours_now": float(out["unpaid_hours_now"].sum()),
        "pay_now": pay_now,
        "pay_scenario": float(out["pay_scenario"].sum()),
        "change": change,
        "change_pct": change / pay_now * 100 if pay_now else float("nan"),
        "change_per_week": change / total_weeks if total_weeks else float("nan"),
        "workers_gaining": int((workers["change"] > 0.005).sum()),
        "median_change_per_worker_week": float(workers["change_per_week"].median())
        if len(workers)
        else float("nan"),
        "largest_change_per_worker_week": float(workers["change_per_week"].max())
        if len(workers)
        else float("nan"),
        "periods_below_nmw_now": int(out["below_nmw_now"].fillna(False).astype(bool).sum()),
        "periods_below_nmw_scenario": int(
            out["below_nmw_scenario"].fillna(False).astype(bool).sum()
        ),
        "mileage_now": float(out["mileage_now"].sum()),
        "mileage_scenario": float(out["mileage_scenario"].sum()),
        "employer_cost_now": float(out["employer_cost_now"].sum()) - ea_now,
        "employer_cost_scenario": float(out["employer_cost_scenario"].sum()) - ea_new,
        "employer_cost_change": cost_change,
        "employer_cost_change_per_year": cost_change / total_weeks * 52 if total_weeks else 0.0,
        "employment_allowance_now": ea_now,
        "employment_allowance_scenario": ea_new,
    }
    return Outcomes(
        scenario=scenario,
        period=period,
        periods=out,
        workers=workers,
        totals=totals,
        distribution=distribution,
        deciles=deciles,
    )


def own_rates(timeline: pd.DataFrame) -> pd.DataFrame:
    """Each worker's basic contact rate now: basic contact pay ÷ contact hours (columns
    worker_id, contact_rate), from a priced timeline."""
    frame = pd.DataFrame(
        {
            "worker_id": timeline["worker_id"].astype("str"),
            "pay": _num(timeline, "contact_pay").fillna(0.0),
            "hours": _num(timeline, "contact_minutes").fillna(0.0) / 60,
        }
    )
    g = frame.groupby("worker_id", sort=True)[["pay", "hours"]].sum()
    rate = (g["pay"] / g["hours"].where(g["hours"] > 0)).rename("contact_rate")
    return rate.dropna().reset_index()


def workers_with_own_rates(workers: pd.DataFrame | None, rates: pd.DataFrame) -> pd.DataFrame:
    """The workers table with `contact_rate` set to each worker's rate now (others unchanged);
    workers missing from the table are added with their rate and no other details."""
    if workers is None or workers.empty:
        base = pd.DataFrame({"worker_id": rates["worker_id"].astype("str")})
    else:
        base = workers.copy()
        base["worker_id"] = base["worker_id"].astype("str")
        extra = rates.loc[~rates["worker_id"].isin(base["worker_id"]), ["worker_id"]]
        base = pd.concat([base, extra], ignore_index=True)
    merged = base.merge(rates, on="worker_id", how="left", suffixes=("_given", ""))
    if "contact_rate_given" in merged:
        given = pd.to_numeric(merged.pop("contact_rate_given"), errors="coerce")
        merged["contact_rate"] = merged["contact_rate"].fillna(given)
    for col in WORKER_COLUMNS:
        if col not in merged:
            merged[col] = pd.NA
    return merged


def apply_scenario(
    rota: RotaRead,
    scenario: Scenario,
    current_policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    settings: EmployerCostSettings | None = None,
    baseline: Analysis | None = None,
) -> Outcomes:
    """Apply a scenario to a rota (see the module docstring). `baseline` reuses an analysis of
    the rota as paid now (e.g. when comparing several scenarios)."""
    kw = {"period": period, "period_anchor": period_anchor, "as_of": as_of}
    workers = workers if workers is not None else rota.workers
    if baseline is None:
        baseline = analyse(rota, current_policy, workers=workers, use_rota_pay=True, **kw)
    policy = scenario.policy
    if not scenario.sets_rules:
        policy = replace(policy, rules=current_policy.rules)
    repay_workers = workers_with_own_rates(workers, own_rates(baseline.timeline))
    repaid = analyse(rota, policy, workers=repay_workers, use_rota_pay=False, **kw)
    result = outcomes_from_periods(
        baseline.periods, repaid.periods, scenario, period=period, settings=settings
    )
    result.baseline = baseline
    result.repaid = repaid
    if scenario.min_visit_minutes > 0:
        tl = baseline.timeline
        short = int(
            (
                (_num(tl, "contact_minutes") > 0)
                & (_num(tl, "contact_minutes") < scenario.min_visit_minutes)
            ).sum()
        )
        result.totals["visits_shorter_than_allowed"] = short
        if short:
            result.notes.append(
                f"{short} visit(s) in the rota are shorter than the {scenario.min_visit_minutes:g} "
                "minutes this scenario allows; the pay shown is for the rota as it is"
            )
    result.notes.append(
        "Each worker keeps their own rate now where it is above the scenario's floor; premiums "
        "and mileage are paid on the scenario's terms."
    )
    return result
