"""The inverse questions (payfair rules §7), solved exactly:

(a) **What pay does this fee fund?** Given a fee per contact hour and a costing model, the
    highest hourly pay for all working time (contact, travel, waiting, training) the fee can fund,
    and whether that reaches the National Living Wage for the year.
(b) **What floor does this budget buy?** Given an extra budget a year, the contact hours it pays
    for and the pay now, the pay floor it funds: the fee rises by budget ÷ (hours a week × 52),
    and (a) is solved for that fee.

How it is exact. The fee is piecewise linear in the pay rate p: gross pay and training are
proportional to p; holiday pay is a share of them; statutory sick pay is capped (a kink) and
nothing below the lower earnings limit (a step); employer NI is a share of earnings above the
secondary threshold (a kink), less any Employment Allowance (a kink where it is used up); pension
is a share of earnings between the lower and upper qualifying limits (kinks), only above the
automatic-enrolment trigger (a step). `_knots` finds every p where one of these thresholds is
met, each solved on a linear piece of the forward calculation itself; between two knots the fee is
a straight line, read off the forward calculation at two points inside the piece, and inverted
there. No search over pay rates: the answer is checked by plugging it back in.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from payfair.costing.assumptions import CostingModel, model_settings, pay_scenario, price
from payfair.costing.equivalents import PayRate, national_living_wage
from payfair.errors import RotaError

#: Highest pay rate considered (£ an hour): far above any care worker's rate.
MAX_PAY = 500.0


@dataclass(frozen=True)
class Forward:
    """The forward calculation at pay p for one model: the fee, and the typical worker-week's
    base pay (gross + training), earnings and employer NI, all from payfair.costing.fee_rate."""

    model: CostingModel

    def result(self, p: float):
        return price(self.model, pay_scenario(p, self.model), visit_lengths=False)

    def fee(self, p: float) -> float:
        return self.result(p).fee

    def knots(self) -> dict[float, str]:
        return _knots(self)

    def week(self, p: float) -> dict[str, float]:
        row = self.result(p).per_worker.iloc[0]
        return {
            "base": float(row["gross_pay"] + row["training_pay"]),
            "earnings": float(row["earnings"]),
            "employer_ni": float(row["employer_ni"]),
        }


def _line(f, lo: float, hi: float) -> tuple[float, float]:
    """(intercept, slope) of f on the open piece (lo, hi), where f is linear: read at two
    interior points, so a step at either end does not matter."""
    a, b = lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3
    fa, fb = f(a), f(b)
    slope = (fb - fa) / (b - a)
    return fa - slope * a, slope


def _crossings(f, knots: list[float], targets: dict[str, float]) -> dict[float, str]:
    """Where f (linear between `knots`) meets each target: p → which threshold."""
    out: dict[float, str] = {}
    for lo, hi in zip(knots[:-1], knots[1:], strict=True):  # a handful of pieces
        c, m = _line(f, lo, hi)
        if m <= 0:
            continue
        for name, t in targets.items():
            p = (t - c) / m
            if lo < p < hi:
                out[p] = name
    return out


def _knots(fwd: Forward) -> dict[float, str]:
    """Every pay rate where the fee changes slope or steps, with the threshold's name."""
    s = model_settings(fwd.model)
    scenario = pay_scenario(1.0, fwd.model)
    alpha = fwd.week(1.0)["base"] - fwd.week(0.0)["base"]  # base pay per £1 of pay rate
    offset = fwd.week(0.0)["base"]
    knots: dict[float, str] = {0.0: "no pay", MAX_PAY: "top of range"}
    if scenario.terms.sick_pay == "statutory" and alpha > 0:
        r = s.ssp[scenario.terms.ssp_rules]
        if r.lower_earnings_limit > 0:
            knots[(r.lower_earnings_limit - offset) / alpha] = "sick pay lower earnings limit"
        if r.awe_fraction > 0:
            knots[(r.weekly_cap / r.awe_fraction - offset) / alpha] = "statutory sick pay cap"
    base_knots = sorted(k for k in knots if 0 <= k <= MAX_PAY)
    earnings_targets = {
        "employer NI secondary threshold": s.ni_threshold["weekly"],
        "employer NI upper secondary threshold": s.ni_upper_threshold["weekly"],
        "pension lower qualifying earnings": s.pension_lower["weekly"],
        "pension upper qualifying earnings": s.pension_upper["weekly"],
        "pension auto-enrolment trigger": s.pension_trigger["weekly"],
    }
    a = fwd.model
    if s.apply_employment_allowance and a.contact_hours_per_year > 0 and s.ni_rate > 0:
        ea_week = (
            s.employment_allowance / a.contact_hours_per_year * a.contact_hours_per_worker_week
        )
        earnings_targets["Employment Allowance used up"] = s.ni_threshold["weekly"] + (
            ea_week / s.ni_rate
        )
    knots.update(_crossings(lambda p: fwd.week(p)["earnings"], base_knots, earnings_targets))
    return {k: v for k, v in sorted(knots.items()) if 0 <= k <= MAX_PAY}


