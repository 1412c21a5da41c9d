"""A commissioner's market view: many providers' rotas side by side (issue 11 item 4).

For each provider, measured from its own rota: travel between visits per contact hour, the mix of
visit lengths, the share of working time that is unpaid, the workers paid below the minimum wage,
and the fee per contact hour that the provider's own rota needs under a pay scenario (rules §7,
`costing.fee_rate.fee_from_rota` on the rota re-paid under the scenario). Across providers: the
lower quartile, median and upper quartile of each figure, one value per provider (not weighted
by size), as the DHSC Fair Cost of Care exercise (2022) reported its provider returns. Quartiles
interpolate linearly between providers, as a spreadsheet's QUARTILE.INC does.

Providers come from one folder per provider (every rota file inside it), or from a `provider`
column (also headed "provider name", "care provider" or "agency"), or, failing both, one provider
per file named after the file. Every row read is used or rejected, per provider and in total.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from payfair.costing.employer_costs import EmployerCostSettings, default_employer_costs
from payfair.costing.fee_rate import fee_from_rota
from payfair.costing.outcomes import Outcomes, apply_scenario
from payfair.costing.scenario import Scenario
from payfair.errors import RotaError, concat_rejections
from payfair.importers import inspect_file
from payfair.importers.aliases import normalise
from payfair.importers.datetimes import as_text
from payfair.policy import PayPolicy
from payfair.rota import RotaRead
from payfair.safe_output import write_json
from payfair.scale.files import ROTA_SUFFIXES, RowsRead, file_labels, rota_files, stack_reads

#: Headers taken to name the provider of each row (compared without case, spaces or punctuation).
PROVIDER_HEADERS = ("provider", "providername", "careprovider", "agency")
NO_PROVIDER = "(provider not given)"
#: Visit-length bands (minutes; each band includes its upper end), as the Fair Cost of Care
#: returns asked for 15, 30, 45 and 60 minute visits.
VISIT_BANDS = (0.0, 15.0, 30.0, 45.0, 60.0, np.inf)
VISIT_BAND_KEYS = (
    "visits_up_to_15_min",
    "visits_15_to_30_min",
    "visits_30_to_45_min",
    "visits_45_to_60_min",
    "visits_over_60_min",
)
#: The per-provider figures summarised across providers: (key, plain-English label, unit).
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("fee_per_contact_hour", "Fee per contact hour the rota needs", "£"),
    ("travel_minutes_per_contact_hour", "Travel between visits per contact hour", "minutes"),
    ("waiting_minutes_per_contact_hour", "Waiting between visits per contact hour", "minutes"),
    ("average_visit_minutes", "Average visit length", "minutes"),
    ("visits_up_to_15_min", "Visits of 15 minutes or less", "share"),
    ("visits_15_to_30_min", "Visits over 15, up to 30 minutes", "share"),
    ("visits_30_to_45_min", "Visits over 30, up to 45 minutes", "share"),
    ("visits_45_to_60_min", "Visits over 45, up to 60 minutes", "share"),
    ("visits_over_60_min", "Visits over 60 minutes", "share"),
    ("unpaid_share", "Share of working time unpaid", "share"),
    ("share_of_workers_below_nmw", "Share of workers paid below the minimum wage", "share"),
    ("workers_below_nmw", "Workers paid below the minimum wage", "workers"),
    ("workers", "Care workers in the rota", "workers"),
    ("contact_hours_per_worker_week", "Contact hours per worker a week", "hours"),
)
LABELS = {
    "provider": "Provider",
    "files": "Files",
    "rows_read": "Rows read",
    "rows_used": "Rows used",
    "rows_rejected": "Rows rejected",
    "visits": "Visits",
    "contact_hours": "Contact hours",
    **{k: label for k, label, _ in MEASURES},
}
QUARTILES = (("lower_quartile", 0.25), ("median", 0.5), ("upper_quartile", 0.75))


@dataclass
class ProviderRota:
    """One provider's rota: read in memory (`rota`), or the files to read on Dask (`files`)."""

    name: str
    rota: RotaRead | None = None
    files: list[Path] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@dataclass
class MarketView:
    """Per-provider figures and their spread across providers, under one scenario."""

    scenario: str
    period: str
    providers: pd.DataFrame  # one row per provider: the keys of LABELS
    summary: pd.DataFrame  # one row per measure: measure, item, unit, quartiles, providers
    rejected: pd.DataFrame  # every rejected row, naming its file
    warnings: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return int(self.providers["rows_read"].sum())

    @property
    def rows_used(self) -> int:
        return int(self.providers["rows_used"].sum())


