"""End to end in a real browser: `streamlit run app.py` on a free loopback port, driven by
Playwright with Debian's Chromium (/usr/bin/chromium, installed by `python3 dev.py test`; no
browser is downloaded). Uploads a rota from rota_samples/, checks the results table and a chart
appear, and saves a screenshot of each page to tests/artifacts/ (and to docs/screenshots/ when
PAYFAIR_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "docs" / "screenshots"
ARTIFACTS = ROOT / "tests" / "artifacts"
# PAYFAIR_UPDATE_SCREENSHOTS=1 python3 dev.py test -m browser  refreshes docs/screenshots/.
UPDATE_SHOTS = os.environ.get("PAYFAIR_UPDATE_SCREENSHOTS") == "1"
UPLOAD = ROOT / "rota_samples" / "branch_workbook.xlsx"  # Excel: visits and workers sheets
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 90_000
WIDTH, HEIGHT = 1440, 1000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no /usr/bin/chromium: install Debian's 'chromium' package (python3 dev.py test "
        "does this when run as root) to run the end-to-end browser test",
    ),
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    """`streamlit run app.py` on a free loopback port; stopped at the end of the test."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finally, after the server stops)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"streamlit did not start:\n{log.read().decode(errors='replace')}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def shoot(page, name: str) -> None:
    """Screenshot the whole page (Streamlit scrolls inside its main area, so the window is made
    as tall as the content first) to docs/screenshots/ and tests/artifacts/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const block = document.querySelector('[data-testid="stMainBlockContainer"]');
            return Math.max(main ? main.scrollHeight : 0, block ? block.scrollHeight : 0,
                            document.body.scrollHeight);
        }"""
    )
    page.set_viewport_size({"width": WIDTH, "height": min(max(int(height) + 40, HEIGHT), 5000)})
    page.wait_for_timeout(1500)  # let charts re-lay out and finish their transitions
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if UPDATE_SHOTS:  # only on request, so a test run leaves the committed files alone
        shutil.copyfile(path, SHOTS / f"{name}.png")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(300)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT_MS
    )


def open_page(page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()
    page.wait_for_selector(f'h1:has-text("{title}")', timeout=TIMEOUT_MS)
    settle(page)


def test_upload_a_rota_and_see_the_results_in_a_browser(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROME_ARGS,
            viewport={"width": WIDTH, "height": HEIGHT},
            device_scale_factor=1,
        )
        page = browser.pages[0] if browser.pages else browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            # Opens on the provider page with the sample rota's figures, no upload needed.
            page.goto(server)
            page.wait_for_selector('h1:has-text("True hourly rates")')
            settle(page)
            page.wait_for_selector('[data-testid="stMetric"]')

            # Upload a rota from rota_samples/ on the Rota page.
            open_page(page, "Your rota")
            page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
                str(UPLOAD)
            )
            page.wait_for_selector("text=Using your file", timeout=TIMEOUT_MS)
            settle(page)
            assert page.locator('[data-testid="stMetric"]').count() >= 4
            shoot(page, "1-rota")

            # The results: the table and the chart.
            open_page(page, "True hourly rates")
            page.wait_for_selector('[data-testid="stDataFrame"]')
            page.wait_for_selector(
                '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
            )
            assert page.locator('[data-testid="stMetricValue"]').first.inner_text().strip()
            shoot(page, "2-provider-true-hourly-rates")

            open_page(page, "A worker's day")
            page.wait_for_selector('[data-testid="stVegaLiteChart"]')
            shoot(page, "3-provider-worker-day")

            open_page(page, "Pay scenarios")
            shoot(page, "4-union-scenarios")

            open_page(page, "Fee per contact hour")
            shoot(page, "5-commissioner-fee")

            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
