"""The staff pages in a real browser (Debian's Chromium through Playwright) against a real uvicorn
server on a loopback port and a temporary SQLite file: upload → search → document → unit → CSV.

Screenshots of every page at laptop (1366×900) and phone (390×844) widths go to `screenshots/`
at the repository root. Skipped only when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from api.settings import Settings
from tests.live_server import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "samples" / "001_kh_nghean_2024.txt"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


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
def browser(playwright_api):
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, playwright_api):
    db = tmp_path_factory.mktemp("browser") / "served.db"
    with serve(Settings(db=db, api_token=None, read_requires_token=False)) as url:
        yield url


DROPPED_TEXT = (
    "Huyện Tiên Lãng kết nạp 120 đảng viên mới\n"
    "Năm 2023, Đảng bộ huyện Tiên Lãng đã kết nạp được 120 đảng viên mới, đạt 104% chỉ tiêu.\n"
)
# Drop a file on the drop zone the way a browser does (a DataTransfer holding a File).
DROP_A_FILE = """({name, text}) => {
    const data = new DataTransfer();
    data.items.add(new File([text], name, {type: "text/plain"}));
    const zone = document.getElementById("dropzone");
    zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
    zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
}"""


def a_zip() -> bytes:
    """A file type the API refuses (415): a ZIP archive that is not a DOCX."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải văn bản")
    return buffer.getvalue()


def shoot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url}: the page is {scroll_width}px wide at {width}px"


def test_upload_search_read_and_export_in_a_browser(browser, server_url, playwright_api):
    expect = playwright_api.expect
    expect.set_options(timeout=30_000)  # the first upload loads the extraction pipeline
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    visited: dict[str, str] = {}

    page.goto(server_url + "/")
    expect(page.get_by_role("heading", name="Tìm trong văn bản")).to_be_visible()
    shoot(page, "home", 1366)
    visited["home"] = "/"

    # upload: one good file and one the API refuses; each gets its own result
    page.goto(server_url + "/upload")
    page.set_input_files(
        "#files",
        [
            {"name": SAMPLE.name, "mimeType": "text/plain", "buffer": SAMPLE.read_bytes()},
            {"name": "luu-tru.zip", "mimeType": "application/zip", "buffer": a_zip()},
        ],
    )
    page.evaluate(DROP_A_FILE, {"name": "tin-ngan.txt", "text": DROPPED_TEXT})  # drag and drop
    expect(page.locator("#queue li")).to_have_count(3)
    expect(page.locator("#start")).to_have_text("Tải lên 3 tệp")
    page.click("#start")
    done = page.locator("#queue li.done")
    expect(done).to_have_count(2)
    expect(done.filter(has_text="tin-ngan.txt")).to_contain_text("Đã lưu")
    done = done.filter(has_text=SAMPLE.name)
    expect(done).to_contain_text("Đã lưu")
    expect(done).to_contain_text("245-KH/TU")
    failed = page.locator("#queue li.failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("luu-tru.zip")
    expect(failed).to_contain_text("Loại tệp không được hỗ trợ")
    document_href = done.locator("a").get_attribute("href")
    assert document_href and document_href.startswith("/documents/")
    shoot(page, "upload", 1366)
    visited["upload"] = "/upload"

    # search without diacritics from the box in the page
    page.goto(server_url + "/")
    page.fill("#q", "phat trien dang vien")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=phat+trien+dang+vien")
    hit = page.locator(f'.hits a.doctitle[href="{document_href}"]')
    expect(hit).to_be_visible()
    expect(page.locator(".hit mark").first).to_be_visible()
    shoot(page, "search", 1366)
    visited["search"] = "/search?q=phat+trien+dang+vien"

    # the document: a highlighted target is visible, and a side-table row jumps to its words
    hit.click()
    page.wait_for_url(f"**{document_href}")
    expect(page.locator(".doc-head h1")).to_be_visible()
    target = page.locator(".doc-text .hl-target").first
    expect(target).to_be_visible()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    row_link = page.locator(".doc-side tr[data-href] a").nth(1)
    anchor = row_link.get_attribute("href")
    row_link.click()
    expect(page.locator(f".doc-text {anchor}")).to_be_in_viewport()
    page.uncheck('input[data-toggle="target"]')  # the legend hides a colour
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    page.check('input[data-toggle="target"]')
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "document", 1366)
    visited["document"] = document_href

    # a unit of the document: its place in the tree and a chart
    unit_link = page.locator('.doc-side a[href^="/units/"]').filter(has_text="Thành ủy Vinh").first
    unit_href = unit_link.get_attribute("href")
    unit_link.click()
    page.wait_for_url(f"**{unit_href}")
    expect(page.locator(".crumbs")).to_contain_text("Tỉnh ủy Nghệ An")
    expect(page.locator("svg.chart").first).to_be_visible()
    shoot(page, "unit", 1366)
    visited["unit"] = unit_href

    # targets: the table and its CSV (UTF-8 with a byte-order mark, Vietnamese intact)
    page.goto(server_url + "/targets")
    expect(page.locator("table.items tbody tr").first).to_be_visible()
    with page.expect_download() as download_info:
        page.click("#csv-link")
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "245-KH/TU" in text and "đảng viên" in text
    shoot(page, "targets", 1366)
    visited["targets"] = "/targets"

    response = page.goto(server_url + "/documents/999999")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
    shoot(page, "not-found", 1366)
    visited["not-found"] = "/documents/999999"
    context.close()

    # the same pages on a phone: nothing wider than the screen, tables scroll inside their box
    phone = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    phone.set_default_timeout(20_000)
    page = phone.new_page()
    for name, path in visited.items():
        page.goto(server_url + path)
        if name == "upload":  # the same file again: already stored
            page.set_input_files("#files", str(SAMPLE))
            page.click("#start")
            expect(page.locator("#queue li.done")).to_contain_text("Đã có trong kho")
        no_sideways_scroll(page, PHONE["width"])
        shoot(page, name, PHONE["width"])
    phone.close()