# ------------------------------------------------------------------------------ reading providers


def _provider_header(headers: Sequence[str]) -> str | None:
    for h in headers:  # a handful of headers
        if normalise(h) in PROVIDER_HEADERS:
            return h
    return None


def split_by_provider(
    source: Any, label: str, *, read_options: dict[str, Any] | None = None
) -> list[tuple[str, str, RotaRead]]:
    """One file (a path, or bytes with its name as `label`) as one rota per provider: by its
    provider column if it has one, else the whole file is one provider named after the file."""
    found = inspect_file(source, filename=label, **(read_options or {}))
    read, table = found.read, found.table
    header = _provider_header([str(h) for h in table.frame.columns])
    if header is None:
        return [(Path(label).stem, label, read)]
    names = as_text(table.frame[header]).astype("str").replace("", NO_PROVIDER)
    by_row = pd.Series(names.to_numpy(), index=table.source_row.to_numpy())
    event_provider = read.events["source_row"].map(by_row)
    rejected_provider = read.rejected["row"].map(by_row)
    warning_provider = read.warnings["row"].map(by_row)
    rows = names.value_counts()
    out = []
    for name in sorted(rows.index):  # providers, not rows
        keep = (event_provider == name).to_numpy()
        out.append(
            (
                name,
                label,
                RotaRead(
                    events=read.events[keep].reset_index(drop=True),
                    rows_read=int(rows[name]),
                    rejected=read.rejected[(rejected_provider == name).to_numpy()],
                    warnings=read.warnings[(warning_provider == name).to_numpy()],
                    workers=read.workers,
                    layout=read.layout,
                    source=read.source,
                ),
            )
        )
    return out


def _merge(pieces: list[tuple[str, str, RotaRead]]) -> list[ProviderRota]:
    """Providers named in several files (or folders) become one, rows in file order."""
    by_name: dict[str, list[tuple[str, RotaRead]]] = {}
    for name, label, read in pieces:  # one piece per provider and file
        by_name.setdefault(name, []).append((label, read))
    return [
        ProviderRota(name, rota=stack_reads([r for _, r in got]), labels=[lb for lb, _ in got])
        for name, got in by_name.items()
    ]


def read_market(
    spec: str | Path, *, read_options: dict[str, Any] | None = None
) -> list[ProviderRota]:
    """Providers' rotas from a folder: each sub-folder is a provider (all its rota files); each
    rota file directly in the folder (or named by a glob, or given alone) is split by its
    provider column, or is one provider named after the file."""
    path = Path(spec)
    pieces: list[tuple[str, str, RotaRead]] = []
    if path.is_dir():
        subdirs = sorted(p for p in path.iterdir() if p.is_dir())
        for sub in subdirs:  # one folder per provider
            files = [
                f
                for f in sorted(sub.rglob("*"))
                if f.is_file() and f.suffix.lower() in ROTA_SUFFIXES
            ]
            labels = file_labels(files, path) if files else []
            for f, label in zip(files, labels, strict=True):
                rota = inspect_file(f, filename=label, **(read_options or {})).read
                pieces.append((sub.name, label, rota))
        top = [
            f for f in sorted(path.iterdir()) if f.is_file() and f.suffix.lower() in ROTA_SUFFIXES
        ]
    else:
        top = rota_files(spec)
    for f in top:
        pieces.extend(split_by_provider(f, f.name, read_options=read_options))
    if not pieces:
        raise RotaError(
            f"no providers' rotas found in {spec}",
            file=str(spec),
            fix="put each provider's rota files in a folder of its own inside it, or give files "
            "with a 'provider' column",
        )
    return _merge(pieces)


def read_uploads(
    uploads: Sequence[tuple[str, bytes]], *, read_options: dict[str, Any] | None = None
) -> list[ProviderRota]:
    """Uploaded files (name, bytes): each split by its provider column, else one provider each."""
    pieces: list[tuple[str, str, RotaRead]] = []
    for name, data in uploads:  # a few uploaded files
        pieces.extend(split_by_provider(data, name, read_options=read_options))
    return _merge(pieces)


def provider_folders(spec: str | Path) -> list[ProviderRota]:
    """For the Dask engine: each sub-folder of `spec` is a provider, its files read on Dask."""
    path = Path(spec)
    subdirs = sorted(p for p in path.iterdir() if p.is_dir()) if path.is_dir() else []
    out = []
    for sub in subdirs:  # providers
        files = sorted(
            f for f in sub.rglob("*") if f.is_file() and f.suffix.lower() in (".csv", ".parquet")
        )
        if files:
            out.append(ProviderRota(sub.name, files=files, labels=file_labels(files, path)))
    if not out:
        raise RotaError(
            f"no provider folders with CSV or Parquet files in {spec}",
            file=str(spec),
            fix="with --engine dask, put each provider's files in a folder of its own",
        )
    return out


