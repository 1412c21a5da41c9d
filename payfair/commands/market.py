"""`payfair market`: a commissioner's view of many providers' rotas under one pay scenario.

Per provider (one folder each, or a `provider` column): travel per contact hour, visit-length
mix, share of working time unpaid, workers below the minimum wage, and the fee per contact hour
the provider's own rota needs under the scenario; across providers the lower quartile, median and
upper quartile (payfair.market).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from payfair import market as mk
from payfair.commands.analyse import _iso_date
from payfair.commands.rota_input import add_rota_options
from payfair.costing.employer_costs import load_employer_costs
from payfair.costing.scenario import list_scenarios, load_scenario
from payfair.policy import load_policy
from payfair.safe_output import deliver, write_csv, write_json
from payfair.scale.cli_options import add_engine_options, uses_dask
from payfair.schema import PERIOD_KINDS

SHOW_REJECTED = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "market",
        help="many providers' rotas side by side: travel, visit lengths, unpaid time, "
        "underpaid workers and the fee each needs",
        description=(
            "For a commissioner who buys homecare from many providers. Give a folder with one "
            "sub-folder of rota files per provider (or files with a 'provider' column). For each "
            "provider payfair measures, from its own rota: travel between visits per contact "
            "hour, the mix of visit lengths, the share of working time that is unpaid, the care "
            "workers paid below the minimum wage, and the fee per contact hour that provider "
            "needs to pay under the scenario. Across providers it gives the lower quartile, "
            "median and upper quartile of each figure, as the Fair Cost of Care exercise did."
        ),
        epilog=(
            "Example: payfair market rota_samples/market --scenario minimum_lawful_2026_27 "
            f"--xlsx market.xlsx. Shipped scenarios: {', '.join(list_scenarios())}."
        ),
    )
    p.add_argument(
        "folder",
        metavar="DIR",
        help="a folder with one sub-folder per provider (its rota files inside), and/or rota "
        "files with a 'provider' column; a file without one is one provider named after the file",
    )
    p.add_argument(
        "--scenario",
        metavar="FILE",
        required=True,
        help="the pay scenario to price each provider's rota under: a scenario TOML file or the "
        "name of a shipped one",
    )
    add_rota_options(p)
    add_engine_options(p)
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="how the rotas are paid now where they have no pay column (default: contact time "
        "paid, travel and waiting unpaid)",
    )
    p.add_argument(
        "--period", choices=PERIOD_KINDS, default="weekly", help="the pay reference period"
    )
    p.add_argument(
        "--as-of", metavar="DATE", type=_iso_date, help="the date for arrears (default: today)"
    )
    p.add_argument("--csv", metavar="PATH", help="write the providers table and quartiles as CSV")
    p.add_argument("--xlsx", metavar="PATH", help="write an Excel workbook")
    p.add_argument("--json", metavar="PATH", help="write every figure as JSON")
    p.set_defaults(func=run)


def _cell(key: str, value) -> str:
    if value is None or pd.isna(value):
        return "-"
    if key in ("provider",):
        return str(value)
    unit = dict((k, u) for k, _, u in mk.MEASURES).get(key, "")
    if unit == "£":
        return f"£{float(value):,.2f}"
    if unit == "share":
        return f"{float(value):.0%}"
    if unit == "workers" and float(value).is_integer():
        return f"{int(value):,d}"
    return f"{float(value):,.1f}"


SHOWN = (
    "provider",
    "workers",
    "contact_hours",
    "fee_per_contact_hour",
    "travel_minutes_per_contact_hour",
    "average_visit_minutes",
    "visits_up_to_15_min",
    "unpaid_share",
    "workers_below_nmw",
)
HEADS = (
    "Provider",
    "Workers",
    "Contact h",
    "Fee/h",
    "Travel min/h",
    "Visit min",
    "≤15 min",
    "Unpaid",
    "Below NMW",
)


def summary(view: mk.MarketView) -> str:
    """The printed market table: one line per provider, then the quartiles and median."""
    lines = [
        f"Rows: {view.rows_read} read, {view.rows_used} used, {len(view.rejected)} rejected "
        f"({len(view.providers)} providers)",
    ]
    if len(view.rejected):
        head = view.rejected.head(SHOW_REJECTED)
        lines += [
            f"    {f} row {r}: {why}"
            for f, r, why in zip(head["file"], head["row"], head["reason"], strict=True)
        ]
        if len(view.rejected) > SHOW_REJECTED:
            lines.append(f"    … and {len(view.rejected) - SHOW_REJECTED} more (in the outputs)")
    lines += ["", f"Scenario: {view.scenario}", ""]
    table = view.providers[list(SHOWN)].copy()
    quart = []
    for name, _ in mk.QUARTILES:  # three summary rows
        values = dict(zip(view.summary["measure"], view.summary[name], strict=True))
        quart.append({"provider": name.replace("_", " "), **values})
    rows = [*table.to_dict("records"), *quart]
    cells = [[_cell(k, r.get(k)) for k in SHOWN] for r in rows]  # a few dozen providers
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(HEADS)]
    fmt = lambda vals: "  ".join(  # noqa: E731
        v.ljust(w) if i == 0 else v.rjust(w)
        for i, (v, w) in enumerate(zip(vals, widths, strict=True))
    )
    lines.append(fmt(HEADS))
    for i, c in enumerate(cells):
        if i == len(table):
            lines.append("-" * len(fmt(HEADS)))
        lines.append(fmt(c))
    lines += [
        "",
        "Fee/h: fee per contact hour the provider's own rota needs under the scenario "
        "(payfair rules §7). "
        "Travel min/h: minutes of travel between visits per contact hour. ≤15 min: share of "
        "visits of 15 minutes or less. Unpaid: share of working time not paid. Below NMW: "
        "workers paid below the minimum wage in at least one pay period.",
    ]
    lines += [f"Note: {n}" for n in view.notes]
    return "\n".join(lines)


def _on_dask(args, scenario, policy, settings):
    from payfair.scale.cli_options import load_options
    from payfair.scale.dask_engine import scenarios_on_dask

    def run_one(provider: mk.ProviderRota):
        rows, outcomes = scenarios_on_dask(
            provider.files,
            provider.labels,
            [scenario],
            policy,
            load=load_options(args),
            period=args.period,
            as_of=args.as_of,
            settings=settings,
            scheduler=args.scheduler,
            partitions=args.partitions,
        )
        return rows, outcomes[0]

    return run_one


def run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    policy = load_policy(args.policy)
    settings = load_employer_costs()
    options = {
        "mapping": Path(args.mapping) if args.mapping else None,
        "sheet": args.sheet,
        "use_planned": True if args.use_planned else None,
    }
    if uses_dask(args):
        providers = mk.provider_folders(args.folder)
        on_dask = _on_dask(args, scenario, policy, settings)
    else:
        providers = mk.read_market(args.folder, read_options=options)
        on_dask = None
    view = mk.market(
        providers,
        scenario,
        policy,
        period=args.period,
        as_of=args.as_of,
        settings=settings,
        on_dask=on_dask,
    )
    print(summary(view))
    if args.csv:
        write_csv(mk.table_for_people(view), args.csv)
        print(f"\nWrote {args.csv}")
    if args.xlsx:
        deliver(mk.xlsx_bytes(view), args.xlsx)
        print(f"Wrote {args.xlsx}")
    if args.json:
        write_json(mk.to_json(view), args.json)
        print(f"Wrote {args.json}")
    return 0
