"""Published fee figures to set beside payfair's own (payfair rules §7): the Homecare Association's
Minimum Price and the average council fee. Data in rates/published_fees.toml, with sources, the
year each is for and when it was published, so a comparator is always shown with its year and
plainly called older when the year priced is later."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from payfair.config_file import NUMBER, Key, Schema, load
from payfair.resources import rates_path

PUBLISHED_FEES_PATH = rates_path("published_fees.toml")

_ENTRY = {
    "value": Key(NUMBER, "£ per contact hour", minimum=0.0),
    "year": Key((str,), 'financial year, e.g. "2025-26"'),
    "dated": Key((str,), "date published, e.g. 2024-12-18"),
    "label": Key((str,), "what the figure is, in plain words"),
    "source": Key((str,), "who published it, when, and where"),
}
SCHEMA = Schema(sections={"minimum_price": _ENTRY, "average_council_fee": _ENTRY})
NAMES = {"minimum_price": "Published minimum price", "average_council_fee": "Average council fee"}


@dataclass(frozen=True)
class PublishedFee:
    value: float  # £ per contact hour
    label: str
    source: str
    year: str = ""
    dated: str = ""


@dataclass(frozen=True)
class Comparator:
    """A published figure as shown beside a fee for `priced_year`."""

    key: str
    fee: PublishedFee
    priced_year: str

    @property
    def current(self) -> bool:
        return self.fee.year == self.priced_year

    @property
    def title(self) -> str:
        return f"{NAMES.get(self.key, self.key)} {self.fee.year}"

    @property
    def caveat(self) -> str:
        """Empty when the figure is for the year priced; else says plainly that it is older."""
        if self.current:
            return ""
        return (
            f"This is the {self.fee.year} figure: no "
            f"{self.priced_year} figure is in payfair's data yet, so it is older than the "
            f"{self.priced_year} fee beside it."
        )


@functools.lru_cache(maxsize=1)
def published_fees() -> dict[str, PublishedFee]:
    """`minimum_price` and `average_council_fee`, read once (validated)."""
    data = load(PUBLISHED_FEES_PATH, SCHEMA)
    return {
        key: PublishedFee(
            float(v["value"]), v["label"], v["source"], v.get("year", ""), v.get("dated", "")
        )
        for key, v in data.items()
    }


def comparators(priced_year: str) -> list[Comparator]:
    """The published figures, each labelled against the year priced."""
    return [Comparator(k, f, priced_year) for k, f in published_fees().items()]
