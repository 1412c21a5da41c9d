"""The sidebar: the rules payfair applies, each with a plain-English explanation and its legal
source (docs/rules.md), and the pseudonymise switch. Writes a `Settings` to session_state."""

from __future__ import annotations

from datetime import date

import streamlit as st

from payfair.schema import PERIOD_KINDS
from payfair.ui import state
from payfair.ui.state import Settings

#: setting → (plain English, legal source)
EXPLAIN = {
    "period": (
        "The stretch of time pay is averaged over for the minimum-wage test. Use the period your "
        "payroll pays: weekly, fortnightly, four-weekly or monthly (never longer than a month).",
        "NMW Regulations 2015 reg 6; HMRC manual NMWM09020",
    ),
    "break_threshold_minutes": (
        "A gap between visits, after the journey, longer than this is a break the worker is free "
        "to use, so it is not working time. Shorter gaps are waiting time and must be paid for "
        "minimum-wage purposes.",
        "payfair rules §3.4: 60 minutes is the waiting a tribunal counted in the Haringey homecare "
        "case; HMRC sets no number",
    ),
    "count_commute": (
        "Off (the law): the journey from home to the first visit, and home after the last, is "
        "commuting and not working time. On: count it anyway, to model a better contract.",
        "NMW Regulations 2015 reg 34(1); HMRC v Taylors Services [2025] EWCA Civ 956",
    ),
    "count_travel_across_breaks": (
        "Off: after a break the worker is presumed to start from home, so the journey to the "
        "next visit is not counted. On: count that journey as working travel.",
        "gov.uk 'Calculating the minimum wage', care worker example 2; Whittlestone v BJP "
        "Home Support [2013] UKEAT/0128/13",
    ),
    "as_of": (
        "Arrears are repaid at the minimum wage in force on this date where it is higher than "
        "the rate at the time: the shortfall is uplifted by rate now ÷ rate then.",
        "National Minimum Wage Act 1998 s17; HMRC manual NMWM13160",
    ),
    "pseudonymise": (
        "Replace worker and client names with stable codes (such as W-3F9A1C) on every page and "
        "in every download. The same name always gets the same code in this session; type a "
        "code key to get the same codes next time.",
        "UK GDPR art. 4(5) pseudonymisation; share codes, not names, outside the employer",
    ),
}

PERIOD_NAMES = {
    "weekly": "Weekly",
    "fortnightly": "Fortnightly",
    "four-weekly": "Four-weekly",
    "monthly": "Calendar monthly",
}


def _explain(key: str) -> None:
    text, source = EXPLAIN[key]
    st.caption(f"{text}  \n*Source: {source}.*")


RATE_INPUTS = {
    "contact_rate": ("Visits (contact time), £ an hour", 0.0, 100.0),
    "travel_rate": ("Travel between visits, £ an hour (0 = unpaid)", 0.0, 100.0),
    "waiting_rate": ("Waiting between visits, £ an hour (0 = unpaid)", 0.0, 100.0),
    "mileage_rate": ("Mileage, £ a mile (an expense, never minimum-wage pay)", 0.0, 5.0),
}


def _pay_rates() -> dict[str, float | None]:
    """The provider's own pay rates, for rotas with no pay column: none unless switched on."""
    st.markdown("### Your pay rates")
    own = st.toggle("Use my own pay rates", value=False, key="set_own_rates")
    st.caption(
        "For rotas with no pay column (and rows with no pay): payfair works out each event's "
        "pay from these rates. Off, it uses its default contract (contact time paid, travel and "
        "waiting unpaid). Pay the rota gives is always used as given."
    )
    if not own:
        return {}
    defaults = state.default_rates()
    return {
        key: float(
            st.number_input(
                label,
                min_value=lo,
                max_value=hi,
                value=defaults[key],
                step=0.05,
                format="%.2f",
                key=f"set_{key}",
            )
        )
        for key, (label, lo, hi) in RATE_INPUTS.items()
    }


def render() -> Settings:
    """Draw the sidebar and return the settings it holds."""
    sb = st.sidebar
    with sb:
        st.markdown("### Rules")
        period = st.selectbox(
            "Pay reference period",
            PERIOD_KINDS,
            index=0,
            format_func=lambda p: PERIOD_NAMES.get(p, p),
            key="set_period",
        )
        _explain("period")
        anchor = date(2024, 1, 1)
        if period != "monthly":
            anchor = st.date_input(
                "A day the pay periods start on",
                value=date(2024, 1, 1),
                key="set_anchor",
                format="DD/MM/YYYY",
                help="Any past first day of a pay period (default Monday 1 January 2024).",
            )
        threshold = st.number_input(
            "Break threshold (minutes)",
            min_value=0,
            max_value=600,
            value=60,
            step=5,
            key="set_break",
        )
        _explain("break_threshold_minutes")
        commute = st.toggle("Count the commute from home", value=False, key="set_commute")
        _explain("count_commute")
        across = st.toggle("Count travel after a break", value=False, key="set_across_breaks")
        _explain("count_travel_across_breaks")
        as_of = st.date_input(
            "Arrears worked out as of",
            value=date.today(),
            key="set_as_of",
            format="DD/MM/YYYY",
        )
        _explain("as_of")
        with st.expander("Rotas with miles but no travel minutes"):
            speed = st.number_input(
                "Assumed speed (mph), 0 = off",
                min_value=0.0,
                max_value=70.0,
                value=0.0,
                step=1.0,
                key="set_speed",
            )
            st.caption(
                "Turns miles into minutes when a rota gives only miles (payfair rules §3.2). "
                "Off, such journeys are unknown and only the waiting is counted."
            )
        with st.expander("Own-car costs"):
            vehicle = st.number_input(
                "Cost of running a car, £ a mile, 0 = off",
                min_value=0.0,
                max_value=2.0,
                value=0.0,
                step=0.05,
                format="%.2f",
                key="set_vehicle",
            )
            st.caption(
                "Off (payfair's reading of the law): mileage paid is an expense and neither adds "
                "to nor takes from minimum-wage pay. On: the cost above the mileage paid is taken "
                "off minimum-wage pay, an open point in law (payfair rules §4)."
            )
        rates = _pay_rates()
        st.markdown("### Privacy")
        pseudo = st.toggle("Pseudonymise names", value=False, key="set_pseudo")
        _explain("pseudonymise")
        code_key = ""
        if pseudo:
            code_key = st.text_input(
                "Code key (optional)", value="", key="set_code_key", type="password"
            )
    s = Settings(
        period=period,
        period_anchor=anchor,
        break_threshold_minutes=float(threshold),
        count_commute=bool(commute),
        count_travel_across_breaks=bool(across),
        assumed_speed_mph=float(speed) if speed else None,
        as_of=as_of,
        vehicle_cost_per_mile=float(vehicle) if vehicle else None,
        **rates,
        pseudonymise=bool(pseudo),
        code_key=code_key,
    )
    st.session_state["settings"] = s
    return s
