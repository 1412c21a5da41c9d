"""rates/published_fees.toml: the figures a commissioner compares with, as rules §7 gives them."""

from payfair.costing.published import published_fees


def test_published_fees_match_domain_and_have_sources():
    fees = published_fees()
    # rules §7: Minimum Price £32.14 (2025-26, on NLW £12.21); average council fee £24.10
    assert fees["minimum_price"].value == 32.14
    assert fees["average_council_fee"].value == 24.10
    for fee in fees.values():
        assert "http" in fee.source and fee.label


def test_comparators_are_dated_and_older_ones_say_so():
    from payfair.costing.published import comparators

    by_key = {c.key: c for c in comparators("2026-27")}
    mp = by_key["minimum_price"]
    assert mp.fee.year == "2025-26" and mp.fee.dated == "2024-12-18"
    assert mp.title == "Published minimum price 2025-26"
    assert not mp.current
    assert "2025-26 figure" in mp.caveat and "no 2026-27 figure" in mp.caveat
    same_year = {c.key: c for c in comparators("2025-26")}["minimum_price"]
    assert same_year.current and same_year.caveat == ""