@dataclass
class FundAnswer:
    """(a): the highest pay for all working time a fee funds."""

    fee: float
    pay: float | None  # exact (None: the fee does not cover running costs and mileage alone)
    pay_to_the_penny: float | None  # rounded down to a whole penny: never more than the fee
    fee_at_pay: float | None  # the forward calculation at `pay` (= fee, or below it in a step)
    minimum_wage: PayRate
    fee_at_minimum_wage: float
    funds_minimum_wage: bool
    step: str = ""  # the threshold whose step the fee falls in, when it does
    year: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["minimum_wage"] = asdict(self.minimum_wage)
        return d

    def sentence(self) -> str:
        nlw = self.minimum_wage
        if self.pay is None:
            return (
                f"A fee of £{self.fee:.2f} per contact hour does not cover running costs and "
                "mileage, so it funds no pay at all."
            )
        text = (
            f"A fee of £{self.fee:.2f} per contact hour funds at most "
            f"£{self.pay_to_the_penny:.2f} an hour for all working time (contact, travel, "
            "waiting and training). "
        )
        if self.funds_minimum_wage:
            text += (
                f"That is at or above the {nlw.year} National Living Wage of £{nlw.rate:.2f} "
                f"(which needs £{self.fee_at_minimum_wage:.2f})."
            )
        else:
            text += (
                f"That is below the {nlw.year} National Living Wage of £{nlw.rate:.2f}: the fee "
                f"cannot fund lawful pay. Lawful pay needs £{self.fee_at_minimum_wage:.2f}, "
                f"£{_pennies_up(self.fee_at_minimum_wage - self.fee):.2f} more."
            )
        if self.step:
            text += (
                f" The fee falls where a cost starts at once ({self.step}), so the pay it "
                "funds stops just below that point."
            )
        return text


def _pennies_up(amount: float) -> float:
    """An amount still needed, rounded up to the penny (never shown as £0.00 when short)."""
    return math.ceil(round(amount * 100, 6)) / 100


def solve_on_pieces(f, knots: dict[float, str], target: float) -> tuple[float, str] | None:
    """The highest p with f(p) ≤ target, for f non-decreasing and linear between `knots`
    (sorted keys, names of the thresholds): a binary search over the pieces (each read off f at
    two interior points), then the piece's line solved. Returns (p, name of the step the target
    falls in, or ""), or None when the target is above f at the last knot."""
    points = [k for k in sorted(knots)]
    points = [k for i, k in enumerate(points) if i == 0 or k - points[i - 1] > 1e-9]
    lines: dict[int, tuple[float, float]] = {}

    def line(j: int) -> tuple[float, float]:
        if j not in lines:
            lines[j] = _line(f, points[j], points[j + 1])
        return lines[j]

    lo, hi = 0, len(points) - 2
    c, m = line(hi)
    if c + m * points[-1] < target:
        return None
    while lo < hi:  # the first piece whose right end reaches the target
        mid = (lo + hi) // 2
        c, m = line(mid)
        if c + m * points[mid + 1] >= target:
            hi = mid
        else:
            lo = mid + 1
    c, m = line(lo)
    start = points[lo]
    if c + m * start > target:  # the target falls in a step at the piece's start
        return start, knots.get(start, "a threshold")
    return ((target - c) / m if m > 0 else points[lo + 1]), ""


