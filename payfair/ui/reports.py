"""Downloads built by payfair itself: the Excel report (payfair.costing.report), written to
memory only, on pseudonymised tables when the toggle is on."""

from __future__ import annotations

import io

import pandas as pd

from payfair.ui import state


def excel_bytes(loaded: state.Loaded) -> bytes:
    """The Excel report for the current analysis, as bytes (never a file on disk)."""
    analysis = loaded.analysis
    buf = io.BytesIO()
    periods = state.view(analysis.periods)
    rejected = state.view(analysis.rejected)
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        periods.to_excel(xl, sheet_name="Pay periods", index=False)
        rejected.to_excel(xl, sheet_name="Rows not used", index=False)
    return buf.getvalue()