# ------------------------------------------------------------------------------------ figures


def _sum(frame: pd.DataFrame, col: str) -> float:
    if col not in frame:
        return 0.0
    return float(pd.to_numeric(frame[col], errors="coerce").fillna(0.0).sum())


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def provider_figures(
    name: str,
    rows: RowsRead,
    outcome: Outcomes,
    *,
    period: str,
    settings: EmployerCostSettings,
) -> tuple[dict[str, Any], list[str]]:
    """One provider's row of the market view, and notes on anything that could not be measured."""
    from payfair.costing.employer_costs import WEEKS

    periods = outcome.baseline.periods
    timeline = outcome.baseline.timeline
    contact_h = _sum(periods, "contact_hours")
    working_h = _sum(periods, "working_hours")
    contact_min = pd.to_numeric(timeline["contact_minutes"], errors="coerce").fillna(0.0)
    is_visit = (timeline["kind"].astype("str") == "visit").to_numpy() & (contact_min > 0).to_numpy()
    length = pd.to_numeric(timeline["event_minutes"], errors="coerce")[is_visit]
    bands = pd.cut(length, bins=list(VISIT_BANDS), labels=list(VISIT_BAND_KEYS), right=True)
    mix = bands.value_counts(sort=False).reindex(list(VISIT_BAND_KEYS), fill_value=0)
    visits = int(is_visit.sum())
    below = periods.loc[periods["below_nmw"].astype(bool), "worker_id"] if len(periods) else []
    workers = int(periods["worker_id"].nunique()) if len(periods) else 0
    notes = []
    try:
        fee = fee_from_rota(
            outcome.repaid.periods,
            outcome.scenario,
            period=period,
            timeline=outcome.repaid.timeline,
            settings=settings,
        ).fee
    except RotaError as exc:
        fee = float("nan")
        notes.append(f"{name}: no fee per contact hour ({exc.message})")
    row = {
        "provider": name,
        "files": len(rows.files),
        "rows_read": rows.rows_read,
        "rows_used": rows.rows_used,
        "rows_rejected": len(rows.rejected),
        "workers": workers,
        "visits": visits,
        "contact_hours": contact_h,
        "fee_per_contact_hour": fee,
        "travel_minutes_per_contact_hour": _ratio(_sum(periods, "travel_hours") * 60, contact_h),
        "waiting_minutes_per_contact_hour": _ratio(_sum(periods, "waiting_hours") * 60, contact_h),
        "average_visit_minutes": float(length.mean()) if visits else float("nan"),
        **{k: _ratio(float(mix[k]), visits) for k in VISIT_BAND_KEYS},
        "unpaid_share": _ratio(_sum(periods, "unpaid_working_hours"), working_h),
        "workers_below_nmw": int(pd.Series(below).nunique()),
        "share_of_workers_below_nmw": _ratio(float(pd.Series(below).nunique()), workers),
        "contact_hours_per_worker_week": _ratio(contact_h, len(periods) * WEEKS[period]),
    }
    return row, notes


def spread(providers: pd.DataFrame) -> pd.DataFrame:
    """Lower quartile, median and upper quartile of each measure across providers (one value
    per provider, linear interpolation as QUARTILE.INC), with how many providers have it."""
    rows = []
    for key, label, unit in MEASURES:  # a dozen measures
        values = pd.to_numeric(providers[key], errors="coerce").dropna()
        row = {"measure": key, "item": label, "unit": unit, "providers": int(len(values))}
        for name, q in QUARTILES:
            row[name] = float(values.quantile(q)) if len(values) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)[
        ["measure", "item", "unit", "lower_quartile", "median", "upper_quartile", "providers"]
    ]


def market_view(
    results: Sequence[tuple[str, RowsRead, Outcomes]],
    scenario: Scenario,
    *,
    period: str,
    settings: EmployerCostSettings | None = None,
) -> MarketView:
    """The market view from each provider's scenario outcome (see `market`)."""
    settings = settings or default_employer_costs()
    rows, notes = [], []
    for name, read, outcome in results:  # providers
        row, more = provider_figures(name, read, outcome, period=period, settings=settings)
        rows.append(row)
        notes.extend(more)
    providers = pd.DataFrame(rows)
    if len(providers) < 4:
        notes.append(
            f"Only {len(providers)} provider(s): quartiles across so few providers say little."
        )
    unknown_age = sum(
        int(o.baseline.periods["flags"].astype(str).str.contains("no_date_of_birth").sum())
        for _, _, o in results
    )
    if unknown_age:
        notes.append(
            f"{unknown_age} worker-period(s) have no date of birth: the top minimum-wage band "
            "was assumed for them."
        )
    notes.append(
        "Figures are per provider, from each provider's own rota; the quartiles and median give "
        "each provider one value, whatever its size, as the Fair Cost of Care exercise did."
    )
    return MarketView(
        scenario=scenario.name,
        period=period,
        providers=providers,
        summary=spread(providers),
        rejected=concat_rejections([r.rejected for _, r, _ in results]),
        warnings=concat_rejections([r.warnings for _, r, _ in results]),
        notes=notes,
    )


