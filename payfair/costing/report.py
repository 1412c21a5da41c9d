"""Excel workbooks for `payfair analyse`, `payfair scenarios` and `payfair price` (openpyxl).

Each workbook opens on a Summary sheet (the key figures, each with a plain-English line on what it
means), then the detailed tables: real numeric cells with £, hour and percentage number formats,
frozen header rows, column widths to fit, and an autofilter. Settings and assumptions are listed
with their sources. Every writer takes result objects and a path or a binary file-like object
(e.g. `io.BytesIO`, so the app can offer a download without touching disk).

Writing cells is I/O: openpyxl takes one row at a time, so rows are streamed to a write-only
workbook from column-wise converted values; no arithmetic is done per row here.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from payfair import labels
from payfair.analysis import Analysis
from payfair.costing.employer_costs import EmployerCostSettings, default_employer_costs
from payfair.costing.fee_rate import FeeResult
from payfair.costing.outcomes import Outcomes
from payfair.safe_output import deliver, excel_value

MONEY = '"£"#,##0.00'
MONEY_LARGE = '"£"#,##0'  # sums of a million pounds or more: whole pounds, not pence on millions
LARGE = 1_000_000
HOURS = "#,##0.00"
NUMBER = "#,##0.0"
COUNT = "#,##0"
PERCENT = "0.0%"
PERCENT_POINTS = '0.0"%"'  # values already × 100
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
MINUTES = "#,##0.0"
TEXT = "@"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
TITLE_FONT = Font(bold=True, size=14)

Dest = str | Path | IO[bytes]


#: The number format for each kind of column (payfair.labels.kind_of).
KIND_FORMATS: dict[str, str | None] = {
    "money": MONEY,
    "hours": HOURS,
    "number": "#,##0.00",
    "minutes": MINUTES,
    "count": COUNT,
    "share": PERCENT,
    "percent_points": PERCENT_POINTS,
    "date": DATE,
    "datetime": DATETIME,
    "bool": None,
    "text": None,
}


def number_format_for(column: str, series: pd.Series | None = None) -> str | None:
    """The number format a column gets, from its machine name (and dtype for dates)."""
    return KIND_FORMATS.get(labels.kind_of(column, series))


def money_format(value: Any) -> str:
    """£ to the penny, or whole pounds for sums of a million or more (`£5,268,585`)."""
    try:
        large = abs(float(value)) >= LARGE
    except (TypeError, ValueError):
        large = False
    return MONEY_LARGE if large else MONEY


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        return value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (date, datetime, str, int)):
        return value
    if isinstance(value, (dict, list, tuple)):
        return str(value)
    return str(value)


def _xl(value: Any) -> Any:
    """One value ready for a cell: plain Python, formula-safe text, no NaN or infinity."""
    return excel_value(_plain(value))


def _column_values(series: pd.Series) -> list[Any]:
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return [_xl(v) for v in series.tolist()]


def _header(ws, names: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in names:
        c = WriteOnlyCell(ws, value=_xl(str(name)))
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(c)
    return cells


def _widths(ws, names: Sequence[str], columns: Sequence[list[Any]], fmts) -> None:
    for i, (name, values, fmt) in enumerate(zip(names, columns, fmts, strict=True), start=1):
        sample = values[:200]
        longest = max((len(str(v)) for v in sample if v is not None), default=0)
        if fmt in (MONEY, HOURS, NUMBER, COUNT, MINUTES):
            longest = max((len(f"{v:,.2f}") + 1 for v in sample if isinstance(v, float)), default=8)
        if fmt == DATE:
            longest = 10
        if fmt == DATETIME:
            longest = 16
        ws.column_dimensions[get_column_letter(i)].width = min(
            max(len(name) * 0.9, longest, 8) + 2, 60
        )


def write_table(
    wb: Workbook,
    title: str,
    frame: pd.DataFrame,
    *,
    formats: dict[str, str | None] | None = None,
    people: bool = True,
) -> Any:
    """One sheet: the frame with a styled, frozen header row, number formats and an autofilter.

    With `people` (the default) the frame's machine column names become the headers people read,
    figures are rounded (money to the penny, hours to two decimals, h:mm beside working hours),
    flags and bands are words and true/false is yes/no (payfair.labels.people_table).
    `formats` overrides the number format of a column, keyed by its machine name."""
    ws = wb.create_sheet(_sheet_name(wb, title))
    formats = formats or {}
    if people:
        table = labels.people_table(frame)
        shown = table.frame
        names = [str(c) for c in shown.columns]
        fmts = [
            formats.get(table.names[n], KIND_FORMATS.get(table.kinds[n])) for n in shown.columns
        ]
    else:
        shown = frame
        names = [str(c) for c in frame.columns]
        fmts = [
            formats.get(n, number_format_for(n, frame[c]))
            for n, c in zip(names, frame.columns, strict=True)
        ]
    columns = [_column_values(shown[c]) for c in shown.columns]
    _widths(ws, names, columns, fmts)
    ws.freeze_panes = "A2"
    if len(names):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(shown), 1) + 1}"
    ws.append(_header(ws, names))
    for values in zip(*columns, strict=True):  # streaming output rows to the file
        ws.append([_cell(ws, v, f) for v, f in zip(values, fmts, strict=True)])
    return ws


def _cell(ws, value: Any, fmt: str | None) -> Any:
    """A cell for an already safe value (`_xl`), with its number format."""
    if fmt is None or value is None or isinstance(value, (bool, str)):
        return value
    if fmt == MONEY:
        fmt = money_format(value)
    c = WriteOnlyCell(ws, value=value)
    c.number_format = fmt
    return c


_SHEET_BAD = "[]:*?/\\"


def _clean_sheet_title(title: str) -> str:
    """A title Excel accepts: no []:*?/\\, no control characters, no apostrophe at either end,
    not empty."""
    text = "".join("-" if ch in _SHEET_BAD or ord(ch) < 32 else ch for ch in str(title))
    return text.strip("'").strip() or "Sheet"


def _sheet_name(wb: Workbook, title: str) -> str:
    return _unique_title(title, {ws.title for ws in wb.worksheets})


def _unique_title(title: str, taken: set[str]) -> str:
    """`title` cleaned and cut to 31 characters, numbered `(2)`, `(3)` if already taken."""
    name = _clean_sheet_title(title)[:31]
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


def scenario_sheet_title(scenario: str, what: str) -> str:
    """A sheet name that says which scenario it holds: `Real Living Wage 2026 workers`, the
    scenario's name shortened (with …) so that `what` always fits in Excel's 31 characters."""
    name = _clean_sheet_title(scenario)
    room = 31 - len(what) - 1
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return f"{name} {what}"


def write_summary(
    wb: Workbook,
    title: str,
    rows: Iterable[tuple[str, Any, str | None, str]],
    *,
    heading: str,
    notes: Sequence[str] = (),
) -> Any:
    """The Summary sheet: a heading, then (what, figure, format, what it means) rows."""
    ws = wb.create_sheet(_sheet_name(wb, title))
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 100
    ws.freeze_panes = "A3"
    t = WriteOnlyCell(ws, value=_xl(heading))
    t.font = TITLE_FONT
    ws.append([t])
    ws.append(_header(ws, ["What", "Figure", "What it means"]))
    for label, value, fmt, meaning in rows:
        ws.append([_xl(label), _cell(ws, _xl(value), fmt), _xl(meaning)])
    if notes:
        ws.append([])
        for note in notes:
            ws.append(["Note", None, _xl(note)])
    return ws


def new_workbook() -> Workbook:
    """A write-only workbook (rows streamed; sheets made with write_summary / write_table)."""
    return Workbook(write_only=True)


_new_workbook = new_workbook


def workbook_bytes(wb: Workbook) -> bytes:
    """The finished workbook, in memory."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _save(wb: Workbook, dest: Dest | None) -> Any:
    """Finish the workbook in memory, then deliver it whole (payfair.safe_output.deliver): to a
    path atomically, into a binary file object (rewound, ready to read), or back as bytes when
    `dest` is None. A failure while writing never leaves half a file."""
    data = workbook_bytes(wb)
    out = deliver(data, dest)
    if dest is not None and not isinstance(dest, (str, Path)) and hasattr(dest, "seek"):
        dest.seek(0)
    return out if dest is None else dest


