"""rates/published_fees.toml: the figures a commissioner compares with, as rules §7 gives them."""

from payfair.costing.published import published_fees


def test_published_fees_match_domain_and_have_sources():
    fees = published_fees()
    # rules §7: Minimum Price £32.14 (2025-26, on NLW £12.21); average council fee £24.10
    assert fees["minimum_price"].value == 32.14
    assert fees["average_council_fee"].value == 24.10
    for fee in fees.values():
        assert "http" in fee.source and fee.label
