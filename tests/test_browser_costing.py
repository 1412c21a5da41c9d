"""The union officer and the commissioner end to end in a real browser (issue 9, "Done when"):
`streamlit run app.py` on a free loopback port, driven by Playwright with Debian's Chromium
(/usr/bin/chromium; no browser is downloaded), on the app's bundled sample rota.

- Union officer: builds a scenario from blank (a floor for every role, travel paid), sees who
  gains, saves it with the real download button, and the saved file gives the same figures in
  `payfair scenarios` (the CLI, in a subprocess).
- Commissioner: changes the visit-length mix and one running cost, sees the fee change, downloads
  the printable one-page summary and finds exactly those inputs in it.

Screenshots go to tests/artifacts/ (and to docs/screenshots/ when PAYFAIR_UPDATE_SCREENSHOTS=1),
as in tests/test_browser.py."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import BROWSER_MARKS, chromium_page, streamlit_app

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
ARTIFACTS = ROOT / "tests" / "artifacts"
UPDATE_SHOTS = os.environ.get("PAYFAIR_UPDATE_SCREENSHOTS") == "1"
SAMPLE = ROOT / "rota_samples" / "canonical_branch.csv"  # the app's sample pair
SAMPLE_WORKERS = ROOT / "rota_samples" / "canonical_branch_workers.csv"
TIMEOUT_MS = 60_000
WIDTH, HEIGHT = 1440, 1000

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server():
    """`streamlit run app.py` on a free loopback port; stopped at the end of the module."""
    with streamlit_app() as url:
        yield url


@pytest.fixture
def page(server: str):
    with chromium_page(timeout_ms=TIMEOUT_MS, width=WIDTH, height=HEIGHT) as page:
        page.goto(server)
        page.wait_for_selector("h1")
        settle(page)
        yield page
        assert page.locator('[data-testid="stException"]').count() == 0


def shoot(page, name: str) -> None:
    """Screenshot the whole page (the window made as tall as the content first) to
    tests/artifacts/, and to docs/screenshots/ only when PAYFAIR_UPDATE_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const block = document.querySelector('[data-testid="stMainBlockContainer"]');
            return Math.max(main ? main.scrollHeight : 0, block ? block.scrollHeight : 0,
                            document.body.scrollHeight);
        }"""
    )
    page.set_viewport_size({"width": WIDTH, "height": min(max(int(height) + 40, HEIGHT), 6000)})
    page.wait_for_timeout(1500)  # let charts re-lay out
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if UPDATE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SHOTS / f"{name}.png")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    running = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(running, timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)
    page.wait_for_selector(running, timeout=TIMEOUT_MS)


def open_page(page, title: str, heading: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.wait_for_selector(f'h1:has-text("{heading}")', timeout=TIMEOUT_MS)
    settle(page)


def type_number(page, label: str, value: str) -> None:
    """Type into a number input and commit it (Enter), then wait for the rerun."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    settle(page)


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit select box. The first click after typing in a number box
    can be taken by that box losing focus, so the list is opened again until it shows."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for _ in range(4):
        box.get_by_role("button", name="Open").click()
        try:
            page.get_by_role("option", name=option, exact=True).wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 (playwright's TimeoutError: try once more)
            settle(page)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def metrics(page) -> dict[str, str]:
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def money(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


def download(page, button: str, dest: Path) -> Path:
    """Click a real download button and keep what the browser receives."""
    with page.expect_download() as got:
        page.get_by_role("button", name=button).click()
    got.value.save_as(dest)
    return dest


def test_union_officer_builds_saves_and_reuses_a_scenario(page, tmp_path: Path) -> None:
    open_page(page, "Build a scenario", "Build a pay scenario")
    # From blank: £14.00 for every role, travel paid at the contact rate.
    type_number(page, "Pay floor for every role (£ an hour)", "14.00")
    choose(page, "Travel between visits", "at the worker's contact rate")
    name = page.get_by_label("Name", exact=True)
    name.fill("Union claim £14 for all")
    name.press("Enter")
    settle(page)
    page.wait_for_selector('[data-testid="stDataFrame"]')
    m = metrics(page)
    gain, of = m["Workers who gain"].split(" of ")
    assert int(gain) == int(of) > 0  # everyone on the sample rota is paid below £14 now
    shoot(page, "costing-1-union-build-a-scenario")

    saved = download(page, "Save as a scenario file (.toml)", tmp_path / "claim.toml")
    text = saved.read_text(encoding="utf-8")
    assert 'name = "Union claim £14 for all"' in text
    assert re.search(r'"\*" = 14\.0', text) and 'travel_rate = "contact"' in text

    out = tmp_path / "s.json"
    cli = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from payfair.cli import main; sys.exit(main(sys.argv[1:]))",
            "scenarios",
            str(SAMPLE),
            "--workers",
            str(SAMPLE_WORKERS),
            "--scenario",
            str(saved),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    got = json.loads(out.read_text(encoding="utf-8"))["scenarios"][0]
    t = got["totals"]
    assert f"{t['workers_gaining']} of {t['workers']}" == m["Workers who gain"]
    assert round(t["change"], 2) == money(m["Extra pay on this rota"])
    assert round(t["median_change_per_worker_week"], 2) == money(
        m["Typical gain per worker a week"]
    )
    fee = got["fee_per_contact_hour"]["fee_per_contact_hour"]
    assert round(fee, 2) == money(m["Fee per contact hour to fund it (from this rota)"])

    # The union page: the built scenario beside the shipped ones, and what the money funds.
    open_page(page, "Pay scenarios", "Pay scenarios")
    page.wait_for_selector("text=What pay does this fee fund?")
    page.wait_for_selector("text=It funds a pay floor of")
    shoot(page, "costing-2-union-what-the-money-funds")


def test_commissioner_changes_the_inputs_and_prints_them(page, tmp_path: Path) -> None:
    open_page(page, "Fee per contact hour", "Fee per contact hour")
    before = metrics(page)["Fee needed per contact hour"]
    # from the default 5/55/20/20 to 40/20/20/20: two inputs changed, still 100%
    type_number(page, "15-minute visits", "40")
    type_number(page, "30-minute visits", "20")
    after_mix = metrics(page)["Fee needed per contact hour"]
    assert after_mix != before  # more short visits: more travel per contact hour
    type_number(page, "Insurance", "0.95")
    fee = metrics(page)["Fee needed per contact hour"]
    # insurance up from £0.35 to £0.95 a contact hour: the fee rises by more than the 60p
    # (surplus is a share of the fee, rules §7)
    assert money(fee) - money(after_mix) >= 0.60
    shoot(page, "costing-3-commissioner-inputs-changed")

    summary = download(
        page,
        "One-page summary for the committee (print-ready)",
        tmp_path / "summary.html",
    ).read_text(encoding="utf-8")
    assert f"Fee per contact hour for homecare, 2026-27: {fee}" in summary
    mix = re.findall(r">(\d+ min \d+%(?:, \d+ min \d+%)*)<", summary)
    assert mix == ["15 min 40%, 30 min 20%, 45 min 20%, 60 min 20%"]  # exactly as typed
    # hand-worked (rules §7): visits a contact hour = 0.4 × 60/15 + 0.2 × 60/30 + 0.2 × 60/45
    # + 0.2 × 60/60 = 1.6 + 0.4 + 0.267 + 0.2 = 2.467; a blended visit of 60 ÷ 2.467 = 24.3 min
    assert "24.3 minutes (2.47 visits" in summary
    assert "Insurance</td><td class='n'>£0.95" in summary
