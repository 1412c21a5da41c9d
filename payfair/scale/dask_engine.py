"""The pandas engine on Dask, for rotas past one machine's memory (issue 11).

Each file is read by the same importer as always (one task per file); the events are shuffled on
`worker_id` so that every worker's events sit in one partition; then the in-memory engine
(`analysis.analyse_events`) runs on each partition. A pay reference period belongs to one worker,
and every figure of the engine is worked out per worker (gap rules, pay, periods, the minimum-wage
test), so the periods are those of the in-memory engine by construction. Within a partition the
events are put back in file order first, so that even ties between events are met in the same
order as in memory. tests/test_dask.py checks the periods are identical.

Scheduler: the local threaded scheduler by default; `"processes"` or `"synchronous"` for the
other local schedulers; a `distributed` address (`tcp://host:8786`) for a cluster; or a
`distributed.Client` already made (the tests pass one on a `LocalCluster`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from payfair.analysis import (
    PERIOD_KEYS,
    Analysis,
    analyse_events,
    analysis_settings,
    assumption_warnings,
    refuse_outside_rate_table,
)
from payfair.costing.employer_costs import EmployerCostSettings
from payfair.costing.fee_rate import EVENT_PAY_COLUMNS
from payfair.costing.outcomes import (
    Outcomes,
    finish_outcomes,
    own_rates,
    plan_repay,
    repay_policy,
    workers_with_own_rates,
)
from payfair.costing.scenario import Scenario
from payfair.errors import RotaError, concat_rejections
from payfair.event_facts import EventFacts, combine, event_facts, start_day_span
from payfair.importers import load_rota
from payfair.periods import DEFAULT_ANCHOR, check_period_days
from payfair.policy import PayPolicy
from payfair.rota import RotaRead, Source, empty_events, tidy_text
from payfair.scale.files import DASK_SUFFIXES, RowsRead, planned_warnings

LOCAL_SCHEDULERS = ("threads", "processes", "synchronous")
_ORDER = ["_file_index", "_file_position"]
#: The timeline columns kept from each partition for the costing (visits are events with contact
#: minutes; the fee's pay lines are the events' own pay), not every per-event figure.
SLIM_TIMELINE = (
    "worker_id",
    "period_start",
    "period_end",
    "kind",
    "event_minutes",
    "contact_minutes",
    *EVENT_PAY_COLUMNS,
    "flag_cancelled_paid",
)
#: The timeline columns `analysis.assumption_warnings` reads, gathered with the slim or full
#: timeline (the costing needs it per event anyway); with none, each partition sends only its
#: facts (payfair.event_facts), so a run's memory does not grow with its events.
WARNING_COLUMNS = ("worker_id", "source_row", "start", "flag_pay_from_policy", "flag_planned_times")


@dataclass
class LoadOptions:
    """How every file is read (the shared rota options: a mapping file, sheet, planned times)."""

    mapping: Any = None
    sheet: str | None = None
    use_planned: bool | None = None

    def load(self, path: Path, label: str):
        return load_rota(
            path,
            filename=label,
            mapping=self.mapping,
            sheet=self.sheet,
            use_planned=self.use_planned,
        )


@dataclass
class DaskRun:
    """How the run was spread out: shown in the results' settings."""

    scheduler: str
    files: int
    partitions: int
    events: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": "dask",
            "scheduler": self.scheduler,
            "files": self.files,
            "partitions": self.partitions,
            "events": self.events,
            "rule": "events shuffled on worker_id so each worker's events sit in one partition; "
            "the pandas engine runs per partition (a pay reference period never spans workers)",
        }


