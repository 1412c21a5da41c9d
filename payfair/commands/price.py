"""`payfair price`: the fee per contact hour needed to fund a pay scenario, how it is built up,
what it is at each visit length, and its budget impact."""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair.commands.analyse import _iso_date
from payfair.commands.rota_input import add_rota_options
from payfair.costing.employer_costs import load_employer_costs
from payfair.costing.fee_rate import FeeResult, fee_from_assumptions, fee_from_rota
from payfair.costing.scenario import list_scenarios, load_scenario
from payfair.importers import load_workers
from payfair.policy import load_policy
from payfair.safe_output import write_json
from payfair.scale.cli_options import add_engine_options, scenario_outcomes  # dask helper
from payfair.schema import PERIOD_KINDS


def _positive(text: str) -> float:
    try:
        value = float(text.replace("£", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "price",
        help="fee per contact hour needed to fund a pay scenario, and its budget impact",
        description=(
            "Work out the fee a council or the NHS must pay per contact hour of homecare to fund "
            "a pay scenario, built up as the Homecare Association's Minimum Price is: pay for "
            "contact time, travel and waiting, mileage, employer National Insurance, pension, "
            "holiday, sick pay, training, running the business and a surplus. Without --rota it "
            "uses the scenario's stated assumptions (visit length, travel per visit, ...); with "
            "--rota it measures them from a real rota, and shows both. Also shows the fee at "
            "15, 30, 45 and 60 minute visits, and with --current-fee and --hours-per-week what "
            "the difference costs a year."
        ),
        epilog=(
            "Example: payfair price --scenario minimum_lawful_2026_27 --current-fee 24.10 "
            f"--hours-per-week 5000 --xlsx price.xlsx. Shipped scenarios: "
            f"{', '.join(list_scenarios())}."
        ),
    )
    p.add_argument(
        "--scenario",
        metavar="FILE",
        action="append",
        required=True,
        help="a scenario TOML file or the name of a shipped one; may be given more than once",
    )
    p.add_argument(
        "--rota",
        metavar="ROTA",
        help="price from this rota (re-paid under the scenario) as well as from the assumptions; "
        "a file, a folder of files or a quoted pattern such as 'exports/*.parquet'",
    )
    add_rota_options(p)
    add_engine_options(p)  # dask helper: --engine, --scheduler, --partitions
    p.add_argument("--workers", metavar="FILE", help="workers file for the rota (roles, ages)")
    p.add_argument("--policy", metavar="FILE", help="how the rota is paid now (default policy)")
    p.add_argument(
        "--period", choices=PERIOD_KINDS, default="weekly", help="pay period of the rota"
    )
    p.add_argument("--as-of", metavar="DATE", type=_iso_date, help="date for arrears (rota only)")
    p.add_argument(
        "--current-fee",
        metavar="GBP",
        type=_positive,
        help="the fee paid now per contact hour, e.g. 24.10 (the 2025-26 council average)",
    )
    p.add_argument(
        "--hours-per-week",
        metavar="N",
        type=_positive,
        help="contact hours commissioned a week, for the budget impact",
    )
    p.add_argument(
        "--assumptions",
        metavar="FILE",
        nargs="?",
        const="",
        help="also price each scenario with the open costing model: a costing assumptions TOML "
        "file (visit-length mix, travel, hours, on-costs, itemised running costs, surplus; "
        "without FILE the sourced defaults in rates/costing_assumptions.toml), with the fee at "
        "other pay rates and, with --current-fee, the pay that fee funds",
    )
    p.add_argument(
        "--set",
        metavar="SECTION.KEY=VALUE",
        action="append",
        help="change one costing assumption, e.g. --set travel.miles_per_visit=3 or "
        "--set visit_mix.15=0.1 (may be given more than once; see docs/costing.md for every key)",
    )
    p.add_argument(
        "--summary",
        metavar="FILE.html",
        help="write a printable one-page summary for a committee (the first scenario, priced "
        "with the costing assumptions)",
    )
    p.add_argument("--json", metavar="PATH", help="write the fees and breakdowns as JSON")
    p.add_argument("--xlsx", metavar="PATH", help="write an Excel workbook")
    p.set_defaults(func=run)


def describe(fee: FeeResult) -> str:
    how = {
        "rota": "measured from the rota",
        "model": "from the costing assumptions",
    }.get(fee.mode, "from the scenario's assumptions")
    b = fee.breakdown
    lines = [f"{fee.scenario}: £{fee.fee:.2f} per contact hour ({how})"]
    lines += [
        f"  {item:<48} £{v:>7.2f}  {share:>6.1%}"
        for item, v, share in zip(b["item"], b["per_contact_hour"], b["share_of_fee"], strict=True)
    ]
    a = fee.inputs
    lines.append(
        f"  Inputs: visits {a.average_visit_minutes:.1f} min, "
        f"travel {a.travel_minutes_per_visit:.1f} min and "
        f"waiting {a.waiting_minutes_per_visit:.1f} min a visit, "
        f"{a.miles_per_visit:.2f} miles a visit, {a.contact_hours_per_worker_week:.1f} contact "
        "hours a worker a week"
    )
    if len(fee.visit_lengths):
        v = fee.visit_lengths
        lines.append(
            "  By visit length: "
            + "; ".join(
                f"{m} min £{h:.2f}/h (£{pv:.2f} a visit){'' if ok else ' not allowed'}"
                for m, h, pv, ok in zip(
                    v["visit_minutes"],
                    v["fee_per_hour"],
                    v["fee_per_visit"],
                    v["allowed"],
                    strict=True,
                )
            )
        )
    if fee.budget:
        bud = fee.budget
        lines.append(
            f"  Budget: (£{bud['fee_needed']:.2f} − £{bud['current_fee']:.2f}) × "
            f"{bud['hours_per_week']:,.0f} hours a week × 52 = £{bud['per_year']:,.0f} a year"
        )
    lines += [f"  Note: {n}" for n in fee.notes]
    return "\n".join(lines)


def _model_section(args: argparse.Namespace, scenarios: list) -> dict:
    """The open costing model's fee, equivalents and inverse answer for each scenario."""
    from payfair.costing.assumptions import itemised_breakdown, load_model, with_settings
    from payfair.costing.assumptions import price as model_price
    from payfair.costing.equivalents import equivalents
    from payfair.costing.inverse import pay_funded
    from payfair.costing.published import comparators
    from payfair.costing.summary_page import committee_notes

    model = with_settings(load_model(args.assumptions or None), args.set)
    out: dict = {"model": model, "fees": [], "equivalents": None, "answer": None}
    print(f"Costing assumptions: {args.assumptions or 'rates/costing_assumptions.toml'}")
    if args.set:
        print(f"Changed on the command line: {', '.join(args.set)}")
    for s in scenarios:
        fee = model_price(
            model, s, current_fee=args.current_fee, hours_per_week=args.hours_per_week
        )
        fee.scenario = f"{s.name} (costing assumptions {model.year})"
        fee.mode = "model"
        out["fees"].append(fee)
        print(describe(fee))
        for r in itemised_breakdown(fee, model).to_dict("records"):
            if r["part_of"]:
                print(f"      {r['item']:<44} £{r['per_contact_hour']:>7.2f}")
        print()
    for c in comparators(model.year):
        print(f"  {c.title}: £{c.fee.value:.2f}. {c.caveat}".rstrip())
    eq = equivalents(model)
    out["equivalents"] = eq
    print("  The fee at other pay rates (all working time, these assumptions):")
    for r in eq.to_dict("records"):
        print(
            f"    {r['pay_rate']:<42} £{r['hourly_pay']:>6.2f} ({r['year']})  "
            f"fee £{r['fee_per_contact_hour']:.2f}"
        )
    if args.current_fee is not None:
        out["answer"] = pay_funded(args.current_fee, model)
        print("  What pay does your current fee fund?")
        print("    " + out["answer"].sentence())
    print()
    notes = committee_notes(
        comparators(model.year), eq, [out["answer"].sentence()] if out["answer"] else None
    )
    for fee in out["fees"]:
        fee.notes.extend(notes)  # shown on the workbook's Summary sheet
    return out


def run(args: argparse.Namespace) -> int:
    settings = load_employer_costs()
    scenarios = [load_scenario(s) for s in args.scenario]
    for s in scenarios:  # settings a scenario file left out are printed (docs/scenarios.md)
        if s.defaults_used:
            print(f"{s.name}: not set in the file, so payfair uses: {'; '.join(s.defaults_used)}")
    budget = {"current_fee": args.current_fee, "hours_per_week": args.hours_per_week}
    fees: list[FeeResult] = []
    outcomes = None
    if args.rota:
        workers = load_workers(Path(args.workers))[0] if args.workers else None
        policy = load_policy(args.policy)
        # dask helper: one file, many files, or --engine dask
        rota, outcomes = scenario_outcomes(
            args.rota,
            args,
            scenarios,
            policy,
            workers=workers,
            period=args.period,
            as_of=args.as_of,
            settings=settings,
        )
        print(f"Rows: {rota.rows_read} read, {rota.rows_used} used, {len(rota.rejected)} rejected")
    for i, s in enumerate(scenarios):
        fees.append(fee_from_assumptions(s, settings=settings, **budget))
        if outcomes is not None:
            o = outcomes[i]
            measured = fee_from_rota(
                o.repaid.periods,
                s,
                period=args.period,
                timeline=o.repaid.timeline,
                settings=settings,
                **budget,
            )
            fees.append(measured)
    for fee in fees:
        print(describe(fee))
        print()
    model = None
    if args.assumptions is not None or args.summary or args.set:
        model = _model_section(args, scenarios)
    elif args.current_fee is not None:
        from payfair.costing.assumptions import default_model
        from payfair.costing.inverse import pay_funded

        answer = pay_funded(args.current_fee, default_model())
        print("What pay does your current fee fund? (payfair's default costing assumptions;")
        print("--assumptions shows them all, with the fee at other pay rates)")
        print("  " + answer.sentence())
    if args.json:
        data = {"fees": [f.to_dict() for f in fees]}
        if model is not None:
            data["costing_model"] = {
                "fees": [f.to_dict() for f in model["fees"]],
                "equivalents": model["equivalents"].to_dict("records"),
                "pay_the_current_fee_funds": (
                    model["answer"].to_dict() if model["answer"] else None
                ),
            }
        write_json(data, args.json)  # strict JSON (no NaN/Infinity), written whole
        print(f"Wrote {args.json}")
    if args.summary:
        from payfair.costing.published import comparators
        from payfair.costing.summary_page import summary_html, write_summary

        page = summary_html(
            model["model"],
            model["fees"][0],
            pay_terms=scenarios[0].description or scenarios[0].name,
            comparators=comparators(model["model"].year),
            equivalents=model["equivalents"],
            answers=[model["answer"].sentence()] if model["answer"] else None,
            current_fee=args.current_fee,
            hours_per_week=args.hours_per_week,
        )
        write_summary(page, args.summary)
        print(f"Wrote {args.summary}")
    if args.xlsx:
        all_fees = fees + (model["fees"] if model is not None else [])
        from payfair.costing.report import write_price  # openpyxl, only when asked

        write_price(all_fees, args.xlsx, scenarios=scenarios, employer_settings=settings)
        print(f"Wrote {args.xlsx}")
    return 0
