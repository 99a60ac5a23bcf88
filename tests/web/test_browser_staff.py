"""In a real browser (Debian's Chromium through Playwright) against a real server: an editor
signs in, confirms one target and corrects another on the document page, and sees them marked,
then uploads a copy of the document from the upload page and is told it is the same document;
screenshots of the sign-in page and the corrected document go to `screenshots/`."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import Settings
from corpus import accounts
from corpus.store import Store
from service.ingest import extract_path
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


def test_an_editor_signs_in_and_corrects_a_target(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    db = tmp_path / "browser.db"
    with Store(db) as store:
        document_id, _ = store.add(extract_path(SAMPLE))
        accounts.add(store.db, "bien_tap", "editor", "mật-khẩu-dài")
        targets = store.get(document_id)["targets"]
    assert len(targets) >= 2
    SCREENSHOTS.mkdir(exist_ok=True)
    with serve(Settings(db=db)) as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{url}/documents/{document_id}")
            assert "Cần mã truy cập hoặc đăng nhập" in page.content()
            page.click("text=Đăng nhập >> nth=-1")
            page.wait_for_url("**/login**")
            page.screenshot(path=str(SCREENSHOTS / "login-1366.png"), full_page=True)
            page.fill("#name", "bien_tap")
            page.fill("#password", "mật-khẩu-dài")
            page.click("form[action='/login'] button[type=submit]")
            page.wait_for_url(f"**/documents/{document_id}")
            assert page.locator("header .who").inner_text() == "bien_tap"

            first, second = targets[0]["id"], targets[1]["id"]
            page.locator(f"form:has(input[name=item_id][value='{first}']) button[data-action=confirm]").click()
            page.wait_for_url("**saved=confirm**")
            assert page.locator("#saved").inner_text() == "Đã xác nhận mục."
            row = page.locator(f"tr:has(input[name=item_id][value='{first}'])")
            assert "Đã xác nhận" in row.locator(".reviewed").inner_text()

            editor = page.locator(f"details:has(input[name=item_id][value='{second}'])")
            editor.locator("summary").click()
            editor.locator("input[name=value]").fill("1.234")
            editor.locator("button[type=submit]").click()
            page.wait_for_url("**saved=correct**")
            row = page.locator(f"tr:has(input[name=item_id][value='{second}'])")
            assert "Đã sửa" in row.locator(".reviewed").inner_text()
            assert "1.234" in row.locator("td.num").inner_text()
            page.screenshot(path=str(SCREENSHOTS / "document-corrected-1366.png"), full_page=True)

            # Uploads from the page go through the session (its CSRF token in a header): the same
            # document as another file is said to be one record.
            page.goto(f"{url}/upload")
            page.set_input_files("#files", [{"name": "ban-sao.txt", "mimeType": "text/plain",
                                             "buffer": SAMPLE.read_bytes() + b"\n"}])
            page.click("#start")
            sync_api.expect(page.locator("#queue li.done")).to_contain_text("Cùng văn bản đã có trong kho")
        finally:
            browser.close()
    with Store(db) as store:
        record = store.get(document_id)
        stored = {t["id"]: t for t in record["targets"]}
        assert store.count() == 1
    assert stored[first]["reviewed"]["by"] == "bien_tap" and stored[second]["value"] == 1234
    assert sorted(f["filename"] for f in record["files"]) == ["001_kh_nghean_2024.txt", "ban-sao.txt"]