def test_upload_through_a_worker_in_a_browser(browser, playwright_api, empty_postgres, redis_url, tmp_path):
    """With a broker the upload page follows each file's job until a worker is done with it."""
    import os
    import signal
    import subprocess
    import sys

    expect = playwright_api.expect
    expect.set_options(timeout=60_000)  # the worker builds the extraction pipeline first
    files = tmp_path / "files"
    env = os.environ | {"VANBAN_DB": empty_postgres, "VANBAN_BROKER": redis_url, "VANBAN_FILES": str(files)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--name", "browser@test"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    settings = Settings(db=empty_postgres, broker=redis_url, files=files, api_token=None, read_requires_token=False)
    try:
        with serve(settings) as url:
            context = browser.new_context(viewport=LAPTOP, locale="vi-VN")
            page = context.new_page()
            page.goto(url + "/upload")
            page.set_input_files(
                "#files",
                [
                    {"name": SAMPLE.name, "mimeType": "text/plain", "buffer": SAMPLE.read_bytes()},
                    {"name": "luu-tru.zip", "mimeType": "application/zip", "buffer": a_zip()},
                ],
            )
            page.click("#start")
            done = page.locator("#queue li.done")
            expect(done).to_have_count(1)
            expect(done).to_contain_text("Đã lưu")
            expect(done).to_contain_text("245-KH/TU")
            failed = page.locator("#queue li.failed")
            expect(failed).to_have_count(1)
            expect(failed).to_contain_text("luu-tru.zip")
            href = done.locator("a").get_attribute("href")
            page.goto(url + href)
            original = page.locator(f'a[href="/api{href}/file"]')
            expect(original).to_contain_text(SAMPLE.name)
            context.close()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)


@pytest.fixture(scope="module")
def samples_server(tmp_path_factory, playwright_api):
    from tests.web.conftest import ingest

    db = tmp_path_factory.mktemp("browser-samples") / "samples.db"
    ingest(db)
    with serve(Settings(db=db, api_token=None, read_requires_token=False)) as url:
        yield url


def test_issue_15_register_and_unit_page_at_390_px(browser, samples_server):
    phone = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    phone.set_default_timeout(20_000)
    page = phone.new_page()
    page.goto(samples_server + "/targets")
    no_sideways_scroll(page, PHONE["width"])
    cells = page.locator("table.items.wide tbody tr").first.locator("td")
    assert cells.count() == page.locator("table.items.wide thead th").count() >= 6  # one cell per column
    for i in range(cells.count()):  # every value of a row is on the screen, not cut off at its right
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (i, box)
    issuer = page.locator("table.items.wide .issuer").first
    assert issuer.is_visible() and issuer.inner_text().strip()
    shoot(page, "targets-issue15", PHONE["width"])
    page.goto(samples_server + "/units")
    no_sideways_scroll(page, PHONE["width"])
    page.locator("details.province > summary").first.click()  # a province opens on a tap
    unit_link = page.locator("details.province[open] a[href^='/units/']").first
    assert unit_link.is_visible()
    page.goto(samples_server + unit_link.get_attribute("href"))
    no_sideways_scroll(page, PHONE["width"])
    assert page.locator("#docs-title").is_visible() and page.locator("#mentioned-title").is_visible()
    shoot(page, "unit-issue15", PHONE["width"])
    phone.close()


def test_unit_page_chooses_the_measure_charted_at_390_px(browser, samples_server, playwright_api):
    """A unit with more measures than charts: staff pick one from the list and see its chart alone."""
    expect = playwright_api.expect
    phone = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    phone.set_default_timeout(20_000)
    page = phone.new_page()
    page.goto(samples_server + "/units?q=Th%C3%A0nh+%E1%BB%A7y+Vinh")
    page.locator(".unit-found").get_by_role("link", name="Thành ủy Vinh", exact=True).click()
    page.wait_for_url("**/units/*")
    choice = page.locator("#f-measure")
    expect(choice).to_be_visible()
    expect(page.locator(".chart-legend")).to_contain_text("đường nối các mức phải đạt")
    options = choice.locator("option")
    assert options.count() > page.locator("#charts svg.chart").count() + 1  # more measures than charts
    wanted = options.nth(2)
    key, text = wanted.get_attribute("value"), wanted.inner_text()
    choice.select_option(key)
    page.locator(".measure-choice button[type=submit]").click()
    page.wait_for_url(f"**measure={key}**")
    expect(page.locator("#charts svg.chart")).to_have_count(1)
    expect(page.locator("#charts figcaption strong").first).to_have_text(text.split(" (")[0])
    expect(page.locator("#f-measure")).to_have_value(key)
    no_sideways_scroll(page, PHONE["width"])
    shoot(page, "unit-measure", PHONE["width"])
    phone.close()
