"""The fee per contact hour at other pay rates, side by side (payfair rules §7): the National Living
Wage for the year priced (rates/nmw.toml), the Real Living Wage, the London Living Wage and NHS
Agenda for Change Band 3 (rates/living_wages.toml, each sourced and dated), as the Homecare
Association publishes beside its Minimum Price, but from the user's own assumptions."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from payfair.config_file import NUMBER, Key, Schema, load
from payfair.rates import load_rates, rate_on, source_on
from payfair.resources import rates_path

LIVING_WAGES_PATH = rates_path("living_wages.toml")

_ENTRY = {
    "label": Key((str,), "the pay rate's name in plain words"),
    "rate": Key(NUMBER, "£ an hour", minimum=0.0, maximum=200.0),
    "year": Key((str,), 'financial year, e.g. "2025-26"'),
    "dated": Key((str,), "date announced or in force"),
    "source": Key((str,), "who set it, when, and where"),
}
SCHEMA = Schema(
    sections={
        "real_living_wage": _ENTRY,
        "london_living_wage": _ENTRY,
        "nhs_band_3": _ENTRY,
    }
)


@dataclass(frozen=True)
class PayRate:
    key: str
    label: str
    rate: float
    year: str
    dated: str
    source: str


def year_start(year: str) -> np.datetime64:
    """1 April of a financial year written "2026-27"."""
    return np.datetime64(f"{int(year[:4]):04d}-04-01", "D")


def national_living_wage(year: str) -> PayRate:
    """The National Living Wage in force on 1 April of `year` (rates/nmw.toml). For a year
    after the last rate payfair holds, that last rate, labelled as such (never assumed in
    silence)."""
    day = np.array([year_start(year)])
    rate = float(rate_on("top", day)[0])
    rates = load_rates()
    starts = pd.to_datetime(rates.loc[rates["band"] == "top", "from"])
    since = starts[starts <= pd.Timestamp(year_start(year))].max()
    label, rate_year = "National Living Wage", year
    if pd.notna(since) and since.year < int(year[:4]):
        rate_year = f"{since.year}-{(since.year + 1) % 100:02d}"
        label = f"National Living Wage (the latest payfair holds, from {since:%-d %B %Y})"
    return PayRate(
        "national_living_wage",
        label,
        rate,
        rate_year,
        str(since.date()) if pd.notna(since) else str(year_start(year)),
        str(source_on("top", day)[0]),
    )


@functools.lru_cache(maxsize=1)
def _living_wages() -> tuple[PayRate, ...]:
    data = load(LIVING_WAGES_PATH, SCHEMA)
    return tuple(
        PayRate(k, v["label"], float(v["rate"]), v["year"], v["dated"], v["source"])
        for k, v in data.items()
    )


def pay_rates(year: str) -> list[PayRate]:
    """The National Living Wage for `year`, then the rates in rates/living_wages.toml."""
    return [national_living_wage(year), *_living_wages()]


def equivalents(model, *, fee_for_rate=None) -> pd.DataFrame:
    """One row per pay rate: the fee per contact hour that funds paying it for all working time
    under `model` (payfair.costing.assumptions.CostingModel), and the difference from the fee at
    the National Living Wage. `fee_for_rate(rate) -> float` overrides how a fee is worked out
    (e.g. from a rota)."""
    from payfair.costing.assumptions import pay_scenario, price

    if fee_for_rate is None:

        def fee_for_rate(rate: float) -> float:
            return price(model, pay_scenario(rate, model)).fee

    rows = []
    for r in pay_rates(model.year):  # four pay rates, not rows of data
        rows.append(
            {
                "pay_rate": r.label,
                "hourly_pay": r.rate,
                "year": r.year,
                "fee_per_contact_hour": fee_for_rate(r.rate),
                "dated": r.dated,
                "source": r.source,
            }
        )
    out = pd.DataFrame(rows)
    out["more_than_minimum_wage_fee"] = (
        out["fee_per_contact_hour"] - out["fee_per_contact_hour"].iloc[0]
    )
    return out
