"""``wirecoder watch``: feeds served from a local HTTP server on 127.0.0.1, and a drop folder; only new items
are coded, unchanged feeds answer 304 to conditional requests, a failing feed does not stop the others."""

from __future__ import annotations

import http.server
import json
import os
import sqlite3
import threading
import time

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.ingest.watch import PassReport, parse_duration, sources_of

runner = CliRunner()

ITEM = """<item><title>{title}</title><link>http://example.org/{slug}</link><guid>urn:wire:{slug}</guid>
<pubDate>Fri, 05 Mar 2021 10:00:00 GMT</pubDate><description>{text}</description></item>"""
TEXTS = {
    "goma": "Rebels attacked an army convoy near Goma on Friday, killing four soldiers, officials said.",
    "lagos": "Police fired tear gas at protesters in Lagos on Saturday, injuring at least ten people.",
    "mosul": "Troops clashed with militants near Mosul on Sunday; three soldiers were killed, the army said.",
}


def _feed(*slugs: str) -> bytes:
    items = "".join(ITEM.format(title=s.title(), slug=s, text=TEXTS[s]) for s in slugs)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()


def print_nothing(*_: object) -> None:
    """The request handler's log: silent."""


class _Server:
    """Feeds on 127.0.0.1: ``/wire.rss`` (with an ETag, answering 304 to a matching If-None-Match),
    ``/down.rss`` (HTTP 500), ``/page.rss`` (an HTML page, not a feed)."""

    def __init__(self) -> None:
        self.feed = _feed("goma", "lagos")
        self.requests: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        server = self

        def send(handler, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            if etag:
                handler.send_header("ETag", etag)
            handler.end_headers()
            handler.wfile.write(body)

        def get(handler) -> None:
            server.requests.append((handler.path, handler.headers.get("If-None-Match")))
            if handler.path == "/wire.rss":
                etag = f'"{hash(server.feed) & 0xFFFF:x}"'
                if handler.headers.get("If-None-Match") == etag:
                    handler.send_response(304)
                    handler.end_headers()
                    return
                send(handler, 200, server.feed, "application/rss+xml", etag)
            elif handler.path == "/page.rss":
                send(handler, 200, b"<!DOCTYPE html><html><body><p>Welcome</p></body></html>", "text/html")
            else:
                send(handler, 500, b"oops", "text/plain")

        # the standard library calls do_GET and log_message by name
        handler = type("Handler", (http.server.BaseHTTPRequestHandler,), {"do_GET": get, "log_message": print_nothing})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    s = _Server()
    yield s
    s.close()


def _articles(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in con.execute("SELECT id FROM articles"))
    finally:
        con.close()


def test_watch_feeds_codes_only_new_items_and_survives_a_failing_feed(tmp_path, server):
    feeds = tmp_path / "feeds.txt"
    free_port = f"http://127.0.0.1:{_closed_port()}/gone.rss"
    feeds.write_text(
        f"# wire services\n{server.url}/wire.rss\n\n{server.url}/down.rss\n{server.url}/page.rss  # not a feed\n"
        f"{free_port}\n",
        "utf-8",
    )
    db = tmp_path / "w.db"
    args = ["watch", str(feeds), "--once", "--db", str(db)]

    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output  # some feeds failed; the good one was coded all the same
    assert _articles(db) == ["urn:wire:goma", "urn:wire:lagos"]
    last = first.stderr.strip().splitlines()[-1]
    assert last == "pass 1: 4 source(s); 2 new item(s): coded 2; 3 source(s) failed (E116 1, E119 2)"
    assert "HTTP 500" in first.stderr and f"'{free_port}'" in first.stderr

    # unchanged: a conditional request answered 304, nothing coded
    server.requests.clear()
    second = runner.invoke(app, args)
    assert "pass 1: 4 source(s), 1 unchanged; 0 new item(s); 3 source(s) failed" in second.stderr
    wire = [inm for path, inm in server.requests if path == "/wire.rss"]
    assert len(wire) == 1 and wire[0] is not None
    runs = sqlite3.connect(db).execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    assert runs == 1  # a pass with nothing new records no run

    # one new item: only it is coded; the two seen ones are not coded again
    server.feed = _feed("mosul", "goma", "lagos")
    con = sqlite3.connect(db)
    coded_at = dict(con.execute("SELECT id, coded_at FROM articles"))
    third = runner.invoke(app, args)
    assert "1 new item(s): coded 1" in third.stderr
    assert _articles(db) == ["urn:wire:goma", "urn:wire:lagos", "urn:wire:mosul"]
    assert {k: v for k, v in con.execute("SELECT id, coded_at FROM articles") if k in coded_at} == coded_at
    # the store remembers each source's state
    state = dict(con.execute("SELECT source, error FROM watch_sources"))
    assert state[f"{server.url}/wire.rss"] is None and state[f"{server.url}/down.rss"].startswith("[E119]")


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_watch_a_drop_folder_takes_new_files_once_they_settle(tmp_path):
    drop = tmp_path / "drop"
    (drop / "day1").mkdir(parents=True)
    old = time.time() - 60

    def put(name: str, data: str, settled: bool = True) -> None:
        path = drop / name
        path.write_text(data, "utf-8")
        if settled:
            os.utime(path, (old, old))

    put("day1/goma.txt", TEXTS["goma"])
    put("day1/wire.jsonl", json.dumps({"id": "r1", "text": TEXTS["lagos"]}) + "\n")
    put("empty.txt", "")
    db = tmp_path / "w.db"
    args = ["watch", str(drop), "--once", "--db", str(db)]
    first = runner.invoke(app, args)
    assert first.exit_code == 1  # the empty file failed (E101), reported once
    assert first.stderr.strip().splitlines()[-1] == "pass 1: 1 source(s); 3 new item(s): coded 2, failed 1 (E101 1)"
    assert _articles(db) == ["day1/goma", "r1"]

    put("day2.txt", TEXTS["mosul"])
    put("partial.txt", "Troops", settled=False)  # still being copied in: waits for a later pass
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert second.stderr.strip().splitlines()[-1] == "pass 1: 1 source(s); 1 new item(s): coded 1"
    assert _articles(db) == ["day1/goma", "day2", "r1"]

    put("partial.txt", TEXTS["mosul"].replace("Mosul", "Kirkuk"))
    third = runner.invoke(app, args)
    assert third.stderr.strip().splitlines()[-1] == "pass 1: 1 source(s); 1 new item(s): coded 1"
    assert _articles(db) == ["day1/goma", "day2", "partial", "r1"]


def test_watch_targets_and_durations(tmp_path):
    assert parse_duration("15m") == 900 and parse_duration("30s") == 30 and parse_duration("2") == 2
    assert parse_duration("1.5h") == 5400
    for bad in ("0", "fast", "-1m"):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert sources_of("https://example.org/feed.xml") == ["https://example.org/feed.xml"]
    listing = tmp_path / "feeds.txt"
    listing.write_text("http://a.org/rss\nhttp://a.org/rss\n", "utf-8")
    assert sources_of(str(listing)) == ["http://a.org/rss"]
    listing.write_text("http://a.org/rss\n/etc/passwd\n", "utf-8")
    result = runner.invoke(app, ["watch", str(listing), "--once", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2 and "[E120]" in result.stderr and "/etc/passwd" in result.stderr
    result = runner.invoke(app, ["watch", str(tmp_path / "nothing"), "--once", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2 and "[E120]" in result.stderr
    result = runner.invoke(app, ["watch", str(tmp_path), "--every", "soon", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2
    report = PassReport(sources=2, unchanged=1)
    assert report.line() == "2 source(s), 1 unchanged; 0 new item(s)"


def test_the_store_keeps_validators_through_a_failed_pass_and_seen_items_once(tmp_path):
    from wirecoder.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "w.db") as store:
        assert store.watch_state("http://a.org/rss")["etag"] is None
        store.save_watch_state("http://a.org/rss", '"v1"', "Mon, 01 Mar 2021 00:00:00 GMT")
        store.save_watch_state("http://a.org/rss", error="[E119] Feed 'http://a.org/rss' could not be fetched")
        state = store.watch_state("http://a.org/rss")
        assert (state["etag"], state["error"][:6]) == ('"v1"', "[E119]")  # the next request is still conditional
        store.save_watch_state("http://a.org/rss", '"v2"', None)
        assert store.watch_state("http://a.org/rss")["error"] is None
        store.mark_seen("http://a.org/rss", ["a", "b"])
        store.mark_seen("http://a.org/rss", ["b", "c"])
        assert store.seen_items("http://a.org/rss", ["a", "c", "d"]) == {"a", "c"}
        assert store.seen_items("http://other.org/rss", ["a"]) == set()
        many = [f"item{i}" for i in range(1200)]
        store.mark_seen("http://a.org/rss", many[::2])
        assert len(store.seen_items("http://a.org/rss", many)) == 600
