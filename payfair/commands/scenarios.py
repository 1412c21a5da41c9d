"""`payfair scenarios`: apply pay scenarios to a rota, side by side: who gains and by how much,
what it costs the employer, and the fee per contact hour that would fund it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from payfair.commands.analyse import _iso_date
from payfair.commands.rota_input import add_rota_options
from payfair.costing.employer_costs import load_employer_costs
from payfair.costing.fee_rate import fee_from_rota
from payfair.costing.scenario import list_scenarios, load_scenario
from payfair.importers import load_workers
from payfair.labels import for_csv
from payfair.policy import load_policy
from payfair.safe_output import write_csv, write_json
from payfair.scale.cli_options import ROTA_HELP, add_engine_options, scenario_outcomes  # dask
from payfair.schema import PERIOD_KINDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scenarios",
        help="apply pay scenarios to a rota: who gains and by how much",
        description=(
            "Re-pay the same rota under one or more pay scenarios (for example every working "
            "minute at the minimum wage, the Real Living Wage, or an illustrative Fair Pay "
            "Agreement) and show, side by side: pay now and under each scenario, who gains most, "
            "how the gains are spread, the cost to the employer (NI, pension, holiday, sick pay) "
            "and the fee per contact hour a commissioner would need to pay. Workers keep their "
            "own rate where it is already above a scenario's floor."
        ),
        epilog=(
            "Example: payfair scenarios rota.csv --workers workers.csv "
            "--scenario minimum_lawful_2026_27 --scenario fair_pay_agreement_illustrative "
            f"--xlsx scenarios.xlsx. Shipped scenarios: {', '.join(list_scenarios())}."
        ),
    )
    p.add_argument("rota", metavar="ROTA", help=ROTA_HELP)  # dask helper: file, folder or glob
    p.add_argument(
        "--scenario",
        metavar="FILE",
        action="append",
        required=True,
        help=(
            "a scenario TOML file, or the name of a shipped one (in rates/scenarios/). "
            "Give it more than once to compare scenarios side by side"
        ),
    )
    add_rota_options(p)
    add_engine_options(p)  # dask helper: --engine, --scheduler, --partitions
    p.add_argument(
        "--workers",
        metavar="FILE",
        help="workers file (worker_id, date_of_birth, role, contact_rate, ...): roles for "
        "per-role pay floors and ages for the minimum wage and pension",
    )
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="how the rota is paid now when it has no pay column (default: contact time only)",
    )
    p.add_argument(
        "--period",
        choices=PERIOD_KINDS,
        default="weekly",
        help="the pay reference period (default: weekly)",
    )
    p.add_argument(
        "--period-anchor",
        metavar="DATE",
        type=_iso_date,
        help="the first day of any one pay period (YYYY-MM-DD)",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        type=_iso_date,
        help="the date for minimum-wage arrears (default: today)",
    )
    p.add_argument("--json", metavar="PATH", help="write the totals and per-worker results as JSON")
    p.add_argument(
        "--csv", metavar="PATH", help="write one row per scenario, worker and pay period as CSV"
    )
    p.add_argument("--xlsx", metavar="PATH", help="write an Excel workbook (summary and details)")
    p.set_defaults(func=run)


def _money(x: float) -> str:
    return f"£{x:,.2f}"


def summary(outcomes, fees) -> str:
    """The printed side-by-side summary."""
    from payfair.costing.report import SCENARIO_MEASURES, scenarios_side_by_side  # openpyxl

    side = scenarios_side_by_side(outcomes, fees)
    names = [o.scenario.name for o in outcomes]
    fmts = [f for _, _, f, _ in SCENARIO_MEASURES] + ["money"]
    width = max(len(m) for m in side["measure"]) + 2
    lines = ["Pay scenarios applied to the rota", ""]
    for i, o in enumerate(outcomes, start=1):
        lines.append(f"  [{i}] {o.scenario.name}: {o.scenario.description}")
    lines.append("")
    lines.append(
        " " * width + "".join(f"{'[' + str(i) + ']':>16}" for i in range(1, len(names) + 1))
    )
    for fmt, row in zip(fmts, side.to_dict("records"), strict=False):  # ~20 summary lines
        cells = []
        for name in names:
            v = row[name]
            if v is None or pd.isna(v):
                cells.append(f"{'-':>16}")
            elif "£" in fmt or fmt == "money":
                cells.append(f"{_money(float(v)):>16}")
            elif "%" in fmt:
                cells.append(f"{float(v):>15.1f}%")
            elif fmt == "#,##0":
                cells.append(f"{int(v):>16,d}")
            else:
                cells.append(f"{float(v):>16,.1f}")
        lines.append(f"{row['measure']:<{width}}" + "".join(cells))
    for i, o in enumerate(outcomes, start=1):
        top = o.top_gainers
        lines += ["", f"[{i}] {o.scenario.name}: who gains most (per week)"]
        lines += [
            f"  {w}: {_money(c)} a week ({r if isinstance(r, str) else 'role not given'})"
            for w, c, r in zip(top["worker_id"], top["change_per_week"], top["role"], strict=True)
        ]
        lines.append(
            "  Spread of gains per worker per week: "
            + ", ".join(
                f"{b} {n}"
                for b, n in zip(
                    o.distribution["change_per_week"], o.distribution["workers"], strict=True
                )
                if n
            )
        )
        lines += [f"  Note: {n}" for n in o.notes]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    scenarios = [load_scenario(s) for s in args.scenario]
    workers = load_workers(Path(args.workers))[0] if args.workers else None
    settings = load_employer_costs()
    kw = {"period": args.period, "period_anchor": args.period_anchor, "as_of": args.as_of}
    # dask helper: one file, many files, or --engine dask; `rota` has rows read/used/rejected
    rota, outcomes = scenario_outcomes(
        args.rota, args, scenarios, policy, workers=workers, settings=settings, **kw
    )
    fees = [
        fee_from_rota(
            o.repaid.periods,
            o.scenario,
            period=args.period,
            timeline=o.repaid.timeline,
            settings=settings,
        )
        for o in outcomes
    ]
    print(f"Rows: {rota.rows_read} read, {rota.rows_used} used, {len(rota.rejected)} rejected")
    print(summary(outcomes, fees))
    if args.json:
        data = {
            "scenarios": [
                {
                    "name": o.scenario.name,
                    "description": o.scenario.description,
                    "totals": o.totals,
                    "fee_per_contact_hour": f.to_dict(),
                    "workers": json.loads(o.workers.to_json(orient="records")),
                    "distribution": json.loads(o.distribution.to_json(orient="records")),
                    "notes": o.notes,
                }
                for o, f in zip(outcomes, fees, strict=True)
            ]
        }
        write_json(data, args.json)  # strict JSON (no NaN/Infinity), written whole
        print(f"\nWrote {args.json}")
    if args.csv:
        frame = pd.concat(
            [o.periods.assign(scenario=o.scenario.name) for o in outcomes], ignore_index=True
        )
        write_csv(for_csv(frame), args.csv)  # people's headers, formula-safe cells
        print(f"Wrote {args.csv}")
    if args.xlsx:
        from payfair.costing.report import write_scenarios  # openpyxl, only when asked

        write_scenarios(outcomes, args.xlsx, fees=fees, employer_settings=settings)
        print(f"Wrote {args.xlsx}")
    return 0
