"""The embedded default store: one SQLite file (``wirecoder.db``), behind :class:`wirecoder.store.base.Store`.

Tables: ``runs`` (each run's configuration and wirecoder version), ``articles``
(with the run that coded them), ``events`` (one flat row per event: the
columns of :mod:`wirecoder.export.rows`, as in the CSV export, plus the
event's id and JSON), ``actors`` (event participants), ``places`` (toponym
mentions), ``evidence`` (event spans), ``errors`` (per-document failures with
their reason) and ``migrations``.

Re-coding an article (same id, or same text under another id) replaces its
rows in one write transaction (``BEGIN IMMEDIATE``: an upsert, so writers in
several processes over overlapping input never collide): nothing is
duplicated, and a failure half-way leaves the previous coding in place. A
failed document (unreadable, empty, a fatal stage failed) only adds its errors:
an earlier good coding of the same id is never deleted or overwritten. Rows are
inserted by column name.

The file is in WAL mode (readers never block the writer) with a busy timeout
(writers wait for each other instead of failing with "database is locked").
Schema changes are named migrations recorded in the ``migrations`` table,
applied once, in order, all pending ones in one write transaction that also
re-checks what is applied, so several processes opening a fresh store at once
migrate it exactly once. An existing SQLite file that has tables but no
``migrations`` table is not a wirecoder store: it is refused (E604) and left
byte-for-byte unchanged.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from ..about import SCHEMA_ID
from ..doc import Article
from ..errors import Errors, WirecoderError
from ..export.rows import COLUMNS, event_row
from ..registry import stores
from .base import config_hash


def _reflatten_events(conn: sqlite3.Connection) -> None:
    """Fill the rebuilt ``events`` table from the stored records (migration 0002), in the columns it has
    then (later migrations add theirs)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    for (record,) in conn.execute("SELECT record FROM articles").fetchall():
        rec = json.loads(record)
        for ev in rec["events"]:
            values = _event_values(rec["article"], ev)
            _insert(conn, "events", {k: v for k, v in values.items() if k in have})


#: Python steps that follow a migration's SQL, by migration name.
_STEPS: dict[str, Callable[[sqlite3.Connection], None]] = {"0002_runs_and_event_rows": _reflatten_events}


def _migrations() -> list[tuple[str, str, Callable[[sqlite3.Connection], None] | None]]:
    """(name, SQL, Python step or None) of every file in ``store/migrations/``, in name order."""
    folder = resources.files("wirecoder.store") / "migrations"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name[:-4], f.read_text("utf-8"), _STEPS.get(f.name[:-4])) for f in files]


#: Named migrations, in order: ``store/migrations/<name>.sql``, then a Python step or None. Never edit an
#: applied one; add a new file.
MIGRATIONS = _migrations()

#: Seconds a connection waits for another one's write lock before giving up.
BUSY_TIMEOUT = 60.0


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration script, one by one (comments and string literals respected).

    ``executescript`` would commit the open transaction first; executing statement by statement keeps
    the whole migration inside the caller's transaction.
    """
    buf = ""
    for ch in script:
        buf += ch
        if ch == ";" and sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    rest = "\n".join(line for line in buf.splitlines() if not line.strip().startswith("--")).strip()
    if rest:
        yield rest


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _insert(conn: sqlite3.Connection, table: str, values: dict) -> None:
    """Insert one row by column name."""
    columns = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" * len(values))
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))


def _event_values(article: dict, ev: dict) -> dict:
    """The ``events`` row of one event: its id, the shared flat row, its JSON."""
    return {"id": ev["id"], **event_row(article, ev), "record": json.dumps(ev, ensure_ascii=False)}


def sqlite_path(url: str) -> str:
    """The file of a SQLite store location: a plain path as given; ``sqlite:///rel.db`` -> ``rel.db``,
    ``sqlite:////abs.db`` -> ``/abs.db``, ``sqlite://`` or ``sqlite:///:memory:`` -> ``:memory:``."""
    if "://" not in url:
        return url
    rest = url.split("://", 1)[1]
    return rest[1:] if rest.startswith("/") else (rest or ":memory:")