def market(
    providers: Sequence[ProviderRota],
    scenario: Scenario,
    policy: PayPolicy,
    *,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    settings: EmployerCostSettings | None = None,
    on_dask: Callable[[ProviderRota], tuple[RowsRead, Outcomes]] | None = None,
) -> MarketView:
    """Apply `scenario` to every provider's rota (paid now under `policy` where the rota has no
    pay) and gather the market view. `on_dask(provider)` runs a provider given as files."""
    settings = settings or default_employer_costs()
    results = []
    for p in providers:  # providers, each its own run of the engine
        if p.rota is None:
            if on_dask is None:
                raise ValueError("a provider given as files needs on_dask")
            read, outcome = on_dask(p)
            read.files = list(p.labels)
        else:
            outcome = apply_scenario(
                p.rota,
                scenario,
                policy,
                period=period,
                period_anchor=period_anchor,
                as_of=as_of,
                settings=settings,
            )
            r = p.rota
            read = RowsRead(r.rows_read, r.rows_used, r.rejected, r.warnings, list(p.labels))
        results.append((p.name, read, outcome))
    return market_view(results, scenario, period=period, settings=settings)


# ------------------------------------------------------------------------------------ outputs


def table_for_people(view: MarketView) -> pd.DataFrame:
    """The per-provider table with the quartiles and median below it, plain-English headers (the
    CSV download and the printed table)."""
    rows = view.providers.copy()
    extra = []
    for name, _ in QUARTILES:  # three summary rows
        row: dict[str, Any] = {"provider": f"All providers: {name.replace('_', ' ')}"}
        row.update(dict(zip(view.summary["measure"], view.summary[name], strict=True)))
        extra.append(row)
    out = pd.concat([rows, pd.DataFrame(extra)], ignore_index=True)
    for col in ("files", "rows_read", "rows_used", "rows_rejected", "visits"):
        out[col] = out[col].astype("Int64")  # counts stay whole numbers beside the blank rows
    return out[[c for c in LABELS if c in out]].rename(columns=LABELS)


def to_json(view: MarketView) -> dict[str, Any]:
    """Machine names: providers, summary (quartiles), rows read/used/rejected, notes."""
    return {
        "scenario": view.scenario,
        "period": view.period,
        "providers": view.providers.to_dict("records"),
        "summary": view.summary.to_dict("records"),
        "rows": {
            "read": view.rows_read,
            "used": view.rows_used,
            "rejected": view.rejected.to_dict("records"),
        },
        "warnings": len(view.warnings),
        "notes": view.notes,
    }


#: Headers people read on the workbook's sheets (the JSON keeps the machine names).
_SHEET_HEADERS = {
    "item": "Measure",
    "unit": "Unit",
    "lower_quartile": "Lower quartile",
    "median": "Median",
    "upper_quartile": "Upper quartile",
    "providers": "Providers",
    "file": "File",
    "sheet": "Sheet",
    "row": "Row",
    "column": "Column",
    "reason": "Reason",
}


def xlsx_bytes(view: MarketView) -> bytes:
    """An Excel workbook: across providers, per provider, rejected rows, notes. Written by the
    project's one table writer (payfair.costing.report.write_table: safe cells, formats)."""
    from payfair.costing.report import new_workbook, workbook_bytes, write_table

    wb = new_workbook()
    sheets = (
        ("Across providers", view.summary.drop(columns=["measure"])),
        ("Providers", view.providers.rename(columns=LABELS)),
        ("Rejected rows", view.rejected),
        ("Notes", pd.DataFrame({"Note": [f"Scenario: {view.scenario}", *view.notes]})),
    )
    for title, frame in sheets:
        write_table(wb, title, frame.rename(columns=_SHEET_HEADERS), people=False)
    return workbook_bytes(wb)


def json_bytes(view: MarketView) -> bytes:
    """`to_json` as strict JSON bytes (for a download)."""
    return write_json(to_json(view))
