"""End to end in a real browser: `streamlit run app.py` on a free loopback port, driven by
Playwright with Debian's Chromium (/usr/bin/chromium, installed by `python3 dev.py test`; no
browser is downloaded). Opens the start page, checks the "why" panel's arithmetic on the sample,
clicks every download with "Pseudonymise names" on and searches the files for the sample's real
names, uploads a rota from rota_samples/, and saves a screenshot of each page to tests/artifacts/
(and to docs/screenshots/ when PAYFAIR_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from browser_support import BROWSER_MARKS, chromium_page, streamlit_app

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
ARTIFACTS = ROOT / "tests" / "artifacts"
# PAYFAIR_UPDATE_SCREENSHOTS=1 python3 dev.py test -m browser  refreshes docs/screenshots/.
UPDATE_SHOTS = os.environ.get("PAYFAIR_UPDATE_SCREENSHOTS") == "1"
UPLOAD = ROOT / "rota_samples" / "branch_workbook.xlsx"  # Excel: visits and workers sheets
TIMEOUT_MS = 90_000
WIDTH, HEIGHT = 1440, 1000

pytestmark = BROWSER_MARKS


@pytest.fixture
def server():
    """`streamlit run app.py` on a free loopback port; stopped at the end of the test."""
    with streamlit_app() as url:
        yield url


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


def sample_names() -> set[str]:
    """Every real worker name in the sample rota and its workers file."""
    import csv

    names: set[str] = set()
    for f in ("canonical_branch.csv", "canonical_branch_workers.csv"):
        with (ROOT / "rota_samples" / f).open(encoding="utf-8") as fh:
            names |= {r["worker_id"] for r in csv.DictReader(fh) if r["worker_id"]}
    return names


def readable(data: bytes) -> str:
    """What a person could read in a download: a CSV or text file, or every XML part of an
    xlsx (cells, shared strings, sheet names, properties), unescaped."""
    import html
    import io
    import zipfile

    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        return html.unescape(" ".join(parts))
    return data.decode("utf-8-sig", "replace")


def click_download(page, label: str) -> tuple[str, bytes]:
    """Click a real download button and return (suggested file name, the file's bytes)."""
    buttons = page.locator('[data-testid="stDownloadButton"] button', has_text=label)
    # the first one on screen (one inside a closed expander is not clickable)
    visible = [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()]
    assert visible, f"no download button {label!r} on the page"
    button = visible[0]
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT_MS) as got:
        button.click()
    download = got.value
    path = download.path()
    return download.suggested_filename, Path(path).read_bytes()


def check_no_names(files: dict[str, tuple[str, bytes]], names: set[str]) -> None:
    for label, (file_name, data) in files.items():
        text = readable(data)
        leaked = sorted(n for n in names if n in text or n.lower() in file_name.lower())
        assert not leaked, f"{label} ({file_name}) holds real names: {leaked[:3]}"


def why_figures(text: str) -> dict[str, float]:
    """The figures of the why panel's arithmetic, read back from its words."""
    import re

    def num(pattern: str) -> float:
        m = re.search(pattern, text)
        assert m, f"not in the panel: {pattern}\n{text}"
        return float(m.group(1).replace(",", ""))

    hm = re.search(r"Working hours [\d,.]+ \((\d+):(\d\d)\)", text)
    assert hm, text
    return {
        "working": num(r"Working hours ([\d,.]+)"),
        "working_hm": int(hm.group(1)) + int(hm.group(2)) / 60,
        "contact": num(r"= contact ([\d,.]+)"),
        "travel": num(r"travel between visits ([\d,.]+)"),
        "waiting": num(r"waiting between visits ([\d,.]+)"),
        "other": num(r"training and office ([\d,.]+)"),
        "pay": num(r"True hourly rate £([\d,.]+) ÷"),
        "hours": num(r"÷ ([\d,.]+) h ="),
        "rate": num(r"h = £([\d,.]+) an hour"),
        "nmw": num(r"Shortfall £([\d,.]+) ×"),
        "shortfall": num(r"= £([\d,.]+): below the minimum wage"),
    }


