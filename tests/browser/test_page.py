"""The search page in a real browser: Playwright driving Debian's Chromium, headless.

`make test` installs Chromium (apt) and Playwright (pip); where Chromium is missing the
test is skipped with the reason, never passed silently.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from api.app import create_app
from index.settings import Settings
from tests.conftest import ROOT, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (make test installs it)")


@pytest.fixture(scope="module")
def server(corpus_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(corpus_index[0], data)
    with serving(create_app(replace(Settings.from_env(), data_dir=data, api_token=None))) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_search_page_finds_the_pandemic_deviations(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    assert page.title().startswith("rapportsök")
    page.wait_for_function("document.getElementById('namnd').options.length > 1")  # filters from the index
    assert "Norrmalms stadsdelsnämnd" in page.locator("#namnd").inner_text()

    page.locator("#q").fill("vilka aktiviteter har avvikelser om pandemin")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results li")
    assert page.locator("#interpretation").inner_text() == "Tolkning: Aktiviteter · avvikelse · ämne: pandemin"
    assert page.locator("#status").inner_text() == "4 träffar"
    hits = page.locator("#results li")
    assert hits.count() == 4
    for i in range(4):
        hit = hits.nth(i)
        assert "Avvikelse" in hit.locator(".hit-head").inner_text()
        assert hit.locator("mark").count() >= 1  # coronapandemin / coronaviruset marked
        cite = hit.locator(".cite").inner_text()
        assert "Tertialrapport 1 2020" in cite and "Kommunstyrelsen" in cite and "rad " in cite
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-page.png"), full_page=True)

    # Keyboard: tab to the first "Visa i sammanhang" and open it; Escape closes.
    hits.nth(0).locator("button", has_text="Visa i sammanhang").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#passage")
    dialog.locator(".focus").wait_for()
    assert "Målet:" in dialog.inner_text() and dialog.locator("pre.ctx").count() >= 1
    assert dialog.locator("mark").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "passage-in-context.png"))
    page.keyboard.press("Escape")
    assert not dialog.is_visible()

    # "Sammanfatta": a cited draft of the result set; each [n] opens its passage.
    page.locator("#summarise").click()
    dialog.locator(".draft").wait_for()
    assert dialog.locator("h2").inner_text() == "Sammanfattning (utkast)"
    assert dialog.locator(".draft .ref").count() >= 4 and dialog.locator(".sources li").count() == 4
    page.screenshot(path=str(ARTIFACTS / "summary-draft.png"))
    dialog.locator(".draft .ref").first.click()
    dialog.locator(".focus").wait_for()
    page.keyboard.press("Escape")

    # "Relaterade aktiviteter" on a hit.
    hits.nth(0).locator("button", has_text="Relaterade aktiviteter").click()
    dialog.locator(".group, p").first.wait_for()
    assert dialog.locator("h2").inner_text() == "Relaterat i andra rapporter"
    page.keyboard.press("Escape")

    # A narrow window still shows the results.
    page.set_viewport_size({"width": 420, "height": 900})
    assert page.locator("#results li").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "search-page-narrow.png"), full_page=True)
