"""The fee per contact hour that funds a pay scenario, built up as the Homecare Association's
Minimum Price for Homecare is (payfair rules §7), two ways:

(a) `fee_from_rota`: measured from a rota re-paid under the scenario (paid hours, miles and each
    worker's earnings per contact hour, from the data);
(b) `fee_from_assumptions`: from assumptions alone (visit length, travel and waiting per visit,
    miles per visit, contact hours per worker a week, ...), as the published models do.

`assumptions_from_rota` measures (b)'s inputs from a rota, so the two can be shown to agree.
Running the business is `running_costs_per_contact_hour` (£) plus `running_costs_share` of the fee;
the surplus is `surplus_share` of the fee: fee = (direct costs + £ running) ÷ (1 − share − surplus).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from payfair.costing.employer_costs import (
    EmployerCostSettings,
    default_employer_costs,
    employer_costs,
    employment_allowance,
    period_weeks,
    years_covered,
)
from payfair.costing.scenario import Assumptions, Scenario
from payfair.errors import RotaError

#: Cost lines in the order the published models show them: (key, label, what it means).
LINES: tuple[tuple[str, str, str], ...] = (
    ("contact_pay", "Care worker pay for contact time", "pay for time in clients' homes"),
    (
        "travel_waiting_pay",
        "Pay for travel and waiting time",
        "pay for travel between visits and short waits (working time in law)",
    ),
    (
        "other_working_pay",
        "Pay for training and office time in the rota",
        "training, supervision and office time the rota records",
    ),
    ("mileage", "Mileage", "expense payments for business miles"),
    (
        "employer_ni",
        "Employer National Insurance",
        "15% above the secondary threshold, less any Employment Allowance",
    ),
    ("pension", "Employer pension", "automatic-enrolment contribution on qualifying earnings"),
    ("holiday", "Holiday pay", "5.6 weeks a year: 12.07% of pay for hours worked"),
    ("sick_pay", "Sick pay", "statutory or occupational sick pay for expected sickness days"),
    ("training", "Training time", "paid training hours a year not already in the rota"),
    (
        "running_business",
        "Running the business",
        "office staff, registration, insurance, systems, premises, recruitment",
    ),
    ("surplus", "Surplus", "margin for investment and resilience"),
    ("total", "Fee per contact hour", "what a commissioner must pay per contact hour"),
)
LINE_KEYS = tuple(k for k, _, _ in LINES)
DIRECT_LINES = LINE_KEYS[:9]
VISIT_LENGTHS = (15, 30, 45, 60)


@dataclass
class FeeResult:
    """A fee per contact hour and how it is built up."""

    scenario: str
    mode: str  # "rota" or "assumptions"
    breakdown: pd.DataFrame  # line, item, per_contact_hour, share_of_fee, total, meaning
    inputs: Assumptions  # the assumptions used (given, or measured from the rota)
    visit_lengths: pd.DataFrame  # visit_minutes, travel_minutes_per_contact_hour, fee_per_hour, ...
    contact_hours: float  # contact hours the totals cover (a week for one worker in mode b)
    budget: dict[str, float] | None = None
    per_worker: pd.DataFrame | None = None  # employer costs per worker and period (mode a)
    notes: list[str] = field(default_factory=list)

    @property
    def fee(self) -> float:
        return float(self.breakdown.set_index("line").at["total", "per_contact_hour"])

    def line(self, key: str) -> float:
        return float(self.breakdown.set_index("line").at[key, "per_contact_hour"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "mode": self.mode,
            "fee_per_contact_hour": round(self.fee, 2),
            "breakdown": {
                r["line"]: round(float(r["per_contact_hour"]), 4)
                for r in self.breakdown.to_dict("records")
            },
            "inputs": {k: v for k, v in vars(self.inputs).items()},
            "visit_lengths": self.visit_lengths.round(4).to_dict("records"),
            "contact_hours": self.contact_hours,
            "budget": self.budget,
            "notes": self.notes,
        }


def _breakdown(
    direct_totals: dict[str, float], contact_hours: float, a: Assumptions
) -> pd.DataFrame:
    """Per-contact-hour lines from direct-cost totals, plus running costs, surplus and total."""
    if contact_hours <= 0:
        raise RotaError("no contact hours to price", fix="the rota needs completed visits")
    per_hour = {k: direct_totals.get(k, 0.0) / contact_hours for k in DIRECT_LINES}
    direct = sum(per_hour.values())
    keep = 1.0 - a.running_costs_share - a.surplus_share
    if keep <= 0:
        raise RotaError(
            "running costs share plus surplus share must be below 100% of the fee",
            fix="check [assumptions] running_costs_share and surplus_share",
        )
    fee = (direct + a.running_costs_per_contact_hour) / keep
    per_hour["running_business"] = a.running_costs_per_contact_hour + a.running_costs_share * fee
    per_hour["surplus"] = a.surplus_share * fee
    per_hour["total"] = fee
    out = pd.DataFrame(
        {
            "line": list(LINE_KEYS),
            "item": [label for _, label, _ in LINES],
            "per_contact_hour": [per_hour[k] for k in LINE_KEYS],
        }
    )
    out["share_of_fee"] = out["per_contact_hour"] / fee
    out["total"] = out["per_contact_hour"] * contact_hours
    out["meaning"] = [m for _, _, m in LINES]
    return out


#: Each event's own basic pay, by kind of time (payfair.pay.event_pay columns).
EVENT_PAY_COLUMNS = ("contact_pay", "travel_pay", "waiting_pay", "other_pay")


def event_pay_totals(timeline: pd.DataFrame | None) -> dict[str, float] | None:
    """Totals of each event's own contact, travel, waiting and other pay over the events that
    fall in a pay period (the timeline of an analysis), or None when the timeline lacks them."""
    if timeline is None or not set(EVENT_PAY_COLUMNS) <= set(timeline.columns):
        return None
    used = timeline
    if "period_start" in timeline:
        used = timeline[timeline["period_start"].notna()]
    return {
        c: float(pd.to_numeric(used[c], errors="coerce").fillna(0.0).sum())
        for c in EVENT_PAY_COLUMNS
    }


def _cost_lines(
    periods: pd.DataFrame, costs: pd.DataFrame, event_pay: dict[str, float] | None = None
) -> tuple[dict[str, float], str | None]:
    """Totals of the direct cost lines from periods and their employer costs (before EA), and a
    note when the pay lines had to be estimated.

    The pay lines are each event's own pay (issue: a scenario with unpaid travel must show no
    travel pay): `event_pay` totals from the timeline, or the periods' own `contact_pay`,
    `travel_pay`, `waiting_pay`, `other_pay` columns. Premiums and allowances go with contact
    time. Only when neither is available is basic pay split in proportion to hours (exact when
    all working time is paid at one rate), and the note says so."""

    def col(name: str) -> np.ndarray:
        if name not in periods:
            return np.zeros(len(periods))
        return pd.to_numeric(periods[name], errors="coerce").fillna(0.0).to_numpy(dtype="float64")

    premium, allowance = col("premium_pay"), col("allowance_pay")
    extra = float(np.sum(premium + allowance))
    note = None
    if event_pay is None and set(EVENT_PAY_COLUMNS) <= set(periods.columns):
        event_pay = {c: float(np.sum(col(c))) for c in EVENT_PAY_COLUMNS}
    if event_pay is not None:
        pay = {
            "contact_pay": event_pay["contact_pay"] + extra,
            "travel_waiting_pay": event_pay["travel_pay"] + event_pay["waiting_pay"],
            "other_working_pay": event_pay["other_pay"],
        }
    else:
        basic = costs["gross_pay"].to_numpy(dtype="float64") - premium - allowance
        contact = col("contact_hours")
        travel_wait = col("travel_hours") + col("waiting_hours")
        other = col("other_hours")
        work = contact + travel_wait + other
        share = np.divide(1.0, work, out=np.zeros_like(work), where=work > 0)
        pay = {
            "contact_pay": float(np.sum(basic * contact * share)) + extra,
            "travel_waiting_pay": float(np.sum(basic * travel_wait * share)),
            "other_working_pay": float(np.sum(basic * other * share)),
        }
        note = (
            "Pay is split between contact, travel and waiting, and other time in proportion "
            "to hours (the events' own pay was not available): exact only when all working "
            "time is paid at one rate"
        )
    return {
        **pay,
        "mileage": float(costs["mileage_pay"].sum()),
        "employer_ni": float(costs["employer_ni"].sum()),
        "pension": float(costs["pension"].sum()),
        "holiday": float(costs["holiday_pay"].sum()),
        "sick_pay": float(costs["sick_pay"].sum()),
        "training": float(costs["training_pay"].sum()),
    }, note


def fee_from_rota(
    periods: pd.DataFrame,
    scenario: Scenario,
    *,
    period: str,
    timeline: pd.DataFrame | None = None,
    settings: EmployerCostSettings | None = None,
    current_fee: float | None = None,
    hours_per_week: float | None = None,
    with_visit_lengths: bool = True,
) -> FeeResult:
    """Mode (a): the fee per contact hour measured from `periods` (Analysis.periods of the rota
    re-paid under the scenario, `use_rota_pay=False`)."""
    settings = settings or default_employer_costs()
    costs = employer_costs(
        periods,
        period=period,
        terms=scenario.terms,
        settings=settings,
        fallback_rate=scenario.rate_for(),
    )
    totals, split_note = _cost_lines(periods, costs, event_pay_totals(timeline))
    years = years_covered(periods, period)
    ea = employment_allowance(totals["employer_ni"], years, settings)
    totals["employer_ni"] -= ea
    contact_hours = float(pd.to_numeric(periods["contact_hours"]).sum())
    measured = assumptions_from_rota(
        periods, period=period, timeline=timeline, base=scenario.assumptions, settings=settings
    )
    a = scenario.assumptions
    result = FeeResult(
        scenario=scenario.name,
        mode="rota",
        breakdown=_breakdown(totals, contact_hours, a),
        inputs=measured,
        visit_lengths=(
            visit_length_table(scenario, measured, settings=settings)
            if with_visit_lengths
            else pd.DataFrame()
        ),
        contact_hours=contact_hours,
        per_worker=costs,
        notes=[
            f"Employment Allowance £{ea:,.2f} set against employer NI "
            f"over {years:.2f} years of pay",
            *([split_note] if split_note else []),
        ],
    )
    if current_fee is not None and hours_per_week:
        result.budget = budget_impact(result.fee, current_fee, hours_per_week)
    return result


def fee_from_assumptions(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    *,
    settings: EmployerCostSettings | None = None,
    current_fee: float | None = None,
    hours_per_week: float | None = None,
    with_visit_lengths: bool = True,
) -> FeeResult:
    """Mode (b): the fee per contact hour from assumptions alone, for one typical worker-week.

    Minutes of travel per contact hour = (60 ÷ average visit minutes) × travel minutes per visit
    (DHSC Fair Cost of Care, payfair rules §7); waiting and miles likewise."""
    a = assumptions or scenario.assumptions
    settings = settings or default_employer_costs()
    if a.average_visit_minutes <= 0 or a.contact_hours_per_worker_week <= 0:
        raise RotaError(
            "average visit minutes and contact hours per worker a week must be above 0",
            file=scenario.path or None,
        )
    visits_per_hour = 60.0 / a.average_visit_minutes
    travel_h = visits_per_hour * a.travel_minutes_per_visit / 60.0
    waiting_h = visits_per_hour * a.waiting_minutes_per_visit / 60.0
    miles = visits_per_hour * a.miles_per_visit
    rate = scenario.rate_for(a.role, a.contact_rate)
    travel_rate = _time_rate(scenario, "travel", a, rate)
    waiting_rate = _time_rate(scenario, "waiting", a, rate)
    hours = a.contact_hours_per_worker_week
    other_h = a.other_minutes_per_contact_hour / 60.0
    premium = hours * a.premium_per_contact_hour
    contact_pay = hours * rate
    tw_pay = hours * (travel_h * travel_rate + waiting_h * waiting_rate)
    other_pay = hours * other_h * rate
    paid_hours = hours * (
        1 + travel_h * (travel_rate > 0) + waiting_h * (waiting_rate > 0) + other_h * (rate > 0)
    )
    week = pd.DataFrame(
        {
            "worker_id": ["typical worker"],
            "period_start": [pd.Timestamp("2025-04-07")],
            "period_end": [pd.Timestamp("2025-04-13")],
            "contact_hours": [hours],
            "travel_hours": [hours * travel_h],
            "waiting_hours": [hours * waiting_h],
            "other_hours": [hours * other_h],
            "paid_hours": [paid_hours],
            "gross_pay": [contact_pay + tw_pay + other_pay + premium],
            "contact_pay": [contact_pay],
            "travel_pay": [hours * travel_h * travel_rate],
            "waiting_pay": [hours * waiting_h * waiting_rate],
            "other_pay": [other_pay],
            "premium_pay": [premium],
            "allowance_pay": [0.0],
            "mileage_pay": [hours * miles * scenario.policy.mileage_rate],
            "age": [np.nan],
        }
    )
    costs = employer_costs(
        week, period="weekly", terms=scenario.terms, settings=settings, fallback_rate=rate
    )
    totals, _ = _cost_lines(week, costs)
    if a.employer_contact_hours_per_year > 0 and settings.apply_employment_allowance:
        ea_per_hour = settings.employment_allowance / a.employer_contact_hours_per_year
        totals["employer_ni"] -= min(totals["employer_ni"], ea_per_hour * hours)
    result = FeeResult(
        scenario=scenario.name,
        mode="assumptions",
        breakdown=_breakdown(totals, hours, a),
        inputs=a,
        visit_lengths=(
            visit_length_table(scenario, a, settings=settings)
            if with_visit_lengths
            else pd.DataFrame()
        ),
        contact_hours=hours,
        per_worker=costs,
    )
    if current_fee is not None and hours_per_week:
        result.budget = budget_impact(result.fee, current_fee, hours_per_week)
    return result


def _time_rate(scenario: Scenario, which: str, a: Assumptions, rate: float) -> float:
    if getattr(scenario.policy, f"{which}_rate") == "contact":
        return rate
    return scenario.time_rate(which, a.role)


def visit_length_table(
    scenario: Scenario,
    assumptions: Assumptions,
    *,
    settings: EmployerCostSettings | None = None,
    lengths: tuple[int, ...] = VISIT_LENGTHS,
) -> pd.DataFrame:
    """Fee per contact hour and per visit at each visit length, keeping the travel, waiting and
    miles per visit: shorter visits cost more per hour because travel is a larger share."""
    rows = []
    for minutes in lengths:  # a handful of visit lengths, not rows of data
        a = assumptions.with_changes(average_visit_minutes=float(minutes))
        fee = fee_from_assumptions(scenario, a, settings=settings, with_visit_lengths=False).fee
        rows.append(
            {
                "visit_minutes": minutes,
                "travel_minutes_per_contact_hour": 60.0 / minutes * a.travel_minutes_per_visit,
                "fee_per_hour": fee,
                "fee_per_visit": fee * minutes / 60.0,
                "allowed": minutes >= scenario.min_visit_minutes,
            }
        )
    return pd.DataFrame(rows)


def budget_impact(fee_needed: float, current_fee: float, hours_per_week: float) -> dict[str, float]:
    """(fee needed − current fee) × commissioned hours a week × 52."""
    gap = fee_needed - current_fee
    return {
        "fee_needed": fee_needed,
        "current_fee": current_fee,
        "gap_per_hour": gap,
        "hours_per_week": hours_per_week,
        "per_week": gap * hours_per_week,
        "per_year": gap * hours_per_week * 52,
    }


def assumptions_from_rota(
    periods: pd.DataFrame,
    *,
    period: str,
    timeline: pd.DataFrame | None = None,
    base: Assumptions | None = None,
    settings: EmployerCostSettings | None = None,
) -> Assumptions:
    """Measure the assumption-mode inputs from a rota's periods (and timeline, for the number of
    visits; without it every event in `periods["events"]` is taken to be a visit)."""
    base = base or Assumptions()
    settings = settings or default_employer_costs()

    def total(col: str) -> float:
        return (
            float(pd.to_numeric(periods[col], errors="coerce").fillna(0).sum())
            if col in periods
            else 0.0
        )

    if timeline is not None and len(timeline):
        visits = int((pd.to_numeric(timeline["contact_minutes"]).fillna(0) > 0).sum())
    else:
        visits = int(total("events"))
    contact = total("contact_hours")
    if visits <= 0 or contact <= 0:
        raise RotaError("the rota has no completed visits to measure", fix="check the rota")
    worker_weeks = float(period_weeks(periods, period).sum())  # covered weeks, not the PRPs' span
    basic = total("gross_pay") - total("premium_pay") - total("allowance_pay")
    years = years_covered(periods, period)
    return base.with_changes(
        average_visit_minutes=contact * 60 / visits,
        travel_minutes_per_visit=total("travel_hours") * 60 / visits,
        waiting_minutes_per_visit=total("waiting_hours") * 60 / visits,
        miles_per_visit=total("business_miles") / visits,
        contact_hours_per_worker_week=contact / worker_weeks,
        contact_rate=basic / total("paid_hours") if total("paid_hours") > 0 else None,
        other_minutes_per_contact_hour=total("other_hours") * 60 / contact,
        premium_per_contact_hour=(total("premium_pay") + total("allowance_pay")) / contact,
        employer_contact_hours_per_year=(
            contact / years if settings.apply_employment_allowance and years > 0 else 0.0
        ),
    )
