"""Commissioner page: the fee per contact hour that funds a pay scenario, built up line by line,
beside the council's current fee and the published minimum price; the visit-length table; and
the budget impact for the hours the council buys."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair.costing.published import published_fees
from payfair.ui import charts, reports, state, tables

#: rules §7: the published minimum price and average council fee (rates/published_fees.toml)
_PUBLISHED = published_fees()
MINIMUM_PRICE = _PUBLISHED["minimum_price"].value
MINIMUM_PRICE_SOURCE = _PUBLISHED["minimum_price"].label
AVERAGE_COUNCIL_FEE = _PUBLISHED["average_council_fee"].value
DEFAULT_SCENARIO = "minimum_lawful_2026_27"


def inputs() -> tuple[str, float, float, float, str]:
    names = state.list_scenarios()
    keys = list(names)
    c = st.columns([3, 2, 2, 2])
    key = c[0].selectbox(
        "Pay scenario to fund",
        keys,
        index=keys.index(DEFAULT_SCENARIO) if DEFAULT_SCENARIO in keys else 0,
        format_func=lambda k: names.get(k, k),
        key="comm_scenario",
    )
    current = c[1].number_input(
        "Your current fee (£ per contact hour)",
        min_value=0.0,
        max_value=200.0,
        value=AVERAGE_COUNCIL_FEE,
        step=0.01,
        format="%.2f",
        key="comm_fee",
        help=f"Default: the {_PUBLISHED['average_council_fee'].label} "
        f"(£{AVERAGE_COUNCIL_FEE:.2f}, rules §7).",
    )
    hours = c[2].number_input(
        "Contact hours you buy a week",
        min_value=0.0,
        max_value=10_000_000.0,
        value=10_000.0,
        step=500.0,
        format="%.0f",
        key="comm_hours",
    )
    published = c[3].number_input(
        "Published minimum price (£ per hour)",
        min_value=0.0,
        max_value=200.0,
        value=MINIMUM_PRICE,
        step=0.01,
        format="%.2f",
        key="comm_min_price",
        help=MINIMUM_PRICE_SOURCE,
    )
    basis = st.radio(
        "Work out the fee from",
        ["this rota", "the scenario's standard assumptions"],
        horizontal=True,
        key="comm_basis",
        help="From this rota: the visits, travel, waiting and miles measured from the rota, "
        "re-paid under the scenario. Standard assumptions: the scenario file's visit length, "
        "travel per visit and running costs, as the published models do.",
    )
    return key, current, hours, published, basis


def render() -> None:
    st.title("Fee per contact hour")
    st.caption(
        "What a council must pay per hour of care delivered for providers to pay care workers "
        "lawfully, built up as the Homecare Association's Minimum Price for Homecare is."
    )
    loaded = state.load()
    if not tables.priceable(loaded):
        return
    key, current, hours, published, basis = inputs()
    names = state.list_scenarios()
    try:
        if basis == "this rota":
            result = state.scenarios(loaded, [key], "Pricing the scenario on this rota")[0]
            if result.fee_error:
                st.error(result.fee_error, icon=":material/error:")
                return
            fee_result = result.fee_result
        else:
            fee_result = state.scenario_fee_from_assumptions(key)
        breakdown, visit_lengths, fee = (
            fee_result.breakdown,
            fee_result.visit_lengths,
            fee_result.fee,
        )
        notes = list(fee_result.notes)
        from payfair.costing.fee_rate import budget_impact

        budget = budget_impact(fee, current, hours)
    except Exception as exc:  # shown as a message, never a traceback
        st.error(state.friendly(exc), icon=":material/error:")
        return

    c = st.columns(4)
    c[0].metric(
        "Fee needed per contact hour",
        tables.money(fee),
        delta=f"{tables.money(budget['gap_per_hour'])} against your fee",
        delta_color="inverse",
        border=True,
    )
    c[1].metric("Your current fee", tables.money(current), border=True)
    c[2].metric(
        "Published minimum price",
        tables.money(published),
        help=MINIMUM_PRICE_SOURCE,
        border=True,
    )
    c[3].metric(
        "Extra budget a year" if budget["per_year"] >= 0 else "Budget saving a year",
        tables.money_short(abs(budget["per_year"])),
        delta=f"{tables.money_short(abs(budget['per_week']))} a week",
        delta_color="off",
        delta_arrow="off",
        help="(fee needed − current fee) × contact hours a week × 52.",
        border=True,
    )
    scen_name = names.get(key, key)
    st.markdown(
        f"To fund **{scen_name}**, the fee must be **{tables.money(fee)}** per contact hour: "
        f"**{tables.money(budget['gap_per_hour'])}** "
        f"{'more' if budget['gap_per_hour'] >= 0 else 'less'} than you pay now. For "
        f"{hours:,.0f} contact hours a week that is **{tables.money(abs(budget['per_year']))} "
        f"a year {'more' if budget['per_year'] >= 0 else 'less'}**."
    )

    st.subheader("How the fee is built up")
    parts = breakdown[breakdown["line"] != "total"]
    comp = pd.DataFrame(
        {"bar": scen_name, "component": parts["item"], "amount": parts["per_contact_hour"]}
    )
    st.altair_chart(
        charts.fee_breakdown_chart(
            comp,
            current_fee=current,
            minimum_price=published,
            minimum_price_label="Published minimum price (HCA)",
        ),
        width="stretch",
    )
    tables.show_table(
        breakdown,
        "fee per contact hour",
        key="fee_breakdown",
        columns=["item", "per_contact_hour", "share_of_fee", "meaning"],
    )
    if notes:
        st.caption("  \n".join(notes))

    st.subheader("Shorter visits cost more per hour")
    st.caption(
        "Travel between visits is a larger share of a short visit. Minutes of travel per "
        "contact hour = (60 ÷ visit minutes) × travel minutes per visit (DHSC Fair Cost of "
        "Care, 2022)."
    )
    tables.show_table(visit_lengths, "fee by visit length", key="visit_lengths")

    st.subheader("Download")
    c = st.columns([2, 4])
    reports.xlsx_button(
        c[0],
        "Excel workbook for the committee",
        lambda: reports.price_xlsx(fee_result, budget, key),
        "payfair-fee-per-contact-hour.xlsx",
        "xlsx_price",
    )
    c[1].caption(
        "The fee breakdown, the visit-length table, the budget impact, and every assumption "
        "with its source."
    )


if __name__ == "__main__":
    render()
