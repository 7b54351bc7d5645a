"""Store and API benchmark (issue #15): a store of N generated events, then the latency of ``GET /v1/events``
and ``GET /v1/stats`` over it and of ``POST /v1/extract`` on a typical article, through FastAPI's TestClient
(in-process, no network: the time is wirecoder's, not the socket's).

The events are generated, not coded: plausible wirecoder/1 records (ACLED types, places spread over 40
countries and three years, actors, tolls) saved through the store's own ``save_record`` path, so every
event is flattened, indexed and clustered as a coded one is. Run::

    .venv/bin/python bench/store_api.py --events 100000 --db /tmp/bench.db

A ``--db`` that already holds events is reused (generation is the slow part: a few ms an article).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

#: (event type, sub-event type, deaths possible) of the generated events.
KINDS = (
    ("Battles", "Armed clash", True),
    ("Explosions/Remote violence", "Air/drone strike", True),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", True),
    ("Violence against civilians", "Attack", True),
    ("Protests", "Peaceful protest", False),
)


def record(n: int, rng: random.Random) -> tuple[dict, str]:
    """One generated article with 1 to 4 events (its record and its text)."""
    aid = f"gen-{n:07d}"
    day = 18262 + rng.randrange(3 * 365)  # 2020-01-01 + up to three years
    published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
    country = rng.randrange(40)
    events = []
    for k in range(rng.randint(1, 4)):
        kind, sub, deadly = rng.choice(KINDS)
        lat, lon = -30 + country * 1.5 + rng.random(), -20 + country * 3 + rng.random()
        toll = rng.randrange(30) if deadly else None
        events.append(
            {
                "id": f"{aid}-e{k + 1}",
                "event_type": kind,
                "sub_event_type": sub,
                "modality": "asserted",
                "status": "reported",
                "date": {"start": published, "end": published, "precision": 1},
                "actor1": {"name": f"Group {rng.randrange(300)}", "canonical": None, "inter": 2},
                "actor2": {"name": "civilians", "canonical": f"Civilians (C{country})", "inter": 7},
                "associated_actors": [],
                "location": {
                    "name": f"Town {country}-{rng.randrange(200)}",
                    "geonames_id": None,
                    "lat": lat,
                    "lon": lon,
                    "country_code": f"{chr(65 + country // 26)}{chr(65 + country % 26)}",
                    "admin1": f"R{country}",
                    "precision": 1,
                },
                "fatalities": {"low": toll, "best": toll, "high": toll} if toll is not None else None,
                "evidence": [{"start": 0, "end": 10, "text": "generated"}],
                "confidence": rng.random(),
                "summary": f"{kind} in town {country}.",
            }
        )
    text = f"Generated article {n}: " + " ".join(f"word{rng.randrange(5000)}" for _ in range(60))
    rec = {
        "schema": "wirecoder/1",
        "article": {"id": aid, "title": None, "published": published, "source": "bench", "url": None, "language": "en"},
        "events": events,
        "mentions": {"places": []},
        "errors": [],
    }
    return rec, text


def fill(db: Path, n_events: int) -> int:
    """Generate articles into the store until it holds ``n_events`` events; RETURNS the events it holds."""
    from wirecoder.store.sqlite import SQLiteStore

    rng = random.Random(15)
    with SQLiteStore(db) as store:
        store.conn.execute("PRAGMA synchronous = NORMAL")  # filling only: no fsync per generated article
        have = store.count("events")
        n = store.count("articles")
        start = time.perf_counter()
        while have < n_events:
            rec, text = record(n, rng)
            store.save_record(rec, text)
            have += len(rec["events"])
            n += 1
            if n % 5000 == 0:
                print(f"  {have} events, {have / (time.perf_counter() - start):.0f}/s", file=sys.stderr)
        return have


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/wirecoder-bench.db"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from wirecoder import service
    from wirecoder.api.app import create_app

    t = time.perf_counter()
    n = fill(args.db, args.events)
    print(f"store: {n} events in {args.db} ({time.perf_counter() - t:.0f} s to fill)")
    cfg = service.load_settings()
    pipeline = service.make_pipeline(cfg)
    text = (Path(__file__).resolve().parent.parent / "examples" / "article.txt").read_text("utf-8")
    with TestClient(create_app(args.db, cfg, pipeline=pipeline)) as client:
        cases = {
            "GET /v1/events (first page, 100 rows)": lambda: client.get("/v1/events"),
            "GET /v1/events?country=AK&date_from=2021-01-01": lambda: client.get(
                "/v1/events", params={"country": "AK", "date_from": "2021-01-01"}
            ),
            "GET /v1/events?offset=90000": lambda: client.get("/v1/events", params={"offset": 90_000}),
            "GET /v1/events?sort=-fatalities": lambda: client.get("/v1/events", params={"sort": "-fatalities"}),
            "GET /v1/stats": lambda: client.get("/v1/stats"),
        }
        for name, fn in cases.items():
            ms = timed(fn, args.repeat)
            print(f"{name:55s} median {statistics.median(ms):8.1f} ms   max {max(ms):8.1f} ms")
        client.post("/v1/extract", json={"text": text, "id": "warm"})  # the first call loads nothing more: warm-up
        ms = timed(lambda: client.post("/v1/extract", json={"text": text, "id": "bench-article"}), args.repeat)
        words = len(text.split())
        print(
            f"{'POST /v1/extract (examples/article.txt, ' + str(words) + ' words)':55s} "
            f"median {statistics.median(ms):8.1f} ms   max {max(ms):8.1f} ms"
        )


if __name__ == "__main__":
    main()