def pay_funded(fee: float, model: CostingModel, *, forward: Any = None) -> FundAnswer:
    """(a) exactly: the highest p with forward fee(p) ≤ `fee` (= `fee` unless it falls in a
    step). `forward` is `Forward(model)` (assumptions) or a `RotaForward` (a rota). See the
    module docstring."""
    if not math.isfinite(fee) or fee < 0:
        raise RotaError("the fee must be a number of pounds, 0 or more", fix="e.g. --fee 24.10")
    fwd = forward or Forward(model)
    nlw = national_living_wage(model.year)
    fee_nlw = fwd.fee(nlw.rate)
    answer = FundAnswer(fee, None, None, None, nlw, fee_nlw, False, year=model.year)
    if fee < fwd.fee(0.0):
        return answer
    solved = solve_on_pieces(fwd.fee, fwd.knots(), fee)
    if solved is None:
        raise RotaError(
            f"a fee of £{fee:,.2f} per contact hour funds more than £{MAX_PAY:.0f} an hour",
            fix="check the fee",
        )
    p, step = solved
    answer.pay = float(p)
    answer.pay_to_the_penny = math.floor(p * 100 + 1e-9) / 100
    answer.fee_at_pay = fwd.fee(p)
    answer.step = step
    answer.funds_minimum_wage = answer.pay_to_the_penny >= nlw.rate
    return answer


@dataclass
class BudgetAnswer:
    """(b): the pay floor an extra budget a year funds."""

    budget: float  # £ a year
    hours_per_week: float  # contact hours the budget pays for
    pay_now: float  # £ an hour for all working time now
    fee_now: float  # forward fee at pay_now
    extra_per_contact_hour: float  # budget ÷ (hours a week × 52)
    floor: FundAnswer  # the pay the new fee funds
    cost_of_floor: float | None  # (fee at the floor − fee now) × hours a week × 52
    workers_who_gain: int | None = None
    workers: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["floor"] = self.floor.to_dict()
        return d

    def sentence(self) -> str:
        f = self.floor
        text = (
            f"£{self.budget:,.0f} a year over {self.hours_per_week:,.0f} contact hours a week "
            f"is £{self.extra_per_contact_hour:.2f} more per contact hour (£{self.fee_now:.2f} "
            f"→ £{f.fee:.2f}). "
        )
        if f.pay is None:
            return text + "That fee funds no pay."
        text += (
            f"It funds a pay floor of £{f.pay_to_the_penny:.2f} an hour for all working time, "
            f"up from £{self.pay_now:.2f} (+£{f.pay_to_the_penny - self.pay_now:.2f})."
        )
        nlw = f.minimum_wage
        if f.pay_to_the_penny < nlw.rate:
            text += (
                f" That is below the {nlw.year} National Living Wage of £{nlw.rate:.2f}: lawful "
                f"pay for all working time needs £{f.fee_at_minimum_wage:.2f} per contact hour."
            )
        if self.workers_who_gain is not None:
            text += (
                f" On this rota {self.workers_who_gain} of {self.workers} workers are paid "
                "less than that now and would gain."
            )
        return text


