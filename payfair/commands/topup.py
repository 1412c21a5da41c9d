"""`payfair topup`: the payroll top-up file (what to add to the next payroll, per worker and pay
period below the minimum wage, with the arrears uplift kept separate). Columns: docs/topup.md."""

from __future__ import annotations

import argparse

from payfair import labels
from payfair.commands.analysis_options import add_analysis_options, input_notes, run_analysis
from payfair.topup import output_kind, totals, write_topup


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "topup",
        help="payroll top-up file: what to pay each worker below the minimum wage",
        description=(
            "Write a file a payroll clerk can import: one row per worker and pay period below "
            "the National Minimum Wage, with the hours counted, the top-up that makes the period "
            "compliant (the shortfall), the arrears uplift to today's rate kept separate, the "
            "total to pay and the reason in words. Columns are described in docs/topup.md."
        ),
        epilog="Example: payfair topup rota.csv --workers workers.csv --out topup.xlsx",
    )
    add_analysis_options(p)
    p.add_argument(
        "--out",
        metavar="FILE",
        required=True,
        help="the file to write: .csv (for import) or .xlsx (with a summary sheet)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    output_kind(args.out)  # a wrong file name is an error before the rota is read
    analysis, workers_rejected = run_analysis(args)
    print("\n".join(input_notes(analysis, workers_rejected)))
    print()
    t = totals(analysis)
    write_topup(analysis, args.out)
    as_of = analysis.settings.get("as_of", "")
    if t["rows"]:
        print(
            f"{t['rows']} pay period(s) below the minimum wage for {t['workers']} worker(s): "
            f"top-up {labels.money(t['top_up'])}, arrears uplift to the rate on {as_of} "
            f"{labels.money(t['arrears_uplift'])}, total to pay {labels.money(t['total'])}."
        )
    else:
        print("No pay period is below the minimum wage: nothing to top up (the file has headers).")
    print(f"Wrote {args.out}")
    return 0
