"""Provider page: the true hourly rate of every worker in every pay period, against the minimum
wage, with the shortfall and the arrears owed now. Filters, a chart and the full table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair.ui import charts, downloads, notices, reports, state, tables, why

TABLE_COLUMNS = [
    "worker_id",
    "role",
    "period_start",
    "period_end",
    "true_hourly_rate",
    "nmw_rate",
    "below_nmw",
    "shortfall",
    "arrears",
    "headline_rate",
    "working_hours",
    "contact_hours",
    "travel_hours",
    "waiting_hours",
    "other_hours",
    "paid_hours",
    "unpaid_working_hours",
    "gross_pay",
    "nmw_pay",
    "band",
    "flags",
]


def filters(periods: pd.DataFrame) -> pd.DataFrame:
    """Filter by pay period, worker, role and 'below the minimum wage only'."""
    starts = sorted(pd.to_datetime(periods["period_start"]).dt.date.unique())
    with st.container(border=True):
        c = st.columns([3, 3, 2, 2])
        if len(starts) > 1:
            lo, hi = c[0].select_slider(
                "Pay periods starting",
                options=starts,
                value=(starts[0], starts[-1]),
                format_func=lambda d: d.strftime("%d %b %Y"),
                key="prov_periods",
            )
        else:
            lo = hi = starts[0] if starts else None
            c[0].markdown(f"**Pay period from** {lo:%d %b %Y}" if lo else "")
        workers = sorted(periods["worker_id"].astype(str).unique())
        chosen = tables.pick_people(
            c[1],
            "Workers",
            workers,
            placeholder="All workers",
            key=f"prov_workers_{state.settings().pseudonymise}",
        )
        roles = sorted(periods["role"].dropna().astype(str).unique()) if "role" in periods else []
        role = c[2].multiselect("Roles", roles, placeholder="All roles", key="prov_roles")
        below = c[3].toggle("Underpaid only", value=False, key="prov_below")
    keep = pd.Series(True, index=periods.index)
    if lo is not None:
        d = pd.to_datetime(periods["period_start"]).dt.date
        keep &= (d >= lo) & (d <= hi)
    if chosen:
        keep &= periods["worker_id"].astype(str).isin(chosen)
    if role:
        keep &= periods["role"].astype(str).isin(role)
    if below:
        keep &= periods["below_nmw"].astype(bool)
    return periods[keep]


def headline(periods: pd.DataFrame, all_periods: pd.DataFrame) -> None:
    below = periods["below_nmw"].astype(bool)
    n_workers = periods["worker_id"].nunique()
    workers_below = periods.loc[below, "worker_id"].nunique()
    true_med = periods["true_hourly_rate"].median()
    head_med = periods["headline_rate"].median()
    c = st.columns(4)
    c[0].metric(
        "Workers underpaid",
        f"{workers_below:,} of {n_workers:,}",
        help="Paid below the National Minimum Wage in at least one pay period, once travel "
        "and waiting count as working time.",
        border=True,
    )
    c[1].metric(
        "Pay periods underpaid",
        f"{int(below.sum()):,} of {len(periods):,}",
        help="Worker pay periods whose true hourly rate is below the worker's minimum wage.",
        border=True,
    )
    c[2].metric(
        "Arrears owed now",
        tables.money_short(periods["arrears"].sum()),
        delta=f"{tables.money(periods['shortfall'].sum())} at the time",
        delta_color="off",
        delta_arrow="off",
        help="Shortfalls uplifted to the minimum wage in force on the 'as of' date "
        "(NMW Act 1998 s17).",
        border=True,
    )
    c[3].metric(
        "Typical true hourly rate",
        tables.money(true_med),
        delta=f"{tables.money(true_med - head_med)} vs {tables.money(head_med)} headline",
        delta_color="normal",
        help="Median over the pay periods shown. Headline rate = pay ÷ contact hours; true "
        "hourly rate = minimum-wage pay ÷ all working hours.",
        border=True,
    )
    notices.law_caveat()
    unpaid = periods["unpaid_working_hours"].sum()
    working = periods["working_hours"].sum()
    share = unpaid / working if working else 0
    st.markdown(
        f"Across these pay periods care workers worked **{tables.hours(working)}**, of which "
        f"**{tables.hours(unpaid)} ({share:.0%}) were not paid**: travel between visits and "
        "short waits that count as working time in law."
    )


def render() -> None:
    st.title("True hourly rates")
    st.caption(
        "For each care worker and pay period: pay that counts for the minimum wage, divided by "
        "all working time (visits, travel between visits, waiting, training), compared with the "
        "minimum wage for their age on the first day of the period."
    )
    loaded = state.load()
    if tables.problem(loaded):
        return
    notices.rejected_banner(loaded)
    periods = loaded.analysis.periods
    notices.assumptions(loaded)
    if periods.empty:
        st.warning("The rota has no usable events, so there is nothing to show.")
        return
    shown = filters(periods)
    if shown.empty:
        st.info("No pay periods match these filters.")
        return
    headline(shown, periods)
    st.subheader("Each dot is one worker in one pay period")
    st.caption(
        "Red dots are below the minimum wage for that worker; the dark line is the top "
        "minimum-wage rate for the period. Hover over a dot for the worker's figures."
    )
    plotted = state.view(shown)
    st.altair_chart(charts.true_rate_chart(plotted), width="stretch")
    st.subheader("Every worker and pay period")
    ordered = shown.sort_values(["below_nmw", "shortfall"], ascending=[False, False])
    selected = tables.show_table(
        ordered, "true hourly rates", key="periods", columns=TABLE_COLUMNS, select=True
    )
    why.render(loaded, ordered, selected)
    reports_row(loaded)


def reports_row(loaded: state.Loaded) -> None:
    st.subheader("Downloads")
    c = st.columns(4)
    with c[0]:
        reports.xlsx_button(
            st,
            "Excel report (all tables)",
            lambda: reports.analysis_xlsx(loaded),
            "payfair-true-hourly-rates.xlsx",
            "xlsx_report",
            cache=(),
        )
    with c[1]:
        downloads.offer(
            st,
            "All events (CSV)",
            lambda: reports.events_csv(loaded.analysis),
            "payfair-timeline.csv",
            "csv_timeline",
            cache=(),
        )
    with c[2]:
        downloads.offer(
            st,
            "Payroll top-up (Excel)",
            lambda: reports.topup_xlsx(loaded.analysis),
            "payfair-payroll-top-up.xlsx",
            "xlsx_topup",
            cache=(),
            mime=downloads.XLSX,
            icon=":material/request_quote:",
        )
    with c[3]:
        downloads.offer(
            st,
            "Payroll top-up (CSV)",
            lambda: reports.topup_csv(loaded.analysis),
            "payfair-payroll-top-up.csv",
            "csv_topup",
            cache=(),
            icon=":material/request_quote:",
        )
    downloads.offer(
        st,
        "Evidence packs: every underpaid worker (zip)",
        lambda: reports.evidence_zip(loaded.analysis),
        "payfair-evidence-packs.zip",
        "zip_evidence",
        mime=reports.ZIP,
        icon=":material/folder_zip:",
        heavy=True,
        cache=(),
    )
    st.caption(
        "An evidence pack is a printable statement of one worker's pay periods, visits, gaps, "
        "the rules with their sources and the amount owed: for an HMRC self-correction or a "
        "claim. The payroll top-up file lists, for each worker and pay period below the "
        "minimum wage, the amount to add to the next payroll and the arrears uplift. "
        "Downloads use codes instead of names when *Pseudonymise names* is on in the sidebar."
    )


if __name__ == "__main__":
    render()
