"""Union page: build a pay scenario (issue 9): start from a shipped scenario or from blank, edit
every term, see at once who gains on the rota and by how much, save it as a TOML file and load
it again. The file is the same one `payfair scenarios --scenario FILE` reads (docs/scenarios.md).

A built or loaded scenario is kept for this session (`custom_scenarios`), so the Pay scenarios
page can compare it with the shipped ones. It is written to a file named by its content, so the
cached results of state.run_scenario (keyed by the file name) always match the terms.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from payfair.config_file import ConfigError
from payfair.costing.scenario import (
    SCENARIO_SCHEMA,
    TEXT_KEY,
    scenario_data,
    scenario_from_bytes,
    scenario_from_dict,
    scenario_toml,
)
from payfair.safe_output import deliver
from payfair.ui import state, tables

BLANK = "blank"
BLANK_LABEL = "Blank: £12.71 for contact time, 45p a mile, nothing more"
CUSTOM = "_custom_scenarios"  # session: key (TEXT_KEY + the TOML text) → name
BUILT_BY = "chosen in the payfair scenario builder"
CONTACT = "at the worker's contact rate"
SET_RATE = "at a set rate"
UNPAID = "unpaid"
NO_UPLIFT, FLAT, PERCENT = "no uplift", "£ an hour", "percentage"

SHOW_COLUMNS = [
    "worker_id",
    "role",
    "weeks",
    "pay_now",
    "pay_scenario",
    "change_per_week",
    "true_hourly_rate_now",
    "true_hourly_rate_scenario",
]


# ------------------------------------------------------------ custom scenarios in the session


def register(text: str) -> str:
    """Keep a scenario for this session; returns its key (TEXT_KEY + the file's text, so it stays
    in this session's memory and never touches disk) for state.run_scenario and the Pay
    scenarios page."""
    scenario = scenario_from_bytes(text.encode("utf-8"), file="scenario.toml")
    key = TEXT_KEY + text
    custom = dict(st.session_state.get(CUSTOM, {}))
    custom[key] = f"{scenario.name} (yours)"
    st.session_state[CUSTOM] = custom
    return key


def custom_scenarios() -> dict[str, str]:
    """key → name of the scenarios built or loaded in this session."""
    return dict(st.session_state.get(CUSTOM, {}))


# ------------------------------------------------------------------------------ the form


def _start() -> dict[str, Any]:
    """The scenario the form starts from: shipped, blank, or a loaded file."""
    names = state.list_scenarios()
    options = [BLANK, *names]
    c = st.columns([2, 3])
    base = c[0].selectbox(
        "Start from",
        options,
        format_func=lambda k: BLANK_LABEL if k == BLANK else names[k],
        key="builder_base",
        help="A shipped scenario (every figure sourced) or a blank one to fill in.",
    )
    upload = c[1].file_uploader(
        "Or load a scenario file you saved (.toml)", type=["toml"], key="builder_upload"
    )
    pasted = st.session_state.get("builder_paste", "")
    origin = ("base", base)
    data = None
    if upload is not None:
        raw = upload.getvalue()
        origin = ("upload", hashlib.sha256(raw).hexdigest())
        data = _loaded(raw, upload.name)
    elif pasted.strip():
        origin = ("paste", hashlib.sha256(pasted.encode()).hexdigest())
        data = _loaded(pasted.encode("utf-8"), "pasted text")
    if data is None:
        data = scenario_data(None if base == BLANK else base)
    if st.session_state.get("builder_origin") != origin:
        st.session_state["builder_origin"] = origin
        st.session_state["builder_start"] = copy.deepcopy(data)
        _reset_widgets(data)
    return st.session_state["builder_start"]


def _loaded(raw: bytes, name: str) -> dict[str, Any] | None:
    try:
        return copy.deepcopy(scenario_from_bytes(raw, file=name).data)
    except ConfigError as exc:
        st.error(f"That file cannot be used: {exc}", icon=":material/error:")
        return None


def _reset_widgets(data: dict[str, Any]) -> None:
    """Set every form widget to the starting scenario's values."""
    s = scenario_from_dict(data, file="start")
    pay, terms = data.get("pay", {}), s.terms
    floors = dict(s.policy.role_floor)
    ss = st.session_state
    ss["b_gen"] = ss.get("b_gen", 0) + 1  # a fresh role-floor editor for the new start
    ss["b_name"] = s.name
    ss["b_description"] = s.description
    ss["b_contact_rate"] = float(s.policy.contact_rate)
    ss["b_floor_all"] = float(floors.pop("*", 0.0))
    ss["b_role_floors"] = pd.DataFrame(
        {
            "role": pd.Series(list(floors), dtype="str"),
            "floor": pd.Series([float(v) for v in floors.values()], dtype="float64"),
        }
    )
    if s.uplift_per_hour:
        ss["b_uplift_kind"], ss["b_uplift"] = FLAT, float(s.uplift_per_hour)
    elif s.uplift_percent:
        ss["b_uplift_kind"], ss["b_uplift"] = PERCENT, float(s.uplift_percent)
    else:
        ss["b_uplift_kind"], ss["b_uplift"] = NO_UPLIFT, 0.0
    for which in ("travel", "waiting"):
        value = getattr(s.policy, f"{which}_rate")
        if value == "contact":
            ss[f"b_{which}_kind"], ss[f"b_{which}_rate"] = CONTACT, 0.0
        elif float(value) > 0:
            ss[f"b_{which}_kind"], ss[f"b_{which}_rate"] = SET_RATE, float(value)
        else:
            ss[f"b_{which}_kind"], ss[f"b_{which}_rate"] = UNPAID, 0.0
    ss["b_other_same"] = "other_rate" not in pay
    ss["b_other_rate"] = float(pay.get("other_rate", s.policy.contact_rate))
    ss["b_mileage"] = float(s.policy.mileage_rate)
    ss["b_weekend"] = float(s.policy.weekend_premium)
    ss["b_bank_holiday"] = float(s.policy.bank_holiday_multiplier)
    ss["b_sick_pay"] = terms.sick_pay
    ss["b_ssp_rules"] = terms.ssp_rules
    ss["b_sick_fraction"] = float(terms.occupational_sick_fraction) * 100
    ss["b_sick_days"] = float(terms.sick_days_per_year)
    ss["b_pension_statutory"] = terms.pension_rate is None
    ss["b_pension"] = float(terms.pension_rate if terms.pension_rate is not None else 0.03) * 100
    ss["b_pension_all"] = bool(terms.pension_include_all)
    ss["b_holiday_statutory"] = terms.holiday_rate is None
    ss["b_holiday"] = float(terms.holiday_rate if terms.holiday_rate is not None else 0.1207) * 100
    ss["b_training"] = float(terms.training_hours_per_year)
    ss["b_min_visit"] = float(s.min_visit_minutes)
    a = s.assumptions
    for key in _ASSUMPTION_NUMBERS:
        ss[f"b_a_{key}"] = float(getattr(a, key))


_ASSUMPTION_NUMBERS = (
    "average_visit_minutes",
    "travel_minutes_per_visit",
    "waiting_minutes_per_visit",
    "miles_per_visit",
    "contact_hours_per_worker_week",
    "running_costs_per_contact_hour",
    "surplus_share",
)


def _number(where, label: str, key: str, *, step: float = 0.01, fmt: str = "%.2f", **kw):
    return where.number_input(label, key=key, step=step, format=fmt, min_value=0.0, **kw)


def _form() -> None:
    """Every term of the scenario, as widgets (values live in st.session_state)."""
    st.text_input("Name", key="b_name")
    st.text_input("One line on what it is", key="b_description")

    st.subheader("Pay rates")
    c = st.columns(3)
    _number(
        c[0], "Contact rate (£ an hour)", "b_contact_rate", help=_meaning("pay", "contact_rate")
    )
    _number(c[1], "Pay floor for every role (£ an hour)", "b_floor_all", help="0 = none")
    c[2].radio("Uplift on each worker's own rate", [NO_UPLIFT, FLAT, PERCENT], key="b_uplift_kind")
    if st.session_state["b_uplift_kind"] != NO_UPLIFT:
        unit = "£ an hour" if st.session_state["b_uplift_kind"] == FLAT else "%"
        _number(c[2], f"Uplift ({unit})", "b_uplift")
    floor, contact = st.session_state["b_floor_all"], st.session_state["b_contact_rate"]
    if floor > 0 and contact < floor:
        c[0].caption(
            f"Taken as £{floor:.2f}, the pay floor for every role: a contact rate below the "
            "floor would have no effect."
        )
    st.caption(
        "Pay floors per Care Workforce Pathway role (use the role names in your workers file). "
        "A worker keeps their own rate where it is higher."
    )
    st.data_editor(
        st.session_state["b_role_floors"],
        num_rows="dynamic",
        key=f"b_role_floor_edits_{st.session_state.get('b_gen', 0)}",
        column_config={
            "role": st.column_config.TextColumn("Role"),
            "floor": st.column_config.NumberColumn("Floor (£ an hour)", min_value=0.0, step=0.01),
        },
        hide_index=True,
    )

    st.subheader("Which working time is paid")
    c = st.columns(3)
    for col, which, label in (
        (c[0], "travel", "Travel between visits"),
        (c[1], "waiting", "Waiting between visits"),
    ):
        col.selectbox(label, [CONTACT, SET_RATE, UNPAID], key=f"b_{which}_kind")
        if st.session_state[f"b_{which}_kind"] == SET_RATE:
            _number(col, f"{label}: £ an hour", f"b_{which}_rate")
    c[2].checkbox("Training and office time at the contact rate", key="b_other_same")
    if not st.session_state["b_other_same"]:
        _number(c[2], "Training and office time: £ an hour", "b_other_rate")

    st.subheader("Enhancements and expenses")
    c = st.columns(3)
    _number(c[0], "Weekend enhancement (£ an hour)", "b_weekend")
    _number(c[1], "Bank holidays paid at (times the rate)", "b_bank_holiday", max_value=5.0)
    _number(c[2], "Mileage (£ a mile)", "b_mileage", max_value=2.0)

    st.subheader("Sick pay, pension, holiday, training")
    c = st.columns(3)
    c[0].radio("Sick pay", ["statutory", "occupational"], key="b_sick_pay")
    if st.session_state["b_sick_pay"] == "statutory":
        c[0].selectbox("Statutory Sick Pay rules", ["2026-27", "2025-26"], key="b_ssp_rules")
    else:
        _number(
            c[0],
            "Occupational sick pay (% of pay)",
            "b_sick_fraction",
            max_value=100.0,
            step=5.0,
            fmt="%.0f",
        )
    _number(
        c[0], "Expected sickness days a year", "b_sick_days", step=1.0, fmt="%.1f", max_value=260.0
    )
    c[1].checkbox("Statutory pension (3% of qualifying earnings)", key="b_pension_statutory")
    if not st.session_state["b_pension_statutory"]:
        _number(c[1], "Employer pension (%)", "b_pension", step=0.5, fmt="%.1f", max_value=100.0)
    c[1].checkbox("Pension for every worker, whatever their age and earnings", key="b_pension_all")
    c[2].checkbox("Statutory holiday pay (12.07%)", key="b_holiday_statutory")
    if not st.session_state["b_holiday_statutory"]:
        _number(c[2], "Holiday pay (% of pay)", "b_holiday", step=0.1, fmt="%.2f", max_value=50.0)
    _number(
        c[2],
        "Paid training hours a year (beyond the rota)",
        "b_training",
        step=1.0,
        fmt="%.0f",
        max_value=2000.0,
    )
    _number(
        c[2],
        "Shortest visit allowed (minutes, 0 = none)",
        "b_min_visit",
        step=5.0,
        fmt="%.0f",
        max_value=1440.0,
    )

    with st.expander("Assumptions for pricing without a rota (Fee per contact hour page)"):
        c = st.columns(4)
        for i, key in enumerate(_ASSUMPTION_NUMBERS):
            _number(
                c[i % 4],
                _meaning("assumptions", key).capitalize(),
                f"b_a_{key}",
                fmt="%.2f",
                step=0.01 if "share" in key else 1.0,
            )


def _meaning(section: str, key: str) -> str:
    spec = SCENARIO_SCHEMA.sections[section][key]
    return f"{spec.meaning} [{spec.unit}]" if spec.unit else spec.meaning


def _floors() -> dict[str, float]:
    """The role floors table with the user's edits applied."""
    table = st.session_state["b_role_floors"].copy()
    edits = st.session_state.get(f"b_role_floor_edits_{st.session_state.get('b_gen', 0)}") or {}
    for row, changes in (edits.get("edited_rows") or {}).items():
        for col, value in changes.items():
            table.loc[table.index[int(row)], col] = value
    added = pd.DataFrame(edits.get("added_rows") or [], columns=["role", "floor"])
    deleted = set(edits.get("deleted_rows") or [])
    table = table.drop(index=[table.index[i] for i in deleted if i < len(table)])
    table = pd.concat([table, added], ignore_index=True)
    out = {}
    for role, floor in zip(table["role"], table["floor"], strict=True):  # a handful of roles
        if isinstance(role, str) and role.strip() and floor is not None and not pd.isna(floor):
            out[role.strip()] = float(floor)
    return out


def build(start: dict[str, Any]) -> dict[str, Any]:
    """The scenario's settings from the form; the source of any value the user changed from
    the starting scenario becomes "chosen in the payfair scenario builder"."""
    ss = st.session_state
    contact = float(ss["b_contact_rate"])
    if ss["b_floor_all"] > 0 and contact < ss["b_floor_all"]:
        contact = float(ss["b_floor_all"])  # said beside the inputs (_form)
    pay: dict[str, Any] = {"contact_rate": contact}
    if ss["b_uplift_kind"] == FLAT and ss["b_uplift"] > 0:
        pay["uplift_per_hour"] = float(ss["b_uplift"])
    elif ss["b_uplift_kind"] == PERCENT and ss["b_uplift"] > 0:
        pay["uplift_percent"] = float(ss["b_uplift"])
    for which in ("travel", "waiting"):
        kind = ss[f"b_{which}_kind"]
        pay[f"{which}_rate"] = (
            "contact"
            if kind == CONTACT
            else float(ss[f"b_{which}_rate"])
            if kind == SET_RATE
            else 0.0
        )
    if not ss["b_other_same"]:
        pay["other_rate"] = float(ss["b_other_rate"])
    pay["mileage_rate"] = float(ss["b_mileage"])
    pay["weekend_premium"] = float(ss["b_weekend"])
    pay["bank_holiday_multiplier"] = max(1.0, float(ss["b_bank_holiday"]))
    floors = _floors()
    if ss["b_floor_all"] > 0:
        floors = {"*": float(ss["b_floor_all"]), **floors}
    pay["role_floor"] = floors
    terms: dict[str, Any] = {"sick_pay": ss["b_sick_pay"]}
    if ss["b_sick_pay"] == "statutory":
        terms["ssp_rules"] = ss["b_ssp_rules"]
    else:
        terms["occupational_sick_fraction"] = float(ss["b_sick_fraction"]) / 100
    terms["sick_days_per_year"] = float(ss["b_sick_days"])
    if not ss["b_pension_statutory"]:
        terms["pension_rate"] = round(float(ss["b_pension"]) / 100, 6)
    if ss["b_pension_all"]:
        terms["pension_include_all"] = True
    if not ss["b_holiday_statutory"]:
        terms["holiday_rate"] = round(float(ss["b_holiday"]) / 100, 6)
    terms["training_hours_per_year"] = float(ss["b_training"])
    terms["min_visit_minutes"] = float(ss["b_min_visit"])
    assumptions = dict(start.get("assumptions", {}))
    for key in _ASSUMPTION_NUMBERS:
        assumptions[key] = float(ss[f"b_a_{key}"])
    if assumptions.get("role", "*") != "*" and assumptions["role"] not in floors:
        assumptions["role"] = "*"
    data: dict[str, Any] = {
        "name": ss["b_name"].strip() or "My scenario",
        "description": ss["b_description"].strip(),
        "pay": pay,
        "terms": terms,
        "assumptions": assumptions,
    }
    if start.get("note"):
        data["note"] = start["note"]
    if start.get("rules"):
        data["rules"] = start["rules"]
    data["sources"] = _sources(start, data)
    return data


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for section in ("pay", "terms", "assumptions"):
        for key, value in data.get(section, {}).items():
            if key == "role_floor":
                out.update({f"pay.role_floor.{r}": v for r, v in value.items()})
            else:
                out[f"{section}.{key}"] = value
    return out


def _sources(start: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    before, after = _flat(start), _flat(data)
    sources = dict(start.get("sources", {}))
    for key, value in after.items():
        if key not in before or before[key] != value:
            sources[key] = BUILT_BY
    return {k: v for k, v in sources.items() if k in after or not k.startswith("pay.role_floor")}


# ------------------------------------------------------------------------------ the result


def result(loaded: state.Loaded, key: str, headline) -> None:
    """Who gains on the rota, and by how much, under the scenario being built: the headline
    figures in `headline` (a container at the top of the page, so they are seen without
    scrolling past the form), each worker below the form."""
    try:
        r = state.scenarios(loaded, [key], "Applying your scenario to every worker")[0]
    except Exception as exc:  # shown as a message, never a traceback
        st.error(state.friendly(exc), icon=":material/error:")
        return
    t = r.totals
    box = headline.container(border=True)
    box.markdown("**What these terms do on your rota**")
    c = box.columns(4)
    c[0].metric("Workers who gain", f"{t.get('workers_gaining', 0):,} of {t.get('workers', 0):,}")
    c[1].metric(
        "Typical gain per worker a week", tables.money(t.get("median_change_per_worker_week"))
    )
    c[2].metric("Extra pay on this rota", tables.money(t.get("change")))
    c[3].metric(
        "Extra cost to the employer a year",
        tables.money_short(t.get("employer_cost_change_per_year")),
    )
    if r.fee is not None:
        box.metric("Fee per contact hour to fund it (from this rota)", tables.money(r.fee))
    elif r.fee_error:
        box.caption(f"Fee per contact hour: {r.fee_error}")
    weeks = t.get("weeks_covered") or 0
    mileage = t.get("mileage_scenario", 0.0) - t.get("mileage_now", 0.0)
    mileage = mileage / weeks * 52 if weeks else 0.0  # a year, as the employer's cost
    notes = ["These figures change as you change the terms below."]
    if abs(mileage) >= 0.5:  # mileage is an expense: in the employer's cost, not in the pay
        notes.append(
            f"The cost to the employer includes {tables.money_short(abs(mileage))} a year "
            f"{'more' if mileage > 0 else 'less'} in mileage payments: an expense repaid, not "
            "pay, so it is not in the extra pay and does not count for the minimum wage "
            "(payfair rules §4)."
        )
    notes.append("Each worker's figures are at the foot of the page.")
    box.caption(" ".join(notes))
    workers = r.workers.sort_values("change_per_week", ascending=False)
    tables.show_table(
        workers, "who gains under your scenario", key="builder_workers", columns=SHOW_COLUMNS
    )
    if r.notes:
        st.caption("  \n".join(r.notes))


def render() -> None:
    st.title("Build a pay scenario")
    st.caption(
        "Set the pay terms you want to test (pay floors, an uplift, which working time is paid, "
        "enhancements, mileage, sick pay, pension and training) and see at once who gains on "
        "your rota and by how much. Save the terms as a file to use again here or with "
        "`payfair scenarios --scenario FILE`."
    )
    start = _start()
    headline = st.container()  # filled once the terms below are read
    with st.expander("Or paste the text of a scenario file"):
        st.text_area("Scenario file text", key="builder_paste", height=120)
    _form()
    data = build(start)
    try:
        text = scenario_toml(data)
        key = register(text)
    except ConfigError as exc:
        st.error(f"These terms cannot be used yet: {exc}", icon=":material/error:")
        return
    scenario = scenario_from_dict(data, file="your scenario")
    c = st.columns([2, 4])
    c[0].download_button(
        "Save as a scenario file (.toml)",
        deliver(text.encode("utf-8"), None),
        file_name=f"{tables.slug(scenario.name) or 'scenario'}.toml",
        mime="application/toml",
        key="builder_download",
        icon=":material/download:",
    )
    c[1].caption(
        "It is also kept for this session: choose it on the Pay scenarios page to compare it "
        "with the shipped ones."
    )
    with st.expander("See the file"):
        st.code(text, language="toml")

    st.subheader("Each worker on your rota")
    loaded = state.load()
    if not tables.priceable(loaded):
        return
    result(loaded, key, headline)


if __name__ == "__main__":
    render()
