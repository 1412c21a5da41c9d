"""`payfair fund`: the inverse questions (rules §7). What pay does a fee fund? What pay floor
does an extra budget buy? Solved exactly on the fee's linear pieces (payfair.costing.inverse)."""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair.commands.price import _positive
from payfair.commands.rota_input import add_rota_options, read_rota
from payfair.costing.assumptions import CostingModel, load_model, with_settings
from payfair.costing.inverse import RotaForward, floor_funded, pay_funded, with_rota_gainers
from payfair.errors import RotaError
from payfair.safe_output import write_json
from payfair.schema import PERIOD_KINDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fund",
        help="what pay a fee funds, or what pay floor an extra budget buys",
        description=(
            "The inverse of `payfair price`. With --fee: the highest hourly pay for all working "
            "time (contact, travel, waiting, training) that a fee per contact hour can fund, "
            "and whether it reaches the National Living Wage. With --budget and --hours (or "
            "--national): the pay floor an extra budget a year funds for those contact hours. "
            "Uses the costing assumptions (rates/costing_assumptions.toml, or --assumptions "
            "FILE); with --rota, the fee is worked out on the rota's own workers and pay "
            "periods (a floor keeps anyone paid more on their own rate) and the workers who "
            "gain are counted."
        ),
        epilog=(
            "Examples: payfair fund --fee 24.10 ; payfair fund --budget 2000000 --hours 10000 ; "
            "payfair fund --national (the £500m set aside for the first Fair Pay Agreement)"
        ),
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--fee", metavar="GBP", type=_positive, help="a fee per contact hour")
    what.add_argument("--budget", metavar="GBP", type=_positive, help="extra budget a year")
    what.add_argument(
        "--national",
        action="store_true",
        help="the national question: the Fair Pay Agreement budget and national homecare "
        "hours from the assumptions file's [national] section",
    )
    p.add_argument("--hours", metavar="H", type=_positive, help="contact hours a week (budget)")
    p.add_argument(
        "--pay-now",
        metavar="GBP",
        type=_positive,
        help="pay now for all working time (budget question; default the National Living Wage; "
        "with --rota each worker's own pay now is used)",
    )
    p.add_argument("--assumptions", metavar="FILE", help="a costing assumptions TOML file")
    p.add_argument(
        "--set",
        metavar="SECTION.KEY=VALUE",
        action="append",
        help="change one costing assumption, e.g. --set travel.miles_per_visit=3 or "
        "--set visit_mix.15=0.1 (may be given more than once; see docs/costing.md for every key)",
    )
    p.add_argument("--rota", metavar="ROTA", help="measure the assumptions from this rota")
    add_rota_options(p)
    p.add_argument("--workers", metavar="FILE", help="workers file for the rota")
    p.add_argument("--policy", metavar="FILE", help="how the rota is paid now (default policy)")
    p.add_argument("--period", choices=PERIOD_KINDS, default="weekly", help="pay period")
    p.add_argument("--json", metavar="PATH", help="write the answer as JSON")
    p.set_defaults(func=run)


def _with_rota(model: CostingModel, args: argparse.Namespace):
    from payfair.analysis import analyse
    from payfair.importers import load_workers
    from payfair.policy import load_policy

    rota = read_rota(args.rota, args)
    workers = load_workers(Path(args.workers))[0] if args.workers else None
    a = analyse(rota, load_policy(args.policy), workers=workers, period=args.period)
    print(f"Rows: {rota.rows_read} read, {rota.rows_used} used, {len(rota.rejected)} rejected")
    print(
        f"Priced on the rota itself: {a.periods['worker_id'].nunique()} workers, "
        f"{len(a.periods)} worker pay periods ({args.period}), each with its own hours, "
        "travel, waiting and miles; running costs, surplus and on-cost rates from the "
        "assumptions"
    )
    return a.periods


def run(args: argparse.Namespace) -> int:
    model = with_settings(load_model(args.assumptions), args.set)
    periods = None
    if args.rota:
        periods = _with_rota(model, args)
    print(f"Assumptions: {args.assumptions or 'rates/costing_assumptions.toml'} ({model.year})")
    if args.set:
        print(f"Changed on the command line: {', '.join(args.set)}")
    if args.fee is not None:
        forward = RotaForward(periods, args.period, model, floor=False) if args.rota else None
        answer = pay_funded(args.fee, model, forward=forward)
        print("What pay does this fee fund?")
        print("  " + answer.sentence())
        data = answer.to_dict()
    else:
        if args.national:
            budget, hours = model.national_budget, model.national_hours_per_week
            print(
                f"National: £{budget:,.0f} a year ({model.source('national.budget')}); "
                f"{hours:,.0f} contact hours a week "
                f"({model.source('national.contact_hours_per_week')})"
            )
        else:
            if not args.hours:
                raise RotaError("--budget needs --hours (contact hours a week)")
            budget, hours = args.budget, args.hours
        forward = RotaForward(periods, args.period, model, floor=True) if args.rota else None
        answer = floor_funded(budget, hours, model, pay_now=args.pay_now, forward=forward)
        if periods is not None:
            with_rota_gainers(answer, periods)
        print("What floor does this budget buy?")
        print("  " + answer.sentence())
        data = answer.to_dict()
    if args.json:
        write_json(data, args.json)
        print(f"Wrote {args.json}")
    return 0
