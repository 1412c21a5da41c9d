"""The Market view page (payfair/ui/market.py), driven headless with AppTest: the sample
market shows its figures; several uploaded providers' rotas replace it; a bad upload is a
readable message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGE = "payfair/ui/market.py"
SAMPLE = ROOT / "rota_samples" / "market"


def market_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.fixture(scope="module")
def at() -> AppTest:
    """One session for the page's tests (in file order: sample, uploads, a bad upload)."""
    return market_page()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_sample_market_shows_quartiles_and_providers(at: AppTest) -> None:
    assert not at.error, [e.value for e in at.error]
    m = metrics(at)
    assert m["Providers"] == "5"
    assert m["Median fee per contact hour"].startswith("£")
    assert " to " in m["Middle half of providers"]
    assert " of " in m["Workers below the minimum wage"]
    assert list(at.get("vega_lite_chart")), "the fee chart is drawn"
    quartiles = at.dataframe[0].value
    assert {"Figure", "Lower quartile", "Median", "Upper quartile"} <= set(quartiles.columns)
    providers = at.dataframe[1].value
    assert "tiny_homecare" in set(providers["Provider"])
    tiny = providers.set_index("Provider").loc["tiny_homecare"]
    assert tiny["Travel between visits per contact hour"] == "14.4"  # 65 min ÷ 4.5 h
    assert any("sample market" in i.value for i in at.info)


def test_uploaded_providers_replace_the_sample(at: AppTest) -> None:
    files = [
        ("tiny.csv", (SAMPLE / "tiny_homecare" / "visits.csv").read_bytes(), "text/csv"),
        ("second.csv", (SAMPLE / "tiny_homecare" / "visits.csv").read_bytes(), "text/csv"),
    ]
    at.file_uploader(key="market_uploads").set_value(files).run()
    assert not at.exception, [e.message for e in at.exception]
    assert metrics(at)["Providers"] == "2"
    assert set(at.dataframe[1].value["Provider"]) == {"tiny", "second"}
    assert not any("sample market" in i.value for i in at.info)


def test_bad_upload_is_a_message(at: AppTest) -> None:
    at.file_uploader(key="market_uploads").set_value(
        [("junk.csv", b"nothing,useful\n1,2\n", "text/csv")]
    ).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.error and "junk.csv" in at.error[0].value
