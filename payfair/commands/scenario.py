"""`payfair scenario`: write a commented scenario file to edit (`new`), or check one (`check`).

A scenario is a set of pay terms (docs/scenarios.md). `payfair scenarios ROTA --scenario FILE`
applies it to a rota; `payfair price --scenario FILE` prices it."""

from __future__ import annotations

import argparse
from pathlib import Path

from payfair.costing.scenario import list_scenarios, load_scenario, scenario_data, scenario_toml
from payfair.safe_output import atomic_write


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scenario",
        help="write a scenario file to edit (new), or check one (check)",
        description=(
            "A scenario is a set of pay terms: pay floors per role or for all, an uplift, which "
            "working time is paid and at what rate, enhancements, mileage, sick pay, pension and "
            "training. `payfair scenario new` writes a commented file to edit; every setting is "
            "explained in it and in docs/scenarios.md."
        ),
        epilog=(
            "Example: payfair scenario new --from real_living_wage_2026 --out my_terms.toml, "
            "then payfair scenarios rota.csv --scenario my_terms.toml. "
            f"Shipped scenarios: {', '.join(list_scenarios())}."
        ),
    )
    action = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = action.add_parser("new", help="write a commented scenario file to edit")
    new.add_argument(
        "--from",
        dest="base",
        metavar="NAME",
        help="start from a shipped scenario (or a scenario file); default: blank (the legal "
        "minimum 2026-27 on contact time, every other term at its default)",
    )
    new.add_argument("--out", metavar="FILE", required=True, help="the .toml file to write")
    new.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    new.set_defaults(func=run_new)
    check = action.add_parser("check", help="check a scenario file and list its settings")
    check.add_argument("file", metavar="FILE", help="a scenario .toml file or a shipped name")
    check.set_defaults(func=run_check)


def run_new(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"payfair: {out} already exists; give --force to replace it")
        return 2
    data = scenario_data(args.base)
    if args.base:
        data["name"] = f"{data.get('name', args.base)} (my copy)"
    atomic_write(out, scenario_toml(data).encode("utf-8"))
    print(f"Wrote {out}. Edit it, then: payfair scenario check {out}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    s = load_scenario(args.file)
    print(f"{s.name}: {s.description}")
    for key, value, source in s.settings_rows():
        print(f"  {key} = {value}" + (f"  ({source})" if source else ""))
    if s.defaults_used:
        print("Not set in the file, so payfair uses: " + "; ".join(s.defaults_used))
    else:
        print("Every setting is given in the file or has a source.")
    return 0