def _flatten(d: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out.extend(_flatten(v, key + "."))
        else:
            out.append((key, v))
    return out


def _settings_frame(rows: Iterable[tuple[str, Any, str]]) -> pd.DataFrame:
    rows = list(rows)
    return pd.DataFrame(
        {
            "setting": pd.Series([r[0] for r in rows], dtype="object"),
            "value": pd.Series([_text_value(r[1]) for r in rows], dtype="object"),
            "source": pd.Series([r[2] for r in rows], dtype="object"),
        }
    )


def _text_value(v: Any) -> Any:
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return float(v) if math.isfinite(float(v)) else ""
    if isinstance(v, (dict, list, tuple, set)) and not v:
        return "none"  # an empty table of settings (e.g. no role floors), not "{}"
    return "" if v is None else str(v)


def employer_settings_rows(settings: EmployerCostSettings) -> list[tuple[str, Any, str]]:
    s, src = settings, settings.sources
    rows: list[tuple[str, Any, str]] = [
        ("employer NI rate", s.ni_rate, src.get("national_insurance", "")),
    ]
    rows += [
        (f"NI secondary threshold, {k}", v, src.get("national_insurance", ""))
        for k, v in s.ni_threshold.items()
    ]
    rows += [
        (
            "Employment Allowance (£ a year)",
            s.employment_allowance,
            src.get("employment_allowance", ""),
        ),
        (
            "apply Employment Allowance",
            s.apply_employment_allowance,
            src.get("employment_allowance", ""),
        ),
        ("pension employer rate", s.pension_rate, src.get("pension", "")),
    ]
    for label, table in (
        ("pension lower qualifying", s.pension_lower),
        ("pension upper qualifying", s.pension_upper),
        ("pension trigger", s.pension_trigger),
    ):
        rows += [(f"{label}, {k}", v, src.get("pension", "")) for k, v in table.items()]
    rows += [
        ("pension for all workers", s.pension_include_all, src.get("pension", "")),
        ("holiday accrual rate", s.holiday_rate, src.get("holiday", "")),
    ]
    for year, r in s.ssp.items():
        rows.append(
            (
                f"SSP {year}",
                f"lower of {r.awe_fraction:.0%} of AWE and £{r.weekly_cap:.2f} a week; "
                f"{r.waiting_days:g} waiting days; "
                f"lower earnings limit £{r.lower_earnings_limit:.2f}",
                src.get("statutory_sick_pay", ""),
            )
        )
    rows += [
        ("qualifying days a week", s.qualifying_days_per_week, src.get("sickness", "")),
        ("HMRC approved mileage rate", s.mileage_rate, src.get("mileage", "")),
    ]
    return rows


# ---------------------------------------------------------------------------------- analyse


def analysis_summary_rows(analysis: Analysis) -> list[tuple[str, Any, str | None, str]]:
    p = analysis.periods
    below = p["below_nmw"].astype(bool) if len(p) else pd.Series([], dtype=bool)
    working = float(p["working_hours"].sum()) if len(p) else 0.0
    nmw_pay = float(p["nmw_pay"].sum()) if len(p) else 0.0
    as_of = analysis.settings.get("as_of", "")
    return [
        ("Rows read", analysis.rows_read, COUNT, "rows in the rota file"),
        ("Rows used", analysis.rows_used, COUNT, "rows that became events in the results"),
        (
            "Rows rejected",
            len(analysis.rejected),
            COUNT,
            "rows that could not be used: each is on the Rejected rows sheet with the reason",
        ),
        ("Workers", int(p["worker_id"].nunique()) if len(p) else 0, COUNT, "different workers"),
        (
            "Worker pay periods",
            len(p),
            COUNT,
            "one row per worker and pay reference period on the Periods sheet",
        ),
        (
            "Worker pay periods below the minimum wage",
            int(below.sum()),
            COUNT,
            "periods where pay that counts for the minimum wage, divided by the hours the law "
            "counts as work, is below the worker's minimum-wage rate",
        ),
        (
            "Workers below the minimum wage at least once",
            int(p.loc[below, "worker_id"].nunique()) if len(p) else 0,
            COUNT,
            "workers with at least one period below the minimum wage",
        ),
        (
            "Total shortfall",
            float(p["shortfall"].sum()) if len(p) else 0.0,
            MONEY,
            "what would have brought every period up to the minimum wage, at the rate then",
        ),
        (
            "Total arrears owed",
            float(p["arrears"].sum()) if len(p) else 0.0,
            MONEY,
            f"the shortfall repaid at the rate in force on {as_of} where that is higher "
            "(National Minimum Wage Act 1998 s17)",
        ),
        (
            "Working hours",
            working,
            HOURS,
            "visits, travel between visits, short waits, training and office time",
        ),
        (
            "Contact hours",
            float(p["contact_hours"].sum()) if len(p) else 0.0,
            HOURS,
            "time in clients' homes",
        ),
        (
            "Unpaid working hours",
            float(p["unpaid_working_hours"].sum()) if len(p) else 0.0,
            HOURS,
            "working time the worker was not paid for (usually travel and waiting)",
        ),
        (
            "Gross pay",
            float(p["gross_pay"].sum()) if len(p) else 0.0,
            MONEY,
            "pay before deductions, without mileage",
        ),
        (
            "Average true hourly rate",
            nmw_pay / working if working else None,
            MONEY,
            "all pay that counts for the minimum wage divided by all working hours",
        ),
    ]


#: Warnings listed on the Summary sheet before "and N more on the Warnings sheet".
SHOW_WARNINGS = 12


def analysis_notes(analysis: Analysis) -> list[str]:
    """What payfair assumed or filled in (the analysis's warnings), for the Summary sheet, so
    that it sits beside the figures it changes (never assumed in silence)."""
    reasons = analysis.warnings["reason"].astype(str).tolist() if len(analysis.warnings) else []
    notes = reasons[:SHOW_WARNINGS]
    if len(reasons) > SHOW_WARNINGS:
        notes.append(f"… and {len(reasons) - SHOW_WARNINGS} more on the Warnings sheet")
    if len(analysis.rejected):
        notes.append(
            f"{len(analysis.rejected)} row(s) could not be used and are not in these figures: "
            "each is on the Rejected rows sheet with the reason"
        )
    return notes


def write_analysis(analysis: Analysis, dest: Dest | None = None) -> Any:
    """Workbook for `payfair analyse`: Summary, Periods, Rejected rows, Warnings, Settings."""
    wb = _new_workbook()
    write_summary(
        wb,
        "Summary",
        analysis_summary_rows(analysis),
        heading="payfair: true hourly rate and minimum-wage check",
        notes=analysis_notes(analysis),
    )
    periods = analysis.periods.copy()
    write_table(wb, "Periods", periods)
    write_table(wb, "Rejected rows", analysis.rejected)
    write_table(wb, "Warnings", analysis.warnings)
    rules = analysis.settings.get("rules", {})
    rows = [
        (f"rules.{name}", r.get("value"), r.get("source", ""))
        for name, r in rules.items()
        if isinstance(r, dict)
    ]
    rows += [
        (k, v, "")
        for k, v in _flatten({k: v for k, v in analysis.settings.items() if k != "rules"})
    ]
    write_table(wb, "Settings", _settings_frame(rows), formats={"value": None})
    return _save(wb, dest)


# -------------------------------------------------------------------------------- scenarios

SCENARIO_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    ("pay_now", "Pay now", MONEY, "gross pay in the rota as paid now (without mileage)"),
    ("pay_scenario", "Pay under the scenario", MONEY, "the same work paid on the scenario's terms"),
    ("change", "Change in pay", MONEY, "how much more the workers would be paid over the rota"),
    ("change_pct", "Change in pay (%)", PERCENT_POINTS, "the change as a share of pay now"),
    ("change_per_week", "Change in pay per week", MONEY, "for the whole workforce in the rota"),
    ("workers", "Workers", COUNT, "workers in the rota"),
    ("workers_gaining", "Workers who gain", COUNT, "workers paid more under the scenario"),
    (
        "median_change_per_worker_week",
        "Typical gain per worker per week",
        MONEY,
        "the median worker's gain per week",
    ),
    (
        "largest_change_per_worker_week",
        "Largest gain per worker per week",
        MONEY,
        "the worker who gains most, per week",
    ),
    (
        "periods_below_nmw_now",
        "Pay periods below the minimum wage now",
        COUNT,
        "worker pay periods below the legal minimum as paid now",
    ),
    (
        "periods_below_nmw_scenario",
        "Pay periods below the minimum wage under the scenario",
        COUNT,
        "should be 0 for any lawful scenario",
    ),
    (
        "unpaid_hours_now",
        "Unpaid working hours now",
        HOURS,
        "working time not paid as the rota stands",
    ),
    ("mileage_now", "Mileage paid now", MONEY, "expenses, not pay"),
    (
        "mileage_scenario",
        "Mileage under the scenario",
        MONEY,
        "at the scenario's rate per business mile",
    ),
    (
        "employer_cost_now",
        "Employer cost now",
        MONEY,
        "pay, holiday, sick pay, training, employer NI (less Employment Allowance), pension, "
        "mileage",
    ),
    (
        "employer_cost_scenario",
        "Employer cost under the scenario",
        MONEY,
        "the same, on the scenario's terms",
    ),
    ("employer_cost_change", "Change in employer cost", MONEY, "over the weeks in the rota"),
    (
        "employer_cost_change_per_year",
        "Change in employer cost per year",
        MONEY,
        "the change scaled to 52 weeks",
    ),
    (
        "weeks_covered",
        "Weeks in the rota",
        NUMBER,
        "the weeks the rota covers (its dates, not its pay periods)",
    ),
)


