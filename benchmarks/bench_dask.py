"""Out-of-core on one machine: a rota larger than the Dask workers' memory, analysed in bounded
memory by the Dask engine (payfair.scale.dask_engine). Not a test.

    .venv/bin/python benchmarks/bench_dask.py                   # ~1M events, 40 Parquet files
    .venv/bin/python benchmarks/bench_dask.py --workers 60 --files 8 --check   # small, and
                                          # compares the periods with the in-memory engine
    .venv/bin/python benchmarks/bench_dask.py --workers 5000 --files 52 --dask-workers 1 \
        --memory-limit 1GB --partitions 208 --check   # 9.9M events, 1.4 GB in pandas, on one
                                                      # worker limited to 1 GB (~4 min here)

Writes `--files` Parquet files (one a week, the same care workers in every file, so the shuffle
on worker_id has work to do) with `payfair.sample.generate`, then starts a `distributed`
LocalCluster of `--dask-workers` processes, each with `--memory-limit`, and runs
`analyse_on_dask` on the folder. It prints the size of the events in memory (pandas, as the
engine holds them), the workers' memory limit and peak memory (sampled every half second by
distributed's MemorySampler), what was spilled to disk, the time, and this process's own peak
memory (it gathers only the periods table). The run is out-of-core when the events are larger
than the workers' memory limits together.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dask
import pandas as pd

from payfair import sample


def write_files(folder: Path, workers: int, files: int, seed: int) -> int:
    """One Parquet file a week for `files` weeks from Monday 2026-04-06; returns the events."""
    total = 0
    start = pd.Timestamp("2026-04-06")
    for i in range(files):  # files, not events
        events, _ = sample.generate(workers, 1, seed=seed + i, start=start + pd.Timedelta(weeks=i))
        frame = sample.canonical_frame(events)
        frame.to_parquet(folder / f"week_{i + 1:03d}.parquet", index=False)
        total += len(frame)
    return total


def events_bytes(folder: Path) -> tuple[int, int]:
    """(bytes of one file's events as the engine holds them, in pandas) × files, and the
    bytes of the Parquet files on disk."""
    from payfair.importers import load_rota

    files = sorted(folder.glob("*.parquet"))
    one = load_rota(files[0]).events.memory_usage(deep=True).sum()
    return int(one * len(files)), sum(f.stat().st_size for f in files)


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


#: The peer-to-peer shuffle's own buffers default to 1 GiB (comm) and 100 MiB (storage) per
#: worker, more than a small worker's whole limit: a worker then pauses at its limit and waits
#: forever. Buffers sized for workers of a few hundred MB let it write to disk instead.
SMALL_WORKER_CONFIG = {
    "distributed.p2p.comm.buffer": "32MiB",
    "distributed.p2p.storage.buffer": "32MiB",
}
WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_TRIM_THRESHOLD_": "65536"}


def _own_peak() -> int:
    """This process's peak resident memory, in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(args: argparse.Namespace, folder: Path) -> None:
    from distributed import Client, LocalCluster
    from distributed.diagnostics import MemorySampler

    from payfair.policy import load_policy
    from payfair.scale.dask_engine import analyse_on_dask
    from payfair.scale.files import file_labels, rota_files

    files = rota_files(folder, (".parquet",))
    labels = file_labels(files, folder)
    in_memory, on_disk = events_bytes(folder)
    limit = _bytes(args.memory_limit)
    print(f"files:                       {len(files)} Parquet files, {mb(on_disk)} on disk")
    print(f"events in memory (pandas):   about {mb(in_memory)}")
    reference = None
    if args.check:  # first, so that its figures are printed even if the Dask run is stopped
        out = folder / "in_memory_periods.pkl"
        subprocess.run(
            [sys.executable, __file__, "--in-memory", str(folder), "--out", str(out)], check=True
        )
        reference = json.loads(out.with_suffix(".json").read_text())
        print(
            f"in-memory engine:            peak {mb(reference['peak'])}, "
            f"{reference['seconds']:,.1f} s"
        )
    spill = Path(tempfile.mkdtemp(prefix="payfair-dask-spill-"))
    with (
        dask.config.set(SMALL_WORKER_CONFIG),
        LocalCluster(
            n_workers=args.dask_workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.memory_limit,
            local_directory=str(spill),
            dashboard_address=":0",
            # Memory freed by pandas and pyarrow goes back to the system at once, so a worker
            # paused at its memory limit sees it fall again (Dask's advice for "unmanaged
            # memory"); without this a paused worker can wait forever on memory it has freed.
            env=WORKER_ENV,
        ) as cluster,
        Client(cluster) as client,
    ):
        sampler = MemorySampler()
        t = time.perf_counter()
        with sampler.sample("run", interval=0.5, measure="process"):
            analysis = analyse_on_dask(
                files,
                labels,
                load_policy(None),
                as_of="2026-12-31",
                scheduler=client,
                partitions=args.partitions,
            )
        seconds = time.perf_counter() - t
        together = sampler.to_pandas()["run"].max()
        peaks = client.run(_own_peak)
        spilled = client.run(lambda dask_worker: getattr(dask_worker.data, "spilled_total", None))
    shutil.rmtree(spill, ignore_errors=True)
    total_limit = limit * args.dask_workers
    worst = max(peaks.values())
    engine = analysis.settings["engine"]
    print(f"events:                      {analysis.rows_read:,} read, {analysis.rows_used:,} used")
    print(
        f"Dask workers:                {args.dask_workers} processes, {args.memory_limit} each "
        f"({mb(total_limit)} in all), {engine['partitions']} partitions"
    )
    print(f"peak memory of each worker:  {', '.join(mb(v) for v in peaks.values())}")
    print(f"peak memory, all workers:    {mb(together)} at once (sampled every 0.5 s)")
    disk = sum(getattr(v, "disk", 0) or 0 for v in spilled.values())
    print(f"spilled to disk:             {mb(disk)} by the workers' memory manager")
    print(f"periods:                     {len(analysis.periods):,} worker-periods")
    rate = analysis.rows_used / seconds
    print(f"time:                        {seconds:,.1f} s ({rate:,.0f} events/s)")
    print(f"this process's peak memory:  {mb(_own_peak())} (gathers the periods and warnings)")
    print(
        "larger than memory:          "
        + ("yes" if in_memory > total_limit else "no")
        + f": the events take {mb(in_memory)} in pandas; the Dask workers {mb(total_limit)} in all"
    )
    if reference is not None:
        print(
            "bounded memory:              "
            + ("yes" if reference["peak"] > total_limit and worst <= limit else "no")
            + f": the in-memory engine needed {mb(reference['peak'])}; the Dask workers, "
            f"limited to {mb(total_limit)} in all, peaked at {mb(worst)} each at most"
        )
        expected = pd.read_pickle(folder / "in_memory_periods.pkl")  # written just now
        pd.testing.assert_frame_equal(analysis.periods, expected, check_exact=True)
        print("check:                       periods identical to the in-memory engine")


def in_memory(folder: Path, out: Path) -> None:
    """The in-memory engine on the same files, in its own process so its peak is its own."""
    from payfair.analysis import analyse
    from payfair.policy import load_policy
    from payfair.scale.files import file_labels, read_files, rota_files

    t = time.perf_counter()
    files = rota_files(folder, (".parquet",))
    rota = read_files(files, file_labels(files, folder), period="weekly")
    result = analyse(rota, load_policy(None), as_of="2026-12-31")
    seconds = time.perf_counter() - t
    result.periods.to_pickle(out)  # exact dtypes (Parquet would change the datetime unit)
    out.with_suffix(".json").write_text(json.dumps({"peak": _own_peak(), "seconds": seconds}))


def _bytes(text: str) -> int:
    from dask.utils import parse_bytes

    return int(parse_bytes(text))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=700, help="care workers in every file")
    p.add_argument("--files", type=int, default=40, help="files (one week each)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--dask-workers", type=int, default=2)
    p.add_argument("--memory-limit", default="700MB", help="per Dask worker process")
    p.add_argument("--partitions", type=int, default=40)
    p.add_argument("--folder", help="use (and keep) this folder; default a temporary one")
    p.add_argument("--check", action="store_true", help="compare with the in-memory engine")
    p.add_argument("--in-memory", metavar="FOLDER", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.in_memory:
        in_memory(Path(args.in_memory), Path(args.out))
        return 0
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="payfair-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not any(folder.glob("*.parquet")):
            t = time.perf_counter()
            n = write_files(folder, args.workers, args.files, args.seed)
            print(f"generated:                   {n:,} events in {time.perf_counter() - t:,.1f} s")
        run(args, folder)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
