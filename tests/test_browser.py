"""What a person sees: the Datasette pages in headless Chromium (Debian's chromium
and chromium-driver; nothing is downloaded)."""

import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from test_publish_package import small_package  # noqa: F401  (fixture)
from test_serve import server  # noqa: F401  (fixture)

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("headless browser tests need Debian's packages: "
                    "apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--window-size=1280,2000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def visible_rows(driver) -> list[dict]:
    """The result table as a person reads it: header texts -> cell texts, row by row."""
    table = WebDriverWait(driver, 15).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
    headers = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    out = []
    for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]
        out.append(dict(zip(headers, cells)))
    return out


def test_a_resolution_page_shows_its_paragraphs_in_order(server, browser):  # noqa: F811
    base, db = server
    with sqlite3.connect(db) as con:
        symbol, language = con.execute("SELECT symbol, language FROM resolutions "
                                       "WHERE language = 'zh' ORDER BY symbol").fetchone()
        expected = con.execute("SELECT clause_id, text FROM clauses WHERE symbol = ? AND "
                               "language = ? ORDER BY ordinal", (symbol, language)).fetchall()
    query = urllib.parse.urlencode({"symbol": symbol, "language": language})
    browser.get(f"{base}/resolution?{query}")
    shown = visible_rows(browser)
    assert [(r["clause_id"], r["text"]) for r in shown] == [(c, " ".join(t.split()))
                                                          for c, t in expected]
    assert browser.find_element(By.TAG_NAME, "h1").text.strip() == \
        "A resolution, paragraph by paragraph"


def test_a_search_in_chinese_finds_the_paragraph(server, browser):  # noqa: F811
    base, db = server
    with sqlite3.connect(db) as con:
        symbol, clause_id, text = con.execute(
            "SELECT symbol, clause_id, text FROM clauses WHERE language = 'zh' AND length(text) "
            "> 40 ORDER BY symbol DESC, ordinal DESC").fetchone()
    needle = text[12:17]
    browser.get(f"{base}/search")
    box = WebDriverWait(browser, 15).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "input[name='q']")))
    box.clear()
    box.send_keys(needle)
    box.submit()
    WebDriverWait(browser, 15).until(lambda d: "q=" in d.current_url)
    shown = visible_rows(browser)
    assert (symbol, clause_id) in {(r["symbol"], r["at"]) for r in shown}
    assert all(needle in r["text"] for r in shown)
    assert urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)["q"] == [needle]
