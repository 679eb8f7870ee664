"""The try-it page in a real browser: Debian's headless Chromium driven by Selenium (through Debian's
``/usr/bin/chromedriver``, ``SE_AVOID_STATS=true``: no driver download, no usage statistics) against
a real ``docextract serve`` on 127.0.0.1 with the CPU engine.

Set ``DOCEXTRACT_WEB_SCREENSHOT=docs/images/web_page.jpg`` to write the README's screenshot.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium")
pytest.importorskip("docextract.engines.rapidocr")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from test_server import requests, start_server, stop_server, text_image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMEDRIVER = Path(os.environ.get("DOCEXTRACT_CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM = Path(os.environ.get("DOCEXTRACT_CHROMIUM", "/usr/bin/chromium"))
TOKEN = "s3cret-Token"
#: the strict server's body limit (the dense page below is about 200 kB as PNG, 390 kB as JPEG)
MAX_BODY = 300_000
DENSE_LINES = [f"LINE {i:02d} ITEM NUMBER {i * 7919 % 10000:04d} AMOUNT {i * 3.17:.2f}" for i in range(30)]
#: a generous wait for one CPU extraction on a shared machine
EXTRACT_WAIT = 180

if not (CHROMEDRIVER.is_file() and CHROMIUM.is_file()):
    pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/setup installs them)",
                allow_module_level=True)

MEMO = """\
name: memo
title: "Memo <img src=x onerror=window.pwned=3>"
description: "A note <b>with</b> markup"
languages: [en]
fields:
  - name: note
    type: text
    labels: {en: ["Note"]}
  - name: issued
    type: date
    labels: {en: ["Issued"]}
  - name: due
    type: date
    labels: {en: ["Due"]}
checks:
  - rule: date_not_future
    field: issued
  - rule: date_not_future
    field: due
    severity: warn
"""
HOSTILE_NAME = '"><img src=x onerror=window.pwned=2>.jpg'


# ------------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def schema_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("schemas")
    (folder / "memo.yaml").write_text(MEMO, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory, schema_dir):
    """The page as a user runs it locally: no token, user schemas from DOCEXTRACT_SCHEMA_PATH;
    (base URL, the folder with the server's stdout and stderr)."""
    folder = tmp_path_factory.mktemp("web")
    base, proc, _ = start_server(folder, {"DOCEXTRACT_SCHEMA_PATH": str(schema_dir)})
    yield base, folder
    stop_server(proc)


@pytest.fixture(scope="module")
def server(served) -> str:
    return served[0]


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory):
    """A token, a small body limit, one engine slot and no queue."""
    base, proc, _ = start_server(tmp_path_factory.mktemp("strict"), {
        "DOCEXTRACT_API_TOKEN": TOKEN, "DOCEXTRACT_MAX_BODY_BYTES": str(MAX_BODY),
        "DOCEXTRACT_MAX_CONCURRENCY": "1", "DOCEXTRACT_MAX_QUEUE": "0"})
    yield base
    stop_server(proc)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-US"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


# ------------------------------------------------------------------------------------------------- helpers

def open_page(driver, base: str, schemas: bool = True):
    driver.get(base + "/")
    if schemas:
        WebDriverWait(driver, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#schema option")) > 1)


def submit(driver, path: Path | list[Path] | None, schema: str | None, today: str | None = None,
           wait: float = EXTRACT_WAIT):
    """Choose the file(s) at ``path`` and ``schema``, click Extract, wait for a result or a message."""
    if schema is not None:
        Select(driver.find_element(By.ID, "schema")).select_by_value(schema)
    if today is not None:
        driver.find_element(By.CSS_SELECTOR, "#options summary").click()
        date = driver.find_element(By.ID, "opt-today")
        driver.execute_script("arguments[0].value = arguments[1]", date, today)
    if path is not None:
        paths = path if isinstance(path, list) else [path]
        driver.find_element(By.ID, "file").send_keys("\n".join(str(p) for p in paths))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "run").is_enabled())
    driver.find_element(By.ID, "run").click()
    WebDriverWait(driver, wait).until(
        lambda d: d.find_element(By.ID, "form").get_attribute("aria-busy") == "false"
        and (d.find_element(By.ID, "message").is_displayed() or d.find_element(By.ID, "result").is_displayed()))


