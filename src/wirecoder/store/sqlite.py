"""The embedded default store: one SQLite file (``wirecoder.db``).

Tables: ``articles``, ``events``, ``actors`` (event participants),
``places`` (toponym mentions), ``evidence`` (event spans), ``errors``
(per-document failures with their reason) and ``migrations``.

Re-coding an article (same id, or same text under another id) replaces its
rows in one transaction: nothing is duplicated, and a failure half-way leaves
the previous coding in place. Schema changes are named migrations recorded in
the ``migrations`` table, applied once, in order.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..about import SCHEMA_ID
from ..doc import Article
from ..errors import Errors, WirecoderError

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            text_hash TEXT NOT NULL,
            title TEXT, published TEXT, source TEXT, url TEXT, language TEXT,
            path TEXT, text TEXT NOT NULL, status TEXT NOT NULL,
            schema TEXT NOT NULL, coded_at TEXT NOT NULL, record TEXT NOT NULL
        );
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE TABLE events (
            id TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_type TEXT, sub_event_type TEXT, plover_event TEXT, plover_mode TEXT,
            modality TEXT, date_start TEXT, date_end TEXT, time_precision INTEGER,
            actor1 TEXT, actor2 TEXT, inter1 INTEGER, inter2 INTEGER,
            location TEXT, geonames_id INTEGER, latitude REAL, longitude REAL,
            country_code TEXT, admin1 TEXT, geo_precision INTEGER,
            fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER,
            source TEXT, confidence REAL, summary TEXT, record TEXT NOT NULL
        );
        CREATE UNIQUE INDEX events_article ON events(article_id, id);
        CREATE TABLE actors (
            event_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            role TEXT NOT NULL, name TEXT, canonical TEXT, category TEXT, inter INTEGER, country TEXT
        );
        CREATE INDEX actors_canonical ON actors(canonical);
        CREATE TABLE places (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT, start INTEGER, "end" INTEGER, name TEXT, geonames_id INTEGER,
            latitude REAL, longitude REAL, country_code TEXT, admin1 TEXT, feature TEXT
        );
        CREATE INDEX places_article ON places(article_id);
        CREATE TABLE evidence (
            event_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT
        );
        CREATE TABLE errors (
            article_id TEXT, path TEXT, stage TEXT, code TEXT, message TEXT, at TEXT
        );
        CREATE INDEX errors_article ON errors(article_id);
        """,
    ),
]


class Store:
    """A wirecoder SQLite database.

    path (str | Path): the file (created when missing); ":memory:" for tests.
    """

    def __init__(self, path: str | Path = "wirecoder.db") -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.Error as exc:
            raise WirecoderError(Errors.E601.format(path=self.path, reason=exc), code="E601") from exc

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet recorded; RETURNS the names applied."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.conn:
                self.conn.executescript(sql)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            applied.append(name)
        return applied

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def save(self, article: Article) -> None:
        """Store one coded article, replacing any earlier coding of it, in one transaction."""
        record = article.to_record()
        now = _now()
        with self.conn:  # one transaction: all or nothing
            old = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM articles WHERE id = ? OR (text_hash = ? AND ? != '')",
                    (article.id, article.text_hash, article.text),
                )
            ]
            for old_id in old:
                self._delete(old_id)
            self.conn.execute("DELETE FROM errors WHERE article_id = ?", (article.id,))
            for err in article.errors:
                self.conn.execute(
                    "INSERT INTO errors VALUES (?, ?, ?, ?, ?, ?)",
                    (article.id, article.path, err.stage, err.code, err.message, now),
                )
            if article.failed:
                return
            a = record["article"]
            self.conn.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a["id"],
                    article.text_hash,
                    a["title"],
                    a["published"],
                    a["source"],
                    a["url"],
                    a["language"],
                    article.path,
                    article.text,
                    "ok",
                    SCHEMA_ID,
                    now,
                    json.dumps(record, ensure_ascii=False),
                ),
            )
            for ev in record["events"]:
                self._insert_event(a["id"], ev)
            for p in record["mentions"]["places"]:
                self.conn.execute(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        a["id"],
                        p["text"],
                        p["start"],
                        p["end"],
                        p["name"],
                        p["geonames_id"],
                        p["lat"],
                        p["lon"],
                        p["country_code"],
                        p["admin1"],
                        p["feature"],
                    ),
                )

    def _insert_event(self, article_id: str, ev: dict) -> None:
        loc = ev.get("location") or {}
        date = ev.get("date") or {}
        fat = ev.get("fatalities") or {}
        plover = ev.get("plover") or {}
        a1, a2 = ev.get("actor1") or {}, ev.get("actor2") or {}
        self.conn.execute(
            "INSERT INTO events VALUES (" + ",".join("?" * 28) + ")",
            (
                ev["id"],
                article_id,
                ev["event_type"],
                ev["sub_event_type"],
                plover.get("event"),
                plover.get("mode"),
                ev["modality"],
                date.get("start"),
                date.get("end"),
                date.get("precision"),
                a1.get("canonical") or a1.get("name"),
                a2.get("canonical") or a2.get("name"),
                a1.get("inter"),
                a2.get("inter"),
                loc.get("name"),
                loc.get("geonames_id"),
                loc.get("lat"),
                loc.get("lon"),
                loc.get("country_code"),
                loc.get("admin1"),
                loc.get("precision"),
                fat.get("low"),
                fat.get("best"),
                fat.get("high"),
                (ev.get("attribution") or {}).get("source"),
                ev.get("confidence"),
                ev.get("summary"),
                json.dumps(ev, ensure_ascii=False),
            ),
        )
        roles = [("actor1", ev.get("actor1")), ("actor2", ev.get("actor2"))]
        roles += [("associated", x) for x in ev.get("associated_actors") or []]
        for role, actor in roles:
            if actor:
                self.conn.execute(
                    "INSERT INTO actors VALUES (?,?,?,?,?,?,?,?)",
                    (
                        ev["id"],
                        article_id,
                        role,
                        actor.get("name"),
                        actor.get("canonical"),
                        actor.get("category"),
                        actor.get("inter"),
                        actor.get("country"),
                    ),
                )
        for span in ev.get("evidence") or []:
            self.conn.execute(
                "INSERT INTO evidence VALUES (?,?,?,?,?)",
                (ev["id"], article_id, span["start"], span["end"], span["text"]),
            )

    def _delete(self, article_id: str) -> None:
        for table in ("evidence", "actors", "places"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # ------------------------------------------------------------------ reading

    def records(self) -> Iterator[dict]:
        """Every stored article's wirecoder/1 record, in id order."""
        for (rec,) in self.conn.execute("SELECT record FROM articles ORDER BY id"):
            yield json.loads(rec)

    def count(self, table: str) -> int:
        if table not in {"articles", "events", "actors", "places", "evidence", "errors"}:
            raise ValueError(table)
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
