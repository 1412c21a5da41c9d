"""Excel downloads written by payfair.costing.report, to memory only (never a file on disk), on
pseudonymised tables when the toggle is on."""

from __future__ import annotations

import io
from dataclasses import fields, is_dataclass, replace
from typing import Any

import pandas as pd

from payfair.ui import downloads, state

XLSX = downloads.XLSX


def _viewed(obj: Any) -> Any:
    """A copy of a result object with every DataFrame in it as it may be shown."""
    if obj is None or not state.settings().pseudonymise or not is_dataclass(obj):
        return obj
    changes = {
        f.name: state.view(getattr(obj, f.name))
        for f in fields(obj)
        if isinstance(getattr(obj, f.name), pd.DataFrame)
    }
    return replace(obj, **changes)


def analysis_xlsx(loaded: state.Loaded) -> bytes:
    """`payfair analyse`'s workbook for the current analysis."""
    from payfair.costing.report import write_analysis

    buf = io.BytesIO()
    write_analysis(_viewed(loaded.analysis), buf)
    return buf.getvalue()


def scenarios_xlsx(results: list[state.ScenarioResult]) -> bytes:
    """`payfair scenarios`' workbook: the scenarios side by side, workers, gains, sources."""
    from payfair.costing.report import write_scenarios

    buf = io.BytesIO()
    fees = [_viewed(r.fee_result) for r in results if r.fee_result is not None]
    write_scenarios(
        [_viewed(r.outcomes) for r in results],
        buf,
        fees=fees if len(fees) == len(results) else None,
    )
    return buf.getvalue()


def price_xlsx(fee: Any, budget: dict[str, float] | None, scenario_key: str) -> bytes:
    """`payfair price`'s workbook: the fee breakdown, visit lengths and budget impact."""
    from payfair.costing.report import write_price
    from payfair.costing.scenario import load_scenario

    buf = io.BytesIO()
    fee = replace(_viewed(fee), budget=budget)
    write_price([fee], buf, scenarios=[load_scenario(scenario_key)])
    return buf.getvalue()


def xlsx_button(where: Any, label: str, data: Any, file_name: str, key: str) -> None:
    """The primary Excel download button every page uses. `data` (bytes, or a function that
    makes them) is built now, inside this script run, so the file has the settings on screen
    (pseudonymised when the switch is on): see payfair/ui/downloads.py."""
    downloads.offer(
        where,
        label,
        data if callable(data) else (lambda: data),
        file_name,
        key,
        mime=XLSX,
        icon=":material/table_view:",
        primary=True,
    )
