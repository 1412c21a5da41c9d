"""Commissioner page: the open costing model. Every assumption behind the fee per contact hour
is an input here, grouped, with its source (defaults: rates/costing_assumptions.toml); the fee
breakdown, the published comparators (dated), the fee at other pay rates and the visit-length
table update as they change. Then the inverse questions (what pay a fee funds, what floor a
budget buys) and the downloads: the Excel workbook, a printable one-page summary and the
assumptions as a file to keep."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from payfair.costing.assumptions import (
    RUNNING_COSTS,
    VISIT_MINUTES,
    CostingModel,
    default_model,
    itemised_breakdown,
    load_model,
    model_from_rota,
)
from payfair.costing.assumptions import price as model_price
from payfair.costing.equivalents import equivalents
from payfair.costing.fee_rate import assumptions_from_rota, budget_impact
from payfair.costing.published import comparators, published_fees
from payfair.costing.scenario import scenario_for_key
from payfair.costing.summary_page import committee_notes, summary_html
from payfair.ui import charts, reports, state, tables
from payfair.ui.inverse_questions import ask as inverse_questions

#: payfair rules §7: the published minimum price and average council fee (rates/published_fees.toml)
_PUBLISHED = published_fees()
MINIMUM_PRICE = _PUBLISHED["minimum_price"].value
MINIMUM_PRICE_SOURCE = _PUBLISHED["minimum_price"].label
AVERAGE_COUNCIL_FEE = _PUBLISHED["average_council_fee"].value
DEFAULT_SCENARIO = "minimum_lawful_2026_27"
BASIS_MODEL = "your costing assumptions (below)"
BASIS_ROTA = "this rota"

# widget key → (model field, scale from the model's value to what is typed)
_FIELDS: dict[str, tuple[str, float]] = {
    "cm_travel": ("travel_minutes_per_visit", 1.0),
    "cm_waiting": ("waiting_minutes_per_visit", 1.0),
    "cm_miles": ("miles_per_visit", 1.0),
    "cm_mileage_rate": ("mileage_rate", 100.0),
    "cm_hours": ("contact_hours_per_worker_week", 1.0),
    "cm_ni": ("employer_ni_rate", 100.0),
    "cm_holiday": ("holiday_rate", 100.0),
    "cm_pension": ("pension_rate", 100.0),
    "cm_sick": ("sick_days_per_year", 1.0),
    "cm_training": ("training_hours_per_year", 1.0),
    "cm_surplus": ("surplus_share", 100.0),
}


#: The inputs shown in groups: (widget key, label, source key, step, number format, most allowed).
_INPUT_GROUPS: tuple[tuple[str, tuple[tuple[str, str, str, float, str, float], ...]], ...] = (
    (
        "Travel, waiting and mileage",
        (
            (
                "cm_travel",
                "Travel minutes a visit",
                "travel.travel_minutes_per_visit",
                0.5,
                "%.1f",
                240.0,
            ),
            (
                "cm_waiting",
                "Waiting minutes a visit",
                "travel.waiting_minutes_per_visit",
                0.5,
                "%.1f",
                240.0,
            ),
            ("cm_miles", "Miles a visit", "travel.miles_per_visit", 0.1, "%.2f", 200.0),
            (
                "cm_mileage_rate",
                "Mileage paid (pence a mile)",
                "travel.mileage_rate",
                1.0,
                "%.0f",
                500.0,
            ),
        ),
    ),
    (
        "Workforce and on-costs",
        (
            (
                "cm_hours",
                "Contact hours per worker a week",
                "workforce.contact_hours_per_worker_week",
                1.0,
                "%.1f",
                80.0,
            ),
            ("cm_ni", "Employer NI (%)", "on_costs.employer_ni_rate", 0.5, "%.2f", 100.0),
            ("cm_holiday", "Holiday pay (%)", "on_costs.holiday_rate", 0.01, "%.2f", 100.0),
            ("cm_pension", "Employer pension (%)", "on_costs.pension_rate", 0.5, "%.2f", 100.0),
            ("cm_sick", "Sickness days a year", "on_costs.sick_days_per_year", 1.0, "%.1f", 260.0),
            (
                "cm_training",
                "Paid training hours a year",
                "on_costs.training_hours_per_year",
                1.0,
                "%.1f",
                2000.0,
            ),
        ),
    ),
)


def _fill(model: CostingModel) -> None:
    """Put a model's values into the inputs (defaults, an uploaded file, or the rota)."""
    ss = st.session_state
    for key, (name, scale) in _FIELDS.items():
        ss[key] = float(getattr(model, name)) * scale
    for m in VISIT_MINUTES:
        ss[f"cm_mix_{m}"] = float(model.visit_mix.get(m, 0.0)) * 100
    for k in RUNNING_COSTS:
        ss[f"cm_run_{k}"] = float(model.running_costs.get(k, 0.0))
    ss["cm_year"] = model.year
    ss["cm_base"] = model


