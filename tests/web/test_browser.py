"""The page in a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright against
``wirecoder serve`` on 127.0.0.1, over a store seeded with the bundled example and a small corpus.

Every request the page makes to anything but the test server is aborted and recorded, so the tests
also prove that the page works with no network. Screenshots go to ``test-artifacts/web/`` (gitignored).
Without Chromium or Playwright the tests skip with a message; under CI (``CI`` set) they fail instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.web.seed import ROOT, seed_store

ARTIFACTS = ROOT / "test-artifacts" / "web"


def _chromium() -> str:
    """The Chromium to drive, or skip (fail under CI) with what is missing."""
    path = os.environ.get("WIRECODER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python (pip install playwright)")
    if not Path(path).exists():
        missing.append("Chromium (apt-get install chromium, or WIRECODER_CHROMIUM=/path/to/chromium)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must have them (.ci/run installs them)")
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path, *options: str):
    """``wirecoder serve`` over ``db`` in its own process on a free loopback port; yields its base URL."""
    port = _free_port()
    cmd = [sys.executable, "-m", "wirecoder", "serve", "--db", str(db), "--port", str(port), *options]
    env = {k: v for k, v in os.environ.items() if k != "WIRECODER_TOKEN"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/v1/health", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the server did not start: " + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, pipeline) -> Path:
    """A store seeded with the example and the corpus, never written to (servers get copies)."""
    _chromium()
    return seed_store(tmp_path_factory.mktemp("browser") / "seed.db", pipeline)


@pytest.fixture(scope="module")
def server(seeded, tmp_path_factory):
    """The server the tests share (they add reviews and articles to its store); RETURNS its base URL."""
    db = tmp_path_factory.mktemp("served") / "w.db"
    shutil.copy(seeded, db)
    with serving(db) as base:
        yield base


def api(server: str, path: str, **params) -> dict | str:
    with urllib.request.urlopen(f"{server}{path}?{urlencode(params)}", timeout=30) as r:
        body = r.read().decode("utf-8")
    return body if path.endswith(".csv") else json.loads(body)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page (1366 x 768, a laptop screen) whose requests off the test server are aborted."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1:"):  # the test servers; nothing else
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.blocked = blocked
    pg.errors = errors
    yield pg
    context.close()
    assert blocked == [], f"the page tried to reach other hosts: {blocked}"
    assert errors == [], f"script errors: {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_page(page, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector("body[data-ready]", timeout=20000)
    page.wait_for_selector(".leaflet-marker-icon", timeout=20000)
    page.wait_for_function("document.querySelector('#events-table').dataset.total !== undefined")


def located_total(server: str, **filters) -> int:
    rows = api(server, "/v1/events", limit=1000, **filters)["events"]
    return sum(1 for r in rows if r["latitude"] is not None)


def test_markers_appear_for_the_seed_with_no_network(page, server):
    open_page(page, server)
    counts = page.eval_on_selector_all(".cluster-marker", "els => els.map(e => Number(e.dataset.count))")
    singles = page.locator(".event-marker").count()
    assert sum(counts) + singles == located_total(server) > 0
    assert page.locator("#map").get_attribute("data-total") == str(located_total(server))
    assert int(page.locator("#events-table").get_attribute("data-total")) == api(server, "/v1/events")["total"]
    assert int(page.locator("#timeline").get_attribute("data-days")) >= 5
    assert page.locator("#timeline rect").count() >= 5
    # the basemap is drawn from the vendored Natural Earth borders (a canvas), with no tile layer
    assert page.locator(".leaflet-tile").count() == 0 and page.locator(".leaflet-overlay-pane canvas").count() == 1
    shot(page, "01-page")


def test_marker_opens_its_card_with_the_evidence_highlighted(page, server):
    open_page(page, server, "?view=7,-1.3,36.8")
    marker = page.locator('.event-marker[data-article="ke-protest"]')
    assert marker.get_attribute("data-precision") == "1" and page.locator(".event-marker .mk-ring").count() == 0
    marker.focus()  # markers are reachable with the keyboard: Tab to one, Enter opens its card
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel:not([hidden]) .article mark")
    assert "Protests" in page.inner_text("#panel-title")
    fields = page.eval_on_selector_all(
        ".article mark[data-field]", "els => els.map(e => [e.dataset.field, e.textContent])"
    )
    found = {f for f, _ in fields}
    assert {"actor1", "place"} <= found
    assert ["place", "Nairobi"] in fields
    colours = page.eval_on_selector_all(
        ".article mark[data-field]",
        "els => Object.fromEntries(els.map(e => [e.dataset.field, getComputedStyle(e).backgroundColor]))",
    )
    assert len(set(colours.values())) == len(colours)  # each field in its own colour
    assert page.locator(".article mark.ev").count() >= 1  # the event's evidence sentence
    legend = page.eval_on_selector_all(".fields-legend li", "els => els.map(e => e.textContent)")
    assert "place" in legend and "actor 1" in legend
    assert "event=ke-protest%2F" in page.url or "event=ke-protest/" in page.url
    shot(page, "02-evidence")


def test_the_card_lists_every_report_of_the_event(page, server):
    rows = api(server, "/v1/events", article_id="sy-shelling")["events"]
    open_page(page, server, f"?event=sy-shelling/{rows[0]['event']['id']}")
    page.wait_for_selector("#panel:not([hidden]) .source-list li")
    assert "Reports of this event (2)" in page.inner_text("#card")
    items = page.locator(".source-list li")
    assert items.count() == 2 and "5 dead" in items.nth(0).inner_text() and "5 dead" in items.nth(1).inner_text()
    page.locator(".source-list").scroll_into_view_if_needed()
    shot(page, "03-sources")
    page.click(".source-list li >> text=Open")
    page.wait_for_selector('#panel[data-event^="sy-shelling-2-"]')
    assert "Maarat al-Numan" in page.inner_text(".article")


def test_a_place_with_several_events_lists_them(page, server):
    open_page(page, server, "?view=9,35.8,36.6")  # the two reports of the Idlib shelling share one spot
    cluster = page.locator('.cluster-marker[data-count="2"]')
    cluster.click()
    page.wait_for_selector(".cell-list li button")
    assert page.locator(".cell-list li").count() == 2
    page.wait_for_timeout(400)  # the popup's fade-in
    shot(page, "04-same-place")
    page.click('.cell-list button[data-article="sy-shelling-2"]')
    page.wait_for_selector('#panel[data-event^="sy-shelling-2-"]')


def test_a_province_is_drawn_as_an_area_not_a_pin(page, server):
    # Zamfara state (precision 3), with the type filter so that its one attack stands alone
    open_page(page, server, "?view=7,12.2,6.0&event_type=Violence+against+civilians")
    marker = page.locator('.event-marker[data-article="ng-attack"]')
    assert marker.get_attribute("data-precision") == "3"
    assert marker.locator(".mk-ring").count() == 1
    assert page.locator(".leaflet-overlay-pane svg path").count() >= 1  # the dashed area around it
    shot(page, "05-province")


def test_filters_change_the_counts_and_live_in_the_url(page, server):
    open_page(page, server)
    before = int(page.locator("#events-table").get_attribute("data-total"))
    nigeria = api(server, "/v1/events", country="NG")["total"]
    assert 0 < nigeria < before
    page.select_option("#f-country", "NG")
    page.wait_for_function(f"document.querySelector('#events-table').dataset.total === '{nigeria}'")
    page.wait_for_function(f"document.querySelector('#map').dataset.total === '{located_total(server, country='NG')}'")
    assert "country=NG" in page.url
    assert page.locator("#events-table tbody tr").count() == nigeria
    assert set(
        page.eval_on_selector_all("#events-table tbody tr td:nth-child(6)", "els => els.map(e => e.textContent)")
    ) == {"Nigeria"}
    shot(page, "06-filtered")
    # the link restores the same view
    page.goto(page.url)
    page.wait_for_selector("body[data-ready]")
    page.wait_for_function(f"document.querySelector('#events-table').dataset.total === '{nigeria}'")
    assert page.input_value("#f-country") == "NG"
    page.fill("#f-actor", "Taliban")
    page.press("#f-actor", "Enter")
    page.wait_for_function("document.querySelector('#events-table').dataset.total === '0'")


def test_timeline_brush_filters_the_dates(page, server):
    open_page(page, server)
    total = int(page.locator("#events-table").get_attribute("data-total"))
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + 30)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, box["y"] + 30, steps=5)
    page.mouse.up()
    page.wait_for_function("location.search.includes('date_from=') && location.search.includes('date_to=')")
    page.wait_for_function(f"Number(document.querySelector('#events-table').dataset.total) < {total}")
    assert page.locator("#timeline .brush").count() == 1
    date_from = page.input_value("#f-date_from")
    assert date_from >= "2019-01-01"  # the right end of the timeline: the 2020 corpus, not the 2017 example
    shot(page, "07-brushed")


def test_review_queue_by_keyboard_corrects_and_rejects(page, server):
    queue = api(server, "/v1/review/queue", limit=5)["events"]
    first, second = queue[0], queue[1]
    open_page(page, server)
    page.fill("#reviewer", "tk")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("q")
    page.wait_for_selector(f"#panel:not([hidden])[data-event={json.dumps(first['event_id'])}]")
    page.keyboard.press("e")
    page.wait_for_selector("#edit:not([hidden])")
    for field in ("#e-fat_best", "#e-fat_low", "#e-fat_high"):
        page.fill(field, "9")
    page.click("#edit button[type=submit]")
    page.wait_for_selector("#card .badge.corrected")
    rows = api(server, "/v1/events", article_id=first["article_id"])["events"]
    row = next(r for r in rows if r["event"]["id"] == first["event_id"])
    assert row["fatalities"] == 9 and row["reviewed"] == "corrected"
    exported = list(csv.DictReader(io.StringIO(api(server, "/v1/events.csv", article_id=first["article_id"]))))
    line = next(r for r in exported if r["event_id_cnty"].endswith(first["event_id"]))
    assert line["fatalities"] == "9" and line["reviewed"] == "corrected"
    shot(page, "08-corrected")
    # next in the queue is the second lowest confidence; reject it with r
    total = api(server, "/v1/events")["total"]
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("q")
    page.wait_for_selector(f"#panel[data-event={json.dumps(second['event_id'])}]")
    page.keyboard.press("r")
    page.wait_for_function(f"!location.search.includes({json.dumps(second['event_id'])})")
    assert api(server, "/v1/events")["total"] == total - 1
    assert [r["event_id"] for r in api(server, "/v1/reviews")["rejected"]] == [second["event_id"]]


def test_code_an_article_from_the_page(page, server):
    open_page(page, server)
    before = int(page.locator("#events-table").get_attribute("data-total"))
    page.click("#code-open")
    page.fill(
        "#c-text",
        "Soldiers clashed with Islamic State fighters near Mosul on Sunday, killing four militants, "
        "the Iraqi army said.",
    )
    page.fill("#c-published", "2020-02-03")
    page.click("#c-submit")
    page.wait_for_function("document.querySelector('#c-status').textContent.startsWith('Coded 1 of 1')", timeout=120000)
    page.wait_for_function(f"Number(document.querySelector('#events-table').dataset.total) > {before}")
    shot(page, "09-coded")
    assert api(server, "/v1/events", country="IQ", date_from="2020-02-01")["total"] >= 1


def test_upload_html_and_jsonl_files_from_the_page(page, server, tmp_path):
    html = tmp_path / "story.html"
    html.write_text(
        "<html><head><title>Clashes in Kandahar</title><script>var x = 1;</script></head><body><nav>Home</nav>"
        "<p>Afghan forces clashed with Taliban fighters in Kandahar on Monday, killing six insurgents, "
        "officials said.</p></body></html>",
        "utf-8",
    )
    lines = [
        {"id": "up-1", "published": "2020-03-02", "text": "Protesters marched in Lagos on Sunday against fuel prices."},
        {"id": "up-2", "published": "2020-03-03", "text": "Police fired tear gas at protesters in Accra on Monday."},
    ]
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")

    def coded_articles() -> set[str]:
        return {r["article_id"] for r in api(server, "/v1/events", all_events="true", limit=1000)["events"]}

    before = coded_articles()
    open_page(page, server)
    page.click("#code-open")
    page.set_input_files("#c-file", str(html))
    page.fill("#c-published", "2020-03-02")
    page.click("#c-submit")
    page.wait_for_function("document.querySelector('#c-status').textContent.startsWith('Coded 1 of 1')", timeout=120000)
    [new] = coded_articles() - before
    article = api(server, f"/v1/articles/{new}")
    assert article["article"]["title"] == "Clashes in Kandahar"  # the HTML's title; its text is the body's
    assert any((e["location"] or {}).get("country_code") == "AF" for e in article["events"])
    text = api(server, "/v1/ui/event", article_id=new, event_id=article["events"][0]["id"])["article"]["text"]
    assert "Afghan forces clashed" in text and "var x" not in text and "Home" not in text
    page.set_input_files("#c-file", str(jsonl))
    page.click("#c-submit")
    page.wait_for_function("document.querySelector('#c-status').textContent.startsWith('Coded 2 of 2')", timeout=120000)
    assert page.eval_on_selector("#c-progress", "p => [p.value, p.max]") == [2, 2]
    for line in lines:
        assert api(server, f"/v1/articles/{line['id']}")["article"]["published"] == line["published"]


def test_writes_need_the_token_on_a_server_that_has_one(page, seeded, tmp_path):
    db = tmp_path / "t.db"
    shutil.copy(seeded, db)
    with serving(db, "--token", "s3cret", "--public-read") as base:
        rows = api(base, "/v1/events", article_id="af-clash")["events"]
        asked: list[str] = []

        def answer(dialog):
            asked.append(dialog.message)
            dialog.accept("s3cret")

        page.on("dialog", answer)
        open_page(page, base, f"?event=af-clash/{rows[0]['event']['id']}")  # reads are public
        page.wait_for_selector("#panel:not([hidden])")
        page.fill("#reviewer", "tk")
        page.click("#rv-accept")
        page.wait_for_selector("#card .badge.accepted")
        assert len(asked) == 1 and "token" in asked[0]  # asked once, on the 401, then kept
        assert api(base, "/v1/events", article_id="af-clash")["events"][0]["reviewed"] == "accepted"