def message(driver) -> tuple[str, str, str]:
    """(status, title, text) of the error shown."""
    box = driver.find_element(By.ID, "message")
    assert box.is_displayed()
    return (box.get_attribute("data-status"), driver.find_element(By.ID, "message-title").text,
            driver.find_element(By.ID, "message-text").text)


def page_result(driver) -> dict:
    return json.loads(driver.find_element(By.ID, "json").get_attribute("textContent"))


def rows(driver) -> dict[str, dict]:
    out = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "#fields tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        out[row.get_attribute("data-key")] = {"value": cells[1].text, "raw": cells[2].text, "conf": cells[3].text,
                                             "status": cells[4].text, "class": row.get_attribute("class")}
    return out


def boxes_expected(result: dict, page: int = 0) -> list[str]:
    """Keys of the fields and line-item cells that have a box on ``page``."""
    keys = []
    for name, field in result["fields"].items():
        if field.get("box") and field.get("page", 0) == page:
            keys.append(name)
        for i, item in enumerate(field.get("items") or []):
            keys += [f"{name}.{i}.{col}" for col, cell in item.items() if cell.get("box") and cell.get("page", 0) == page]
    return keys


def assert_nothing_ran(driver) -> None:
    assert driver.execute_script("return window.pwned === undefined")
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        alert = None
    assert alert is None
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert [s.get_attribute("src") for s in driver.find_elements(By.TAG_NAME, "script")] == [
        driver.current_url + "static/app.js"]


def console_errors(driver) -> list[dict]:
    """Errors the page logged since the last call: script errors, CSP violations (an API answer with an
    error status is logged by Chromium as a failed resource; the page shows those itself)."""
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "Failed to load resource: the server responded" not in e["message"]]


@pytest.fixture(autouse=True)
def clean_console(browser):
    console_errors(browser)
    yield
    errors = console_errors(browser)
    assert not errors, errors


# --------------------------------------------------------------------------------------------------- tests

def test_serve_says_where_the_page_is(served):
    base, folder = served
    assert f"try it in a browser at {base}/" in (folder / "server.err").read_text(encoding="utf-8")


def test_receipt_fields_checks_boxes_and_json(browser, server, downloads, tmp_path):
    open_page(browser, server)
    names = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#schema option")]
    assert {"receipt", "cn_id_card", "memo"} <= set(names)
    # a "today" before the receipt's date: the date check must fail and say so
    submit(browser, EXAMPLES / "receipt_001.jpg", "receipt", today="2019-06-01")
    assert browser.find_element(By.ID, "result").is_displayed()
    assert not browser.find_element(By.ID, "message").is_displayed()
    table = rows(browser)
    assert table["merchant_name"]["value"] == "RAYA LUCKY TRADING SDN BHD"
    assert table["date"]["value"] == "2020-03-14" and table["date"]["raw"] == "14-03-2020"
    assert table["total"]["value"] == "120.90" and table["total"]["conf"].endswith("%")
    assert table["items"]["value"] == "6 line items"
    assert table["items.2.name"]["value"] == "KOPI O PENG" and table["items.5.amount"]["value"] == "41.70"
    # the failing check: in the checks list, on its field's row, and in the verdict
    assert "check-fail" in table["date"]["class"] and "is in the future" in table["date"]["status"]
    failed = browser.find_elements(By.CSS_SELECTOR, "#checks li.fail")
    assert [f.text for f in failed] and "date_not_future" in failed[0].text and "2019-06-01" in failed[0].text
    assert browser.find_element(By.ID, "verdict").text == "1 check failed"
    # engine, model, revision, time
    facts = browser.find_element(By.ID, "facts").text
    assert "rapidocr" in facts and "receipt_001.jpg" in facts and " s on the server" in facts
    # one labelled box per field and line-item cell that has one, over the page image
    result = page_result(browser)
    expected = boxes_expected(result)
    assert len(expected) >= 30
    drawn = browser.find_elements(By.CSS_SELECTOR, "#page g.box")
    assert sorted(g.get_attribute("data-key") for g in drawn) == sorted(expected)
    assert browser.find_element(By.CSS_SELECTOR, "#page g.box[data-key=total] text").text == "total"
    image = browser.find_element(By.CSS_SELECTOR, "#page image")
    assert image.get_attribute("href").startswith("blob:")
    assert browser.find_element(By.ID, "page").get_dom_attribute("viewBox") == "0 0 625 1326"
    # hover a box: its row lights up; click a row: its box is selected
    box = browser.find_element(By.CSS_SELECTOR, "#page g.box[data-key=merchant_name] rect")
    ActionChains(browser).move_to_element(box).perform()
    assert "hl" in browser.find_element(By.CSS_SELECTOR, "#fields tr[data-key=merchant_name]").get_attribute("class")
    cell = browser.find_element(By.CSS_SELECTOR, "#page g.box[data-key='items.2.amount'] rect")
    ActionChains(browser).move_to_element(cell).perform()  # a cell inside the items box is on top of it
    assert "hl" in browser.find_element(By.CSS_SELECTOR, "#fields tr[data-key='items.2.amount']").get_attribute("class")
    assert "hl" not in browser.find_element(By.CSS_SELECTOR, "#fields tr[data-key=merchant_name]").get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, "#fields tr[data-key=total] td.name").click()
    assert "selected" in browser.find_element(By.CSS_SELECTOR, "#page g.box[data-key=total]").get_attribute("class")
    # line-item boxes can be hidden
    browser.find_element(By.ID, "show-items").click()
    visible = [g for g in browser.find_elements(By.CSS_SELECTOR, "#page g.box") if g.is_displayed()]
    assert len(visible) == len([k for k in expected if "." not in k])
    browser.find_element(By.ID, "show-items").click()
    # the JSON: as the API returned it, copied or downloaded
    assert result["schema"]["name"] == "receipt" and result["record"]["total"] == "120.90"
    browser.find_element(By.ID, "copy").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "copy-status").text)
    browser.find_element(By.ID, "download").click()
    target = downloads / "receipt_001.json"
    WebDriverWait(browser, 10).until(lambda d: target.is_file() and target.stat().st_size > 0)
    assert json.loads(target.read_text(encoding="utf-8")) == result
    browser.execute_script("window.scrollTo(0, 0)")
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    shot = tmp_path / "web_page.png"
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("DOCEXTRACT_WEB_SCREENSHOT"):  # the README's picture (a .jpg is saved as JPEG)
        from PIL import Image

        picture = Image.open(shot).convert("RGB")
        picture = picture.resize((1120, round(picture.height * 1120 / picture.width)), Image.LANCZOS)
        picture.save(os.environ["DOCEXTRACT_WEB_SCREENSHOT"], quality=82, optimize=True)
    assert_nothing_ran(browser)


