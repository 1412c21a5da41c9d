"""The options `analyse`, `scenarios` and `price` share for many files and the Dask engine, and
the one call each makes to read and analyse its rota argument.

ROTA may be one file (read exactly as before), a folder or a glob of files (read and stacked in
memory), or, with `--engine dask`, files read and analysed on Dask (payfair.scale.dask_engine).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from payfair.analysis import Analysis, analyse
from payfair.commands.rota_input import read_rota
from payfair.policy import PayPolicy
from payfair.rota import RotaRead
from payfair.scale.files import (
    DASK_SUFFIXES,
    ROTA_SUFFIXES,
    RowsRead,
    file_labels,
    is_many,
    read_files,
    rota_files,
)

if TYPE_CHECKING:  # the costing is imported when a scenario is applied: `payfair analyse` never is
    from payfair.costing.employer_costs import EmployerCostSettings
    from payfair.costing.outcomes import Outcomes
    from payfair.costing.scenario import Scenario

ENGINES = ("pandas", "dask")
ROTA_HELP = (
    "the rota: one file (.csv, .xlsx or .parquet), a folder of them, or a quoted pattern such as "
    "'exports/*.parquet'; many files are read as one rota"
)


def _partitions(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give at least 1 partition")
    return value


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Add --engine, --scheduler and --partitions to a command's parser."""
    g = p.add_argument_group("large rotas (many files, Dask)")
    g.add_argument(
        "--engine",
        choices=ENGINES,
        default="pandas",
        help="pandas (default): the whole rota in this computer's memory. dask: read the files in "
        "parallel, split the rota into groups of care workers and run the same engine on each "
        "group, for rotas larger than memory or spread over a cluster; the figures are the same",
    )
    g.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a Dask cluster's scheduler address (e.g. tcp://10.0.0.5:8786), "
        "or threads (the default), processes or synchronous to run on this computer",
    )
    g.add_argument(
        "--partitions",
        metavar="N",
        type=_partitions,
        help="with --engine dask: how many groups of care workers to split the rota into "
        "(default: one per file, at most 64); more groups use less memory each",
    )


def uses_dask(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", "pandas") == "dask" or bool(getattr(args, "scheduler", None))


def load_options(args: argparse.Namespace):
    """How every file is read, from the shared rota options (mapping, sheet, planned times)."""
    from payfair.scale.dask_engine import LoadOptions

    return LoadOptions(
        mapping=Path(args.mapping) if getattr(args, "mapping", None) else None,
        sheet=getattr(args, "sheet", None),
        use_planned=True if getattr(args, "use_planned", False) else None,
    )


def _files(spec: str | Path, args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    files = rota_files(spec, DASK_SUFFIXES if uses_dask(args) else ROTA_SUFFIXES)
    return files, file_labels(files, spec)


def read_many(
    spec: str | Path,
    args: argparse.Namespace,
    *,
    period: str | None = None,
    period_anchor: date | None = None,
    period_days: int | None = None,
) -> RotaRead:
    """The rota argument read into memory: one file exactly as `read_rota` reads it, or every
    file of a folder or glob stacked (rows read = used + rejected across files). With `period`,
    rows outside the rates table are refused file by file (naming their file) before stacking."""
    if not is_many(spec):
        return read_rota(spec, args)
    files, labels = _files(spec, args)
    return read_files(
        files,
        labels,
        load_options(args).load,
        period=period,
        anchor=period_anchor,
        period_days=period_days,
    )


def _dask_kw(args: argparse.Namespace) -> dict[str, Any]:
    scheduler = getattr(args, "scheduler", None)
    return {"scheduler": scheduler, "partitions": getattr(args, "partitions", None)}


def analyse_rota(
    spec: str | Path,
    args: argparse.Namespace,
    policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    period: str = "weekly",
    period_anchor: date | None = None,
    as_of: date | None = None,
    period_days: int | None = None,
) -> Analysis:
    """`analysis.analyse` on the rota argument, in memory or on Dask (`--engine`)."""
    kw = {"period": period, "period_anchor": period_anchor, "as_of": as_of}
    if not uses_dask(args):
        rota = read_many(
            spec, args, period=period, period_anchor=period_anchor, period_days=period_days
        )
        return analyse(rota, policy, workers=workers, period_days=period_days, **kw)
    from payfair.scale.dask_engine import analyse_on_dask

    files, labels = _files(spec, args)
    return analyse_on_dask(
        files,
        labels,
        policy,
        workers=workers,
        load=load_options(args),
        period_days=period_days,
        **kw,
        **_dask_kw(args),
    )


def scenario_outcomes(
    spec: str | Path,
    args: argparse.Namespace,
    scenarios: list[Scenario],
    policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    settings: EmployerCostSettings | None = None,
    period: str = "weekly",
    period_anchor: date | None = None,
    as_of: date | None = None,
) -> tuple[RowsRead, list[Outcomes]]:
    """`costing.outcomes.apply_scenario` for each scenario on the rota argument, in memory or on
    Dask; with the rows read, used and rejected across every file."""
    kw = {"period": period, "period_anchor": period_anchor, "as_of": as_of}
    if uses_dask(args):
        from payfair.scale.dask_engine import scenarios_on_dask

        files, labels = _files(spec, args)
        return scenarios_on_dask(
            files,
            labels,
            scenarios,
            policy,
            workers=workers,
            load=load_options(args),
            settings=settings,
            **kw,
            **_dask_kw(args),
        )
    from payfair.costing.outcomes import apply_scenario

    rota = read_many(spec, args, period=period, period_anchor=period_anchor)
    workers = workers if workers is not None else rota.workers
    baseline = analyse(rota, policy, workers=workers, **kw)
    outcomes = [
        apply_scenario(rota, s, policy, workers=workers, settings=settings, baseline=baseline, **kw)
        for s in scenarios
    ]
    b = baseline  # rows refused by the engine (outside the rates table) count as rejected
    return RowsRead(b.rows_read, b.rows_used, b.rejected, b.warnings, files=[]), outcomes
