"""The target page in a real browser: from the register, filtered by indicator, to a target whose
reported figures are on its chart (Chromium through Playwright, a live uvicorn server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings
from corpus.store import Store
from tests.live_server import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "corpus" / "tracking" / "docs"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def playwright_api():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    return sync_api


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, playwright_api):
    from service.ingest import extract_path

    db = tmp_path_factory.mktemp("tracking") / "served.db"
    with Store(db) as store:
        for name in ("bd_nq_2020", "bd_bc_2022", "bd_bc_2024"):
            store.add(extract_path(DOCS / f"{name}.txt"))
    with serve(Settings(db=db, api_token=None, read_requires_token=False)) as url:
        yield url


def test_register_to_target_page_with_its_figures_on_the_chart(server_url, playwright_api):
    expect = playwright_api.expect
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        page.set_default_timeout(20_000)
        page.goto(server_url + "/targets")
        page.select_option("#f-indicator", "XD.KNDV")
        page.click("button[type=submit]")
        page.wait_for_url("**indicator=XD.KNDV**")
        rows = page.locator("table.items tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("82,3%")
        rows.first.locator('a[href^="/targets/"]').click()
        page.wait_for_url("**/targets/*")
        expect(page.locator("h1")).to_contain_text("9.500 đảng viên")
        expect(page.locator("#progress")).to_contain_text("82,3%")
        chart = page.locator("svg.chart")
        expect(chart).to_be_visible()
        expect(chart.locator("circle.pt-figure")).to_have_count(2)  # 4.210 (2022) and 7.820 (2024)
        expect(chart.locator("path.pt-target")).to_have_count(1)
        titles = chart.locator("a:has(circle.pt-figure) > title").all_text_contents()
        assert any("4.210" in t for t in titles) and any("7.820" in t for t in titles)
        expect(page.locator("table.linked-figures tbody tr")).to_have_count(4)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "target-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SCREENSHOTS / "target-390.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the target page is {width}px wide on a phone"
        # following the register's behind-schedule filter keeps the page working
        page.goto(server_url + "/targets?behind=1")
        expect(page.locator("#f-behind")).to_be_checked()
        browser.close()