def floor_funded(
    budget: float,
    hours_per_week: float,
    model: CostingModel,
    *,
    pay_now: float | None = None,
    forward: Any = None,
) -> BudgetAnswer:
    """(b) exactly: fee now (at `pay_now`, default the National Living Wage for the year) plus
    budget ÷ (hours × 52), inverted by `pay_funded`. With a `RotaForward` (floor semantics),
    pay now is each worker's own pay per working hour: the fee now is the forward fee at a
    floor of 0."""
    if not (math.isfinite(budget) and budget >= 0):
        raise RotaError("the budget must be a number of pounds, 0 or more")
    if not (math.isfinite(hours_per_week) and hours_per_week > 0):
        raise RotaError("the contact hours a week must be above 0", fix="e.g. --hours 10000")
    nlw = national_living_wage(model.year)
    fwd = forward or Forward(model)
    if isinstance(fwd, RotaForward):
        pay_now = fwd.typical_rate_now()
        fee_now = fwd.fee(0.0)
    else:
        pay_now = nlw.rate if pay_now is None else float(pay_now)
        fee_now = fwd.fee(pay_now)
    extra = budget / (hours_per_week * 52)
    floor = pay_funded(fee_now + extra, model, forward=fwd)
    cost = None
    if floor.fee_at_pay is not None:
        cost = (floor.fee_at_pay - fee_now) * hours_per_week * 52
    return BudgetAnswer(budget, hours_per_week, pay_now, fee_now, extra, floor, cost)


def workers_who_gain(periods: pd.DataFrame, floor: float) -> tuple[int, int]:
    """(workers paid less than `floor` an hour for their working time in any pay period now,
    workers on the rota): a worker gains from a floor for all working time when their pay per
    working hour (the true hourly rate, payfair rules §5) is below it."""
    if periods is None or periods.empty:
        return 0, 0
    rate = pd.to_numeric(periods["true_hourly_rate"], errors="coerce")
    below = periods.loc[rate.notna() & (rate.to_numpy(dtype="float64") < floor), "worker_id"]
    return int(below.nunique()), int(periods["worker_id"].nunique())


def with_rota_gainers(answer: BudgetAnswer, periods: pd.DataFrame) -> BudgetAnswer:
    if answer.floor.pay_to_the_penny is not None:
        answer.workers_who_gain, answer.workers = workers_who_gain(
            periods, answer.floor.pay_to_the_penny
        )
    return answer


# ------------------------------------------------------------------------------- on a rota


