"""Every download the app offers, built in memory (never a file on disk), in plain English, through
the one safe writer, and pseudonymised whenever it is built.

Privacy is an argument, not a look-up: a page captures `privacy_now()` while its script runs and
passes it to the builder, so a download built later (when the button is clicked, outside the
script run) still carries the codes the screen showed. Every builder takes `privacy`; `None`
reads the settings at call time (only safe inside a script run).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from payfair.ui import pseudonymise as pseudo

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
HTML = "text/html"
ZIP = "application/zip"
#: Free-text columns that may quote a name (a rejection reason quoting a cell, a note).
TEXT_COLUMNS = ("reason", "note", "notes", "Note", "Reason")


@dataclass(frozen=True)
class Privacy:
    """How names appear in a download: as they are (`key` None), or as stable codes made with
    `key`, with `names` (name → code) to scrub names quoted in free text and file names."""

    key: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def on(self) -> bool:
        return self.key is not None

    @classmethod
    def for_events(cls, key: str | None, events: pd.DataFrame | None) -> Privacy:
        """Codes for every worker and client in `events` (None key: pseudonymisation off)."""
        if key is None:
            return cls()
        names: dict[str, str] = {}
        if events is not None:
            for col, prefix in pseudo.PERSON_COLUMNS.items():
                if col in events.columns:
                    names.update(pseudo.code_map(events[col], key, prefix))
        return cls(key, names)

    def frame(self, df: pd.DataFrame | None) -> pd.DataFrame | None:
        """A copy with worker and client names replaced by codes, names in free text scrubbed."""
        if df is None or not self.on:
            return df
        out = pseudo.pseudonymise_frame(df, self.key)
        for col in TEXT_COLUMNS:
            if out is not None and col in out.columns and len(out):
                out[col] = pseudo.scrub_text(out[col], dict(self.names))
        return out

    def text(self, value: str) -> str:
        """`value` with any known name replaced by its code."""
        if not self.on or not self.names or not value:
            return value
        ordered = sorted((n for n in self.names if n), key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(n) for n in ordered))
        return pattern.sub(lambda m: self.names[m.group(0)], value)

    def name(self, name: Any, prefix: str = "W") -> str:
        """One worker's (or client's, prefix C) name as it may appear."""
        if name is None or (isinstance(name, float) and pd.isna(name)):
            return ""
        return pseudo.code(str(name), self.key, prefix) if self.on else str(name)

    def result(self, obj: Any) -> Any:
        """A copy of a result object (Analysis, Outcomes, FeeResult) with every table in it, the
        analyses it holds and its notes pseudonymised."""
        if not self.on or obj is None or not is_dataclass(obj):
            return obj
        changes: dict[str, Any] = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, pd.DataFrame):
                changes[f.name] = self.frame(value)
            elif is_dataclass(value) and not isinstance(value, type):
                changes[f.name] = self.result(value)
            elif f.name == "notes" and isinstance(value, list):
                changes[f.name] = [self.text(str(n)) for n in value]
        return replace(obj, **changes)


def privacy_now() -> Privacy:
    """The privacy the screens use now (read the settings inside a script run, then pass it on)."""
    from payfair.ui import state

    if not state.settings().pseudonymise:
        return Privacy()
    return Privacy(state.session_code_key(), dict(state.names_map()))


def _privacy(privacy: Privacy | None) -> Privacy:
    return privacy_now() if privacy is None else privacy


def file_name(stem: str, ext: str, privacy: Privacy | None = None, *, worker: Any = None) -> str:
    """A download's file name, with the worker as a code when pseudonymising, and only letters,
    digits, `-`, `_` and `.` (no name leaks into a file name, nothing a shell would mind)."""
    p = _privacy(privacy)
    parts = [p.text(stem)]
    if worker is not None:
        parts.append(p.name(worker))
    text = "-".join(parts)
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "payfair"
    return f"{text[:80]}.{ext.lstrip('.')}"


# ------------------------------------------------------------------------------- workbooks


def analysis_xlsx(loaded: Any, privacy: Privacy | None = None) -> bytes:
    """`payfair analyse`'s workbook for the current analysis (`loaded.analysis`)."""
    from payfair.costing.report import write_analysis

    analysis = getattr(loaded, "analysis", loaded)
    return write_analysis(_privacy(privacy).result(analysis))


def scenarios_xlsx(results: list[Any], privacy: Privacy | None = None) -> bytes:
    """`payfair scenarios`' workbook: the scenarios side by side, workers, gains, sources."""
    from payfair.costing.report import write_scenarios

    p = _privacy(privacy)
    fees = [p.result(r.fee_result) for r in results if r.fee_result is not None]
    return write_scenarios(
        [p.result(r.outcomes) for r in results],
        fees=fees if len(fees) == len(results) else None,
    )


def price_xlsx(
    fee: Any, budget: dict[str, float] | None, scenario_key: str, privacy: Privacy | None = None
) -> bytes:
    """`payfair price`'s workbook: the fee breakdown, visit lengths and budget impact."""
    from payfair.costing.report import write_price
    from payfair.costing.scenario import scenario_for_key

    fee = replace(_privacy(privacy).result(fee), budget=budget)
    return write_price([fee], scenarios=[scenario_for_key(scenario_key)])


