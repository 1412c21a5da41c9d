"""The payroll top-up file: what to add to the next payroll so every worker is paid at least the
minimum wage for every pay period the rota shows below it (issue 10 item 3; docs/topup.md).

One row per worker and pay reference period below the minimum wage, in a plain layout a payroll
clerk can import: the top-up (the shortfall: minimum-wage rate in force on the period's first day
× working hours − pay that counts, rules §5), the arrears uplift kept separate (the shortfall
repaid at today's rate where that is higher, National Minimum Wage Act 1998 s17), the total to
pay, and the reason in words. Every figure is the analysis's own (`Analysis.periods`): nothing is
recomputed here but the uplift, arrears − shortfall.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from payfair import labels
from payfair.analysis import Analysis
from payfair.errors import RotaError
from payfair.minimum_wage import round_half_up

#: The file's columns, in order (documented in docs/topup.md).
TOPUP_COLUMNS = (
    "Worker",
    "Pay period start",
    "Pay period end",
    "Hours counted",
    "Top-up (£)",
    "Arrears uplift (£)",
    "Total to pay (£)",
    "Reason",
)
FORMATS = ("csv", "xlsx")


def topup_figures(analysis: Analysis) -> pd.DataFrame:
    """Machine-named figures per worker and period below the minimum wage: worker_id,
    period_start, period_end, working_hours, top_up (= shortfall), arrears_uplift
    (= arrears − shortfall), total (= arrears), and the period columns the reason quotes."""
    p = analysis.periods
    below = p[p["below_nmw"].astype(bool)] if len(p) else p
    below = below.sort_values(["worker_id", "period_start"], kind="stable")
    out = pd.DataFrame(
        {
            "worker_id": below["worker_id"].astype(str),
            "period_start": pd.to_datetime(below["period_start"]),
            "period_end": pd.to_datetime(below["period_end"]),
            "working_hours": below["working_hours"].astype(float),
            "top_up": below["shortfall"].astype(float),
            "arrears_uplift": round_half_up(
                below["arrears"].astype(float) - below["shortfall"].astype(float)
            ),
            "total": below["arrears"].astype(float),
        }
    )
    for col in (
        "contact_hours",
        "travel_hours",
        "waiting_hours",
        "other_hours",
        "unpaid_working_hours",
        "nmw_pay",
        "nmw_rate",
        "true_hourly_rate",
        "band",
        "flags",
    ):
        out[col] = below[col].to_numpy() if len(below) else pd.Series([], dtype=object)
    return out.reset_index(drop=True)


def _fmt(values: pd.Series, pattern: str) -> pd.Series:
    """Numbers as text with `pattern` (e.g. "{:,.2f}"), blank when missing."""
    x = pd.to_numeric(values, errors="coerce")
    return x.map(pattern.format, na_action="ignore").fillna(labels.MISSING).astype(str)


def reasons(figures: pd.DataFrame, as_of: str) -> pd.Series:
    """The reason for each top-up, in words, built column-wise from the figures."""
    if figures.empty:
        return pd.Series([], dtype=object)
    band = figures["band"].map(labels.band_words, na_action="ignore").fillna("").astype(str)
    text = (
        "True hourly rate £"
        + _fmt(figures["true_hourly_rate"], "{:,.2f}")
        + " (pay that counts £"
        + _fmt(figures["nmw_pay"], "{:,.2f}")
        + " for "
        + _fmt(figures["working_hours"], "{:,.2f}")
        + " working hours: contact "
        + _fmt(figures["contact_hours"], "{:,.2f}")
        + ", travel "
        + _fmt(figures["travel_hours"], "{:,.2f}")
        + ", waiting "
        + _fmt(figures["waiting_hours"], "{:,.2f}")
        + ", training and office "
        + _fmt(figures["other_hours"], "{:,.2f}")
        + ") is below the minimum wage in force on the period's first day, £"
        + _fmt(figures["nmw_rate"], "{:,.2f}")
        + " an hour (band: "
        + band
        + "); "
        + _fmt(figures["unpaid_working_hours"], "{:,.2f}")
        + " working hours were not paid (payfair rules §5)."
    )
    uplift = figures["arrears_uplift"] > 0
    text = text.where(
        ~uplift,
        text
        + " Arrears are repaid at today's higher rate (on "
        + as_of
        + "; National Minimum Wage Act 1998 s17).",
    )
    flags = figures["flags"].fillna("").astype(str)
    no_dob = flags.str.contains("no_date_of_birth", regex=False)
    text = text.where(
        ~no_dob, text + " No date of birth: the top band was assumed; check the rate."
    )
    tiny = figures["top_up"] <= 0
    text = text.where(~tiny, text + " The shortfall is under half a penny: £0.00 to pay.")
    return text.astype(object)


def topup_table(analysis: Analysis) -> pd.DataFrame:
    """The top-up file's rows (TOPUP_COLUMNS): dates as dates, money to the penny, hours to two
    decimals, sorted by worker and period."""
    f = topup_figures(analysis)
    as_of = labels.day(analysis.settings.get("as_of")) or "today"
    return pd.DataFrame(
        {
            "Worker": f["worker_id"].astype(object),
            "Pay period start": f["period_start"].dt.date,
            "Pay period end": f["period_end"].dt.date,
            "Hours counted": f["working_hours"].round(2),
            "Top-up (£)": f["top_up"].round(2),
            "Arrears uplift (£)": f["arrears_uplift"].round(2),
            "Total to pay (£)": f["total"].round(2),
            "Reason": reasons(f, as_of),
        },
        columns=list(TOPUP_COLUMNS),
    )


def totals(analysis: Analysis) -> dict[str, Any]:
    """Sums for the summary: rows, workers, top-up, uplift, total."""
    f = topup_figures(analysis)
    return {
        "rows": int(len(f)),
        "workers": int(f["worker_id"].nunique()),
        "top_up": float(np.round(f["top_up"].sum(), 2)),
        "arrears_uplift": float(np.round(f["arrears_uplift"].sum(), 2)),
        "total": float(np.round(f["total"].sum(), 2)),
    }


def topup_csv(analysis: Analysis) -> bytes:
    """The top-up file as CSV (UTF-8 with a BOM, formula-safe cells, dates as 2026-03-23)."""
    from payfair.safe_output import csv_bytes

    table = topup_table(analysis)
    table["Pay period start"] = table["Pay period start"].map(str)
    table["Pay period end"] = table["Pay period end"].map(str)
    for col in ("Hours counted", "Top-up (£)", "Arrears uplift (£)", "Total to pay (£)"):
        table[col] = _fmt(table[col], "{:.2f}")  # never negative: 12.80, not 12.8
    return csv_bytes(table)


def topup_xlsx(analysis: Analysis) -> bytes:
    """The top-up file as Excel: a Top-ups sheet with exactly TOPUP_COLUMNS (for import), and a
    Summary sheet with the totals, the date arrears are worked out on, and what each column is."""
    from payfair.costing import report

    t = totals(analysis)
    as_of = analysis.settings.get("as_of", "")
    wb = report.new_workbook()
    report.write_summary(
        wb,
        "Summary",
        [
            (
                "Pay periods to top up",
                t["rows"],
                report.COUNT,
                "worker pay periods below the minimum wage, one row each on the Top-ups sheet",
            ),
            ("Workers", t["workers"], report.COUNT, "workers with at least one"),
            (
                "Top-up",
                t["top_up"],
                report.MONEY,
                "the shortfalls: what brings each period up "
                "to the minimum wage at the rate then (payfair rules §5)",
            ),
            (
                "Arrears uplift",
                t["arrears_uplift"],
                report.MONEY,
                f"the extra owed because the "
                f"rate on {as_of} is higher (National Minimum Wage Act 1998 s17)",
            ),
            ("Total to pay", t["total"], report.MONEY, "top-up + uplift: the arrears owed"),
        ],
        heading="payfair: payroll top-up to the minimum wage",
        notes=[f"{name}: {COLUMN_NOTES[name]}" for name in TOPUP_COLUMNS],
    )
    report.write_table(
        wb,
        "Top-ups",
        topup_table(analysis).assign(
            **{
                "Pay period start": lambda d: pd.to_datetime(d["Pay period start"]),
                "Pay period end": lambda d: pd.to_datetime(d["Pay period end"]),
            }
        ),
        people=False,
        formats={
            "Pay period start": report.DATE,
            "Pay period end": report.DATE,
            "Hours counted": report.HOURS,
            "Top-up (£)": report.MONEY,
            "Arrears uplift (£)": report.MONEY,
            "Total to pay (£)": report.MONEY,
            "Reason": None,
        },
    )
    return report.workbook_bytes(wb)


#: What each column holds (the Summary sheet's notes and docs/topup.md say the same).
COLUMN_NOTES = {
    "Worker": "the worker's id as in the rota",
    "Pay period start": "first day of the pay reference period (YYYY-MM-DD)",
    "Pay period end": "last day of the pay reference period (YYYY-MM-DD)",
    "Hours counted": "working hours the minimum wage is owed for: contact, travel between "
    "visits, waiting between visits, training and office time (payfair rules §2-3)",
    "Top-up (£)": "the shortfall: minimum-wage rate on the period's first day × hours counted − "
    "pay that counts, rounded up to the penny (payfair rules §5)",
    "Arrears uplift (£)": "the shortfall ÷ rate then × rate today, minus the shortfall, when "
    "today's rate is higher; else 0 (National Minimum Wage Act 1998 s17)",
    "Total to pay (£)": "top-up + arrears uplift: the arrears owed for the period",
    "Reason": "the figures behind the top-up, in words",
}


def output_kind(dest: Any, kind: str | None = None) -> str:
    """`csv` or `xlsx`, from `kind` or the file name; a clear error otherwise."""
    kind = kind or (Path(dest).suffix.lower().lstrip(".") if isinstance(dest, (str, Path)) else "")
    if kind not in FORMATS:
        raise RotaError(
            f"the top-up file must end in .csv or .xlsx, not {str(dest)!r}",
            fix="name the output file e.g. topup.csv or topup.xlsx",
        )
    return kind


def write_topup(analysis: Analysis, dest: str | Path | IO[bytes], kind: str | None = None) -> Any:
    """Write the top-up file to `dest`; its kind from `kind` or the file name (.csv, .xlsx)."""
    from payfair.safe_output import deliver

    kind = output_kind(dest, kind)
    data = topup_csv(analysis) if kind == "csv" else topup_xlsx(analysis)
    return deliver(data, dest)


__all__ = [
    "COLUMN_NOTES",
    "output_kind",
    "TOPUP_COLUMNS",
    "reasons",
    "topup_csv",
    "topup_figures",
    "topup_table",
    "topup_xlsx",
    "totals",
    "write_topup",
]
