"""A committee-ready one-page summary of a fee per contact hour (print-ready HTML, A4): what the
fee is for, the breakdown, the assumptions with their sources, the published comparators with
their years, the fee at other pay rates, and the answers to the inverse questions, all in plain
English. Every piece of text is HTML-escaped; the file is written through payfair.safe_output."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import IO

import pandas as pd

from payfair.costing.assumptions import RUNNING_COSTS, CostingModel, itemised_breakdown
from payfair.costing.fee_rate import FeeResult
from payfair.costing.published import Comparator
from payfair.safe_output import deliver

_CSS = """
@page { size: A4; margin: 10mm; }
@media print { body { zoom: 0.88; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 7.8pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2pt 0; }
h2 { font-size: 10pt; margin: 7pt 0 2pt 0; border-bottom: 1px solid #888; }
p { margin: 2pt 0; }
.lead { font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 1pt 4pt; vertical-align: top; text-align: left; }
th { border-bottom: 1px solid #444; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.total td { border-top: 1px solid #444; font-weight: bold; }
tr.sub td { color: #333; }
tr.sub td:first-child { padding-left: 14pt; }
.cols { display: flex; gap: 10pt; }
.cols > div { flex: 1; }
.src { color: #444; font-size: 6.6pt; }
.note { color: #444; font-size: 7pt; }
td.v { width: 22%; }
td.a { width: 18%; }
"""


_CODE_NAMES = (
    re.compile(r";?\s*docs/rules\.md\s*§\s*\d+"),
    re.compile(r"\s*\((?:payfair )?rules §\s*[\d\-, ]+\)"),
    re.compile(r",?\s*(?:payfair )?rules §\s*[\d\-]+"),
    re.compile(r",?\s*rates/[\w./]+"),
)


def plain(text: object) -> str:
    """Text for a committee: file names and payfair's rule numbers taken out."""
    out = str(text)
    for pattern in _CODE_NAMES:
        out = pattern.sub("", out)
    return out.replace("( ", "(").replace("()", "").strip()


def _e(value: object) -> str:
    return html.escape(plain(value), quote=True)


def _day(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%-d %B %Y}"
    except ValueError:
        return iso


def _money(v: float) -> str:
    return f"£{v:,.2f}"


def _assumption_rows(model: CostingModel) -> list[tuple[str, str, str]]:
    m = model
    rows = [
        (
            "Visit lengths (share of hours)",
            ", ".join(f"{mins} min {share:.0%}" for mins, share in sorted(m.visit_mix.items())),
            m.source("visit_mix"),
        ),
        (
            "Blended visit",
            f"{m.average_visit_minutes:.1f} minutes ({m.visits_per_contact_hour:.2f} visits "
            "per contact hour)",
            "worked out from the visit lengths",
        ),
        (
            "Travel per visit",
            f"{m.travel_minutes_per_visit:g} minutes",
            m.source("travel.travel_minutes_per_visit"),
        ),
        (
            "Waiting per visit",
            f"{m.waiting_minutes_per_visit:g} minutes",
            m.source("travel.waiting_minutes_per_visit"),
        ),
        (
            "Miles per visit",
            f"{m.miles_per_visit:g} at {m.mileage_rate * 100:.0f}p a mile",
            m.source("travel.miles_per_visit"),
        ),
        (
            "Contact hours per worker a week",
            f"{m.contact_hours_per_worker_week:g}",
            m.source("workforce.contact_hours_per_worker_week"),
        ),
        (
            "Employer National Insurance",
            f"{m.employer_ni_rate:.1%}",
            m.source("on_costs.employer_ni_rate"),
        ),
        ("Holiday pay", f"{m.holiday_rate:.2%}", m.source("on_costs.holiday_rate")),
        ("Employer pension", f"{m.pension_rate:.1%}", m.source("on_costs.pension_rate")),
        (
            "Sickness days a year",
            f"{m.sick_days_per_year:g}",
            m.source("on_costs.sick_days_per_year"),
        ),
        (
            "Paid training hours a year",
            f"{m.training_hours_per_year:g}",
            m.source("on_costs.training_hours_per_year"),
        ),
        (
            "Running the business",
            _money(m.running_costs_per_contact_hour) + " per contact hour, itemised above",
            m.source("running_costs"),
        ),
        ("Surplus", f"{m.surplus_share:.1%} of the fee", m.source("surplus.share")),
    ]
    return rows


def summary_html(
    model: CostingModel,
    fee: FeeResult,
    *,
    pay_terms: str,
    comparators: list[Comparator],
    equivalents: pd.DataFrame | None = None,
    answers: list[str] | None = None,
    current_fee: float | None = None,
    hours_per_week: float | None = None,
    prepared: date | None = None,
) -> str:
    """The one-page summary as an HTML document (see the module docstring)."""
    prepared = prepared or date.today()
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_e('Fee per contact hour ' + model.year)}</title><style>{_CSS}</style>",
        "</head><body>",
        f"<h1>{_e(f'Fee per contact hour for homecare, {model.year}: {_money(fee.fee)}')}</h1>",
        f"<p class='lead'>{_e(_lead(fee, pay_terms, current_fee, hours_per_week))}</p>",
        f"<p class='note'>{_e(f'Prepared {prepared:%-d %B %Y} with payfair.')}</p>",
        "<div class='cols'><div>",
        "<h2>How the fee is built up (£ per contact hour)</h2><table>",
        "<tr><th>Cost</th><th class='n'>£</th><th class='n'>Share</th></tr>",
    ]
    for r in itemised_breakdown(fee, model).to_dict("records"):
        if r["line"] == "other_working_pay" and abs(r["per_contact_hour"]) < 5e-5:
            continue
        cls = "total" if r["line"] == "total" else ("sub" if r["part_of"] else "")
        parts.append(
            f"<tr class='{cls}'><td>{_e(r['item'])}</td>"
            f"<td class='n'>{_e(_money(r['per_contact_hour']))}</td>"
            f"<td class='n'>{_e(format(r['share_of_fee'], '.1%'))}</td></tr>"
        )
    parts.append("</table></div><div>")
    parts.append("<h2>Compared with published figures</h2><table>")
    for c in comparators:
        parts.append(
            f"<tr><td>{_e(c.title)}</td><td class='n'>{_e(_money(c.fee.value))}</td></tr>"
            f"<tr><td colspan='2' class='src'>{_e(c.fee.label)}, published "
            f"{_e(_day(c.fee.dated))}. {_e(c.caveat)} Source: {_e(c.fee.source)}</td></tr>"
        )
    parts.append("</table>")
    if equivalents is not None and len(equivalents):
        parts.append("<h2>The fee at other pay rates (same assumptions)</h2><table>")
        parts.append("<tr><th>Pay for all working time</th><th class='n'>Pay</th>")
        parts.append("<th class='n'>Fee</th></tr>")
        for r in equivalents.to_dict("records"):
            parts.append(
                f"<tr><td>{_e(r['pay_rate'])} ({_e(r['year'])})</td>"
                f"<td class='n'>{_e(_money(r['hourly_pay']))}</td>"
                f"<td class='n'>{_e(_money(r['fee_per_contact_hour']))}</td></tr>"
            )
        parts.append("</table>")
        parts.append(
            "<p class='src'>"
            + _e(
                " · ".join(
                    f"{r['pay_rate']}: {r['source']}" for r in equivalents.to_dict("records")
                )
            )
            + "</p>"
        )
    parts.append("</div></div>")
    if answers:
        parts.append("<h2>What the money buys</h2>")
        parts += [f"<p>{_e(a)}</p>" for a in answers]
    parts.append("<h2>The assumptions and where they come from</h2><table>")
    parts.append("<tr><th>Assumption</th><th>Value</th><th>Source</th></tr>")
    for name, value, source in _assumption_rows(model):
        parts.append(
            f"<tr><td class='a'>{_e(name)}</td><td class='v'>{_e(value)}</td>"
            f"<td class='src'>{_e(source)}</td></tr>"
        )
    parts.append("</table>")
    items = "; ".join(f"{RUNNING_COSTS[k][0]} {_money(v)}" for k, v in model.running_costs.items())
    parts.append(f"<p class='src'>{_e('Running costs per contact hour: ' + items + '.')}</p>")
    parts.append(
        "<p class='note'>"
        + _e(
            "How it is worked out: one typical care worker's week is costed at the pay for all "
            "working time (contact, travel between visits, waiting and training), with employer "
            "National Insurance, pension, holiday and sick pay on the thresholds that apply each "
            "week; running costs and the surplus are added; the total is divided by the contact "
            "hours. Travel per contact hour = visits per contact hour × travel per visit, as in "
            "the Department of Health and Social Care's Fair Cost of Care guidance (2022)."
        )
        + "</p></body></html>"
    )
    return "".join(parts)


def _lead(
    fee: FeeResult, pay_terms: str, current_fee: float | None, hours_per_week: float | None
) -> str:
    text = f"To pay care workers on these terms ({pay_terms.rstrip('. ')}), a council must pay "
    text += f"{_money(fee.fee)} for each hour of care delivered."
    if current_fee is not None:
        gap = fee.fee - current_fee
        text += (
            f" That is {_money(abs(gap))} {'more' if gap >= 0 else 'less'} than the current "
            f"fee of {_money(current_fee)}"
        )
        if hours_per_week:
            text += (
                f"; for {hours_per_week:,.0f} contact hours a week, "
                f"£{abs(gap) * hours_per_week * 52:,.0f} a year {'more' if gap >= 0 else 'less'}"
            )
        text += "."
    return text


def write_summary(page: str, dest: str | Path | IO[bytes] | None = None):
    """Write the page (UTF-8) to a path or file object, or return its bytes."""
    return deliver(page.encode("utf-8"), dest)


def committee_notes(
    comparators: list[Comparator],
    equivalents: pd.DataFrame | None = None,
    answers: list[str] | None = None,
) -> list[str]:
    """The comparators (with their year), the fee at other pay rates and the inverse answers as
    plain sentences, for a FeeResult's notes (so the Excel workbook's Summary shows them)."""
    out = [
        f"{c.title}: £{c.fee.value:.2f} ({c.fee.label}). {c.caveat}".strip() for c in comparators
    ]
    if equivalents is not None:
        out += [
            f"Fee at the {r['pay_rate']} (£{r['hourly_pay']:.2f} an hour, {r['year']}) for all "
            f"working time: £{r['fee_per_contact_hour']:.2f} per contact hour"
            for r in equivalents.to_dict("records")
        ]
    return out + list(answers or [])
