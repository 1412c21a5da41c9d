"""What a pay scenario means for each worker: pay now, pay under the scenario, the change, the new
true hourly rate; totals; who gains most; how the gains are spread (payfair rules §8).

`apply_scenario(rota, scenario, current_policy, ...)` runs the engine twice: once as the rota is
paid now (`use_rota_pay=True`), once re-paid under the scenario's policy. Each worker keeps their
own rate when it is above the scenario's floor: their rate now becomes their `contact_rate` in
the re-pay, and the scenario's `role_floor` (then its uplift) lifts it.

A worker's own rate (`own_rates`) is contact pay over contact hours, from completed visits only:
paid cancellations (pay for no hours) are left out, and when the rota's pay for a visit also
covers the journey to it (docs/ARCHITECTURE.md: `pay` includes pay for the journey), the travel
part is taken out. Per worker, visit pay p = r_contact × contact hours + r_travel × travel and
waiting hours is solved by least squares (two sums of products per worker, no loop) when travel
varies from visit to visit; otherwise the current pay policy says whether travel is paid.
The hours the rota's pay covered (`paid_hours`, `unpaid_working_hours`, `paid_time_rate` now)
follow from the same answer: travel and waiting are paid hours when the worker's travel rate
is above zero.

Paid cancellations keep their rota pay in every scenario's re-pay (a term outside the pay
rates). Annual figures are annualised from the dates the rota covers (`covered_days`), never
from the span of the pay periods, and pay now is costed with the same terms in every scenario
(`employer_costs.now_terms`). `outcomes_from_periods` is the pure part, on two
`Analysis.periods` tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from payfair.analysis import Analysis, analyse
from payfair.costing.employer_costs import (
    CostTerms,
    EmployerCostSettings,
    default_employer_costs,
    employer_costs,
    employment_allowance,
    now_terms,
    period_weeks,
    rota_dates,
    with_covered_days,
    years_covered,
)
from payfair.costing.scenario import Scenario
from payfair.pay import worker_lookup
from payfair.policy import AT_CONTACT_RATE, PayPolicy
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


def _flag(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame:
        return pd.Series(False, index=frame.index)
    return frame[col].astype("boolean").fillna(False).astype(bool)


def baseline_terms(
    periods: pd.DataFrame, settings: EmployerCostSettings, last_day: pd.Timestamp | None = None
) -> CostTerms:
    """On-cost terms for pay now: the same for every scenario ([pay_now] in
    rates/employer_costs.toml, statutory sick pay under the rules in force on the rota's last
    day, else at the start of its last pay period)."""
    if last_day is None and len(periods):
        last_day = pd.to_datetime(periods["period_start"]).max()
    return now_terms(settings, last_day)


def outcomes_from_periods(
    now: pd.DataFrame,
    repaid: pd.DataFrame,
    scenario: Scenario,
    *,
    period: str,
    settings: EmployerCostSettings | None = None,
    last_day: pd.Timestamp | None = None,
) -> Outcomes:
    """Compare `now` (periods as paid) with `repaid` (periods re-paid under the scenario).
    `last_day`: the rota's last day, for the sick pay rules of pay now."""
    settings = settings or default_employer_costs()
    terms_now = baseline_terms(now, settings, last_day)
    cost_now = employer_costs(now, period=period, terms=terms_now, settings=settings)
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
            "paid_hours_now": _num(now, "paid_hours"),
            "unpaid_hours_now": _num(now, "unpaid_working_hours"),
            "paid_time_rate_now": _num(now, "paid_time_rate"),
            "weeks": period_weeks(now, period).to_numpy(),
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
            "paid_hours_now",
            "unpaid_hours_now",
            "paid_time_rate_now",
            "weeks",
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

    g = out.groupby("worker_id", sort=True)
    workers = g[
        [
            "weeks",
            "contact_hours",
            "working_hours",
            "paid_hours_now",
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
            "paid_hours_now",
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
        "paid_hours_now": float(out["paid_hours_now"].sum()),
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
        "now_terms": (
            f"statutory sick pay ({terms_now.ssp_rules} rules) for "
            f"{terms_now.sick_days_per_year:g} sickness days a worker a year and "
            f"{terms_now.training_hours_per_year:g} hours of paid training a year"
        ),
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


#: Travel must not be nearly proportional to contact time for the two-rate fit: 1 − r² above this.
_SPREAD = 0.01


def own_rates(timeline: pd.DataFrame, policy: PayPolicy | None = None) -> pd.DataFrame:
    """Each worker's contact rate now and whether their pay now covers travel and waiting.

    Columns: worker_id, contact_rate (£/h), travel_rate (£/h the rota pays for travel and
    waiting, 0 = unpaid), method (how it was worked out, for notes). From completed visits with
    contact time only: a paid cancellation is pay for no hours and says nothing about the rate.
    Policy-priced visits (no rota pay) count with their contact pay alone (travel paid apart)."""
    policy = policy or PayPolicy()
    tl = timeline
    cancelled = (
        tl["status"].astype("str").str.lower().eq("cancelled").to_numpy()
        if "status" in tl
        else np.zeros(len(tl), dtype=bool)
    )
    contact = _num(tl, "contact_minutes").fillna(0.0).to_numpy() / 60
    use = (contact > 0) & ~cancelled
    rota_paid = (~_num(tl, "pay").isna()).to_numpy() if "pay" in tl else np.zeros(len(tl), bool)
    between = (
        _num(tl, "travel_counted_minutes").fillna(0.0) + _num(tl, "waiting_minutes").fillna(0.0)
    ).to_numpy() / 60
    c = np.where(use, contact, 0.0)
    t = np.where(use & rota_paid, between, 0.0)
    p = np.where(use, _num(tl, "contact_pay").fillna(0.0).to_numpy(), 0.0)
    frame = pd.DataFrame(
        {
            "worker_id": tl["worker_id"].astype("str").to_numpy(),
            "c": c,
            "t": t,
            "p": p,
            "cc": c * c,
            "ct": c * t,
            "tt": t * t,
            "pc": p * c,
            "pt": p * t,
        }
    )
    g = frame.groupby("worker_id", sort=True).sum()
    det = g["cc"] * g["tt"] - g["ct"] ** 2
    spread = det / (g["cc"] * g["tt"]).where(g["cc"] * g["tt"] > 0)
    fit = spread > _SPREAD
    with np.errstate(divide="ignore", invalid="ignore"):
        rc_fit = (g["pc"] * g["tt"] - g["pt"] * g["ct"]) / det
        rt_fit = (g["pt"] * g["cc"] - g["pc"] * g["ct"]) / det
    fit &= (rc_fit > 0) & (rt_fit > -0.01)
    # Otherwise the current policy says whether the rota's pay covers travel and waiting.
    travel_paid = policy.travel_rate == AT_CONTACT_RATE or (
        not isinstance(policy.travel_rate, str) and float(policy.travel_rate or 0) > 0
    )
    if policy.travel_rate == AT_CONTACT_RATE:
        rc_pol = g["p"] / (g["c"] + g["t"]).where(g["c"] > 0)
        rt_pol = rc_pol
    elif travel_paid:
        fixed = float(policy.travel_rate)
        rc_pol = (g["p"] - fixed * g["t"]) / g["c"].where(g["c"] > 0)
        rt_pol = pd.Series(fixed, index=g.index).where(g["t"] > 0, 0.0)
    else:
        rc_pol = g["p"] / g["c"].where(g["c"] > 0)
        rt_pol = pd.Series(0.0, index=g.index)
    no_travel = g["t"] <= 0
    out = pd.DataFrame(
        {
            "contact_rate": rc_fit.where(fit, rc_pol),
            "travel_rate": rt_fit.clip(lower=0.0).where(fit, rt_pol).where(~no_travel, 0.0),
            "method": np.where(
                no_travel, "contact pay ÷ contact hours", np.where(fit, "fitted", "policy")
            ),
        }
    )
    out.loc[out["travel_rate"] < 0.005, "travel_rate"] = 0.0
    out = out[out["contact_rate"] > 0].dropna(subset=["contact_rate"])
    return out.reset_index()


def paid_hours_now(
    periods: pd.DataFrame, timeline: pd.DataFrame, rates: pd.DataFrame
) -> pd.DataFrame:
    """`periods` with `paid_hours`, `unpaid_working_hours` and `paid_time_rate` from what the
    rota's pay was for: travel and waiting before a rota-paid visit are paid hours when the
    worker's rota pay covers travel (`own_rates` travel_rate > 0), not only its contact time."""
    if periods.empty or timeline.empty or "pay" not in timeline:
        return periods
    covers = (
        pd.to_numeric(worker_lookup(timeline["worker_id"], rates, "travel_rate"), errors="coerce")
        .fillna(0.0)
        .to_numpy()
        > 0
    )
    pay = _num(timeline, "pay").to_numpy()
    cancelled = (
        timeline["status"].astype("str").str.lower().eq("cancelled").to_numpy()
        if "status" in timeline
        else np.zeros(len(timeline), bool)
    )
    between = (
        _num(timeline, "travel_counted_minutes").fillna(0.0)
        + _num(timeline, "waiting_minutes").fillna(0.0)
    ).to_numpy() / 60
    extra = np.where(covers & (pay > 0) & ~cancelled, between, 0.0)
    if not extra.any():
        return periods
    add = (
        pd.DataFrame(
            {
                "worker_id": timeline["worker_id"].astype("str").to_numpy(),
                "period_start": timeline["period_start"].to_numpy(),
                "extra": extra,
            }
        )
        .groupby(["worker_id", "period_start"], sort=False)["extra"]
        .sum()
    )
    out = periods.copy()
    key = pd.MultiIndex.from_arrays([out["worker_id"].astype("str"), out["period_start"]])
    more = add.reindex(key).fillna(0.0).to_numpy()
    paid = (_num(out, "paid_hours").fillna(0.0) + more).clip(upper=_num(out, "working_hours"))
    out["paid_hours"] = paid
    out["unpaid_working_hours"] = (_num(out, "working_hours") - paid).clip(lower=0.0)
    out["paid_time_rate"] = _num(out, "gross_pay") / paid.where(paid > 0)
    return out


def _with_worker_details(periods: pd.DataFrame, workers: pd.DataFrame | None) -> pd.DataFrame:
    """`apprentice` and `apprenticeship_start` from the workers table (for the NI relief for
    apprentices under 25)."""
    if workers is None or periods.empty:
        return periods
    out = periods.copy()
    for col in ("apprentice", "apprenticeship_start"):
        if col in workers:
            out[col] = worker_lookup(out["worker_id"].astype("str"), workers, col).to_numpy()
    return out


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


def rota_dates_last(timeline: pd.DataFrame) -> pd.Timestamp | None:
    """The local date of the rota's last event."""
    start = pd.to_datetime(timeline["start"])
    if isinstance(start.dtype, pd.DatetimeTZDtype):
        start = start.dt.tz_convert("Europe/London").dt.tz_localize(None)
    return start.max().normalize() if len(start) else None


def repay_events(events: pd.DataFrame) -> pd.DataFrame:
    """The rota's events for a re-pay: every completed event priced by the scenario (pay,
    premium and mileage blanked), paid cancellations keeping the pay the rota gives them."""
    out = events.copy()
    cancelled = (
        out["status"].astype("str").str.lower().eq("cancelled")
        if "status" in out
        else pd.Series(False, index=out.index)
    )
    for col in ("pay", "premium_pay", "mileage_pay"):
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce").where(cancelled)
    return out


@dataclass
class RepayPlan:
    """What the re-pay of a rota needs (the per-worker part of `apply_scenario`, so that the
    Dask engine runs it per partition of workers and gets the same figures)."""

    now: pd.DataFrame  # periods as paid now, paid hours from what the rota paid for
    events: pd.DataFrame  # the events to re-pay (paid cancellations keep their pay)
    workers: pd.DataFrame  # the workers table with each worker's own rate now
    rates: pd.DataFrame  # own_rates: contact_rate, travel_rate, method per worker


def plan_repay(
    events: pd.DataFrame,
    timeline: pd.DataFrame,
    periods: pd.DataFrame,
    workers: pd.DataFrame | None,
    current_policy: PayPolicy,
) -> RepayPlan:
    """From the rota as paid now (its events, priced timeline and periods): own rates, paid
    hours now, and the events and workers table for the re-pay."""
    rates = own_rates(timeline, current_policy)
    return RepayPlan(
        now=paid_hours_now(periods, timeline, rates),
        events=repay_events(events),
        workers=workers_with_own_rates(workers, rates[["worker_id", "contact_rate"]]),
        rates=rates,
    )


def repay_policy(scenario: Scenario, current_policy: PayPolicy) -> PayPolicy:
    """The scenario's pay policy, with the current working-time rules unless it sets its own."""
    if scenario.sets_rules:
        return scenario.policy
    return replace(scenario.policy, rules=current_policy.rules)


def finish_outcomes(
    now: pd.DataFrame,
    repaid_periods: pd.DataFrame,
    scenario: Scenario,
    *,
    period: str,
    settings: EmployerCostSettings | None,
    workers: pd.DataFrame | None,
    baseline_timeline: pd.DataFrame,
    repaid_timeline: pd.DataFrame,
    rates: pd.DataFrame,
) -> tuple[Outcomes, pd.DataFrame]:
    """The across-workers part of `apply_scenario`: annualised from the rota's dates, costed,
    with the notes. Returns the outcomes and the re-paid periods with `covered_days` (for
    fee_rate.fee_from_rota). The timelines need only worker_id, start, contact_minutes,
    contact_pay and flag_cancelled_paid."""
    dates = rota_dates(baseline_timeline)
    now = _with_worker_details(with_covered_days(now, dates), workers)
    later = _with_worker_details(with_covered_days(repaid_periods, dates), workers)
    result = outcomes_from_periods(
        now,
        later,
        scenario,
        period=period,
        settings=settings,
        last_day=None if dates is None else rota_dates_last(baseline_timeline),
    )
    if dates is not None:
        result.totals["rota_first_day"] = dates[0].date().isoformat()
        result.totals["rota_last_day"] = dates[1].date().isoformat()
        result.notes.append(
            f"Annual figures are scaled from the dates the rota covers ({dates[0]:%d %b %Y} to "
            f"{dates[1]:%d %b %Y}, {result.totals['weeks_covered']:.1f} weeks), whatever the "
            "pay period."
        )
    if scenario.defaults_used:
        result.notes.append(
            "Not set in the scenario file, so payfair used: " + "; ".join(scenario.defaults_used)
        )
    if scenario.uplift_per_hour or scenario.uplift_percent:
        rise = (
            f"£{scenario.uplift_per_hour:.2f} an hour"
            if scenario.uplift_per_hour
            else f"{scenario.uplift_percent:g}%"
        )
        result.notes.append(f"Each worker's own rate now is raised by {rise}, then floored.")
    result.notes.append(
        "Employer cost now assumes " + result.totals["now_terms"] + " (the same in every "
        "scenario; rates/employer_costs.toml [pay_now])."
    )
    cancelled_pay = float(
        _num(repaid_timeline, "contact_pay")
        .where(_flag(repaid_timeline, "flag_cancelled_paid"))
        .sum()
    )
    if cancelled_pay:
        result.totals["cancellation_pay"] = cancelled_pay
        result.notes.append(
            f"Paid cancellations (£{cancelled_pay:,.2f}) are paid as the rota pays them now, in "
            "every scenario."
        )
    fitted = int((rates["travel_rate"] > 0).sum())
    if fitted:
        result.notes.append(
            f"{fitted} worker(s)' rota pay covers travel or waiting time: their own rate is "
            "their contact pay ÷ contact hours with the travel pay taken out, and that time "
            "counts as paid now."
        )
    if scenario.min_visit_minutes > 0:
        tl = baseline_timeline
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
    return result, later


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
    plan = plan_repay(rota.events, baseline.timeline, baseline.periods, workers, current_policy)
    repaid = analyse(
        replace(rota, events=plan.events),
        repay_policy(scenario, current_policy),
        workers=scenario.uplifted(plan.workers),
        use_rota_pay=True,
        **kw,
    )
    result, repaid.periods = finish_outcomes(
        plan.now,
        repaid.periods,
        scenario,
        period=period,
        settings=settings,
        workers=workers,
        baseline_timeline=baseline.timeline,
        repaid_timeline=repaid.timeline,
        rates=plan.rates,
    )
    result.baseline = baseline
    result.repaid = repaid
    return result
