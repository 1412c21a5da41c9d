"""The "why" panel: one worker's pay period explained in words, the arithmetic step by step and
every gap between visits with the rule that classed it (payfair.explain, issue 10 item 1).

Every figure and sentence comes from `payfair.explain.explain_period` (through
`payfair.ui.reports.explanation`, which pseudonymises when the switch is on): nothing is worked
out here, so the panel can never disagree with the table above it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from payfair import labels, safe_output
from payfair.ui import downloads, reports, state, tables

PICK_KEY = "why_pick"


def _label(worker: str, start) -> str:
    d = pd.Timestamp(start)
    return f"{state.show_name(worker)}, pay period from {d:%a %d %b %Y}"


def choose(ordered: pd.DataFrame, selected: list[int]) -> tuple[str, object] | None:
    """The worker and period to explain: the row chosen in the table, else the one picked
    in the list (the first row, the largest shortfall, until either is used)."""
    if ordered.empty:
        return None
    pairs = list(zip(ordered["worker_id"].astype(str), ordered["period_start"], strict=True))
    labels_ = [_label(w, s) for w, s in pairs]
    key = f"{PICK_KEY}_{state.settings().pseudonymise}"
    if selected:  # a click on a row of the table opens that row here
        pick = labels_[selected[0]]
        if st.session_state.get("_why_last_click") != pick:
            st.session_state["_why_last_click"] = pick
            st.session_state[key] = pick
    if st.session_state.get(key) not in labels_:
        st.session_state.pop(key, None)
    chosen = st.selectbox(
        "Worker and pay period",
        labels_,
        key=key,
        help="Or tick a row in the table above.",
    )
    return pairs[labels_.index(chosen)]


def render(loaded: state.Loaded, ordered: pd.DataFrame, selected: list[int]) -> None:
    """The panel for the chosen worker and period, below the table."""
    st.subheader("Why: the arithmetic for one worker and pay period")
    st.caption(
        "Tick a row in the table above, or pick a worker and period here: payfair sets out how "
        "it reached each figure, and how it classed every gap between visits."
    )
    got = choose(ordered, selected)
    if got is None:
        return
    worker, start = got
    try:
        e = downloads.reuse(
            ("why", worker, str(start)),
            lambda: reports.explanation(loaded.analysis, worker, start),
        )
    except Exception as exc:  # never a traceback: say what could not be explained
        st.error(state.friendly(exc), icon=":material/error:")
        return
    f = e.figures
    with st.container(border=True, key="why_panel"):
        c = st.columns(5)
        c[0].metric(
            "Working hours",
            f"{labels.hours(f['working_hours'])} h",
            delta=f"{labels.hm(f['working_hours'])} in hours and minutes",
            delta_color="off",
            delta_arrow="off",
        )
        c[1].metric("Pay that counts", labels.money(f["nmw_pay"]))
        c[2].metric("True hourly rate", labels.money(f["true_hourly_rate"]))
        c[3].metric("Minimum wage", labels.money(f["nmw_rate"]))
        c[4].metric("Arrears owed now", labels.money(f["arrears"]))
        arithmetic, gap_lines = _split(e.lines)
        st.markdown("\n".join(f"- {_md(line)}" for line in arithmetic))
        st.markdown(f"**{_md(gap_lines[0]) if gap_lines else 'Gaps between visits'}**")
        if len(e.gaps):
            st.dataframe(
                _gap_view(e.gaps),
                hide_index=True,
                width="stretch",
                height=min(36 * 9, 36 * len(e.gaps) + 40),
                column_config={"Rule": st.column_config.TextColumn("Rule", width="large")},
            )
        else:
            st.caption("No gaps between visits in this period.")
        left, middle, right = st.columns(3)
        name = state.show_name(worker)
        day = pd.Timestamp(start).date().isoformat()
        with left:
            downloads.offer(
                st,
                "This explanation (text)",
                lambda: (e.text + "\n").encode("utf-8"),
                f"payfair-why-{tables.slug(name)}-{day}.txt",
                "why_text",
                mime="text/plain",
                heavy=False,
            )
        with right:
            downloads.offer(
                st,
                "Its gaps (CSV)",
                lambda: safe_output.csv_bytes(e.gaps),
                f"payfair-gaps-{tables.slug(name)}-{day}.csv",
                "why_gaps",
                heavy=False,
            )
        with middle:
            # the worker's printable statement (all their periods): made on request, it takes
            # a moment
            downloads.offer(
                st,
                "Evidence pack (HTML)",
                lambda: reports.evidence_html(loaded.analysis, worker),
                reports.file_name("payfair-statement", "html", worker=worker),
                "why_evidence",
                mime=reports.HTML,
                icon=":material/description:",
                heavy=True,
                cache=(worker,),
            )


def _gap_view(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gaps as shown: the 'Gap from' time carries the day, so the date and the minutes
    (given again as h:mm) are left to the CSV; an empty note column is not shown."""
    shown = gaps.drop(columns=[c for c in ("Date", "Gap (minutes)") if c in gaps.columns])
    notes = shown["Note"].astype("string").fillna("").str.strip() if "Note" in shown else None
    if notes is not None and not notes.ne("").any():
        shown = shown.drop(columns="Note")
    # what each gap was classed as, next to its length, where it is read first
    first = ["Gap from", "Gap to", "Before visit to", "Gap (h:mm)", "Classed as"]
    order = [c for c in first if c in shown] + [c for c in shown.columns if c not in first]
    return shown[order]


def _split(lines: list[str]) -> tuple[list[str], list[str]]:
    """The arithmetic, and the gap list (from the 'Gaps between visits' line on)."""
    for i, line in enumerate(lines):
        if line.startswith("Gaps between visits"):
            return lines[:i], lines[i:]
    return lines, []


def _md(text: str) -> str:
    """Plain text shown as Markdown without any character turning into formatting."""
    for ch in ("\\", "*", "_", "`", "#", "[", "]", "<", ">", "|", "~", "$"):
        text = text.replace(ch, "\\" + ch)
    return text