# ------------------------------------------------------------------------------------ CSV


def table_csv(frame: pd.DataFrame, privacy: Privacy | None = None) -> bytes:
    """Any engine table (machine column names) as a people's CSV: plain-English headers, money
    to the penny, flags in words, formula-safe cells, UTF-8 with a BOM for Excel."""
    from payfair.labels import for_csv
    from payfair.safe_output import csv_bytes

    return csv_bytes(for_csv(_privacy(privacy).frame(frame)))


def periods_csv(analysis: Any, privacy: Privacy | None = None) -> bytes:
    """One row per worker and pay period (what `payfair analyse --csv` writes)."""
    return table_csv(analysis.periods, privacy)


def events_csv(analysis: Any, privacy: Privacy | None = None) -> bytes:
    """All events with their counted time, gaps, pay and pay period ("All events (CSV)")."""
    return table_csv(analysis.timeline, privacy)


# ------------------------------------------------------------------------------ the "why"


def explanation(
    analysis: Any, worker_id: str, period_start: date | str, privacy: Privacy | None = None
) -> Any:
    """payfair.explain.explain_period for the app's "why" panel, on the analysis as it may be
    shown: `worker_id` may be the real name or its code."""
    from payfair.explain import explain_period

    p = _privacy(privacy)
    shown = p.result(analysis)
    wanted = str(worker_id)
    return explain_period(shown, _shown_worker(p, wanted), period_start)


def explanation_text(
    analysis: Any, worker_id: str, period_start: date | str, privacy: Privacy | None = None
) -> bytes:
    """The "why" as a plain-text download (UTF-8)."""
    return (explanation(analysis, worker_id, period_start, privacy).text + "\n").encode("utf-8")


def gaps_csv(
    analysis: Any, worker_id: str, period_start: date | str, privacy: Privacy | None = None
) -> bytes:
    """The period's gaps (time, minutes, classed as, rule) as a CSV (headers already people's)."""
    from payfair.safe_output import csv_bytes

    return csv_bytes(explanation(analysis, worker_id, period_start, privacy).gaps)


# ------------------------------------------------------------------------ payroll top-up


def topup_csv(analysis: Any, privacy: Privacy | None = None) -> bytes:
    """The payroll top-up file as CSV (payfair.topup; columns in docs/topup.md)."""
    from payfair.topup import topup_csv as build

    return build(_privacy(privacy).result(analysis))


def topup_xlsx(analysis: Any, privacy: Privacy | None = None) -> bytes:
    """The payroll top-up file as Excel (Summary and Top-ups sheets)."""
    from payfair.topup import topup_xlsx as build

    return build(_privacy(privacy).result(analysis))


# ------------------------------------------------------------------------- evidence pack


def _shown_worker(p: Privacy, worker_id: str) -> str:
    """The worker's id in the analysis as shown (their code when pseudonymising)."""
    wanted = str(worker_id)
    return p.names.get(wanted, wanted) if p.on else wanted


def evidence_html(
    analysis: Any, worker_id: str, privacy: Privacy | None = None, *, annex: bool = True
) -> bytes:
    """One worker's printable statement (payfair.evidence), UTF-8 HTML; `worker_id` may be the
    real name or its code. File name: `file_name("statement", "html", privacy, worker=...)`."""
    from payfair.evidence import worker_statement

    p = _privacy(privacy)
    shown = p.result(analysis)
    return worker_statement(shown, _shown_worker(p, worker_id), annex=annex).html.encode("utf-8")


def evidence_zip(
    analysis: Any, privacy: Privacy | None = None, workers: list[str] | None = None
) -> bytes:
    """Statements for every worker below the minimum wage (or `workers`), zipped in memory,
    with an index page."""
    from payfair.evidence import evidence_zip as build

    p = _privacy(privacy)
    shown = p.result(analysis)
    chosen = None if workers is None else [_shown_worker(p, w) for w in workers]
    return build(shown, chosen)


# ------------------------------------------------------------------------------- buttons


def xlsx_button(
    where: Any, label: str, data: Any, file_name: str, key: str, cache: tuple | None = None
) -> None:
    """The primary Excel download button every page uses. `data` (bytes, or a function that
    makes them) is built now, inside this script run, so the file has the settings on screen
    (pseudonymised when the switch is on): see payfair/ui/downloads.py."""
    from payfair.ui import downloads

    downloads.offer(
        where,
        label,
        data if callable(data) else (lambda: data),
        file_name,
        key,
        mime=XLSX,
        icon=":material/table_view:",
        primary=True,
        cache=cache,
    )


__all__ = [
    "CSV",
    "HTML",
    "XLSX",
    "ZIP",
    "Privacy",
    "analysis_xlsx",
    "events_csv",
    "evidence_html",
    "evidence_zip",
    "explanation",
    "explanation_text",
    "file_name",
    "gaps_csv",
    "periods_csv",
    "price_xlsx",
    "privacy_now",
    "scenarios_xlsx",
    "table_csv",
    "topup_csv",
    "topup_xlsx",
    "xlsx_button",
]
