"""`payfair sample`: write a large realistic generated rota (seeded)."""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair import sample


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sample",
        help="write a large realistic generated rota (seeded)",
        description=(
            "Write a realistic generated homecare rota: urban and rural runs, 15-60 minute "
            "visits, split shifts, weekends, training and office time, double-ups and "
            "cancellations. The same seed gives the same rota."
        ),
    )
    p.add_argument("--workers", type=int, default=25, help="care workers (25)")
    p.add_argument("--weeks", type=int, default=3, help="weeks (3)")
    p.add_argument("--out", required=True, help="output file: .csv, .xlsx or .parquet")
    p.add_argument("--seed", type=int, default=0, help="random seed (0)")
    p.add_argument("--start", default="2026-03-23", help="first day, YYYY-MM-DD (2026-03-23)")
    p.add_argument(
        "--layout",
        choices=sorted(sample.LAYOUT_WRITERS),
        default="canonical",
        help="write in payfair's canonical columns or as a named export layout",
    )
    p.add_argument("--workers-out", help="also write the workers file here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    events, workers = sample.generate(args.workers, args.weeks, seed=args.seed, start=args.start)
    frame = sample.LAYOUT_WRITERS[args.layout](events)
    sample.write(frame, args.out)
    print(f"wrote {len(frame)} rows ({args.layout} layout) to {Path(args.out)}")
    if args.workers_out:
        sample.write(sample.workers_frame(workers), args.workers_out, sheet="Workers")
        print(f"wrote {len(workers)} workers to {args.workers_out}")
    return 0