def test_hostile_file_name_schema_title_and_value_render_as_text(browser, server, downloads, tmp_path):
    # a user schema whose title is markup, and a page whose printed note is a <script> element
    image = tmp_path / HOSTILE_NAME
    image.write_bytes(text_image(["Note: <script>window.pwned=1</script>", "Issued: 2099-01-05",
                                  "Due: 2098-02-01"], size=(1000, 260), font_size=36))
    open_page(browser, server)
    option = browser.find_element(By.CSS_SELECTOR, "#schema option[value=memo]")
    assert option.text == "Memo <img src=x onerror=window.pwned=3> (memo)"
    submit(browser, image, "memo")
    assert browser.find_element(By.ID, "file-name").text.startswith(HOSTILE_NAME + " · ")
    assert HOSTILE_NAME in browser.find_element(By.ID, "facts").text
    table = rows(browser)
    note = table["note"]["value"]
    assert note.startswith("<script>") and note.endswith("</script>") and "pwned" in note
    assert browser.find_element(By.CSS_SELECTOR, "#page g.box[data-key=note] title").get_attribute(
        "textContent") == "note: " + note
    # a failing check and a warning, each on its field's row
    assert "check-fail" in table["issued"]["class"] and "check-warn" in table["due"]["class"]
    assert "in the future" in table["issued"]["status"]
    assert browser.find_element(By.ID, "verdict").text == "1 check failed"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#page g.box")) == 3
    # the JSON downloads under a tame name made from the file's
    browser.find_element(By.ID, "download").click()
    target = downloads / "img_src_x_onerror_window.pwned_2_.json"
    WebDriverWait(browser, 10).until(lambda d: target.is_file() and target.stat().st_size > 0)
    assert json.loads(target.read_text(encoding="utf-8"))["fields"]["note"]["value"] == note
    assert_nothing_ran(browser)