def _base() -> CostingModel:
    """The model the inputs start from. Streamlit forgets a widget's value when its page is not
    shown, so the inputs are refilled from the last model this page worked out (kept under a
    key of its own, `cm_kept`) when the user comes back: nothing typed is lost or reset to 0."""
    ss = st.session_state
    if "cm_base" not in ss or any(key not in ss for key in _FIELDS):
        _fill(ss.get("cm_kept") or default_model())
    return ss["cm_base"]


def _number(where, label: str, key: str, source: str, *, step: float, fmt: str, hi: float):
    return where.number_input(
        label, min_value=0.0, max_value=hi, step=step, format=fmt, key=key, help=source or None
    )


def assumption_inputs(loaded: state.Loaded) -> CostingModel:
    """Every assumption as an input, grouped, each with its source; returns the model."""
    base = _base()
    src = base.source
    st.subheader("Your costing assumptions")
    st.caption(
        "Every figure behind the fee, with where it comes from (hover the ? beside each "
        "input). Change any of them and the fee below updates. Defaults are payfair's "
        f"sourced figures for {base.year}; a value marked *payfair assumption* is ours, "
        "not a published figure."
    )
    top = st.columns([2, 2, 2, 2])
    years = ["2024-25", "2025-26", "2026-27"]
    if st.session_state.get("cm_year") not in years:
        years.append(st.session_state.get("cm_year"))
    top[3].selectbox(
        "Year priced",
        years,
        key="cm_year",
        help="The financial year: the National Living Wage in the equivalents and the fee "
        "questions, statutory sick pay rules, and which published comparators are current.",
    )
    up = top[0].file_uploader(
        "Load an assumptions file (.toml)",
        type=["toml"],
        key="cm_upload",
        help="A file saved from this page or written by hand (payfair price --assumptions).",
    )
    if up is not None and st.session_state.get("cm_loaded") != up.file_id:
        try:
            _fill(load_model(up.getvalue(), file=up.name))
            st.session_state["cm_loaded"] = up.file_id
            st.rerun()
        except Exception as exc:  # shown as a message, never a traceback
            st.error(state.friendly(exc), icon=":material/error:")
    if top[1].button("Back to payfair's defaults", key="cm_reset", icon=":material/restart_alt:"):
        _fill(default_model())
        st.rerun()
    if loaded.ok and top[2].button(
        "Measure travel, miles, visit lengths and hours from this rota",
        key="cm_measure",
        icon=":material/straighten:",
    ):
        try:
            a = loaded.analysis
            period = a.settings.get("period", "weekly")
            measured = assumptions_from_rota(a.periods, period=period, timeline=a.timeline)
            _fill(model_from_rota(_current(base), measured, a.timeline))
            st.session_state["cm_measured"] = True
            st.rerun()
        except Exception as exc:
            st.error(state.friendly(exc), icon=":material/error:")
    if st.session_state.get("cm_measured"):
        st.info(
            "Travel, waiting, miles, hours per worker and the visit-length mix were measured "
            "from this rota (each visit counted at the nearest of 15, 30, 45 and 60 minutes).",
            icon=":material/straighten:",
        )

    with st.expander("Visit lengths: share of contact hours (%)", expanded=True):
        st.caption(src("visit_mix"))
        c = st.columns(4)
        for i, m in enumerate(VISIT_MINUTES):
            _number(c[i], f"{m}-minute visits", f"cm_mix_{m}", "", step=5.0, fmt="%.1f", hi=100.0)
    for title, inputs in _INPUT_GROUPS:
        with st.expander(title, expanded=True):
            c = st.columns(len(inputs))
            for where, (key, label, source, step, fmt, hi) in zip(c, inputs, strict=True):
                _number(where, label, key, src(source), step=step, fmt=fmt, hi=hi)
    with st.expander("Running the business (£ per contact hour) and surplus", expanded=True):
        st.caption(src("running_costs"))
        items = list(RUNNING_COSTS.items())
        for row in range(0, len(items), 4):
            c = st.columns(4)
            for i, (k, (name, meaning)) in enumerate(items[row : row + 4]):
                _number(
                    c[i],
                    name,
                    f"cm_run_{k}",
                    f"{meaning}. {src('running_costs.' + k)}",
                    step=0.05,
                    fmt="%.2f",
                    hi=100.0,
                )
        _number(
            st.columns(4)[0],
            "Surplus (% of the fee)",
            "cm_surplus",
            src("surplus.share"),
            step=0.5,
            fmt="%.1f",
            hi=90.0,
        )
    current = _current(base)
    st.session_state["cm_kept"] = current
    return current


