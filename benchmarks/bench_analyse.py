"""`payfair analyse` end to end against a numpy floor, on generated rotas of 1M (or 10M) events.

    .venv/bin/python benchmarks/bench_analyse.py [--events 1000000] [--formats parquet,csv]
        [--layouts canonical,carelinelive] [--dir DIR] [--stages]

For each file (Parquet and CSV; payfair's canonical layout and the CareLineLive timesheet
layout, written by payfair.sample from the same seeded rota), in the same run:

- `payfair analyse FILE --json OUT` as a child process: wall time and peak memory (the child's
  own maximum resident set, from os.wait4);
- benchmarks/floor.py on the same file: pyarrow reading and strptime, numpy gap rules, hours
  per worker-week, as a child process measured the same way;
- the two answers compared worker-week by worker-week (working hours to 0.001 h);
- the ratio payfair ÷ floor, and peak memory per event (KB).

Targets (issue 11): within 2× the floor from Parquet and 3× from CSV at 1M and 10M events;
10M events in under 30 s from Parquet; under 1 KB of peak memory per event.
`--stages` also times the imports (payfair's modules, pandas, pyarrow), load_rota, the engine
and the JSON output separately (one extra run per file, in a child process) to show where the
time goes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EVENTS_PER_WORKER_WEEK = 38  # payfair.sample's realistic rota, about
WEEKS = 13

STAGES = """
import json, sys, time
ti = time.perf_counter()
import payfair.cli
from payfair.importers import load_rota
from payfair.analysis import analyse, to_json
from payfair.policy import load_policy
from payfair.safe_output import write_json
t0 = time.perf_counter(); read = load_rota(sys.argv[1]); t1 = time.perf_counter()
result = analyse(read, load_policy(None)); t2 = time.perf_counter()
write_json(to_json(result), sys.argv[2]); t3 = time.perf_counter()
print(json.dumps({"imports": t0 - ti, "load_rota": t1 - t0, "engine": t2 - t1, "json": t3 - t2}))
"""


#: Runs a command and reports its wall time and peak memory (see `run_child`).
LAUNCHER = """
import json, os, subprocess, sys, time
cmd = json.loads(sys.argv[1])
t = time.perf_counter()
child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=sys.argv[2])
out = child.stdout.read().decode()
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - t
sys.stdout.write(out)
print(json.dumps({"wall": wall, "peak": usage.ru_maxrss * 1024,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def run_child(cmd: list[str]) -> tuple[float, int, str]:
    """Wall time, the child's own peak memory (os.wait4 on that child only) and its output.

    The child is started by a small launcher process, never by this one: Linux counts a
    process's peak memory from the fork, so a child forked from this process, which holds the
    generated rota and the answers it compares, would report this process's memory as its own
    peak (about 1 GB at 1M events, whatever the child used)."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, json.dumps(cmd), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    *out, last = done.stdout.rstrip("\n").split("\n")
    measure = json.loads(last)
    if measure["code"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with {measure['code']}")
    return measure["wall"], measure["peak"], "\n".join(out)


def best_of(n: int, cmd: list[str]) -> tuple[float, int]:
    """The best wall time of n runs, and the largest peak memory."""
    runs = [run_child(cmd)[:2] for _ in range(max(1, n))]
    return min(w for w, _ in runs), max(p for _, p in runs)


def generate(events: int, folder: Path, formats: list[str], layouts: list[str]) -> dict:
    from payfair import sample

    workers = max(1, round(events / (EVENTS_PER_WORKER_WEEK * WEEKS)))
    t = time.perf_counter()
    rota, _ = sample.generate(workers, WEEKS, seed=11, start="2026-01-05")
    files = {}
    for layout in layouts:
        frame = sample.LAYOUT_WRITERS[layout](rota)
        for fmt in formats:
            path = folder / f"{layout}_{len(rota)}.{fmt}"
            if not path.exists():
                sample.write(frame, path)
            files[(layout, fmt)] = path
    print(f"generated {len(rota):,} events ({workers:,} workers × {WEEKS} weeks) in "
          f"{time.perf_counter() - t:.0f} s")  # fmt: skip
    return {"events": len(rota), "files": files}


def compare(floor_file: Path, payfair_json: Path) -> tuple[int, float]:
    """(worker-weeks, largest difference in working hours) between the two answers."""
    floor = pd.read_parquet(floor_file)
    with open(payfair_json) as fh:
        periods = pd.DataFrame(json.load(fh)["periods"])
    periods = periods[["worker_id", "period_start", "working_hours"]]
    for frame in (floor, periods):
        frame["period_start"] = pd.to_datetime(frame["period_start"]).astype("datetime64[s]")
        frame["worker_id"] = frame["worker_id"].astype(str)
    both = floor.merge(periods, on=["worker_id", "period_start"], how="outer", indicator=True)
    if (both["_merge"] != "both").any():
        missing = both[both["_merge"] != "both"].head()
        raise SystemExit(f"payfair and the floor disagree on which worker-weeks exist:\n{missing}")
    diff = (both["working_hours_x"] - both["working_hours_y"]).abs().max()
    return len(both), float(diff)


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--formats", default="parquet,csv")
    ap.add_argument("--layouts", default="canonical,carelinelive")
    ap.add_argument("--dir", help="keep the generated files here (reused when present)")
    ap.add_argument("--stages", action="store_true", help="also time load_rota/engine/JSON")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run payfair and the floor N times each, in turn, and keep each one's best time "
        "(on a shared machine other jobs only ever slow a run down)",
    )
    args = ap.parse_args(argv)
    formats, layouts = args.formats.split(","), args.layouts.split(",")
    tmp = None if args.dir else tempfile.TemporaryDirectory()
    folder = Path(args.dir or tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    made = generate(args.events, folder, formats, layouts)
    n = made["events"]
    py = sys.executable
    rows = []
    for (layout, fmt), path in made["files"].items():
        out_json, floor_out = folder / "payfair.json", folder / "floor.parquet"
        wall, peak = best_of(
            args.repeat, [py, "-m", "payfair.cli", "analyse", str(path), "--json", str(out_json)]
        )
        f_wall, f_peak = best_of(
            args.repeat, [py, str(HERE / "floor.py"), str(path), layout, str(floor_out)]
        )
        weeks, diff = compare(floor_out, out_json)
        agree = "yes" if diff < 1e-3 else f"NO (max diff {diff:.3f} h)"
        row = {
            "file": f"{layout}.{fmt}",
            "events": n,
            "payfair_s": wall,
            "floor_s": f_wall,
            "ratio": wall / f_wall,
            "payfair_peak_GB": peak / 2**30,
            "KB_per_event": peak / n / 1024,
            "floor_peak_GB": f_peak / 2**30,
            "worker_weeks": weeks,
            "agree": agree,
        }
        if args.stages:
            _, _, out = run_child([py, "-c", STAGES, str(path), str(folder / "stages.json")])
            row.update(
                {k: round(v, 1) for k, v in json.loads(out.strip().splitlines()[-1]).items()}
            )
        rows.append(row)
        print(
            f"{row['file']:<24} payfair {wall:7.1f} s  floor {f_wall:6.1f} s  "
            f"ratio {row['ratio']:5.2f}×  peak {row['payfair_peak_GB']:5.2f} GB "
            f"({row['KB_per_event']:.2f} KB/event; floor {row['floor_peak_GB']:.2f} GB)  "
            f"{weeks:,} worker-weeks agree: {agree}"
            + (
                f"  stages (imports/read/engine/JSON) {row.get('imports')}/"
                f"{row.get('load_rota')}/{row.get('engine')}/{row.get('json')} s"
                if args.stages
                else ""
            ),  # fmt: skip
            flush=True,
        )
    print(pd.DataFrame(rows).round(2).to_string(index=False))
    if tmp is not None:
        tmp.cleanup()
    return rows


if __name__ == "__main__":
    main()