def _load_one(path: Path, label: str, index: int, options: LoadOptions, engine: dict[str, Any]):
    """One file: its events (with their place in the file order), and what the whole rota's
    answer needs from it: rows read, rejected (including rows in pay periods the rates table
    does not cover, as `analysis.analyse` refuses them), warnings, the dates it spans."""
    read = options.load(path, label)
    kept, refused = refuse_outside_rate_table(
        read,
        period=engine["period"],
        anchor=engine["period_anchor"],
        period_days=engine.get("period_days"),
    )
    events = kept.copy()
    events["_file_index"] = np.int64(index)
    events["_file_position"] = np.arange(len(events), dtype="int64")
    meta = {
        "rows_read": read.rows_read,
        "rows_used": len(kept),
        "rejected": concat_rejections([read.rejected, refused]),
        "warnings": read.warnings,
        "span": start_day_span(kept) if len(kept) else None,
        "planned_rows": list(read.planned_rows),
        "source": read.source,
        "mapping": dict(read.mapping),
    }
    return events, meta


def _events_meta() -> pd.DataFrame:
    meta = empty_events()
    meta["_file_index"] = pd.Series([], dtype="int64")
    meta["_file_position"] = pd.Series([], dtype="int64")
    return meta


def _context(metas: list[dict[str, Any]]) -> dict[str, Any]:
    """What every partition needs from the whole rota: the dates it spans (for the partial-period
    flag), and the rows with planned times when the rota is one file (row numbers of several
    files would collide; each file's planned rows are then listed in the warnings instead)."""
    spans = [m["span"] for m in metas if m["span"] is not None]
    return {
        "rota_span": (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None,
        "planned_rows": metas[0]["planned_rows"] if len(metas) == 1 else None,
    }


def events_by_worker(
    files: Sequence[Path],
    labels: Sequence[str],
    options: LoadOptions,
    engine: dict[str, Any],
    *,
    partitions: int | None = None,
    scheduler: Any = None,
) -> tuple[dd.DataFrame, list[Any], Any]:
    """A Dask dataframe of every file's events, shuffled so each worker sits in one partition;
    the (lazy) rows read and rejected of each file; and the (lazy) whole-rota context. On a local
    scheduler the shuffle is done in tasks; on a cluster Dask's own choice (peer-to-peer,
    spilling to disk) is kept."""
    bad = [
        label
        for f, label in zip(files, labels, strict=True)
        if f.suffix.lower() not in DASK_SUFFIXES
    ]
    if bad:
        raise RotaError(
            "the Dask engine reads CSV and Parquet files; these are not: " + ", ".join(bad[:5]),
            file=bad[0],
            fix="save them as .csv or .parquet, or run without --engine dask",
        )
    loads = [
        dask.delayed(_load_one, nout=2, pure=True)(f, label, i, options, engine)
        for i, (f, label) in enumerate(zip(files, labels, strict=True))
    ]
    events = dd.from_delayed([d[0] for d in loads], meta=_events_meta(), verify_meta=False)
    n = partitions or max(1, min(len(files), 64))
    method = "tasks" if scheduler in LOCAL_SCHEDULERS else None
    shuffled = events.shuffle(on="worker_id", npartitions=n, shuffle_method=method)
    metas = [d[1] for d in loads]
    context = dask.delayed(_context, pure=True)(metas)
    return shuffled, metas, context


def _in_file_order(part: pd.DataFrame) -> pd.DataFrame:
    """The partition's events in the order the in-memory engine sees them (file, then row)."""
    ordered = part.sort_values(_ORDER, kind="stable").drop(columns=_ORDER)
    return tidy_text(ordered.reset_index(drop=True))  # categories as one read gives them


def _slim(timeline: pd.DataFrame, columns: Sequence[str] = SLIM_TIMELINE) -> pd.DataFrame:
    return timeline[[c for c in columns if c in timeline]].reset_index(drop=True)


def _kept(timeline: pd.DataFrame, keep: str) -> pd.DataFrame:
    """The timeline columns gathered on this machine: those the warnings need, and more for
    "slim" (costing) or everything for "full"."""
    if keep == "full":
        return timeline.reset_index(drop=True)
    columns = WARNING_COLUMNS + (SLIM_TIMELINE if keep == "slim" else ())
    return _slim(timeline, tuple(dict.fromkeys(columns)))


def _engine(events, workers, policy, options, context, *, use_rota_pay: bool):
    return analyse_events(
        events,
        workers,
        policy,
        use_rota_pay=use_rota_pay,
        rota_span=context["rota_span"],
        planned_rows=context["planned_rows"],
        **options,
    )


def _analyse_partition(part, workers, policy, options, context, use_rota_pay: bool, keep: str):
    """One partition's events through the engine: its periods, the facts its warnings need
    (a few kilobytes however many events: payfair.event_facts) and, unless `keep` is "none",
    the timeline columns asked for."""
    events = _in_file_order(part)
    if events.empty:
        return None
    timeline, periods = _engine(
        events, workers, policy, options, context, use_rota_pay=use_rota_pay
    )
    facts = event_facts(timeline, worker_ids=workers is not None)
    return len(events), periods, None if keep == "none" else _kept(timeline, keep), facts


def _scenario_partition(part, workers, policy, scenarios, options: dict[str, Any], context):
    """As `costing.outcomes.apply_scenario`, for the workers of one partition: the rota as paid
    now, then re-paid under each scenario with each worker keeping their own rate now."""
    events = _in_file_order(part)
    if events.empty:
        return None
    timeline, periods = _engine(events, workers, policy, options, context, use_rota_pay=True)
    plan = plan_repay(events, timeline, periods, workers, policy)  # as costing.outcomes
    repaid = []
    for s in scenarios:  # a handful of scenarios
        tl, pr = _engine(
            plan.events,
            s.uplifted(plan.workers),
            repay_policy(s, policy),
            options,
            context,
            use_rota_pay=True,
        )
        repaid.append((pr, _kept(tl, "slim")))
    return len(events), (periods, _kept(timeline, "slim"), plan.rates, plan.now), repaid


@contextlib.contextmanager
def scheduler_context(scheduler: Any) -> Iterator[str]:
    """Run dask.compute on the scheduler named (see the module docstring); yields its name."""
    if scheduler is None or scheduler in LOCAL_SCHEDULERS:
        name = scheduler or "threads"
        try:
            from distributed import default_client

            client = default_client() if scheduler is None else None
        except (ImportError, ValueError):
            client = None
        if client is not None:  # a distributed client is already active: use it
            yield f"distributed ({client.scheduler.address})"
            return
        with dask.config.set(scheduler=name):
            yield name
        return
    from distributed import Client

    if isinstance(scheduler, Client):
        with dask.config.set(scheduler=scheduler):
            yield f"distributed ({scheduler.scheduler.address})"
        return
    try:
        client = Client(str(scheduler), timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise RotaError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}",
            fix="check the address (e.g. tcp://10.0.0.5:8786) and that the scheduler is running, "
            "or leave out --scheduler to run on this machine",
        ) from None
    try:
        with dask.config.set(scheduler=client):
            yield f"distributed ({scheduler})"
    finally:
        client.close()