class SQLiteStore:
    """A wirecoder SQLite database (see :class:`wirecoder.store.base.Store` for the interface).

    path (str | Path): the file (created when missing); ":memory:" for tests.
    url (str | None): the location it was opened from (defaults to ``path``).
    """

    def __init__(
        self, path: str | Path = "wirecoder.db", url: str | None = None, timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.path = str(path)
        self.url = url or self.path
        self.timeout = timeout
        self._runs: set[str] = set()
        try:
            # isolation_level=None: no implicit transactions; every write opens its own BEGIN IMMEDIATE.
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise WirecoderError(Errors.E601.format(path=self.path, reason=exc), code="E601") from exc
        try:
            self._refuse_foreign()
            self._wal()
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except WirecoderError:
            self.conn.close()
            raise
        except sqlite3.Error as exc:
            self.conn.close()
            raise WirecoderError(Errors.E601.format(path=self.path, reason=exc), code="E601") from exc

    def _tables(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]

    def _refuse_foreign(self) -> None:
        """E604 when the file holds tables but no ``migrations`` table (only reads: the file is not touched)."""
        tables = self._tables()
        if tables and "migrations" not in tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise WirecoderError(Errors.E604.format(path=self.path, tables=shown), code="E604")

    def _wal(self) -> None:
        """Switch the file to WAL mode (kept in the file); retried while another process holds it."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` (waits for other writers), commit, or roll back on error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already (disk full, ...)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet recorded, all in one write transaction; RETURNS the names applied.

        The write lock is taken before looking at what is applied, so when several processes open a
        fresh store at once one migrates it and the others find it done.
        RAISES WirecoderError: E604 when the file turns out not to be a wirecoder store.
        """
        if "migrations" in self._tables():  # the common case, a read only: nothing pending, no lock taken
            done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            if all(name in done for name, _sql, _step in MIGRATIONS):
                return []
        applied = []
        with self._write():
            self._refuse_foreign()  # again, under the lock
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            for name, sql, step in MIGRATIONS:
                if name in done:
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                if step is not None:
                    step(self.conn)
                _insert(self.conn, "migrations", {"name": name, "applied_at": _now()})
                applied.append(name)
        return applied

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def begin_run(self, config: dict, version: str) -> str:
        """Record a run: its configuration (as JSON, and its :func:`config_hash`) and the wirecoder version;
        RETURNS its id."""
        run_id = uuid.uuid4().hex
        with self._write():
            _insert(
                self.conn,
                "runs",
                {
                    "id": run_id,
                    "started": _now(),
                    "version": version,
                    "config": json.dumps(config, default=str),
                    "config_hash": config_hash(config),
                },
            )
        self._runs.add(run_id)
        return run_id

    def _check_run(self, run_id: str | None) -> None:
        if run_id is None or run_id in self._runs:
            return
        if self.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise WirecoderError(Errors.E603.format(run_id=run_id, path=self.url))
        self._runs.add(run_id)

    def save(self, article: Article, run_id: str | None = None) -> None:
        """Store one coded article, replacing any earlier coding of it, in one write transaction (an upsert).

        A failed article adds its errors only: any earlier coding of the same id (or text) stays as it
        was, so a failed re-read never loses a good coding.
        run_id (str | None): the run that coded it (:meth:`begin_run`).
        RAISES WirecoderError: E603 when ``run_id`` is not a recorded run; E605 when the database
            refuses the write (after waiting the busy timeout).
        """
        self._check_run(run_id)
        record = article.to_record()
        try:
            with self._write():  # one transaction: all or nothing, other writers wait
                self._save(article, record, run_id)
        except sqlite3.Error as exc:
            raise WirecoderError(Errors.E605.format(id=article.id, path=self.url, reason=exc), code="E605") from exc

    def _save(self, article: Article, record: dict, run_id: str | None) -> None:
        now = _now()
        if not article.failed:
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
            _insert(
                self.conn,
                "errors",
                {
                    "article_id": article.id,
                    "path": article.path,
                    "stage": err.stage,
                    "code": err.code,
                    "message": err.message,
                    "at": now,
                    "run_id": run_id,
                },
            )
        if article.failed:
            return
        a = record["article"]
        _insert(
            self.conn,
            "articles",
            {
                "id": a["id"],
                "text_hash": article.text_hash,
                "title": a["title"],
                "published": a["published"],
                "source": a["source"],
                "url": a["url"],
                "language": a["language"],
                "path": article.path,
                "text": article.text,
                "status": "ok",
                "schema": SCHEMA_ID,
                "coded_at": now,
                "record": json.dumps(record, ensure_ascii=False),
                "run_id": run_id,
            },
        )
        for ev in record["events"]:
            self._insert_event(a, ev)
        for p in record["mentions"]["places"]:
            _insert(
                self.conn,
                "places",
                {
                    "article_id": a["id"],
                    "text": p["text"],
                    "start": p["start"],
                    "end": p["end"],
                    "name": p["name"],
                    "geonames_id": p["geonames_id"],
                    "latitude": p["lat"],
                    "longitude": p["lon"],
                    "country_code": p["country_code"],
                    "admin1": p["admin1"],
                    "feature": p["feature"],
                },
            )

    def _insert_event(self, article: dict, ev: dict) -> None:
        _insert(self.conn, "events", _event_values(article, ev))
        roles = [("actor1", ev.get("actor1")), ("actor2", ev.get("actor2"))]
        roles += [("associated", x) for x in ev.get("associated_actors") or []]
        for role, actor in roles:
            if actor:
                _insert(
                    self.conn,
                    "actors",
                    {
                        "event_id": ev["id"],
                        "article_id": article["id"],
                        "role": role,
                        "name": actor.get("name"),
                        "canonical": actor.get("canonical"),
                        "category": actor.get("category"),
                        "inter": actor.get("inter"),
                        "country": actor.get("country"),
                    },
                )
        for span in ev.get("evidence") or []:
            _insert(
                self.conn,
                "evidence",
                {
                    "event_id": ev["id"],
                    "article_id": article["id"],
                    "start": span["start"],
                    "end": span["end"],
                    "text": span["text"],
                },
            )

    def _delete(self, article_id: str) -> None:
        for table in ("evidence", "actors", "places"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # ------------------------------------------------------------------ reading

    def _select(self, sql: str, where: list[str], params: list, order: str, limit: int | None, offset: int):
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + order
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, -1 if limit is None else limit, offset]
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        for values in cur:
            yield dict(zip(names, values, strict=True))

    def get_article(self, article_id: str) -> dict | None:
        """The stored wirecoder/1 record of one article; None when it is not stored."""
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def find_coded(self, article_id: str, text_hash: str, config_hash: str) -> dict | None:
        """The stored record of ``article_id`` when it was coded from the same text by a run with the same
        configuration hash; None otherwise (see :meth:`wirecoder.store.base.Store.find_coded`)."""
        row = self.conn.execute(
            "SELECT a.record FROM articles a JOIN runs r ON r.id = a.run_id "
            "WHERE a.id = ? AND a.text_hash = ? AND r.config_hash = ?",
            (article_id, text_hash, config_hash),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def articles(self, *, run_id: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        """Stored wirecoder/1 records in article id order, optionally only those a run coded."""
        where, params = (["run_id = ?"], [run_id]) if run_id is not None else ([], [])
        for row in self._select("SELECT record FROM articles", where, params, "id", limit, offset):
            yield json.loads(row["record"])

    def events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        country: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        modality: str | None = None,
        status: str | None = None,
        run_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict]:
        """Stored events matching every filter given (see :meth:`wirecoder.store.base.Store.events`)."""
        filters = [
            ("article_id = ?", article_id),
            ("event_type = ?", event_type),
            ("sub_event_type = ?", sub_event_type),
            ("iso = ?", country.upper() if country else country),
            ("COALESCE(date_end, event_date) >= ?", str(date_from) if date_from is not None else None),
            ("event_date <= ?", str(date_to) if date_to is not None else None),
            ("modality = ?", modality),
            ("status = ?", status),
            ("article_id IN (SELECT id FROM articles WHERE run_id = ?)", run_id),
        ]
        where = [cond for cond, value in filters if value is not None]
        params = [value for _, value in filters if value is not None]
        for row in self._select("SELECT * FROM events", where, params, "article_id, rowid", limit, offset):
            yield {**{c: row[c] for c in COLUMNS}, "event": json.loads(row["record"])}

    def errors(self, *, article_id: str | None = None, run_id: str | None = None) -> Iterator[dict]:
        """Recorded document failures and warnings, in the order they were recorded."""
        filters = [("article_id = ?", article_id), ("run_id = ?", run_id)]
        where = [cond for cond, value in filters if value is not None]
        params = [value for _, value in filters if value is not None]
        yield from self._select(
            "SELECT article_id, path, stage, code, message, at, run_id FROM errors", where, params, "rowid", None, 0
        )

    def runs(self) -> Iterator[dict]:
        """Recorded runs, oldest first, with their configuration parsed."""
        sql = "SELECT id, started, version, config, config_hash FROM runs"
        for row in self._select(sql, [], [], "started, rowid", None, 0):
            yield {**row, "config": json.loads(row["config"])}

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        if found.fetchone() is None:
            raise ValueError(table)
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@stores.register("sqlite")
def open_sqlite(url: str) -> SQLiteStore:
    """The SQLite store at a path or ``sqlite:///`` URL (see :func:`sqlite_path`)."""
    return SQLiteStore(sqlite_path(url), url=url)
