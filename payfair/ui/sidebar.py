"""The sidebar: the rules payfair applies, each with a plain-English explanation and its legal
source (docs/rules.md), and the pseudonymise switch. Writes a `Settings` to session_state."""

from __future__ import annotations

from datetime import date

import streamlit as st

from payfair.schema import PERIOD_KINDS
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
        "rules §3.4: 60 minutes is the waiting a tribunal counted in the Haringey homecare "
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
                "Turns miles into minutes when a rota gives only miles (rules §3.2). Off, such "
                "journeys are unknown and only the waiting is counted."
            )
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
        pseudonymise=bool(pseudo),
        code_key=code_key,
    )
    st.session_state["settings"] = s
    return s