def _rows(metas: list[dict[str, Any]], labels: Sequence[str], used: int) -> RowsRead:
    rows = RowsRead(
        rows_read=sum(m["rows_read"] for m in metas),
        rows_used=sum(m["rows_used"] for m in metas),
        rejected=concat_rejections([m["rejected"] for m in metas]),
        warnings=concat_rejections(
            [m["warnings"] for m in metas]
            + (
                [planned_warnings(m["planned_rows"], m["source"]) for m in metas]
                if len(metas) > 1
                else []
            )
        ),
        files=list(labels),
    )
    if rows.rows_used != used or rows.rows_read != rows.rows_used + len(rows.rejected):
        raise RotaError(  # a bug, never the user's data: say so rather than give wrong totals
            f"payfair lost rows on Dask: {rows.rows_read} read, {used} analysed, "
            f"{len(rows.rejected)} rejected",
            fix="run without --engine dask and report this",
        )
    return rows


def _sorted_periods(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    if not frames:
        return empty
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(PERIOD_KEYS, kind="stable").reset_index(drop=True)


def _concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    """Per-partition timelines as one, in the in-memory engine's order (worker, start, ...)."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty
    out = pd.concat(frames, ignore_index=True)
    # each partition is in the engine's order already, and partitions hold different workers
    return out.sort_values("worker_id", kind="stable").reset_index(drop=True)


def _day(value: date | str | None, default: date) -> date:
    if value is None:
        return default
    return date.fromisoformat(value) if isinstance(value, str) else value


def _options(period, period_anchor, as_of, abolished_band_now, period_days) -> dict[str, Any]:
    """The engine's options, dates fixed once here so every partition uses the same ones."""
    return {
        "period": period,
        "period_anchor": _day(period_anchor, DEFAULT_ANCHOR),
        "as_of": _day(as_of, date.today()),
        "abolished_band_now": abolished_band_now,
        "period_days": check_period_days(period_days) if period_days is not None else None,
    }


def _whole_rota(metas: list[dict[str, Any]], rows: RowsRead, context: dict[str, Any]) -> RotaRead:
    """A RotaRead standing for every file (no events: they stay on the workers), as
    `files.stack_reads` would make it, for the warnings `analysis.assumption_warnings` gives."""
    one = len(metas) == 1
    return RotaRead(
        events=empty_events(),
        rows_read=rows.rows_read,
        planned_rows=list(context["planned_rows"] or []),
        source=metas[0]["source"] if one else Source(file=f"{len(metas)} files"),
        mapping=metas[0]["mapping"] if one else {},
    )


def _analysis(
    periods: pd.DataFrame,
    timeline: pd.DataFrame,
    facts: EventFacts | None,
    rows: RowsRead,
    whole: RotaRead,
    workers: pd.DataFrame | None,
    policy: PayPolicy,
    options: dict[str, Any],
    run: dict[str, Any],
    *,
    use_rota_pay: bool,
) -> Analysis:
    """An Analysis as `analysis.analyse` builds it, from the gathered periods, the timeline
    columns kept, and the facts the warnings need (from the timeline when `facts` is None)."""
    notes = assumption_warnings(
        whole,
        timeline if facts is None else facts,
        periods,
        workers,
        policy,
        rejected=len(rows.rejected),
        use_rota_pay=use_rota_pay,
    )
    settings = analysis_settings(
        policy,
        period=options["period"],
        period_anchor=options["period_anchor"],
        as_of=options["as_of"],
        use_rota_pay=use_rota_pay,
        abolished_band_now=options["abolished_band_now"],
        period_days=options["period_days"],
    )
    settings["engine"] = run
    return Analysis(
        periods=periods,
        timeline=timeline,
        rows_read=rows.rows_read,
        rejected=rows.rejected,
        warnings=concat_rejections([notes, rows.warnings]) if len(notes) else rows.warnings,
        settings=settings,
    )


def analyse_on_dask(
    files: Sequence[Path],
    labels: Sequence[str],
    policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    load: LoadOptions | None = None,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    use_rota_pay: bool = True,
    abolished_band_now: str = "top",
    period_days: int | None = None,
    scheduler: Any = None,
    partitions: int | None = None,
    timeline: str = "none",
) -> Analysis:
    """`analysis.analyse` on many files through Dask. `timeline`: which per-event columns come
    back to this machine: "none" (the default: the results need one row per worker and period,
    and the warnings only the facts each partition sends, so memory does not grow with the
    events), "slim" (WARNING_COLUMNS and SLIM_TIMELINE) or "full"."""
    options = _options(period, period_anchor, as_of, abolished_band_now, period_days)
    shuffled, metas, context = events_by_worker(
        files, labels, load or LoadOptions(), options, partitions=partitions, scheduler=scheduler
    )
    w = dask.delayed(workers, pure=True) if workers is not None else None
    parts = [
        dask.delayed(_analyse_partition, pure=True)(
            p, w, policy, options, context, use_rota_pay, timeline
        )
        for p in shuffled.to_delayed()
    ]
    with scheduler_context(scheduler) as name:
        results, metas, context = dask.compute(parts, metas, context)
    results = [r for r in results if r is not None]
    used = sum(r[0] for r in results)
    rows = _rows(list(metas), labels, used)
    empty_tl, empty_periods = analyse_events(empty_events(), workers, policy, **options)
    run = DaskRun(name, len(files), shuffled.npartitions, used).to_dict()
    return _analysis(
        _sorted_periods([r[1] for r in results], empty_periods),
        _concat([r[2] for r in results], _kept(empty_tl, timeline)),
        combine([r[3] for r in results]),
        rows,
        _whole_rota(list(metas), rows, context),
        workers,
        policy,
        options,
        run,
        use_rota_pay=use_rota_pay,
    )


def scenarios_on_dask(
    files: Sequence[Path],
    labels: Sequence[str],
    scenarios: Sequence[Scenario],
    current_policy: PayPolicy,
    *,
    workers: pd.DataFrame | None = None,
    load: LoadOptions | None = None,
    period: str = "weekly",
    period_anchor: date | str | None = None,
    as_of: date | str | None = None,
    settings: EmployerCostSettings | None = None,
    scheduler: Any = None,
    partitions: int | None = None,
) -> tuple[RowsRead, list[Outcomes]]:
    """`costing.outcomes.apply_scenario` for each scenario, on many files through Dask: the
    per-worker work (both runs of the engine, each worker's own rate) per partition, the
    totals across workers (employer costs, Employment Allowance, spread of gains) on this
    machine from the gathered periods. Each outcome's `baseline`/`repaid` analyses keep the
    slim timeline (SLIM_TIMELINE and WARNING_COLUMNS)."""
    options = _options(period, period_anchor, as_of, "top", None)
    shuffled, metas, context = events_by_worker(
        files, labels, load or LoadOptions(), options, partitions=partitions, scheduler=scheduler
    )
    w = dask.delayed(workers, pure=True) if workers is not None else None
    parts = [
        dask.delayed(_scenario_partition, pure=True)(
            p, w, current_policy, list(scenarios), options, context
        )
        for p in shuffled.to_delayed()
    ]
    with scheduler_context(scheduler) as name:
        results, metas, context = dask.compute(parts, metas, context)
    results = [r for r in results if r is not None]
    used = sum(r[0] for r in results)
    rows = _rows(list(metas), labels, used)
    whole = _whole_rota(list(metas), rows, context)
    empty_tl, empty_periods = analyse_events(empty_events(), workers, current_policy, **options)
    empty_tl = _kept(empty_tl, "slim")
    run = DaskRun(name, len(files), shuffled.npartitions, used).to_dict()
    now = _sorted_periods([r[1][0] for r in results], empty_periods)
    # paid hours now from what the rota paid for (costing.outcomes.paid_hours_now)
    paid_now = _sorted_periods([r[1][3] for r in results], empty_periods)
    now_tl = _concat([r[1][1] for r in results], empty_tl)
    rates = [r[1][2] for r in results]
    rates = pd.concat(rates, ignore_index=True) if rates else own_rates(empty_tl, current_policy)
    # as apply_scenario (the workers table of the re-pay, for the warnings)
    repay_workers = workers_with_own_rates(workers, rates[["worker_id", "contact_rate"]])
    common = {"options": options, "run": run}
    baseline = _analysis(
        now, now_tl, None, rows, whole, workers, current_policy, use_rota_pay=True, **common
    )
    outcomes = []
    for i, s in enumerate(scenarios):  # a handful of scenarios
        repaid_periods = _sorted_periods([r[2][i][0] for r in results], empty_periods)
        repaid_tl = _concat([r[2][i][1] for r in results], empty_tl)
        o, repaid_periods = finish_outcomes(
            paid_now,
            repaid_periods,
            s,
            period=period,
            settings=settings,
            workers=workers,
            baseline_timeline=baseline.timeline,
            repaid_timeline=repaid_tl,
            rates=rates,
        )
        o.baseline = baseline
        o.repaid = _analysis(
            repaid_periods, repaid_tl, None, rows, whole, s.uplifted(repay_workers),
            repay_policy(s, current_policy), use_rota_pay=True, **common,
        )  # fmt: skip
        outcomes.append(o)
    return rows, outcomes
