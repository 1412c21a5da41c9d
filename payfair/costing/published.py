"""Published fee figures to set beside payfair's own (rules §7): the Homecare Association's
Minimum Price and the average council fee. Data in rates/published_fees.toml, with sources."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from payfair.resources import rates_path

PUBLISHED_FEES_PATH = rates_path("published_fees.toml")


@dataclass(frozen=True)
class PublishedFee:
    value: float  # £ per contact hour
    label: str
    source: str


@functools.lru_cache(maxsize=1)
def published_fees() -> dict[str, PublishedFee]:
    """`minimum_price` and `average_council_fee`, read once."""
    data = tomllib.loads(PUBLISHED_FEES_PATH.read_text(encoding="utf-8"))
    return {
        key: PublishedFee(float(v["value"]), v["label"], v["source"]) for key, v in data.items()
    }