@dataclass
class RotaForward:
    """The forward calculation on a rota's own workers and pay periods (`fee_rate.fee_from_rota`
    on the periods re-paid at p): every working hour (contact, travel, waiting, other) paid at
    max(the worker's own pay per working hour now, p), or at p for everyone (`floor=False`);
    mileage at the model's rate; running costs, surplus and on-cost rates from the model.

    Exact: each pay period's base pay (pay + training) is α × max(own, p), α = its working
    hours + training hours, so every threshold met in base pay at B* is met at p = B* ÷ α; the
    knots are those, each worker's own rate, and where the Employment Allowance is used up."""

    periods: pd.DataFrame  # Analysis.periods of the rota as paid now
    period: str
    model: CostingModel
    floor: bool = True

    def __post_init__(self) -> None:
        from payfair.costing.employer_costs import YEAR_FRACTION

        p = self.periods

        def col(name: str) -> np.ndarray:
            return pd.to_numeric(p[name], errors="coerce").fillna(0.0).to_numpy(dtype="float64")

        self._hours = {k: col(f"{k}_hours") for k in ("contact", "travel", "waiting", "other")}
        self._work = sum(self._hours.values())
        if self.floor:
            nmw_pay = col("nmw_pay") if "nmw_pay" in p else col("gross_pay")
            self._own = np.divide(
                nmw_pay, self._work, out=np.zeros_like(self._work), where=self._work > 0
            )
        else:
            self._own = np.zeros(len(p))
        self._training = self.model.training_hours_per_year * YEAR_FRACTION[self.period]
        self._settings = model_settings(self.model)

    def typical_rate_now(self) -> float:
        """Pay per working hour now across the rota (total pay ÷ total working hours)."""
        work = float(self._work.sum())
        return float((self._own * self._work).sum() / work) if work > 0 else 0.0

    def repaid(self, p: float) -> pd.DataFrame:
        rate = np.maximum(self._own, p)
        keep = [
            "worker_id",
            "period_start",
            "period_end",
            "business_miles",
            "age",
            "apprentice",
            "apprenticeship_start",
            "events",
        ]
        out = self.periods[[c for c in keep if c in self.periods]].copy()
        for kind, hours in self._hours.items():
            out[f"{kind}_hours"] = hours
            out[f"{kind}_pay"] = rate * hours
        out["working_hours"] = self._work
        out["paid_hours"] = self._work
        out["gross_pay"] = rate * self._work
        out["premium_pay"] = 0.0
        out["allowance_pay"] = 0.0
        miles = pd.to_numeric(out.get("business_miles", 0.0), errors="coerce")
        out["mileage_pay"] = np.nan_to_num(np.asarray(miles, dtype="float64")) * (
            self.model.mileage_rate
        )
        return out

    def result(self, p: float):
        from payfair.costing.assumptions import with_model
        from payfair.costing.fee_rate import fee_from_rota

        scenario = with_model(pay_scenario(p, self.model), self.model)
        return fee_from_rota(
            self.repaid(p),
            scenario,
            period=self.period,
            settings=self._settings,
            with_visit_lengths=False,
        )

    def fee(self, p: float) -> float:
        return self.result(p).fee

    def _base_knots(self) -> dict[float, str]:
        """Base pay per period (pay + training) at which a threshold is met: one synthetic
        period with base B, through the same employer-cost code."""
        from payfair.costing.employer_costs import WEEKS, employer_costs

        s = self._settings
        scenario = pay_scenario(1.0, self.model)
        weeks = WEEKS[self.period]
        share = 1.0 / (1.0 + self._training)  # gross share of base when rate = gross ÷ 1 hour

        def earnings(b: float) -> float:
            row = pd.DataFrame(
                {
                    "worker_id": ["x"],
                    "period_start": [pd.Timestamp("2026-04-06")],
                    "period_end": [pd.Timestamp("2026-04-12")],
                    "gross_pay": [b * share],
                    "paid_hours": [1.0],
                }
            )
            costs = employer_costs(
                row, period=self.period, terms=scenario.terms, settings=s, fallback_rate=0.0
            )
            return float(costs["earnings"].iloc[0])

        top = MAX_PAY * 24 * 7 * weeks
        knots: dict[float, str] = {0.0: "no pay", top: "top of range"}
        if scenario.terms.sick_pay == "statutory":
            r = s.ssp[scenario.terms.ssp_rules]
            if r.lower_earnings_limit > 0:
                knots[r.lower_earnings_limit * weeks] = "sick pay lower earnings limit"
            if r.awe_fraction > 0:
                knots[r.weekly_cap / r.awe_fraction * weeks] = "statutory sick pay cap"
        targets = {
            "employer NI secondary threshold": s.ni_threshold[self.period],
            "employer NI upper secondary threshold": s.ni_upper_threshold[self.period],
            "pension lower qualifying earnings": s.pension_lower[self.period],
            "pension upper qualifying earnings": s.pension_upper[self.period],
            "pension auto-enrolment trigger": s.pension_trigger[self.period],
        }
        knots.update(_crossings(earnings, sorted(knots), targets))
        return knots

    def knots(self) -> dict[float, str]:
        alpha = self._work + self._training
        knots: dict[float, str] = {0.0: "no pay", MAX_PAY: "top of range"}
        for b, name in self._base_knots().items():  # a handful of thresholds
            with np.errstate(divide="ignore", invalid="ignore"):
                at = np.where(alpha > 0, b / alpha, np.nan)
            at = at[np.isfinite(at) & (at > self._own) & (at > 0) & (at < MAX_PAY)]
            knots.update(dict.fromkeys(np.unique(at).tolist(), name))
        own = np.unique(self._own[(self._own > 0) & (self._own < MAX_PAY)])
        knots.update({float(r): knots.get(float(r), "a worker's own rate") for r in own})
        s = self._settings
        if s.apply_employment_allowance:
            from payfair.costing.employer_costs import years_covered

            years = years_covered(self.periods, self.period)
            allowance = s.employment_allowance * years

            def ni_due(p: float) -> float:
                return float(self.result(p).per_worker["employer_ni"].sum())

            used = solve_on_pieces(ni_due, knots, allowance)
            if used is not None and used[0] > 0:
                knots[used[0]] = "Employment Allowance used up"
        return dict(sorted(knots.items()))
