"""The evidence pack: a printable statement per worker of what the minimum wage law says they were
owed, and why (issue 10 item 2).

`worker_statement(analysis, worker_id)` is a print-ready HTML page (A4): the amount owed, each
pay period's figures, how each period below the minimum wage was worked out (the arithmetic from
payfair.explain), the worker's days with their visits and gaps, the rules applied with their
legal sources, and what payfair had to assume; then an annex listing every gap between visits
and the rule that classed it. A provider can attach it to an HMRC self-correction, a union to a
claim. `evidence_zip(analysis)` bundles a statement for every worker below the minimum wage.

Every piece of text is HTML-escaped (worker and client ids come from uploaded files), and every
figure is the analysis's own: the statement adds up the period rows, nothing more.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from payfair import __version__, labels
from payfair.analysis import Analysis
from payfair.explain import Explanation, explain_period, find_period

#: The rules a statement cites, in the order a reader meets them (rules §n = docs/rules.md).
RULES = (
    (
        "Working time",
        "Time with clients, travel between visits, waiting between visits when not free to use "
        "the time as one's own, training and office time.",
        "payfair rules §2; NMW Regulations 2015 regs 30-34",
    ),
    (
        "Gaps between visits",
        "Travel counts up to the length of the gap; the idle time left counts as waiting when it "
        "is no longer than the break threshold, else the gap is a break and is not counted.",
        "payfair rules §3.2-3.5; NMW Regulations 2015 regs 32 and 34",
    ),
    (
        "Commuting",
        "The journey from home to the first visit of a run (and home from the last) is not "
        "working time.",
        "payfair rules §3.6; NMW Regulations 2015 reg 34(1); "
        "HMRC v Taylors Services [2025] EWCA Civ 956",
    ),
    (
        "Overlapping visits",
        "Time is counted once when visits overlap.",
        "payfair rules §3.1",
    ),
    (
        "Pay that counts",
        "Gross pay less premiums (weekend, bank-holiday enhancements), allowances not "
        "consolidated into basic pay, expenses including mileage, and deductions for job costs.",
        "payfair rules §4; NMW Regulations 2015 regs 10 and 13; HMRC NMWM09090, NMWM09170",
    ),
    (
        "The test",
        "Pay that counts ÷ working hours, averaged over the pay reference period, must be at "
        "least the minimum wage for the worker's band on the period's first day. Any shortfall, "
        "however small, is a breach.",
        "payfair rules §5; NMW Regulations 2015 reg 4B; HMRC NMWM09010",
    ),
    (
        "Arrears",
        "The shortfall is repaid at today's rate for the same band when that is higher than the "
        "rate then.",
        "National Minimum Wage Act 1998 s17; HMRC NMWM13160",
    ),
)

CSS = """
@page { size: A4; margin: 11mm 12mm 12mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 9pt;
       color: #111; line-height: 1.3; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; color: #1F4E78; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm 0; color: #1F4E78;
     border-bottom: 0.4mm solid #1F4E78; padding-bottom: 0.8mm; }
h3 { font-size: 10pt; margin: 3mm 0 1mm 0; }
p { margin: 1mm 0; }
.who { color: #333; margin-bottom: 3mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; }
th, td { border: 0.2mm solid #999; padding: 0.7mm 1.4mm; text-align: left; vertical-align: top; }
th { background: #E8EEF5; font-weight: bold; }
td.n, th.n { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; }
table.small th, table.small td { padding: 0.3mm 1.2mm; }
.owed { border: 0.6mm solid #1F4E78; padding: 2mm 3mm; margin: 2mm 0; background: #F4F7FB; }
.owed .big { font-size: 15pt; font-weight: bold; }
.below { color: #9C0006; font-weight: bold; }
ul.sums { margin: 0.5mm 0 1mm 0; padding-left: 5mm; }
ul.sums li { margin: 0.4mm 0; }
.period { page-break-inside: avoid; }
.small, .annex td, .annex th { font-size: 7.5pt; }
ul.sums.tight li { margin: 0.2mm 0; }
.annex { page-break-before: always; }
.note { color: #444; font-size: 8.5pt; }
footer { margin-top: 4mm; color: #444; font-size: 8pt; border-top: 0.2mm solid #999;
         padding-top: 1.5mm; }
"""


def esc(value: Any) -> str:
    """Text for HTML: escaped, with missing values blank."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Statement:
    """One worker's evidence statement: the HTML page and the figures it states."""

    worker_id: str
    html: str
    figures: dict[str, Any]

    @property
    def file_name(self) -> str:
        return statement_file_name(self.worker_id)


def statement_file_name(worker_id: str) -> str:
    """`statement-amira-khan.html`: letters, digits and dashes only."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", str(worker_id)).strip("-").lower()[:60] or "worker"
    return f"statement-{slug}.html"


def underpaid_workers(analysis: Analysis) -> list[str]:
    """Workers with at least one pay period below the minimum wage, in order."""
    p = analysis.periods
    if p.empty:
        return []
    below = p.loc[p["below_nmw"].astype(bool), "worker_id"].astype(str)
    return sorted(below.unique().tolist())


def worker_figures(analysis: Analysis, worker_id: str) -> dict[str, Any]:
    """The totals a statement states: sums of the worker's period rows."""
    p = analysis.periods
    mine = p[p["worker_id"].astype(str) == str(worker_id)]
    below = mine[mine["below_nmw"].astype(bool)]
    shortfall = round(float(mine["shortfall"].sum()), 2)
    arrears = round(float(mine["arrears"].sum()), 2)
    return {
        "worker_id": str(worker_id),
        "periods": int(len(mine)),
        "periods_below": int(len(below)),
        "first_day": labels.as_date(mine["period_start"].min()) if len(mine) else None,
        "last_day": labels.as_date(mine["period_end"].max()) if len(mine) else None,
        "working_hours": float(mine["working_hours"].sum()),
        "unpaid_working_hours": float(mine["unpaid_working_hours"].sum()),
        "nmw_pay": float(mine["nmw_pay"].sum()),
        "shortfall": shortfall,
        "arrears": arrears,
        "arrears_uplift": round(arrears - shortfall, 2),
        "as_of": labels.as_date(analysis.settings.get("as_of")),
    }


# ------------------------------------------------------------------------------- pieces


def _table(head: list[str], rows: list[list[str]], numeric: set[int], cls: str = "") -> str:
    """An HTML table from already escaped cells (a statement's handful of rows)."""
    attr = f' class="{cls}"' if cls else ""
    th = "".join(
        f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table{attr}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _periods_table(mine: pd.DataFrame) -> str:
    cols = {
        "Pay period": (
            pd.to_datetime(mine["period_start"]).dt.strftime("%d %b")
            + " – "
            + pd.to_datetime(mine["period_end"]).dt.strftime("%d %b %Y")
        ),
        "Working time": labels.hm_series(mine["working_hours"]),
        "Not paid": labels.hm_series(mine["unpaid_working_hours"]),
        "Pay that counts": labels.money_series(mine["nmw_pay"]),
        "True rate": labels.money_series(mine["true_hourly_rate"]),
        "Minimum wage": labels.money_series(mine["nmw_rate"]),
        "Shortfall": labels.money_series(mine["shortfall"]),
        "Owed today": labels.money_series(mine["arrears"]),
    }
    frame = pd.DataFrame(cols).astype(str)
    below = mine["below_nmw"].astype(bool).to_numpy()
    rows = [[esc(v) for v in r] for r in frame.to_numpy().tolist()]
    for r, is_below in zip(rows, below, strict=True):  # a worker's few periods
        if is_below:
            r[6] = f'<span class="below">{r[6]}</span>'
    return _table(list(cols), rows, numeric=set(range(1, 8)))


def day_summary(analysis: Analysis, worker_id: str, period_start: Any) -> pd.DataFrame:
    """Per day of one worker's period: visits, first start and last end, and the minutes of
    contact, training/office, travel, waiting, breaks within the day (a gap that began the same
    day; nights and days off are left out) and commuting (from the timeline)."""
    t = analysis.timeline
    start = labels.as_date(period_start)
    mine = t[
        (t["worker_id"].astype(str) == str(worker_id))
        & (pd.to_datetime(t["period_start"]) == pd.Timestamp(start))
    ]
    completed = mine[mine["status"].astype(str).str.lower() != "cancelled"]
    local = completed["start"].dt.tz_localize(None)
    gap_from = local - pd.to_timedelta(completed["gap_minutes"].astype(float), unit="min")
    same_day = (gap_from.dt.normalize() == local.dt.normalize()).to_numpy()
    in_day_break = completed["break_minutes"].astype(float).where(same_day, 0.0)
    frame = pd.DataFrame(
        {
            "day": local.dt.normalize(),
            "visits": (completed["kind"].astype(str) == "visit").astype(int),
            "first": local,
            "last": completed["end"].dt.tz_localize(None),
            **{
                c: completed[c].astype(float)
                for c in (
                    "contact_minutes",
                    "other_minutes",
                    "travel_counted_minutes",
                    "waiting_minutes",
                    "commute_minutes",
                )
            },
            "break_minutes": in_day_break,
        }
    )
    g = frame.groupby("day", sort=True)
    out = g.agg(
        visits=("visits", "sum"),
        first=("first", "min"),
        last=("last", "max"),
        contact=("contact_minutes", "sum"),
        other=("other_minutes", "sum"),
        travel=("travel_counted_minutes", "sum"),
        waiting=("waiting_minutes", "sum"),
        breaks=("break_minutes", "sum"),
        commute=("commute_minutes", "sum"),
    )
    return out.reset_index()


def _days_table(days: pd.DataFrame) -> str:
    if days.empty:
        return "<p>No events in this period.</p>"
    cols = {
        "Day": days["day"].dt.strftime("%a %d %b"),
        "Visits": days["visits"].astype(str),
        "From – to": days["first"].dt.strftime("%H:%M") + " – " + days["last"].dt.strftime("%H:%M"),
        "Contact": labels.hm_series(days["contact"] / 60),
        "Training/office": labels.hm_series(days["other"] / 60),
        "Travel": labels.hm_series(days["travel"] / 60),
        "Waiting": labels.hm_series(days["waiting"] / 60),
        "Working time": labels.hm_series(
            (days["contact"] + days["other"] + days["travel"] + days["waiting"]) / 60
        ),
        "Breaks in the day*": labels.hm_series(days["breaks"] / 60),
        "Commute*": labels.hm_series(days["commute"] / 60),
    }
    rows = [[esc(v) for v in r] for r in pd.DataFrame(cols).astype(str).to_numpy().tolist()]
    return _table(list(cols), rows, numeric=set(range(1, 10)), cls="small")


_SOURCE_START = (
    "payfair rules §",
    "rules §",
    "NMW Regulations",
    "National Minimum Wage Act",
    "HMRC",
)


def short_sources(line: str) -> str:
    """A line of arithmetic with each source in brackets cut to its first citation, e.g.
    "(rules §4; NMW Regulations 2015 reg 10 (premiums) ...)" → "(rules §4)": the statement's
    rules table gives every source in full, and the page stays within two sides."""
    out, i = [], 0
    while i < len(line):
        ch = line[i]
        if ch == "(" and line.startswith(_SOURCE_START, i + 1):
            depth, j = 0, i
            while j < len(line):  # the matching bracket (sources nest one level)
                depth += {"(": 1, ")": -1}.get(line[j], 0)
                if depth == 0:
                    break
                j += 1
            inner = line[i + 1 : j]
            out.append("(" + inner.split(";")[0].split(":")[0].strip() + ")")
            i = j + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _period_block(analysis: Analysis, e: Explanation) -> str:
    title = f"{labels.day(e.period_start)} to {labels.day(e.period_end)}"
    items = "".join(f"<li>{esc(short_sources(line))}</li>" for line in e.arithmetic)
    days = _days_table(day_summary(analysis, e.worker_id, e.period_start))
    return (
        f'<div class="period"><h3>{esc(title)}</h3><ul class="sums">{items}</ul>'
        f'<p class="note">Day by day, in hours:minutes (* not working time):</p>{days}</div>'
    )


def _gap_annex(e: Explanation) -> str:
    g = e.gaps
    if g.empty:
        return ""
    cols = ["Date", "Gap from", "Gap to", "Before visit to", "Gap (h:mm)", "Classed as"]
    frame = g[cols].astype(str).copy()
    frame["Rule"] = g["Rule"].astype(str).str.split(":").str[0]
    frame["Note"] = g["Note"].astype(str)
    rows = [[esc(v) for v in r] for r in frame.to_numpy().tolist()]
    title = f"{labels.day(e.period_start)} to {labels.day(e.period_end)}"
    return f"<h3>{esc(title)}</h3>" + _table(list(frame.columns), rows, numeric={4}, cls="small")


def _settings_items(analysis: Analysis) -> list[str]:
    s = analysis.settings
    rules = s.get("rules", {})

    def value(name: str) -> Any:
        rule = rules.get(name, {})
        return rule.get("value") if isinstance(rule, dict) else rule

    items = [
        f"Pay reference period: {s.get('period', '')}, counted from {s.get('period_anchor', '')}.",
        f"Break threshold: a gap with more than {labels.minutes(value('break_threshold_minutes'))}"
        " minutes idle is a break (payfair rules §3.4-3.5).",
        "Travel to the first visit of a run counted: "
        + ("yes (a setting; not the law's default)" if value("count_commute") else "no")
        + ".",
        f"Pay policy: {s.get('policy', {}).get('name', '')}.",
        f"Minimum-wage rates: {s.get('rates', '')}.",
        f"Arrears worked out on {labels.day(s.get('as_of'))}.",
    ]
    return items


def _assumptions(analysis: Analysis, mine: pd.DataFrame) -> list[str]:
    flags = sorted({f for text in mine["flags"].astype(str) for f in text.split(";") if f})
    out = [labels.flag_words(f) for f in flags]
    if len(analysis.rejected):
        out.append(
            f"{len(analysis.rejected)} row(s) of the rota could not be used and are not in these "
            "figures (each is listed, with the reason, by payfair analyse)."
        )
    if not out:
        out.append("Nothing was assumed beyond the settings above.")
    return out


# ----------------------------------------------------------------------------- statement


def for_worker(analysis: Analysis, worker_id: str) -> Analysis:
    """The analysis restricted to one worker's periods and events (rows read, rejected rows,
    warnings and settings kept whole)."""
    p, t = analysis.periods, analysis.timeline
    return replace(
        analysis,
        periods=p[p["worker_id"].astype(str) == worker_id],
        timeline=t[t["worker_id"].astype(str) == worker_id],
    )


def worker_statement(analysis: Analysis, worker_id: str, *, annex: bool = True) -> Statement:
    """One worker's printable statement (see the module docstring)."""
    row, _ = find_period(analysis, worker_id, analysis.periods["period_start"].min())
    worker = str(row["worker_id"])
    analysis = for_worker(analysis, worker)  # every later look-up touches this worker's rows
    p = analysis.periods
    mine = p[p["worker_id"].astype(str) == worker].sort_values("period_start")
    f = worker_figures(analysis, worker)
    explanations = [
        explain_period(analysis, worker, start, gap_lines=False)
        for start in mine.loc[mine["below_nmw"].astype(bool), "period_start"]
    ]  # one per period below the minimum wage: a worker's handful of periods
    as_of = labels.day(f["as_of"])
    period = str(analysis.settings.get("period", ""))
    if f["arrears"] > 0:
        owed = (
            f"<p>Owed to {esc(worker)} as of {esc(as_of)}:</p>"
            f'<p class="big">{esc(labels.money(f["arrears"]))}</p>'
            f"<p>{esc(labels.money(f['shortfall']))} shortfall below the minimum wage at the "
            f"rates then, plus {esc(labels.money(f['arrears_uplift']))} uplift to today's rates "
            f"(National Minimum Wage Act 1998 s17). {f['periods_below']} of {f['periods']} "
            f"{esc(period)} pay periods are below the minimum wage; "
            f"{esc(labels.hm(f['unpaid_working_hours']))} (hours:minutes) of working time "
            "was not paid.</p>"
        )
    else:
        owed = (
            f"<p>No pay period of {esc(worker)} is below the minimum wage "
            f"({f['periods']} {esc(period)} pay periods checked).</p>"
        )
    rules = _table(
        ["Rule", "What it says", "Source"],
        [[esc(a), esc(b), esc(c)] for a, b, c in RULES],
        numeric=set(),
        cls="small",
    )
    settings = "".join(f"<li>{esc(x)}</li>" for x in _settings_items(analysis))
    assumed = "".join(f"<li>{esc(x)}</li>" for x in _assumptions(analysis, mine))
    blocks = "".join(_period_block(analysis, e) for e in explanations)
    annex_html = ""
    if annex and explanations:
        annex_html = (
            '<section class="annex"><h2>Annex: every gap between visits, and how it was '
            "classed</h2>" + "".join(_gap_annex(e) for e in explanations) + "</section>"
        )
    span = f"{labels.day(f['first_day'])} to {labels.day(f['last_day'])}"
    page = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Minimum wage statement: {esc(worker)}</title>
<style>{CSS}</style></head>
<body>
<h1>Minimum wage statement</h1>
<p class="who"><b>Worker:</b> {esc(worker)} &nbsp;·&nbsp; <b>Rota:</b> {esc(span)}
&nbsp;·&nbsp; <b>Worked out on:</b> {esc(as_of)}</p>
<div class="owed">{owed}</div>
<h2>Pay periods</h2>
{_periods_table(mine)}
<p class="note">Working time and unpaid time in hours:minutes; money in pounds. The minimum wage
is the rate for the worker's band on each period's first day.</p>
<h2>How each period below the minimum wage was worked out</h2>
{blocks or "<p>No period is below the minimum wage.</p>"}
<h2>Rules applied and their sources</h2>
{rules}
<p class="note">"payfair rules §n" is a section of payfair's rules document (docs/rules.md),
which gives each rule's legal source in full.</p>
<h2>Settings used</h2><ul class="sums">{settings}</ul>
<h2>What payfair had to assume</h2><ul class="sums">{assumed}</ul>
<footer>Prepared with payfair {esc(__version__)} from the rota supplied. The figures are as
complete as the rota: visits, travel or pay missing from it are missing here. This statement sets
out the arithmetic; it is not legal advice.</footer>
{annex_html}
</body></html>
"""
    return Statement(worker, page, f)


def evidence_zip(analysis: Analysis, workers: list[str] | None = None) -> bytes:
    """A zip, built in memory, of one statement per worker (default: every worker below the
    minimum wage), plus `index.html` listing them with the amount owed."""
    chosen = underpaid_workers(analysis) if workers is None else [str(w) for w in workers]
    buf = io.BytesIO()
    names: set[str] = set()
    rows = []
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for worker in chosen:  # one file per worker
            s = worker_statement(analysis, worker)
            name, n = s.file_name, 2
            while name in names:
                name = s.file_name.replace(".html", f"-{n}.html")
                n += 1
            names.add(name)
            zf.writestr(name, s.html.encode("utf-8"))
            rows.append(
                [
                    f'<a href="{esc(name)}">{esc(s.worker_id)}</a>',
                    str(s.figures["periods_below"]),
                    esc(labels.money(s.figures["shortfall"])),
                    esc(labels.money(s.figures["arrears"])),
                ]
            )
        total = sum(worker_figures(analysis, w)["arrears"] for w in chosen)
        index = (
            '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>Minimum wage statements</title><style>{CSS}</style></head><body>"
            f"<h1>Minimum wage statements</h1><p>{len(chosen)} worker(s); owed in total "
            f"{esc(labels.money(total))} as of "
            f"{esc(labels.day(analysis.settings.get('as_of')))}.</p>"
            + _table(
                ["Worker", "Periods below", "Shortfall", "Owed today"], rows, numeric={1, 2, 3}
            )
            + "</body></html>"
        )
        zf.writestr("index.html", index.encode("utf-8"))
    return buf.getvalue()


__all__ = [
    "RULES",
    "Statement",
    "esc",
    "short_sources",
    "evidence_zip",
    "statement_file_name",
    "underpaid_workers",
    "worker_figures",
    "worker_statement",
]
