"""`payfair evidence`: printable minimum-wage statements, one per worker (issue 10 item 2).

Each statement (print-ready HTML, A4) gives the amount owed, the worker's pay periods, how each
period below the minimum wage was worked out, the days with their visits and gaps, the rules with
their legal sources and what payfair assumed; an annex lists every gap and the rule that classed
it. Without --worker, every worker below the minimum wage gets one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair import labels
from payfair.commands.analysis_options import add_analysis_options, input_notes, run_analysis
from payfair.errors import RotaError
from payfair.evidence import evidence_zip, underpaid_workers, worker_figures, worker_statement
from payfair.explain import match_worker
from payfair.safe_output import deliver


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evidence",
        help="printable statements of what each worker below the minimum wage is owed, and why",
        description=(
            "Write a print-ready statement (HTML, one to two A4 pages and an annex) per worker: "
            "the amount owed, the pay periods, the arithmetic of each period below the minimum "
            "wage, the visits and gaps day by day, the rules applied with their legal sources and "
            "what payfair assumed. For an HMRC self-correction or a union claim. Open a statement "
            "in a browser and print it, or save it as PDF."
        ),
        epilog=(
            "Examples: payfair evidence rota.csv --workers workers.csv --out statements.zip  "
            "(every worker below the minimum wage); payfair evidence rota.csv --worker 'Amira "
            "Khan' --out amira.html; payfair evidence rota.csv --out statements/ (a folder)."
        ),
    )
    add_analysis_options(p)
    p.add_argument(
        "--out",
        metavar="DIR_OR_ZIP",
        required=True,
        help="a .zip file, a folder (created if needed), or with --worker a .html file",
    )
    p.add_argument("--worker", metavar="ID", help="only this worker (as in the rota)")
    p.add_argument(
        "--no-annex",
        action="store_true",
        help="leave out the annex listing every gap between visits",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix == ".html" and not args.worker:
        raise RotaError(
            f"{args.out} is one file, but no --worker was given",
            fix="give --worker ID for one statement, or --out a .zip file or a folder for all",
        )
    if suffix not in ("", ".zip", ".html") and not out.is_dir():
        raise RotaError(
            f"the output {args.out!r} must be a .zip file, a .html file or a folder",
            fix="e.g. --out statements.zip",
        )
    analysis, workers_rejected = run_analysis(args)
    print("\n".join(input_notes(analysis, workers_rejected)))
    print()
    workers = [match_worker(analysis, args.worker)] if args.worker else underpaid_workers(analysis)
    if not workers:
        print("No worker is below the minimum wage: no statement to write.")
        return 0
    annex = not args.no_annex
    # Everything is built in memory first, then written.
    if suffix == ".zip":
        files = {out: evidence_zip(analysis, workers)}
    elif suffix == ".html":
        files = {out: worker_statement(analysis, workers[0], annex=annex).html.encode("utf-8")}
    else:
        statements = [worker_statement(analysis, w, annex=annex) for w in workers]
        files = {}
        for s in statements:  # one file per worker
            name, n = s.file_name, 2
            while out / name in files:
                name = s.file_name.replace(".html", f"-{n}.html")
                n += 1
            files[out / name] = s.html.encode("utf-8")
        out.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        deliver(data, path)
    total = sum(worker_figures(analysis, w)["arrears"] for w in workers)
    print(
        f"{len(workers)} statement(s); owed in total {labels.money(total)} as of "
        f"{labels.day(analysis.settings.get('as_of'))}."
    )
    print(f"Wrote {args.out}" + (f" ({len(files)} files)" if len(files) > 1 else ""))
    return 0