def test_a_two_page_pdf_is_drawn_from_the_lines_read(browser, server, tmp_path):
    from PIL import Image

    pdf = tmp_path / "id card.pdf"
    front, back = (Image.open(EXAMPLES / f"{n}.jpg").convert("RGB") for n in ("cn_id_card_001", "cn_id_card_back_001"))
    front.save(pdf, "PDF", resolution=150, save_all=True, append_images=[back])
    open_page(browser, server)
    submit(browser, pdf, "cn_id_card")
    assert browser.find_element(By.ID, "result").is_displayed()
    assert browser.find_element(By.ID, "viewer-note").is_displayed()  # the browser cannot show a PDF in SVG
    assert not browser.find_elements(By.CSS_SELECTOR, "#page image")
    result = page_result(browser)
    assert len(result["pages"]) == 2
    assert rows(browser)["id_number"]["value"] == result["fields"]["id_number"]["value"]
    for page in (0, 1):
        tabs = browser.find_elements(By.CSS_SELECTOR, "#page-tabs button")
        assert [t.text for t in tabs] == ["Page 1", "Page 2"]
        tabs[page].click()
        on_page = [ln for ln in result["lines"] if ln.get("page", 0) == page]
        assert len(browser.find_elements(By.CSS_SELECTOR, "#page .lines text")) == len(on_page) > 3
        w, h = result["pages"][page]
        assert browser.find_element(By.ID, "page").get_dom_attribute("viewBox") == f"0 0 {w} {h}"
        drawn = sorted(g.get_attribute("data-key") for g in browser.find_elements(By.CSS_SELECTOR, "#page g.box"))
        assert drawn == sorted(boxes_expected(result, page))
    assert len(boxes_expected(result, 0)) >= 5


def test_two_images_are_the_pages_of_one_document(browser, server):
    front, back = EXAMPLES / "cn_id_card_001.jpg", EXAMPLES / "cn_id_card_back_001.jpg"
    open_page(browser, server)
    submit(browser, [front, back], "cn_id_card")
    assert browser.find_element(By.ID, "file-name").text == (
        f"cn_id_card_001.jpg · {round(front.stat().st_size / 1024)} kB; "
        f"cn_id_card_back_001.jpg · {round(back.stat().st_size / 1024)} kB")
    result = page_result(browser)
    assert result["pages"] == [[856, 540], [856, 540]]
    truth = json.loads((EXAMPLES / "cn_id_card_001.json").read_text(encoding="utf-8"))
    assert rows(browser)["id_number"]["value"] == truth["id_number"]
    hrefs = []
    for page in (0, 1):
        browser.find_elements(By.CSS_SELECTOR, "#page-tabs button")[page].click()
        hrefs.append(browser.find_element(By.CSS_SELECTOR, "#page image").get_attribute("href"))
        drawn = sorted(g.get_attribute("data-key") for g in browser.find_elements(By.CSS_SELECTOR, "#page g.box"))
        assert drawn == sorted(boxes_expected(result, page))
    assert hrefs[0] != hrefs[1] and all(h.startswith("blob:") for h in hrefs)  # each page shows its own file
    assert not browser.find_element(By.ID, "viewer-note").is_displayed()


def test_a_text_file_dropped_on_the_page_gets_a_clear_error(browser, server):
    open_page(browser, server)
    Select(browser.find_element(By.ID, "schema")).select_by_value("receipt")
    # what the browser does when a file is dragged onto the drop zone
    browser.execute_script("""
        const data = new DataTransfer();
        data.items.add(new File(["not a document, just text\\n"], "notes.txt", {type: "text/plain"}));
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    """)
    assert browser.find_element(By.ID, "file-name").text == "notes.txt · 26 B"
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "message").is_displayed())
    status, title, text = message(browser)
    assert status == "400"
    assert title == "“notes.txt” is not an image or PDF this server can read"
    assert "not an image or PDF" in text
    assert not browser.find_element(By.ID, "result").is_displayed()


def test_a_schema_uploaded_as_yaml(browser, server, tmp_path):
    yaml = tmp_path / "my schema.yaml"
    yaml.write_text(MEMO.replace("name: memo", "name: my_memo"), encoding="utf-8")
    image = tmp_path / "memo.png"
    image.write_bytes(text_image(["Note: pay the rent", "Issued: 2021-01-05"], size=(800, 200), font_size=36,
                                 fmt="PNG"))
    open_page(browser, server)
    Select(browser.find_element(By.ID, "schema")).select_by_value("#yaml")
    assert browser.find_element(By.ID, "schema-file").is_enabled()
    browser.find_element(By.ID, "file").send_keys(str(image))
    assert not browser.find_element(By.ID, "run").is_enabled()  # no schema file yet
    browser.find_element(By.ID, "schema-file").send_keys(str(yaml))
    submit(browser, None, None, wait=120)
    table = rows(browser)
    assert table["note"]["value"] == "pay the rent" and table["issued"]["value"] == "2021-01-05"
    assert "my_memo" in browser.find_element(By.ID, "facts").text
    assert browser.find_element(By.ID, "verdict").text == "all checks passed"
    # a broken one: the schema error, with its line
    yaml.write_text("name: bad\nfields:\n  - name: a\n    type: txt\n", encoding="utf-8")
    browser.find_element(By.ID, "schema-file").send_keys(str(yaml))
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "message").is_displayed())
    status, title, text = message(browser)
    assert (status, title) == ("422", "The schema is not valid") and "line 4" in text and "txt" in text