def _current(base: CostingModel) -> CostingModel:
    """The model as the inputs now say (the visit mix scaled to 100% when it does not add up,
    and that said on the page)."""
    ss = st.session_state
    changes = {name: float(ss[key]) / scale for key, (name, scale) in _FIELDS.items()}
    mix = {m: float(ss[f"cm_mix_{m}"]) for m in VISIT_MINUTES}
    total = sum(mix.values())
    if total <= 0:
        st.error("The visit lengths add up to 0%: give the share of hours in at least one.")
        st.stop()
    if abs(total - 100.0) > 1e-6:
        st.warning(
            f"The visit lengths add up to {total:g}%, not 100%: payfair scaled them to 100% "
            "(each share ÷ the total).",
            icon=":material/warning:",
        )
    changes["visit_mix"] = {m: s / total for m, s in mix.items() if s > 0}
    changes["running_costs"] = {k: float(ss[f"cm_run_{k}"]) for k in RUNNING_COSTS}
    changes["year"] = str(ss.get("cm_year") or base.year)
    return base.with_changes(**changes)


def inputs() -> tuple[str, float, float, str]:
    names = state.list_scenarios()
    keys = list(names)
    c = st.columns([3, 2, 2, 3])
    key = c[0].selectbox(
        "Pay terms to fund",
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
        f"(£{AVERAGE_COUNCIL_FEE:.2f}).",
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
    basis = c[3].radio(
        "Work out the fee from",
        [BASIS_MODEL, BASIS_ROTA],
        key="comm_basis",
        help="Your costing assumptions: one typical worker's week under the inputs below, as "
        "the published models do. This rota: every worker and pay period of the rota re-paid "
        "under the pay terms (the running costs and surplus are the pay terms' own).",
    )
    return key, current, hours, basis


def render() -> None:
    st.title("Fee per contact hour")
    st.caption(
        "What a council must pay per hour of care delivered for providers to pay care workers "
        "lawfully, built up line by line as the Homecare Association's Minimum Price for "
        "Homecare is, from assumptions you can see and change."
    )
    loaded = state.load()
    if not tables.priceable(loaded):
        return
    key, current, hours, basis = inputs()
    model = assumption_inputs(loaded)
    names = state.list_scenarios()
    scen_name = names.get(key, key)
    match = re.search(r"(20\d\d)_(\d\d)", key)
    if match and f"{match[1]}-{match[2]}" != model.year:
        st.info(
            f"The pay terms are for {match[1]}-{match[2]} but the year priced is {model.year}: "
            "change *Year priced* above if you meant the same year.",
            icon=":material/calendar_month:",
        )
    try:
        scenario = scenario_for_key(key)
        if basis == BASIS_ROTA:
            result = state.scenarios(loaded, [key], "Pricing the pay terms on this rota")[0]
            if result.fee_error:
                st.error(result.fee_error, icon=":material/error:")
                return
            fee_result = result.fee_result
            breakdown = fee_result.breakdown.assign(part_of="")
        else:
            fee_result = model_price(model, scenario)
            breakdown = itemised_breakdown(fee_result, model)
            sub = breakdown["part_of"] != ""
            breakdown.loc[sub, "item"] = "    · " + breakdown.loc[sub, "item"]
        fee = fee_result.fee
        budget = budget_impact(fee, current, hours)
        equiv = equivalents(model)
        comps = comparators(model.year)
    except Exception as exc:  # shown as a message, never a traceback
        st.error(state.friendly(exc), icon=":material/error:")
        return

    st.divider()
    minimum = next(c for c in comps if c.key == "minimum_price")
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
        minimum.title,
        tables.money(minimum.fee.value),
        help=f"{minimum.fee.label}. {minimum.caveat} Source: {minimum.fee.source}",
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
    st.markdown(
        f"To fund **{scen_name}** in **{model.year}**, the fee must be **{tables.money(fee)}** "
        f"per contact hour: **{tables.money(abs(budget['gap_per_hour']))}** "
        f"{'more' if budget['gap_per_hour'] >= 0 else 'less'} than you pay now. For "
        f"{hours:,.0f} contact hours a week that is **{tables.money(abs(budget['per_year']))} "
        f"a year {'more' if budget['per_year'] >= 0 else 'less'}**."
    )
    for comp in comps:
        st.caption(
            f"**{comp.title}: {tables.money(comp.fee.value)}**, {comp.fee.label}. {comp.caveat}"
        )

    st.subheader("How the fee is built up")
    parts = breakdown[(breakdown["line"] != "total") & (breakdown["part_of"] == "")]
    chart_data = pd.DataFrame(
        {"bar": scen_name, "component": parts["item"], "amount": parts["per_contact_hour"]}
    )
    st.altair_chart(
        charts.fee_breakdown_chart(
            chart_data,
            current_fee=current,
            minimum_price=minimum.fee.value,
            minimum_price_label=minimum.title,
        ),
        width="stretch",
    )
    tables.show_table(
        breakdown,
        "fee per contact hour",
        key="fee_breakdown",
        columns=["item", "per_contact_hour", "share_of_fee", "meaning"],
        height=36 * len(breakdown) + 40,
    )
    if fee_result.notes:
        st.caption("  \n".join(fee_result.notes))

    st.subheader("The fee at other pay rates")
    st.caption(
        "The same assumptions, with every working minute paid at each rate: the equivalents "
        "the Homecare Association publishes beside its Minimum Price, from your own inputs."
    )
    money = st.column_config.NumberColumn
    tables.show_table(
        equiv,
        "fee at other pay rates",
        key="equivalents",
        columns=[
            "pay_rate",
            "hourly_pay",
            "year",
            "fee_per_contact_hour",
            "more_than_minimum_wage_fee",
            "source",
        ],
        extra_config={
            "pay_rate": st.column_config.TextColumn("Pay for all working time"),
            "hourly_pay": money("Pay (£ an hour)", format=tables.MONEY),
            "fee_per_contact_hour": money("Fee per contact hour", format=tables.MONEY),
            "more_than_minimum_wage_fee": money(
                "More than the fee at the National Living Wage", format=tables.MONEY
            ),
        },
    )

    answers = inverse_questions(model, current, hours, loaded)
    if basis == BASIS_MODEL:  # the workbook's Summary sheet shows these too
        fee_result.notes.extend(committee_notes(comps, equiv, answers))

    st.subheader("Shorter visits cost more per hour")
    st.caption(
        "Travel between visits is a larger share of a short visit. Minutes of travel per "
        "contact hour = (60 ÷ visit minutes) × travel minutes per visit (DHSC Fair Cost of "
        "Care, 2022)."
    )
    tables.show_table(fee_result.visit_lengths, "fee by visit length", key="visit_lengths")

    st.subheader("Download")
    c = st.columns(3)
    page = (
        summary_html(
            model,
            fee_result,
            pay_terms=scenario.description or scen_name,
            comparators=comps,
            equivalents=equiv,
            answers=answers,
            current_fee=current,
            hours_per_week=hours,
        )
        if basis == BASIS_MODEL
        else None
    )
    if page is not None:
        c[0].download_button(
            "One-page summary for the committee (print-ready)",
            data=page.encode("utf-8"),
            file_name="payfair-fee-summary.html",
            mime="text/html",
            key="cm_summary",
            on_click="ignore",
            icon=":material/print:",
            type="primary",
            width="stretch",
        )
    else:
        c[0].caption("The one-page summary is made from your costing assumptions.")
    reports.xlsx_button(
        c[1],
        "Excel workbook",
        lambda: reports.price_xlsx(fee_result, budget, key),
        "payfair-fee-per-contact-hour.xlsx",
        "xlsx_price",
    )
    c[2].download_button(
        "Your assumptions (.toml)",
        data=model.to_toml().encode("utf-8"),
        file_name="payfair-costing-assumptions.toml",
        mime="application/toml",
        key="cm_toml",
        on_click="ignore",
        icon=":material/save:",
        width="stretch",
    )


if __name__ == "__main__":
    render()
