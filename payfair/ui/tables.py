"""Showing tables: plain-English column names, £ and hours formatting, and a CSV download of
every table shown (pseudonymised first when the toggle is on)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from payfair import labels, safe_output
from payfair.ui import downloads, state

#: Number formats for the app's tables (sprintf-js, which Streamlit uses; "," groups thousands,
#: so £12,345.67 reads as it would on a payslip).
MONEY = "£%,.2f"
HOURS = "%,.2f"
TENTHS = "%,.1f"
WHOLE = "%,d"

#: canonical column → (heading, kind); kinds: money, rate, hours, minutes, miles, int, text, date,
#: datetime, bool
COLUMNS: dict[str, tuple[str, str]] = {
    "worker_id": ("Worker", "text"),
    "client_id": ("Client", "text"),
    "role": ("Role", "text"),
    "period_start": ("Period from", "date"),
    "period_end": ("Period to", "date"),
    "contact_hours": ("Contact hours", "hours"),
    "travel_hours": ("Travel hours", "hours"),
    "waiting_hours": ("Waiting hours", "hours"),
    "other_hours": ("Training & office hours", "hours"),
    "working_hours": ("Working hours", "hours"),
    "paid_hours": ("Paid hours", "hours"),
    "unpaid_working_hours": ("Unpaid working hours", "hours"),
    "gross_pay": ("Gross pay", "money"),
    "premium_pay": ("Premiums", "money"),
    "allowance_pay": ("Allowances", "money"),
    "deductions": ("Deductions", "money"),
    "deduction": ("Deduction", "money"),
    "mileage_pay": ("Mileage paid", "money"),
    "business_miles": ("Business miles", "miles"),
    "nmw_pay": ("Pay counting for minimum wage", "money"),
    "age": ("Age", "int"),
    "band": ("Minimum-wage band", "text"),
    "nmw_rate": ("Minimum wage", "rate"),
    "true_hourly_rate": ("True hourly rate", "rate"),
    "headline_rate": ("Headline rate", "rate"),
    "paid_time_rate": ("Paid-time rate", "rate"),
    "shortfall": ("Shortfall", "money"),
    "arrears": ("Arrears owed now", "money"),
    "below_nmw": ("Below minimum wage", "bool"),
    "events": ("Events", "int"),
    "flags": ("Flags", "text"),
    "source_row": ("Row in your file", "int"),
    "start": ("Start", "datetime"),
    "end": ("End", "datetime"),
    "kind": ("Kind", "text"),
    "status": ("Status", "text"),
    "travel_minutes": ("Travel minutes (rota)", "minutes"),
    "travel_miles": ("Travel miles (rota)", "miles"),
    "pay": ("Pay (rota)", "money"),
    "contact_minutes": ("Contact minutes", "minutes"),
    "travel_counted_minutes": ("Travel counted (min)", "minutes"),
    "waiting_minutes": ("Waiting counted (min)", "minutes"),
    "break_minutes": ("Break (min)", "minutes"),
    "commute_minutes": ("Commute (min)", "minutes"),
    "gap_minutes": ("Gap before (min)", "minutes"),
    "file": ("File", "text"),
    "sheet": ("Sheet", "text"),
    "row": ("Row", "int"),
    "column": ("Column", "text"),
    "reason": ("Reason", "text"),
    # scenario outcomes (payfair.costing.outcomes)
    "scenario": ("Scenario", "text"),
    "weeks": ("Weeks", "hours"),
    "unpaid_hours_now": ("Unpaid working hours now", "hours"),
    "pay_now": ("Pay now", "money"),
    "pay_scenario": ("Pay under the scenario", "money"),
    "change": ("Change in pay", "money"),
    "change_per_week": ("Change a week", "money"),
    "true_hourly_rate_now": ("True hourly rate now", "rate"),
    "true_hourly_rate_scenario": ("True hourly rate under the scenario", "rate"),
    # fee per contact hour (payfair.costing.fee_rate)
    "item": ("Cost", "text"),
    "per_contact_hour": ("£ per contact hour", "money"),
    "share_of_fee": ("Share of the fee", "percent"),
    "meaning": ("What it covers", "text"),
    "visit_minutes": ("Visit length (minutes)", "int"),
    "travel_minutes_per_contact_hour": ("Travel minutes per contact hour", "minutes"),
    "fee_per_hour": ("Fee per contact hour", "money"),
    "fee_per_visit": ("Fee per visit", "money"),
    "allowed": ("Allowed by the scenario", "bool"),
}


def money(value: float | None) -> str:
    """£ to the penny, as in every download (payfair.labels): £1,234.56, -£3.20, £0.00."""
    return labels.money(value, missing="–")


def money_short(value: float | None) -> str:
    """£ for headline figures: £5.27m, £101,319, and to the penny below £10,000 (£5,337.61 of
    arrears is owed to the penny: a headline must not read £5,338 beside a table that says so)."""
    if value is not None and not pd.isna(value) and abs(value) < 10_000:
        return money(value)
    return labels.money_short(value, missing="–")


def hours(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value:,.1f} h"


def count(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:,.0f}"


def pick_people(container, label: str, ids: list[str], **kw) -> list[str]:
    """A multiselect of workers showing their names or codes; returns the chosen ids."""
    labels = {state.show_name(i): i for i in ids}
    chosen = container.multiselect(label, list(labels), **kw)
    return [labels[c] for c in chosen if c in labels]


def pick_person(container, label: str, ids: list[str], default: str | None, **kw) -> str:
    """A selectbox of workers showing their names or codes; returns the chosen id."""
    labels = {state.show_name(i): i for i in ids}
    names = list(labels)
    first = state.show_name(default) if default is not None else None
    got = container.selectbox(label, names, index=names.index(first) if first in names else 0, **kw)
    return labels.get(got, ids[0])


def column_config(df: pd.DataFrame, extra: dict | None = None) -> dict:
    cfg: dict = {}
    for col in df.columns:
        heading, kind = COLUMNS.get(col, (col.replace("_", " ").capitalize(), "text"))
        if kind in ("money", "rate"):
            cfg[col] = st.column_config.NumberColumn(heading, format=MONEY)
        elif kind == "hours":
            cfg[col] = st.column_config.NumberColumn(heading, format=HOURS)
        elif kind in ("minutes", "miles"):
            cfg[col] = st.column_config.NumberColumn(heading, format=TENTHS)
        elif kind == "int":
            cfg[col] = st.column_config.NumberColumn(heading, format=WHOLE)
        elif kind == "percent":
            cfg[col] = st.column_config.NumberColumn(heading, format="percent")
        elif kind == "bool":
            cfg[col] = st.column_config.CheckboxColumn(heading)
        elif kind == "date":
            cfg[col] = st.column_config.DateColumn(heading, format="DD MMM YYYY")
        elif kind == "datetime":
            cfg[col] = st.column_config.DatetimeColumn(heading, format="ddd DD MMM HH:mm")
        else:
            cfg[col] = st.column_config.TextColumn(heading)
    cfg.update(extra or {})
    return cfg


def _display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Tz-aware times shown as the wall-clock time in England (the grid has no time zones)."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A people's CSV of a table as shown (already pseudonymised when on): plain-English
    headers, money to the penny, flags in words (payfair.labels), through the one safe writer."""
    return safe_output.csv_bytes(labels.for_csv(df))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "table"


