"""How fast the web page loads over a large store: generate N stored events, serve them, time the page.

    .venv/bin/python bench/web_load.py [--events 100000] [--db /tmp/web-bench.db] [--runs 3]

1. Generates a SQLite store of ``--events`` events (5 per article) by varying the coded example
   (examples/article.txt): event types from the taxonomy, places from the gazetteer's towns of over
   100,000 people, dates over three years, tolls and confidences at random (seeded). Rows go in through
   the store's own flattening (export/rows.py), in bulk, so the generation takes about a minute, not the
   hours of coding that many texts.
2. Starts ``wirecoder serve`` on 127.0.0.1 and times the page's reads (clusters, timeline, table page,
   options, one event) and ``GET /v1/events``.
3. With Chromium and Playwright present, loads the page headless ``--runs`` times and reports the time
   until the map's markers, the timeline and the first table page are drawn, and the bytes transferred.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(db: Path, n_events: int, seed: int = 17) -> None:
    """Write a store of ``n_events`` events (5 per article) at ``db``."""
    from wirecoder import service
    from wirecoder.events import taxonomy
    from wirecoder.export.rows import event_row
    from wirecoder.gazetteer.index import get_gazetteer
    from wirecoder.store.sqlite import SQLiteStore

    rng = random.Random(seed)
    pipeline = service.make_pipeline()
    text = (ROOT / "examples" / "article.txt").read_text("utf-8")
    template = service.code_text(text, pipeline, id="template").to_record()
    base_event = template["events"][0]
    towns = (
        get_gazetteer()
        .con.execute(
            "SELECT id, name, lat, lon, cc, admin1 FROM places WHERE feature LIKE 'P.%' AND population > 100000 "
            "AND cc IS NOT NULL ORDER BY id"
        )
        .fetchall()
    )
    subtypes = list(taxonomy.subtypes().items())
    start = date(2021, 1, 1)
    db.unlink(missing_ok=True)
    store = SQLiteStore(db)
    conn = store.conn
    columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    conn.execute("BEGIN")
    n_articles = (n_events + 4) // 5
    made = 0
    for a in range(n_articles):
        art = {
            **template["article"],
            "id": f"bench-{a:06d}",
            "title": f"Generated article {a}",
            "published": (start + timedelta(days=rng.randrange(1095))).isoformat(),
        }
        events = []
        for e in range(min(5, n_events - made)):
            sub, row = rng.choice(subtypes)
            gid, name, lat, lon, cc, admin1 = rng.choice(towns)
            precision = rng.choice((1, 1, 1, 2, 3))
            day = (date.fromisoformat(art["published"]) - timedelta(days=rng.randrange(3))).isoformat()
            best = rng.choice((0, 0, 1, 2, 3, 5, 10, 25))
            events.append(
                {
                    **base_event,
                    "id": f"{art['id']}-e{e + 1}",
                    "event_type": row["event_type"],
                    "sub_event_type": sub,
                    "plover": taxonomy.plover_map().get(sub),
                    "date": {"start": day, "end": day, "precision": 1, "text": base_event["date"]["text"]},
                    "location": {
                        "name": name,
                        "geonames_id": gid,
                        "lat": lat + rng.uniform(-0.05, 0.05),
                        "lon": lon + rng.uniform(-0.05, 0.05),
                        "country_code": cc,
                        "admin1": admin1,
                        "precision": precision,
                    },
                    "fatalities": {**base_event["fatalities"], "low": best, "best": best, "high": best}
                    if best
                    else None,
                    "confidence": round(rng.random(), 3),
                }
            )
        made += len(events)
        record = {**template, "article": art, "events": events}
        conn.execute(
            "INSERT INTO articles (id, text_hash, title, published, source, url, language, path, text, status, "
            "schema, coded_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', 'wirecoder/1', ?, ?)",
            (
                art["id"],
                f"h{a}",
                art["title"],
                art["published"],
                art["source"],
                art["url"],
                "en",
                None,
                text,
                "2026-01-01",
                json.dumps(record),
            ),
        )
        rows = []
        for ev in events:
            values = {"id": ev["id"], **event_row(art, ev), "record": json.dumps(ev)}
            rows.append([values.get(c) for c in columns])
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * len(columns))})", rows)
    conn.execute("COMMIT")
    store.close()


def _get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        size = len(r.read())
    return (time.perf_counter() - t0) * 1000, size


def time_reads(base: str) -> dict:
    reads = {
        "GET /v1/ui/options": "/v1/ui/options",
        "GET /v1/ui/clusters (world, zoom 2)": "/v1/ui/clusters?zoom=2&bbox=-180,-85,180,85",
        "GET /v1/ui/clusters (zoom 6 view)": "/v1/ui/clusters?zoom=6&bbox=30,30,45,40",
        "GET /v1/ui/timeline": "/v1/ui/timeline",
        "GET /v1/ui/events (first page, by date)": "/v1/ui/events?limit=50",
        "GET /v1/ui/events (country filter, by deaths)": "/v1/ui/events?country=NG&sort=fatalities&limit=50",
        "GET /v1/ui/event (one card)": "/v1/ui/event?article_id=bench-000042&event_id=bench-000042-e1",
        "GET /v1/review/queue": "/v1/review/queue?limit=20",
        "GET /v1/events (limit 100)": "/v1/events?limit=100",
    }
    out = {}
    for name, path in reads.items():
        times = []
        for _ in range(3):
            ms, size = _get(base + path)
            times.append(ms)
        out[name] = {"median_ms": round(statistics.median(times), 1), "bytes": size}
    return out


def time_page(base: str, runs: int) -> dict | None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(chromium).exists():
        return None
    loads, transferred = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready]", timeout=120000)
            page.wait_for_selector(".leaflet-marker-icon", timeout=120000)
            page.wait_for_function(
                "document.querySelector('#events-table').dataset.total !== undefined "
                "&& document.querySelector('#timeline').dataset.days !== undefined",
                timeout=120000,
            )
            loads.append((time.perf_counter() - t0) * 1000)
            transferred.append(
                page.evaluate(
                    "performance.getEntriesByType('resource').reduce((a, e) => a + e.transferSize, 0)"
                    " + performance.getEntriesByType('navigation')[0].transferSize"
                )
            )
            context.close()
        browser.close()
    return {
        "runs_ms": [round(x) for x in loads],
        "median_ms": round(statistics.median(loads)),
        "bytes_transferred": int(statistics.median(transferred)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/wirecoder-web-bench.db"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse --db when it exists")
    args = parser.parse_args()
    if not (args.keep and args.db.exists()):
        t0 = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.events} events in {time.perf_counter() - t0:.1f} s -> {args.db}", file=sys.stderr)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirecoder", "serve", "--db", str(args.db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                _get(base + "/v1/health")
                break
            except OSError:
                time.sleep(0.2)
        result = {"events": args.events, "reads": time_reads(base), "page_load": time_page(base, args.runs)}
    finally:
        proc.terminate()
        proc.wait(10)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
