"""Union page: pay scenarios side by side on the real rota: who gains, by how much, and the
spread of true hourly rates before and after. Then the inverse questions on the same rota (issue
9, rules §7): what pay does the council's fee fund, and what pay floor does an extra budget (or
the national Fair Pay Agreement money) buy, and for how many of the rota's workers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair.config_file import ConfigError
from payfair.costing.assumptions import CostingModel, default_model
from payfair.costing.published import published_fees
from payfair.ui import charts, inverse_questions, reports, state, tables

DEFAULT = (
    "minimum_lawful_2026_27",
    "real_living_wage_2026",
    "fair_pay_agreement_illustrative",
)
NOW = "Pay now"
YEARS = ("2025-26", "2026-27")
#: a council's fee to start from: the published average (rates/published_fees.toml)
AVERAGE_COUNCIL_FEE = published_fees()["average_council_fee"]
COUNCIL_HOURS = 10_000.0  # contact hours a week a council buys, to start the budget question

WORKER_COLUMNS = [
    "scenario",
    "worker_id",
    "role",
    "weeks",
    "working_hours",
    "unpaid_hours_now",
    "pay_now",
    "pay_scenario",
    "change",
    "change_per_week",
    "true_hourly_rate_now",
    "true_hourly_rate_scenario",
]


def choose() -> list[str]:
    """Shipped scenarios, plus any built on the Build a scenario page or uploaded here."""
    from payfair.ui import scenario_builder

    upload = st.file_uploader(
        "Add your own scenario files (.toml)",
        type=["toml"],
        accept_multiple_files=True,
        key="union_upload",
        help="Files saved from the Build a scenario page or written with `payfair scenario new`.",
    )
    for f in upload or []:
        try:
            key = scenario_builder.register(f.getvalue().decode("utf-8-sig"))
        except (ConfigError, UnicodeDecodeError) as exc:
            st.error(f"{f.name} cannot be used: {exc}", icon=":material/error:")
            continue
        chosen = st.session_state.get("union_scenarios")
        if chosen is not None and key not in chosen:
            st.session_state["union_scenarios"] = [*chosen, key]
    names = {**state.list_scenarios(), **scenario_builder.custom_scenarios()}
    default = [k for k in DEFAULT if k in names] or list(names)[:3]
    if "union_scenarios" in st.session_state:
        st.session_state["union_scenarios"] = [
            k for k in st.session_state["union_scenarios"] if k in names
        ]
    return st.multiselect(
        "Scenarios to compare",
        list(names),
        default=None if "union_scenarios" in st.session_state else default,
        format_func=lambda k: names.get(k, k),
        key="union_scenarios",
        help="Each shipped scenario is a set of pay terms in rates/scenarios/, with a source for "
        "every figure; yours are the ones built or loaded in this session.",
    )


def cards(results: list[state.ScenarioResult]) -> None:
    per_row = min(4, len(results))  # more than four scenarios wrap onto further rows
    cols = [c for i in range(0, len(results), per_row) for c in st.columns(per_row)]
    for col, r in zip(cols, results, strict=False):
        t = r.totals
        with col.container(border=True):
            st.markdown(f"#### {r.name}")
            st.metric(
                "Workers who gain",
                f"{t.get('workers_gaining', 0):,} of {t.get('workers', 0):,}",
            )
            st.metric(
                "Typical gain a week",
                tables.money(t.get("median_change_per_worker_week")),
                help="Per worker: the median over workers of the change in gross pay, per "
                "week worked.",
            )
            st.metric(
                "Periods below minimum wage",
                f"{t.get('periods_below_nmw_scenario', 0):,}",
                help="Pay periods (one worker, one pay period) paid below the minimum wage "
                "under the scenario, and now.",
                delta=f"{t.get('periods_below_nmw_now', 0):,} now",
                delta_color="off",
                delta_arrow="off",
            )
            st.metric(
                "Extra employer cost a year",
                tables.money_short(t.get("employer_cost_change_per_year")),
                help="The extra cost to the employer: pay, employer National Insurance, "
                "pension, holiday and sick pay, for this rota's workers, scaled to a year.",
            )
            st.caption(r.description)


def distribution(results: list[state.ScenarioResult]) -> pd.DataFrame:
    """True hourly rates per worker and period, now and under each scenario (engine figures)."""
    first = results[0].periods
    frames = [
        pd.DataFrame(
            {
                "scenario": NOW,
                "worker_id": first["worker_id"],
                "period_start": first["period_start"],
                "true_hourly_rate": first["true_hourly_rate_now"],
                "below_nmw": first["below_nmw_now"].fillna(False).astype(bool),
                "nmw_rate": first["nmw_rate"],
            }
        )
    ]
    for r in results:
        p = r.periods
        frames.append(
            pd.DataFrame(
                {
                    "scenario": r.name,
                    "worker_id": p["worker_id"],
                    "period_start": p["period_start"],
                    "true_hourly_rate": p["true_hourly_rate_scenario"],
                    "below_nmw": p["below_nmw_scenario"].fillna(False).astype(bool),
                    "nmw_rate": p["nmw_rate"],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.dropna(subset=["true_hourly_rate", "nmw_rate"])


def render() -> None:
    st.title("Pay scenarios")
    st.caption(
        "The same rota, the same visits and journeys, re-paid under different terms: who gains "
        "and by how much. Each worker keeps their own rate where it is already above the "
        "scenario's floor."
    )
    loaded = state.load()
    if not tables.priceable(loaded):
        return
    state.remember_names(loaded.rota)
    compare(loaded)
    st.divider()
    fee_questions(loaded)


def compare(loaded: state.Loaded) -> None:
    """The chosen scenarios side by side on the rota."""
    keys = choose()
    if not keys:
        st.info("Choose at least one scenario.")
        return
    try:
        results = state.scenarios(loaded, keys, "Applying the scenarios to every worker")
    except Exception as exc:  # shown as a message, never a traceback
        st.error(state.friendly(exc), icon=":material/error:")
        return
    cards(results)

    st.subheader("True hourly rates now and under each scenario")
    st.caption(
        "Each dot is one worker in one pay period; red is below the minimum wage. The dark "
        "line is the minimum wage."
    )
    dist = state.view(distribution(results))
    st.altair_chart(
        charts.rate_strip(
            dist,
            group="scenario",
            group_title=None,
            tooltip=[
                charts.alt.Tooltip("scenario:N", title="Scenario"),
                charts.alt.Tooltip("worker_id:N", title="Worker"),
                charts.alt.Tooltip("true_hourly_rate:Q", title="True hourly rate £", format=",.2f"),
            ],
        ),
        width="stretch",
    )

    st.subheader("Who gains, and by how much")
    bands = list(results[0].distribution["change_per_week"])
    gains = pd.concat([r.distribution.assign(scenario=r.name) for r in results], ignore_index=True)
    st.altair_chart(charts.gain_bands_chart(gains, bands), width="stretch")

    per_worker = pd.concat(
        [r.workers.assign(scenario=r.name, order=i) for i, r in enumerate(results)],
        ignore_index=True,
    ).sort_values(["order", "change_per_week"], ascending=[True, False])
    st.subheader("Every worker under every scenario")
    tables.show_table(
        per_worker, "scenario outcomes per worker", key="union_workers", columns=WORKER_COLUMNS
    )
    notes = sorted({n for r in results for n in r.notes})
    if notes:
        st.caption("  \n".join(notes))
    c = st.columns([2, 4])
    reports.xlsx_button(
        c[0],
        "Excel workbook: scenarios side by side",
        lambda: reports.scenarios_xlsx(results),
        "payfair-pay-scenarios.xlsx",
        "xlsx_scenarios",
    )
    c[1].caption("Every scenario's figures, each worker's pay now and under it, and the sources.")


def fee_questions(loaded: state.Loaded) -> list[str]:
    """What the council's fee funds, and what floor a budget buys, on this rota (exact)."""
    st.header("What the money funds", divider=False)
    st.caption(
        "The same rota turned the other way round: start from the money, not the pay. Both "
        "answers are worked out on this rota's own workers and pay periods (their hours, "
        "travel, waiting and miles), solved exactly, and rounded down to the penny so the fee "
        "always covers them."
    )
    kept = st.session_state.get("cm_kept")  # the Fee per contact hour page's inputs, if used
    mine = isinstance(kept, CostingModel)
    base = kept if mine else default_model()
    years = [*YEARS, *([base.year] if base.year not in YEARS else [])]
    c = st.columns([1, 3], vertical_alignment="bottom")
    year = c[0].selectbox(
        "Year the money is for",
        years,
        index=years.index(base.year),
        key="union_year",
        help="The financial year: which National Living Wage the answers are held against, "
        "and the statutory sick pay rules.",
    )
    model = base.with_changes(year=year)
    fee = AVERAGE_COUNCIL_FEE
    c[1].caption(
        f"The fee below starts at the {fee.label}, £{fee.value:.2f}: type your council's own. "
        "The budget starts at £1,000,000 a year over 10,000 contact hours a week: type the "
        "council's, or switch on the national question."
    )
    return inverse_questions.ask(
        model,
        fee.value,
        COUNCIL_HOURS,
        loaded,
        prefix="union",
        rota_only=True,
        assumptions_from=(
            "the costing assumptions as you set them on the *Fee per contact hour* page"
            if mine
            else f"payfair's sourced defaults for {year}; the *Fee per contact hour* page "
            "gives the source of each and lets you change them"
        ),
    )


if __name__ == "__main__":
    render()
