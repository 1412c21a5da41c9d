"""Commissioner page: the market view. Several providers' rotas (one file per provider, or files
with a provider column) side by side under one pay scenario: travel per contact hour, visit
lengths, unpaid working time, workers below the minimum wage and the fee per contact hour each
provider's own rota needs; and the lower quartile, median and upper quartile across providers, as
the Fair Cost of Care exercise reported them (payfair.market)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from payfair import market as mk
from payfair.ui import downloads, reports, state, tables

SAMPLE_MARKET = state.SAMPLES / "market"
DEFAULT_SCENARIO = "minimum_lawful_2026_27"
UNITS = {k: u for k, _, u in mk.MEASURES}


@st.cache_data(scope="session", max_entries=8, show_spinner=False)
def run_market(
    digests: tuple[str, ...],
    names: tuple[str, ...],
    settings_key: tuple,
    scenario_key: str,
    _data: tuple[bytes, ...],
) -> mk.MarketView:
    """payfair.market on the uploads (or the bundled sample when none), cached per session."""
    from payfair.costing.scenario import scenario_for_key

    s = dict(settings_key)
    if names:
        providers = mk.read_uploads(list(zip(names, _data, strict=True)))
    else:
        providers = mk.read_market(SAMPLE_MARKET)
    return mk.market(
        providers,
        scenario_for_key(scenario_key),
        state.current_policy(settings_key),
        period=s["period"],
        period_anchor=s["period_anchor"],
        as_of=s["as_of"],
    )


def _shown(value: float, unit: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    if unit == "£":
        return f"£{value:,.2f}"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "workers" and float(value).is_integer():
        return f"{int(value):,d}"
    return f"{value:,.1f}"


def summary_for_people(view: mk.MarketView) -> pd.DataFrame:
    """The quartiles table with each figure in its unit (£, %, minutes)."""
    out = pd.DataFrame({"Figure": view.summary["item"]})
    units = view.summary["unit"].tolist()
    for col, head in (
        ("lower_quartile", "Lower quartile"),
        ("median", "Median"),
        ("upper_quartile", "Upper quartile"),
    ):
        out[head] = [_shown(v, u) for v, u in zip(view.summary[col], units, strict=True)]
    out["Unit"] = [u if u not in ("£", "share") else "" for u in units]
    out["Providers"] = view.summary["providers"]
    return out


def providers_for_people(view: mk.MarketView) -> pd.DataFrame:
    """One row per provider, each figure in its unit."""
    p = view.providers
    out = pd.DataFrame({"Provider": p["provider"]})
    for key in (
        "workers",
        "contact_hours",
        "fee_per_contact_hour",
        "travel_minutes_per_contact_hour",
        "waiting_minutes_per_contact_hour",
        "average_visit_minutes",
        *mk.VISIT_BAND_KEYS,
        "unpaid_share",
        "workers_below_nmw",
    ):  # a dozen columns
        unit = UNITS.get(key, "hours")
        out[mk.LABELS.get(key, key)] = [_shown(v, unit) for v in p[key]]
    out["Rows read"] = p["rows_read"]
    out["Rows rejected"] = p["rows_rejected"]
    return out


def render() -> None:
    st.title("Market view")
    st.caption(
        "For a commissioner who buys homecare from many providers: each provider's own rota "
        "measured side by side, and the spread across providers (lower quartile, median, "
        "upper quartile), as the Fair Cost of Care exercise reported it."
    )
    uploads = st.file_uploader(
        "Providers' rotas: one file per provider, or files with a 'provider' column",
        type=state.ROTA_TYPES,
        accept_multiple_files=True,
        key="market_uploads",
        help="Each file without a 'provider' column is one provider, named after the file. "
        "Nothing you upload is stored: it stays in this browser session only.",
    )
    names = state.list_scenarios()
    keys = list(names)
    scenario = st.selectbox(
        "Pay scenario each provider's rota is priced under",
        keys,
        index=keys.index(DEFAULT_SCENARIO) if DEFAULT_SCENARIO in keys else 0,
        format_func=lambda k: names.get(k, k),
        key="market_scenario",
    )
    files = list(uploads or [])
    if not files:
        st.info(
            "Showing the sample market: five providers' rotas (rota_samples/market). Upload "
            "your providers' rotas above to see yours.",
            icon=":material/info:",
        )
    data = tuple(f.getvalue() for f in files)
    digests = tuple(hashlib.sha256(d).hexdigest() for d in data)
    try:
        with st.spinner("Re-paying each provider's rota under the scenario…"):
            view = run_market(
                digests,
                tuple(f.name for f in files),
                state.settings().analysis_key(),
                scenario,
                data,
            )
    except Exception as exc:  # every failure is a message, never a traceback
        st.error(state.friendly(exc), icon=":material/error:")
        return

    s = view.summary.set_index("measure")
    fee = s.loc["fee_per_contact_hour"]
    p = view.providers
    c = st.columns(4)
    c[0].metric("Providers", f"{len(p):,d}")
    c[1].metric("Median fee per contact hour", _shown(fee["median"], "£"))
    c[2].metric(
        "Middle half of providers",
        f"{_shown(fee['lower_quartile'], '£')} to {_shown(fee['upper_quartile'], '£')}",
    )
    c[3].metric(
        "Workers below the minimum wage",
        f"{int(p['workers_below_nmw'].sum()):,d} of {int(p['workers'].sum()):,d}",
    )
    st.caption(
        f"Rows: {view.rows_read:,d} read, {view.rows_used:,d} used, "
        f"{len(view.rejected):,d} rejected. Scenario: {view.scenario}."
    )

    st.subheader("Fee per contact hour each provider's rota needs")
    chart = p[["provider", "fee_per_contact_hour"]].rename(
        columns={"provider": "Provider", "fee_per_contact_hour": "£ per contact hour"}
    )
    st.bar_chart(chart, x="Provider", y="£ per contact hour", horizontal=True)

    st.subheader("Across providers")
    tables.show_table(summary_for_people(view), "market quartiles", key="market_summary")
    st.subheader("Each provider")
    tables.show_table(providers_for_people(view), "market providers", key="market_providers")
    if len(view.rejected):
        with st.expander(f"Rejected rows ({len(view.rejected):,d})"):
            tables.show_table(view.rejected, "market rejected rows", key="market_rejected")
    for note in view.notes:
        st.caption(note)

    st.subheader("Download")
    d = st.columns([2, 2, 3])
    reports.xlsx_button(
        d[0],
        "Excel workbook",
        lambda: mk.xlsx_bytes(view),
        "payfair-market.xlsx",
        "xlsx_market",
    )
    downloads.offer(  # built in this run, like every other download (payfair.ui.downloads)
        d[1],
        "JSON (every figure)",
        lambda: mk.json_bytes(view),
        "payfair-market.json",
        "json_market",
        mime="application/json",
        heavy=False,
    )


if __name__ == "__main__":
    render()
