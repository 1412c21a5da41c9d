"""`payfair inspect`: show the layout and column mapping found in a rota file, and its first
parsed rows, rejected rows and warnings."""

from __future__ import annotations

import argparse

import pandas as pd

from payfair.importers import inspect_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "inspect",
        help="show the layout and column mapping found in a rota file, and its first parsed rows",
        description=(
            "Show how payfair reads a rota file: the sheet and header row chosen, the layout "
            "found, which of your headers became which payfair column, the first rows as "
            "payfair reads them, and any rejected rows and warnings."
        ),
    )
    p.add_argument("file", help="rota file (.csv, .xlsx, .xlsm, .parquet)")
    p.add_argument("--mapping", help='TOML mapping file: [columns] canonical = "Your header"')
    p.add_argument("--sheet", help="the sheet to read (default: the one that looks like visits)")
    p.add_argument("--use-planned", action="store_true", help="planned instead of actual times")
    p.add_argument("--rows", type=int, default=10, help="how many parsed rows to show (10)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    found = inspect_file(
        args.file, mapping=args.mapping, sheet=args.sheet, use_planned=args.use_planned or None
    )
    read, plan, table = found.read, found.plan, found.table
    sheets = [s for s in found.sheets if s is not None]
    print(f"File:        {table.source.file}")
    if sheets:
        print(f"Sheets:      {', '.join(sheets)}")
        print(f"Visits on:   sheet {table.source.sheet!r}")
    header_row = table.header.row + 1 if table.header.row >= 0 else 1
    print(f"Header row:  {header_row}")
    print(f"Layout:      {plan.layout.name} ({plan.layout.title})")
    order = "planned" if plan.use_planned else "actual"
    dates = "day-first" if plan.dayfirst else "month-first"
    print(f"Times:       {plan.timezone}; {order} times preferred; dates {dates}")
    print("Mapping (payfair column <- your header):")
    for field, header in plan.fields.items():
        print(f"  {field:<17} <- {header}")
    unused = [h for h in table.header.headers if h not in set(plan.fields.values())]
    if unused:
        print("Not used:    " + ", ".join(unused))
    print(
        f"Rows:        {read.rows_read} read, {read.rows_used} used, {len(read.rejected)} "
        f"rejected, {len(read.warnings)} warnings"
    )
    if read.workers is not None:
        print(f"Workers:     {len(read.workers)} from a workers sheet")
    print()
    print("First rows as payfair reads them:")
    cols = ["source_row", "worker_id", "start", "end", "kind", "status", "client_id",
            "travel_minutes", "travel_miles", "pay"]  # fmt: skip
    shown = read.events[cols].head(args.rows).copy()
    for c in ("start", "end"):
        shown[c] = shown[c].dt.strftime("%Y-%m-%d %H:%M %Z")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(shown.to_string(index=False) if len(shown) else "  (none)")
    for title, frame in (("Rejected rows", read.rejected), ("Warnings", read.warnings)):
        if len(frame):
            print()
            print(f"{title} ({len(frame)}; first {min(len(frame), 20)}):")
            for rec in frame.head(20).to_dict("records"):  # at most 20 lines of report
                where = f"row {rec['row']}"
                if isinstance(rec["sheet"], str):
                    where = f"sheet {rec['sheet']!r} {where}"
                if isinstance(rec["column"], str):
                    where += f", column {rec['column']!r}"
                print(f"  {where}: {rec['reason']}")
    return 0