def fingerprint(name: str, df: pd.DataFrame) -> tuple | None:
    """What a table's CSV depends on (its content, hashed), to reuse the file while the table
    is unchanged; None (build every time) if the table cannot be hashed."""
    try:
        return (name, len(df), int(pd.util.hash_pandas_object(df, index=True).sum()))
    except Exception:  # e.g. a cell holding a list
        return None


def show_table(
    df: pd.DataFrame,
    name: str,
    *,
    key: str,
    columns: list[str] | None = None,
    height: int | str | None = None,
    extra_config: dict | None = None,
    max_rows: int = 5000,
    select: bool = False,
) -> list[int]:
    """Show a table (pseudonymised when on) with a CSV download of exactly what is shown
    (all rows, even when the grid shows only the first `max_rows`). With `select`, a row can be
    chosen: returns the positions (in `df`) of the rows chosen, else []."""
    shown = state.view(df if columns is None else df[[c for c in columns if c in df.columns]])
    grid = shown if len(shown) <= max_rows else shown.head(max_rows)
    if height is None:  # short tables in full, long ones scroll
        height = 36 * len(grid) + 40 if len(grid) <= 14 else 36 * 12 + 40
    picked = st.dataframe(
        _display_frame(grid),
        hide_index=True,
        width="stretch",
        height=height,
        column_config=column_config(grid, extra_config),
        **(
            {"on_select": "rerun", "selection_mode": "single-row", "key": f"grid_{key}"}
            if select
            else {}
        ),
    )
    left, right = st.columns([3, 1])
    with left:
        if len(shown) > max_rows:
            st.caption(f"Showing the first {max_rows:,} of {len(shown):,} rows; the CSV has all.")
    with right:
        downloads.offer(
            st,
            "Download CSV",
            lambda: csv_bytes(shown),
            f"payfair-{slug(name)}.csv",
            f"csv_{key}",
            heavy=len(shown) > state.LARGE_ROWS or state.large_rota(),
            cache=fingerprint(name, shown),
        )
    if not select:
        return []
    rows = getattr(getattr(picked, "selection", None), "rows", None) or []
    return [int(r) for r in rows]


def problem(loaded: state.Loaded) -> bool:
    """Show why there are no results (readable message, link to the Rota page); True if so."""
    if loaded.ok:
        return False
    st.error(loaded.error or "No results yet.", icon=":material/error:")
    st.page_link("payfair/ui/rota_page.py", label="Go to the Rota page", icon=":material/upload:")
    return True


def priceable(loaded: state.Loaded) -> bool:
    """True when there are results to price; otherwise shows why (for the union and
    commissioner pages, which both need at least one pay period)."""
    if problem(loaded):
        return False
    if loaded.analysis.periods.empty:
        st.warning("The rota has no usable events, so there is nothing to price.")
        return False
    return True