def test_upload_a_rota_and_see_the_results_in_a_browser(server: str) -> None:
    with (
        tempfile.TemporaryDirectory() as profile,
        chromium_page(timeout_ms=TIMEOUT_MS, width=WIDTH, height=HEIGHT) as page,
    ):
        # Opens on the start page: what payfair does, for whom, and an upload.
        page.goto(server)
        page.wait_for_selector('h1:has-text("payfair: the truth about homecare pay")')
        settle(page)
        for who in ("Care providers", "Union officers", "Commissioners"):
            assert page.get_by_text(who).count() >= 1, who
        shoot(page, "0-start")

        # The sample's results, marked as the sample.
        open_page(page, "True hourly rates")
        page.wait_for_selector('[data-testid="stMetric"]')
        assert page.get_by_text("Sample data").count() >= 1

        # The why panel: its arithmetic holds on the worker it opens on.
        panel = page.locator(".st-key-why_panel")
        panel.wait_for()
        f = why_figures(panel.inner_text())
        # working hours = contact + travel + waiting + training and office (rules §2),
        # each shown to 2 dp, so the sum agrees to within the rounding of four figures
        parts = f["contact"] + f["travel"] + f["waiting"] + f["other"]
        assert abs(parts - f["working"]) <= 0.02, f
        assert f["hours"] == f["working"]
        # the exact working time is the h:mm beside the hours (whole minutes), e.g. 40:34
        hours = f["working_hm"]
        assert abs(hours - f["working"]) <= 0.005, f
        # true hourly rate = pay that counts ÷ working hours (to the penny), e.g.
        # £361.39 ÷ 40.5667 h = £8.9086 → £8.91
        assert abs(f["pay"] / hours - f["rate"]) <= 0.005, f
        # shortfall = minimum wage × working hours − pay that counts, rounded up to the
        # penny (NMWM09010), e.g. £12.71 × 40.5667 h − £361.39 = £154.2123 → £154.22
        owed = f["nmw"] * hours - f["pay"]
        # (pay is shown to the penny: ±0.5p either side)
        assert -0.006 <= f["shortfall"] - owed < 0.016, f
        shoot(page, "2-provider-true-hourly-rates")

        # Pseudonymise on: every download, clicked for real, holds codes, never names.
        page.get_by_text("Pseudonymise names").first.click()
        settle(page)
        page.wait_for_selector(".st-key-why_panel")
        names = sample_names()
        files = {
            label: click_download(page, label)
            for label in (
                "Excel report (all tables)",
                "All events (CSV)",
                "Payroll top-up (Excel)",
                "Payroll top-up (CSV)",
                "This explanation (text)",
                "Its gaps (CSV)",
            )
        }
        files["periods table"] = click_download(page, "Download CSV")
        # the worker's evidence pack is made on request: Prepare, then download
        page.get_by_role("button", name="Prepare: Evidence pack (HTML)").click()
        settle(page)
        files["evidence"] = click_download(page, "Evidence pack (HTML)")
        assert "W-" in files["evidence"][0] and "W-" in readable(files["evidence"][1])
        page.get_by_role(
            "button", name="Prepare: Evidence packs: every underpaid worker (zip)"
        ).click()
        settle(page)
        name, data = click_download(page, "Evidence packs: every underpaid worker (zip)")
        files["evidence zip"] = (name, data)
        with zipfile.ZipFile(io.BytesIO(data)) as z:  # every statement and the file names
            members = z.namelist()
            assert len(members) > 1 and any("-w-" in m.lower() for m in members), members[:3]
            files["evidence zip names"] = (" ".join(members), b"")
        assert "W-" in readable(files["All events (CSV)"][1])
        assert "W-" in readable(files["Excel report (all tables)"][1])
        check_no_names(files, names)

        open_page(page, "A worker's day")
        day = {"day events": click_download(page, "Download CSV")}
        assert "-w-" in day["day events"][0], day["day events"][0]
        check_no_names(day, names)

        open_page(page, "Pay scenarios")
        union = {"scenarios": click_download(page, "Excel workbook: scenarios side by side")}
        check_no_names(union, names)

        open_page(page, "Fee per contact hour")
        # shot here, on the first visit, with the sample rota
        shoot(page, "5-commissioner-fee")
        fee = {
            "price": click_download(page, "Excel workbook"),
            "summary": click_download(page, "One-page summary for the committee"),
        }
        check_no_names(fee, names)

        page.get_by_text("Pseudonymise names").first.click()
        settle(page)

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
        page.wait_for_selector('[data-testid="stDataFrame"] >> visible=true')
        page.wait_for_selector(
            '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
        )
        assert page.locator('[data-testid="stMetricValue"]').first.inner_text().strip()
        assert page.get_by_text("Sample data").count() == 0

        open_page(page, "A worker's day")
        page.wait_for_selector('[data-testid="stVegaLiteChart"]')
        shoot(page, "3-provider-worker-day")

        open_page(page, "Pay scenarios")
        shoot(page, "4-union-scenarios")

        # A layout payfair does not know: a message in browser words and the mapping grid.
        odd = Path(profile) / "odd_layout.csv"
        text = (ROOT / "rota_samples" / "canonical_branch.csv").read_text(encoding="utf-8")
        head, _, body = text.partition("\n")
        head = head.replace("worker_id", "Who").replace("start", "Began")
        odd.write_text(head.replace("end", "Left") + "\n" + body, encoding="utf-8")
        open_page(page, "Your rota")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
            str(odd)
        )
        page.wait_for_selector("text=did not recognise the layout", timeout=TIMEOUT_MS)
        settle(page)
        message = page.locator('[data-testid="stAlertContentError"]').first.inner_text()
        for word in ("TOML", "--mapping", "payfair inspect"):
            assert word not in message, word
        assert page.get_by_text("Save this mapping").count() == 1
        shoot(page, "6-rota-unknown-layout")

        assert page.locator('[data-testid="stException"]').count() == 0
