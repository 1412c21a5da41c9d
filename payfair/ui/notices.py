"""What the figures rest on, shown beside them: rows left out, pay payfair filled in, warnings
from the analysis, and settings that model something other than the law (issue 8 "never
assume in silence", issue 10 item 5)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from payfair.ui import state

#: the engine's warning that pay came from the policy (said by `state.pay_source` instead)
POLICY_PAY_WARNING = "their pay was worked out from the pay policy"


def rejected_banner(loaded: state.Loaded) -> bool:
    """A warning banner when a large share of the rota was rejected; True if shown."""
    n, read, share = state.rejected_share(loaded)
    if not n or share <= state.LARGE_REJECTED_SHARE:
        return False
    st.error(
        f"**{n:,} of the {read:,} rows in the file ({share:.0%}) could not be used**, so these "
        "figures leave out much of the rota and may understate what is owed. See *Your rota* "
        "for each row and the reason, fix the file and upload it again.",
        icon=":material/warning:",
    )
    return True


def law_caveat(where: Any = st) -> bool:
    """Beside "arrears owed": the settings that model something other than the law."""
    departures = state.settings().departures()
    if not departures:
        return False
    where.warning(
        "**Not the arrears the law requires.** These figures model: "
        + "; ".join(departures)
        + ". Reset these settings in the sidebar for what is owed in law.",
        icon=":material/gavel:",
    )
    return True


def assumptions(loaded: state.Loaded) -> None:
    """Pay payfair worked out itself, and the analysis's warnings (partial pay periods, planned
    times used, no date of birth so the top band...), in plain words with counts."""
    source = state.pay_source(loaded)
    warnings = loaded.analysis.warnings if loaded.analysis is not None else None
    has_warnings = warnings is not None and len(warnings) > 0
    if not source and not has_warnings:
        return
    lines = []
    if source:
        lines.append(source)
    if has_warnings:
        for reason, n in summarise(warnings).items():
            if source and POLICY_PAY_WARNING in reason:
                continue  # said above, with where to type your own rates
            lines.append(reason if n == 1 else f"{reason} ({n:,} rows)")
    st.warning(
        "**What these figures assume**\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/info:",
    )
    if has_warnings:
        from payfair.ui import tables

        with st.expander(f"Every warning ({len(warnings):,})"):
            tables.show_table(warnings, "warnings", key="provider_warnings")


def summarise(warnings: pd.DataFrame, limit: int = 8) -> dict[str, int]:
    """Distinct warning reasons with how many rows each (names replaced when pseudonymising)."""
    shown = state.view(warnings)
    counts = shown["reason"].astype("string").fillna("").value_counts()
    out = {str(k): int(v) for k, v in counts.head(limit).items() if str(k)}
    if len(counts) > limit:
        out[f"and {len(counts) - limit:,} other warnings: see the list below"] = int(
            counts.iloc[limit:].sum()
        )
    return out