def scenarios_side_by_side(
    outcomes: Sequence[Outcomes], fees: Sequence[FeeResult] | None = None
) -> pd.DataFrame:
    """measure × scenario table of the key totals (and the fee per contact hour when given)."""
    data = {
        "measure": [label for _, label, _, _ in SCENARIO_MEASURES],
    }
    for o in outcomes:
        data[o.scenario.name] = [o.totals.get(key) for key, _, _, _ in SCENARIO_MEASURES]
    data["what it means"] = [m for _, _, _, m in SCENARIO_MEASURES]
    frame = pd.DataFrame(data)
    if fees:
        row = {
            "measure": "Fee per contact hour to fund it",
            "what it means": "measured from this rota, with on-costs, running costs and surplus",
        }
        row.update({f.scenario: f.fee for f in fees})
        frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
    return frame


def write_scenarios(
    outcomes: Sequence[Outcomes],
    dest: Dest | None = None,
    *,
    fees: Sequence[FeeResult] | None = None,
    employer_settings: EmployerCostSettings | None = None,
) -> Any:
    """Workbook for `payfair scenarios`: Summary (side by side), per scenario the workers and
    their pay periods, the distribution of gains, rejected rows, settings and sources."""
    wb = _new_workbook()
    ws = wb.create_sheet("Summary")
    taken = {"Summary"}
    titles = []
    for o in outcomes:  # sheet names that say which scenario they hold
        pair = []
        for what in ("workers", "periods"):
            title = _unique_title(scenario_sheet_title(o.scenario.name, what), taken)
            taken.add(title)
            pair.append(title)
        titles.append(pair)
    side = scenarios_side_by_side(outcomes, fees)
    names = list(side.columns)
    ws.freeze_panes = "B3"
    t = WriteOnlyCell(ws, value=_xl("payfair: pay scenarios applied to the rota"))
    t.font = TITLE_FONT
    ws.column_dimensions["A"].width = 46
    for i in range(2, len(names)):
        ws.column_dimensions[get_column_letter(i)].width = 22
    ws.column_dimensions[get_column_letter(len(names))].width = 90
    ws.append([t])
    ws.append(_header(ws, [names[0].capitalize(), *names[1:-1], names[-1].capitalize()]))
    fmts = [f for _, _, f, _ in SCENARIO_MEASURES] + ([MONEY] if fees else [])
    columns = [_column_values(side[c]) for c in side.columns]
    for fmt, values in zip(fmts, zip(*columns, strict=True), strict=True):
        ws.append([values[0], *[_cell(ws, v, fmt) for v in values[1:-1]], values[-1]])
    ws.append([])
    for o, (workers_title, periods_title) in zip(outcomes, titles, strict=True):
        ws.append([_xl(o.scenario.name), None, _xl(o.scenario.description)])
        ws.append(["", None, _xl(f"Sheets '{workers_title}' and '{periods_title}'")])
        for note in o.notes:
            ws.append(["", None, _xl(note)])

    for o, (workers_title, periods_title) in zip(outcomes, titles, strict=True):
        write_table(wb, workers_title, o.workers)
        write_table(wb, periods_title, o.periods)
    dist = pd.concat(
        [o.distribution.assign(scenario=o.scenario.name) for o in outcomes], ignore_index=True
    )
    write_table(
        wb,
        "Distribution of gains",
        dist[["scenario", "change_per_week", "workers", "share"]].rename(
            columns={"change_per_week": "gain_per_worker_per_week"}
        ),
        formats={"gain_per_worker_per_week": None},
    )
    dec = pd.concat(
        [o.deciles.assign(scenario=o.scenario.name) for o in outcomes], ignore_index=True
    )
    write_table(wb, "Gain deciles", dec[["scenario", "decile", "change_per_week"]])
    if outcomes and outcomes[0].baseline is not None:
        write_table(wb, "Rejected rows", outcomes[0].baseline.rejected)
    rows = [
        (f"{o.scenario.name}: {k}", v, src)
        for o in outcomes
        for k, v, src in o.scenario.settings_rows()
    ]
    rows += employer_settings_rows(employer_settings or default_employer_costs())
    write_table(wb, "Settings and sources", _settings_frame(rows), formats={"value": None})
    return _save(wb, dest)


