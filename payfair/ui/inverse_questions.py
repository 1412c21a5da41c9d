"""The two inverse questions (rules §7) as one page piece, shared by the commissioner's Fee per
contact hour page and the union's Pay scenarios page: what pay does a fee per contact hour fund,
and what pay floor does an extra budget a year buy. Both are solved exactly by
payfair.costing.inverse, on a typical worker's week (the costing assumptions) or on the rota's
own workers and pay periods; this module only asks and shows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair.costing.assumptions import RUNNING_COSTS, CostingModel
from payfair.costing.equivalents import national_living_wage
from payfair.costing.inverse import (
    BudgetAnswer,
    FundAnswer,
    RotaForward,
    floor_funded,
    pay_funded,
    with_rota_gainers,
)
from payfair.ui import state, tables

BASIS_MODEL = "your costing assumptions (above)"
BASIS_ROTA = "this rota: its own workers and pay periods"


@st.cache_data(scope="session", max_entries=16, show_spinner="Solving on every pay period…")
def _on_rota(
    question: str,
    amount: float,
    hours: float,
    model_toml: str,
    period: str,
    periods_digest: int,
    _model: CostingModel,
    _periods: pd.DataFrame,
) -> FundAnswer | BudgetAnswer:
    """One inverse answer on the rota (cached: each is about a second on a small rota). The
    cache is keyed by the model's TOML text (the assumptions themselves) and the periods' hash."""
    model = _model
    if question == "fee":
        return pay_funded(amount, model, forward=RotaForward(_periods, period, model, floor=False))
    answer = floor_funded(
        amount, hours, model, forward=RotaForward(_periods, period, model, floor=True)
    )
    return with_rota_gainers(answer, _periods)


def _digest(periods: pd.DataFrame) -> int:
    """The cache key of the periods: a hash of every value (order does not change an answer),
    leaving out any column of Python objects pandas cannot hash (the answers read numbers)."""
    try:
        return int(pd.util.hash_pandas_object(periods, index=False).sum())
    except TypeError:
        plain = periods.select_dtypes(exclude=["object"])
        return int(pd.util.hash_pandas_object(plain, index=False).sum())


def assumptions_used(model: CostingModel, origin: str) -> str:
    """The costing assumptions an answer on the rota rests on, in plain words (shown beside it,
    so nothing is assumed in silence)."""
    running = ", ".join(
        f"{RUNNING_COSTS[k][0]} £{v:.2f}" for k, v in model.running_costs.items() if v
    )
    return (
        f"**Assumptions behind both answers** ({origin}): hours, travel, waiting and miles "
        "are this rota's own, worker by worker and pay period by pay period; mileage "
        f"paid at {model.mileage_rate * 100:.0f}p a mile; employer National Insurance "
        f"{model.employer_ni_rate:.0%} above the threshold; holiday pay "
        f"{model.holiday_rate:.2%}; employer pension {model.pension_rate:.0%} of qualifying "
        f"earnings; {model.sick_days_per_year:g} sickness days and "
        f"{model.training_hours_per_year:g} paid training hours a worker a year; running costs "
        f"£{model.running_costs_per_contact_hour:.2f} per contact hour ({running}); surplus "
        f"{model.surplus_share:.1%} of the fee; the minimum wage is the {model.year} National "
        f"Living Wage, £{national_living_wage(model.year).rate:.2f}."
    )


def ask(
    model: CostingModel,
    current: float,
    hours: float,
    loaded: state.Loaded,
    *,
    prefix: str = "cm",
    rota_only: bool = False,
    assumptions_from: str = "",
) -> list[str]:
    """Both inverse questions, answered exactly; returns the answers as sentences. Widget keys
    start with `prefix`. `rota_only`: always on the rota (no choice of basis, no "pay now"
    input: each worker's own pay now), with the assumptions (and `assumptions_from`, where they
    come from) shown beside the answers."""
    st.subheader("What pay does this fee fund?")
    nlw = national_living_wage(model.year)
    if rota_only:
        on_rota = True
    else:
        on_rota = (
            st.radio(
                "Answer the two questions from",
                [BASIS_MODEL, BASIS_ROTA],
                horizontal=True,
                key=f"{prefix}_inverse_basis",
                help="Your costing assumptions: one typical worker's week. This rota: every "
                "worker and pay period of the rota, with their own hours, travel, waiting and "
                "miles, and (for a floor) their own pay now; running costs, surplus and on-cost "
                "rates from your assumptions. Both are solved exactly.",
            )
            != BASIS_MODEL
        )
    a = loaded.analysis
    period = a.settings.get("period", "weekly") if a is not None else "weekly"
    toml, digest = (model.to_toml(), _digest(a.periods)) if on_rota else ("", 0)

    def fund(fee: float) -> FundAnswer:
        if on_rota:
            return _on_rota("fee", fee, 0.0, toml, period, digest, model, a.periods)
        return pay_funded(fee, model)

    def buy(budget: float, hours_in: float, pay_now: float) -> BudgetAnswer:
        if on_rota:
            return _on_rota("budget", budget, hours_in, toml, period, digest, model, a.periods)
        return with_rota_gainers(floor_funded(budget, hours_in, model, pay_now=pay_now), a.periods)

    c = st.columns([1, 3])
    fee_in = c[0].number_input(
        "Your council's fee per contact hour (£)" if rota_only else "A fee per contact hour (£)",
        min_value=0.0,
        max_value=200.0,
        value=float(current),
        step=0.01,
        format="%.2f",
        key=f"{prefix}_fund_fee",
    )
    answers: list[str] = []
    try:
        got = fund(fee_in)
        (c[1].success if got.funds_minimum_wage else c[1].warning)(got.sentence())
        answers.append(got.sentence())
        if on_rota and got.pay is not None:
            c[1].caption(
                f"Every working hour on this rota (contact, travel, waiting, training) paid at "
                f"£{got.pay_to_the_penny:.2f} needs a fee of £{got.fee_at_pay:.2f} per contact "
                f"hour; at the National Living Wage, £{got.fee_at_minimum_wage:.2f}."
            )
    except Exception as exc:
        c[1].error(state.friendly(exc), icon=":material/error:")

    st.subheader("What floor does this budget buy?")
    national = st.toggle(
        "The national question: the Fair Pay Agreement budget over national homecare hours",
        key=f"{prefix}_national",
        help=f"{model.source('national.budget')} — "
        f"{model.source('national.contact_hours_per_week')}",
    )
    c = st.columns(3 if rota_only else 4)
    budget_in = c[0].number_input(
        "Extra budget a year (£)",
        min_value=0.0,
        max_value=1e11,
        step=100_000.0,
        format="%.0f",
        key=f"{prefix}_budget",
        value=float(model.national_budget if national else 1_000_000.0),
        disabled=national,
    )
    hours_in = c[1].number_input(
        "Contact hours a week it pays for",
        min_value=1.0,
        max_value=1e8,
        step=500.0,
        format="%.0f",
        key=f"{prefix}_budget_hours",
        value=float(model.national_hours_per_week if national else max(hours, 1.0)),
        disabled=national,
    )
    pay_now = float(nlw.rate)
    if not rota_only:
        pay_now = c[2].number_input(
            "Pay now for all working time (£ an hour)",
            min_value=0.0,
            max_value=200.0,
            value=float(nlw.rate),
            step=0.01,
            format="%.2f",
            key=f"{prefix}_pay_now",
            help=f"Default: the National Living Wage for {model.year}, £{nlw.rate:.2f}. On the "
            "rota, each worker's own pay per working hour now is used instead.",
            disabled=on_rota,
        )
    if national:
        budget_in, hours_in = model.national_budget, model.national_hours_per_week
    try:
        b = buy(budget_in, hours_in, pay_now)
        c[-1].metric("Pay floor it funds", tables.money(b.floor.pay_to_the_penny), border=True)
        st.markdown(b.sentence())
        if national:
            st.caption(
                f"Budget: {model.source('national.budget')}. Hours: "
                f"{model.source('national.contact_hours_per_week')}"
            )
        if rota_only:
            st.caption(
                f"Pay now: each worker keeps their own pay per working hour where it is above the "
                f"floor; across this rota it is £{b.pay_now:.2f} an hour (all pay ÷ all working "
                f"hours). The fee now, £{b.fee_now:.2f}, is this rota as paid now; the budget "
                f"adds £{budget_in:,.0f} ÷ ({hours_in:,.0f} hours × 52 weeks) = "
                f"£{b.extra_per_contact_hour:.2f} per contact hour."
            )
        answers.append(b.sentence())
    except Exception as exc:
        st.error(state.friendly(exc), icon=":material/error:")
    if rota_only:
        st.caption(assumptions_used(model, assumptions_from))
    return answers