def test_an_unknown_schema_gets_a_clear_error(browser, server, schema_dir):
    gone = schema_dir / "gone.yaml"
    gone.write_text(MEMO.replace("name: memo", "name: gone"), encoding="utf-8")
    open_page(browser, server)
    Select(browser.find_element(By.ID, "schema")).select_by_value("gone")
    gone.unlink()  # removed on the server after the page listed it
    submit(browser, EXAMPLES / "cn_id_card_001.jpg", None, wait=60)
    status, title, text = message(browser)
    assert (status, title) == ("404", "Unknown schema") and "gone" in text
    names = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#schema option")]
    assert "gone" not in names and "memo" in names  # the list was refreshed


def test_token_is_asked_for_and_kept_in_the_tab_only(browser, strict_server):
    open_page(browser, strict_server, schemas=False)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "token-box").is_displayed())
    assert message(browser)[0] == "401"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#schema option")) == 0
    browser.find_element(By.ID, "token").send_keys("wrong")
    browser.find_element(By.ID, "token-submit").click()
    WebDriverWait(browser, 10).until(lambda d: "did not accept" in d.find_element(By.ID, "message-text").text)
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "token-submit").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#schema option")) > 1)
    assert not browser.find_element(By.ID, "token-box").is_displayed()
    assert browser.find_element(By.ID, "token").get_attribute("value") == ""
    assert browser.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    open_page(browser, strict_server, schemas=False)  # a reload forgets it
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "token-box").is_displayed())


def _with_token(browser, base):
    open_page(browser, base, schemas=False)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "token-box").is_displayed())
    browser.find_element(By.ID, "token").send_keys(TOKEN)
    browser.find_element(By.ID, "token-submit").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#schema option")) > 1)


def test_too_large_gets_a_clear_error(browser, strict_server, tmp_path):
    big = tmp_path / "dense.jpg"
    big.write_bytes(text_image(DENSE_LINES, size=(1100, 1800), font_size=32))
    assert big.stat().st_size > MAX_BODY
    _with_token(browser, strict_server)
    submit(browser, big, "receipt", wait=60)
    status, title, text = message(browser)
    assert (status, title) == ("413", "The file is too large") and f"{MAX_BODY:,}" in text


def test_busy_says_when_to_retry(browser, strict_server, tmp_path):
    """The one engine slot taken by another client: 503 with Retry-After, shown and counted down."""
    dense = text_image(DENSE_LINES, size=(1100, 1800), font_size=32, fmt="PNG")  # several seconds of OCR
    assert len(dense) < MAX_BODY
    holder: dict = {}

    def occupy():
        holder["resp"] = requests.post(strict_server + "/extract", data={"schema": "receipt"},
                                       files={"image": ("dense.png", dense, "image/png")},
                                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=EXTRACT_WAIT)

    _with_token(browser, strict_server)
    small = tmp_path / "card.jpg"
    small.write_bytes((EXAMPLES / "cn_id_card_001.jpg").read_bytes())
    thread = threading.Thread(target=occupy)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while requests.get(strict_server + "/healthz", timeout=5).json()["active"] < 1:
            assert time.monotonic() < deadline and thread.is_alive(), "the other client never took the slot"
            time.sleep(0.05)
        submit(browser, small, "cn_id_card", wait=60)
        status, title, text = message(browser)
        assert (status, title) == ("503", "The server is busy") and "retry after" in text
        assert "Retry possible in" in browser.find_element(By.ID, "status").text
        assert not browser.find_element(By.ID, "run").is_enabled()
    finally:
        thread.join(EXTRACT_WAIT)
    assert holder["resp"].status_code == 200
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "run").is_enabled())