# ------------------------------------------------------------------------------------ price


def write_price(
    fees: Sequence[FeeResult],
    dest: Dest | None = None,
    *,
    scenarios: Sequence[Any] = (),
    employer_settings: EmployerCostSettings | None = None,
) -> Any:
    """Workbook for `payfair price`: Summary, fee breakdown, visit lengths, assumptions with
    sources, employer costs per worker (when priced from a rota), settings and sources."""
    wb = _new_workbook()
    rows: list[tuple[str, Any, str | None, str]] = []
    for f in fees:
        how = "measured from the rota" if f.mode == "rota" else "from the stated assumptions"
        rows.append(
            (
                f"{f.scenario}: fee per contact hour",
                f.fee,
                MONEY,
                f"what a commissioner must pay per hour of care to fund this pay scenario ({how})",
            )
        )
        for key, label, fmt, meaning in (
            ("contact_pay", "pay for contact time", MONEY, "per contact hour"),
            ("travel_waiting_pay", "pay for travel and waiting", MONEY, "per contact hour"),
            ("running_business", "running the business", MONEY, "per contact hour"),
        ):
            rows.append((f"  {label}", f.line(key), fmt, meaning))
        if f.budget:
            b = f.budget
            rows += [
                ("  current fee", b["current_fee"], MONEY, "the fee paid now per contact hour"),
                (
                    "  gap per contact hour",
                    b["gap_per_hour"],
                    MONEY,
                    "fee needed minus current fee",
                ),
                (
                    "  commissioned hours a week",
                    b["hours_per_week"],
                    HOURS,
                    "hours bought each week",
                ),
                (
                    "  budget impact a year",
                    b["per_year"],
                    MONEY,
                    "gap per hour × hours a week × 52: the extra a year the budget must find",
                ),
            ]
    write_summary(
        wb,
        "Summary",
        rows,
        heading="payfair: fee per contact hour",
        notes=[n for f in fees for n in f.notes],
    )
    breakdown = pd.concat(
        [f.breakdown.assign(scenario=f.scenario) for f in fees], ignore_index=True
    )[["scenario", "item", "per_contact_hour", "share_of_fee", "meaning"]]
    write_table(wb, "Fee breakdown", breakdown)
    visits = pd.concat(
        [f.visit_lengths.assign(scenario=f.scenario) for f in fees if len(f.visit_lengths)],
        ignore_index=True,
    )
    if len(visits):
        visits = visits[
            [
                "scenario",
                "visit_minutes",
                "travel_minutes_per_contact_hour",
                "fee_per_hour",
                "fee_per_visit",
                "allowed",
            ]
        ]
    write_table(wb, "Visit lengths", visits)
    by_name = {s.name: s for s in scenarios}
    arows = []
    for f in fees:
        s = by_name.get(f.scenario)
        for k, v in vars(f.inputs).items():
            source = (
                "measured from the rota"
                if f.mode == "rota"
                and k
                not in (
                    "role",
                    "running_costs_per_contact_hour",
                    "running_costs_share",
                    "surplus_share",
                )
                else (s.sources.get(f"assumptions.{k}", "") if s else "")
            )
            arows.append((f"{f.scenario}: {k}", v, source))
    write_table(wb, "Assumptions", _settings_frame(arows), formats={"value": None})
    for f in fees:
        if f.mode == "rota" and f.per_worker is not None:
            write_table(wb, scenario_sheet_title(f.scenario, "employer costs"), f.per_worker)
    srows = [(f"{s.name}: {k}", v, src) for s in scenarios for k, v, src in s.settings_rows()]
    srows += employer_settings_rows(employer_settings or default_employer_costs())
    write_table(wb, "Settings and sources", _settings_frame(srows), formats={"value": None})
    return _save(wb, dest)
