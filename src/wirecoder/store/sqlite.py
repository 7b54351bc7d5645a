"""The embedded default store: one SQLite file (``wirecoder.db``), behind :class:`wirecoder.store.base.Store`.

Tables: ``runs`` (each run's configuration and wirecoder version), ``articles``
(with the run that coded them), ``events`` (one flat row per event: the
columns of :mod:`wirecoder.export.rows`, as in the CSV export, plus the
event's id and JSON), ``actors`` (event participants), ``places`` (toponym
mentions), ``evidence`` (event spans), ``errors`` (per-document failures with
their reason), ``clusters`` (cross-article event clusters, :mod:`wirecoder.cluster`; each event row
names its ``cluster_id`` and the cluster's ``n_sources``), ``cluster_splits``, the near-duplicate tables
``article_minhash``, ``article_bands``, ``article_links``, ``watch_sources`` and ``watch_seen`` (what
``wirecoder watch`` remembers, :mod:`wirecoder.ingest.watch`), and ``migrations``.

Re-coding an article (same id, or same text under another id) replaces its
rows in one write transaction (``BEGIN IMMEDIATE``: an upsert, so writers in
several processes over overlapping input never collide): nothing is
duplicated, and a failure half-way leaves the previous coding in place. The
same transaction links the article to an earlier copy of its text (MinHash/LSH) and puts its events in
clusters: a new article joins existing clusters and nothing else is recoded. A
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
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path

from ..about import SCHEMA_ID
from ..cluster import match, minhash
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


def _recluster_all(conn: sqlite3.Connection) -> None:
    """Migration 0005: fill the new columns of every stored event (rows flattened anew from the records), then
    link near-duplicate articles and cluster their events, article by article in id order."""
    conn.execute("DELETE FROM events")
    _reflatten_events(conn)
    cfg = match.settings()
    for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY id").fetchall():
        _link_copy(conn, article_id, cfg)
        _cluster_article(conn, article_id, cfg)


#: Python steps that follow a migration's SQL, by migration name.
_STEPS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0002_runs_and_event_rows": _reflatten_events,
    "0005_acled_columns_and_clusters": _recluster_all,
}


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
#: Events a store holds before its first ``ANALYZE`` (:meth:`SQLiteStore._refresh_stats`).
ANALYZE_FROM = 1000


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


# ---------------------------------------------------------------------- near duplicates and clusters


def _link_copy(conn: sqlite3.Connection, article_id: str, cfg: dict) -> None:
    """Store the article's MinHash signature and LSH band keys, and link it to the earliest stored article
    (by id) whose text it copies (:mod:`wirecoder.cluster.minhash`)."""
    row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None or not row[0].strip():
        return
    sig = minhash.signature(row[0], cfg)
    keys = minhash.band_keys(sig, int(cfg["near_duplicates"]["bands"]))
    found: set[str] = set()
    for band, key in keys:
        found.update(
            r[0]
            for r in conn.execute(
                "SELECT article_id FROM article_bands WHERE band = ? AND key = ? AND article_id != ?",
                (band, key, article_id),
            )
        )
    best: tuple[str, float] | None = None
    for other in sorted(found):
        blob = conn.execute("SELECT signature FROM article_minhash WHERE article_id = ?", (other,)).fetchone()
        if blob is None:
            continue
        sim = minhash.similarity(sig, minhash.from_blob(blob[0]))
        if sim >= float(cfg["near_duplicates"]["threshold"]) and (best is None or sim > best[1]):
            best = (other, sim)
    _insert(conn, "article_minhash", {"article_id": article_id, "signature": minhash.to_blob(sig)})
    conn.executemany(
        "INSERT INTO article_bands (band, key, article_id) VALUES (?, ?, ?)", [(b, k, article_id) for b, k in keys]
    )
    if best is not None:
        original = conn.execute("SELECT duplicate_of FROM article_links WHERE article_id = ?", (best[0],)).fetchone()
        duplicate_of = original[0] if original else best[0]  # a copy of a copy links to the first
        _insert(
            conn,
            "article_links",
            {"article_id": article_id, "duplicate_of": duplicate_of, "similarity": round(best[1], 4)},
        )


def _copy_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT duplicate_of FROM article_links WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _event_report(conn: sqlite3.Connection, row: dict) -> match.Report:
    return match.Report.from_row(row, copy_of=_copy_of(conn, row["article_id"]))


def _rows(conn: sqlite3.Connection, sql: str, params: tuple | list) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur]


def _members(conn: sqlite3.Connection, cluster_id: str) -> list[match.Report]:
    """A cluster's members, its founder first, then in the order they joined."""
    rows = _rows(conn, "SELECT * FROM events WHERE cluster_id = ? ORDER BY rowid", (cluster_id,))
    founder = conn.execute("SELECT founder FROM clusters WHERE id = ?", (cluster_id,)).fetchone()
    reports = [_event_report(conn, r) for r in rows]
    return sorted(reports, key=lambda r: r.key != (founder[0] if founder else None))


def _splits_of(conn: sqlite3.Connection, key: str) -> set[tuple[str, str]]:
    return {
        (a, b)
        for a, b in conn.execute(
            "SELECT event_a, event_b FROM cluster_splits WHERE event_a = ? OR event_b = ?", (key, key)
        )
    }


def _new_cluster_id(conn: sqlite3.Connection, founder: str) -> str:
    """The founder's stable cluster id; a numbered variant when a cluster already has that id (its founder
    was split off or recoded apart while other members stayed)."""
    cid, n = match.cluster_id(founder), 1
    while conn.execute("SELECT 1 FROM clusters WHERE id = ?", (cid,)).fetchone() is not None:
        n += 1
        cid = match.cluster_id(f"{founder}#{n}")
    return cid


def _place_cluster(conn: sqlite3.Connection, row: dict, cfg: dict) -> str:
    """Put one stored event in a cluster (an existing one it agrees with, else its own); RETURNS the id."""
    report = _event_report(conn, row)
    candidates: dict[str, list[match.Report]] = {}
    if report.iso and report.start:
        slack = timedelta(days=int(cfg["date"]["slack_days"]))
        lo, hi = (report.start - slack).isoformat(), ((report.end or report.start) + slack).isoformat()
        # clusters starting more than date.max_span_days earlier are not looked at: the look-up stays an index
        # range however long the store's history
        oldest = (report.start - slack - timedelta(days=int(cfg["date"]["max_span_days"]))).isoformat()
        for (cid,) in conn.execute(
            "SELECT id FROM clusters WHERE iso = ? AND date_start >= ? AND date_start <= ? AND date_end >= ? "
            "ORDER BY id",
            (report.iso, oldest, hi, lo),
        ):
            candidates[cid] = _members(conn, cid)
    chosen = match.best_cluster(report, candidates, _splits_of(conn, report.key), cfg)
    if chosen is not None:
        cid = chosen[0]
    else:
        cid = _new_cluster_id(conn, report.key)
        conn.execute(
            "INSERT INTO clusters (id, n_events, n_sources, founder, updated_at) VALUES (?, 0, 0, ?, ?)",
            (cid, report.key, _now()),
        )
    conn.execute("UPDATE events SET cluster_id = ? WHERE event_id_cnty = ?", (cid, report.key))
    _refresh_cluster(conn, cid, cfg)
    return cid


def _cluster_article(conn: sqlite3.Connection, article_id: str, cfg: dict) -> set[str]:
    """Cluster a newly stored article's events (those :func:`wirecoder.cluster.match.clusterable`), in record
    order; RETURNS the clusters they joined or founded."""
    rows = _rows(conn, "SELECT * FROM events WHERE article_id = ? ORDER BY rowid", (article_id,))
    return {_place_cluster(conn, row, cfg) for row in rows if match.clusterable(row)}


def _refresh_cluster(conn: sqlite3.Connection, cluster_id: str, cfg: dict) -> None:
    """Recompute a cluster's row from its members (deleted when it has none) and its members' ``n_sources``."""
    members = _members(conn, cluster_id)
    if not members:
        conn.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
        return
    summary = match.summarise(members, cfg)
    sets = ", ".join(f'"{k}" = ?' for k in summary)
    conn.execute(f"UPDATE clusters SET {sets}, updated_at = ? WHERE id = ?", [*summary.values(), _now(), cluster_id])
    conn.execute("UPDATE events SET n_sources = ? WHERE cluster_id = ?", (summary["n_sources"], cluster_id))


def _fix_founder(conn: sqlite3.Connection, cluster_id: str) -> None:
    """Give a cluster whose founding event is gone (its article coded anew without it) its first member as the
    founder, the event that stands for it in per-cluster exports; its id does not change."""
    row = conn.execute(
        "SELECT founder FROM clusters WHERE id = ? AND founder NOT IN "
        "(SELECT event_id_cnty FROM events WHERE cluster_id = ?)",
        (cluster_id, cluster_id),
    ).fetchone()
    if row is not None:
        first = conn.execute("SELECT MIN(rowid), event_id_cnty FROM events WHERE cluster_id = ?", (cluster_id,))
        conn.execute("UPDATE clusters SET founder = ? WHERE id = ?", (first.fetchone()[1], cluster_id))


def _order(sort: str | None) -> str:
    """ORDER BY of an events query: ``sort`` is a column of the flat row, ``-`` first for descending (checked by
    the caller); by article then record order without one, and as the tie-break."""
    if not sort:
        return "article_id, rowid"
    column = sort.lstrip("-")
    if column not in COLUMNS:
        raise ValueError(sort)
    return f'"{column}" {"DESC" if sort.startswith("-") else "ASC"} NULLS LAST, article_id, rowid'


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

    #: The driver's errors that a refused write raises (answered as E605).
    DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
    #: The LIMIT value that means no limit (a query with an offset but no limit).
    NO_LIMIT: int | None = -1

    def __init__(
        self, path: str | Path = "wirecoder.db", url: str | None = None, timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.path = str(path)
        self.url = url or self.path
        self.timeout = timeout
        self._runs: set[str] = set()
        self.cluster_cfg = match.settings()
        self._wrote = False
        try:
            # isolation_level=None: no implicit transactions; every write opens its own BEGIN IMMEDIATE.
            # check_same_thread=False: a streamed API response reads on whichever worker thread runs the next chunk
            # (one request at a time per connection).
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
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
        self._wrote = True
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
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
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

    def configure_clusters(self, overrides: dict | None) -> None:
        """Clustering settings from the configuration's ``[cluster]`` section (``max_km``, ``slack_days``)."""
        self.cluster_cfg = match.settings(overrides)

    def close(self) -> None:
        """Release the store; after writes, refresh the query planner's statistics when they are stale."""
        if self._wrote:
            self._refresh_stats()
        self.conn.close()

    def _refresh_stats(self) -> None:
        """``ANALYZE`` when the events table has at least doubled since the planner's statistics were taken
        (and holds at least :data:`ANALYZE_FROM` rows). Without statistics SQLite may read a whole large table
        through an index that filters nothing (``modality = 'asserted'``) instead of the selective one
        (``iso``); re-analysing at each doubling costs a constant amount of work per stored event."""
        rows = self.conn.execute("SELECT MAX(rowid) FROM events").fetchone()[0] or 0
        known = 0
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            stat = self.conn.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' LIMIT 1").fetchone()
            known = int(stat[0].split()[0]) if stat else 0
        if rows >= max(2 * known, ANALYZE_FROM):
            # another writer holding the lock past the busy timeout: the next writer's close analyses
            with suppress(sqlite3.OperationalError):
                self.conn.execute("ANALYZE")

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
        except self.DB_ERRORS as exc:
            raise WirecoderError(Errors.E605.format(id=article.id, path=self.url, reason=exc), code="E605") from exc

    def save_record(self, record: dict, text: str, run_id: str | None = None) -> None:
        """Store a wirecoder/1 record coded elsewhere (saved predictions, another machine) with the text it was
        coded from, exactly as :meth:`save` stores a coded article (links, clusters, one transaction)."""
        self._check_run(run_id)
        a = record["article"]
        article = Article(id=a["id"], text=text, title=a.get("title"), source=a.get("source"), url=a.get("url"))
        try:
            with self._write():
                self._save(article, record, run_id)
        except self.DB_ERRORS as exc:
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
            touched: set[str] = set()
            for old_id in old:
                touched |= self._delete(old_id)
            for cid in sorted(touched):  # before the new events look for clusters: an emptied one is gone
                _refresh_cluster(self.conn, cid, self.cluster_cfg)
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
        _link_copy(self.conn, a["id"], self.cluster_cfg)
        _cluster_article(self.conn, a["id"], self.cluster_cfg)
        for cid in sorted(touched):
            _fix_founder(self.conn, cid)
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
        roles += [("associated2", x) for x in ev.get("associated_actors_2") or []]
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

    def _delete(self, article_id: str) -> set[str]:
        """Delete an article's rows; RETURNS the clusters its events were in (to refresh)."""
        clusters = {
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT cluster_id FROM events WHERE article_id = ? AND cluster_id IS NOT NULL", (article_id,)
            )
        }
        for table in ("evidence", "actors", "places"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        for table in ("article_minhash", "article_bands", "article_links"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return clusters

    # ------------------------------------------------------------------ reading

    def _select(self, sql: str, where: list[str], params: list, order: str, limit: int | None, offset: int):
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + order
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, self.NO_LIMIT if limit is None else limit, offset]
        yield from self._stream(sql, params)

    def _stream(self, sql: str, params: list) -> Iterator[dict]:
        """The rows of a query as dicts, read as they are iterated (a SQLite cursor steps through the table)."""
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

    def has_failed(self, article_id: str) -> bool:
        """True when the store holds errors of ``article_id`` and no coding of it: a document that failed (it was
        unreadable, empty, or a fatal stage failed) and has not been coded since. A restarted run tries it again."""
        row = self.conn.execute(
            "SELECT 1 FROM errors WHERE article_id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE id = ?) LIMIT 1",
            (article_id, article_id),
        ).fetchone()
        return row is not None

    def articles(self, *, run_id: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        """Stored wirecoder/1 records in article id order, optionally only those a run coded."""
        where, params = (["run_id = ?"], [run_id]) if run_id is not None else ([], [])
        for row in self._select("SELECT record FROM articles", where, params, "id", limit, offset):
            yield json.loads(row["record"])

    def _where(self, filters: dict) -> tuple[list[str], list]:
        """SQL conditions and parameters of the ``Store.events`` filters given (None = not given)."""
        f = {k: v for k, v in filters.items() if v is not None}
        conds: list[tuple[str, list]] = []
        simple = (
            ("article_id", "article_id = ?"),
            ("event_type", "event_type = ?"),
            ("sub_event_type", "sub_event_type = ?"),
            ("admin1", "lower(admin1) = lower(?)"),
            ("modality", "modality = ?"),
            ("status", "status = ?"),
            ("cluster_id", "cluster_id = ?"),
            ("min_sources", "n_sources >= ?"),
        )
        conds += [(sql, [f[name]]) for name, sql in simple if name in f]
        if "country" in f:
            conds.append(("iso = ?", [f["country"].upper()]))
        if "date_from" in f:
            conds.append(("COALESCE(date_end, event_date) >= ?", [str(f["date_from"])]))
        if "date_to" in f:
            conds.append(("event_date <= ?", [str(f["date_to"])]))
        if "actor" in f:
            like = "%" + f["actor"].lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conds.append(
                (
                    "(lower(actor1) LIKE ? ESCAPE '\\' OR lower(actor2) LIKE ? ESCAPE '\\' "
                    "OR lower(assoc_actor_1) LIKE ? ESCAPE '\\')",
                    [like] * 3,
                )
            )
        if "bbox" in f:
            west, south, east, north = f["bbox"]
            lon = "longitude BETWEEN ? AND ?" if west <= east else "(longitude >= ? OR longitude <= ?)"
            conds.append((f"latitude BETWEEN ? AND ? AND {lon}", [south, north, west, east]))
        if "run_id" in f:
            conds.append(("article_id IN (SELECT id FROM articles WHERE run_id = ?)", [f["run_id"]]))
        if f.get("per_cluster"):
            conds.append(("event_id_cnty IN (SELECT founder FROM clusters)", []))
        return [c for c, _ in conds], [v for _, values in conds for v in values]

    def events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        modality: str | None = None,
        status: str | None = None,
        actor: str | None = None,
        min_sources: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        cluster_id: str | None = None,
        per_cluster: bool | None = None,
        run_id: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict]:
        """Stored events matching every filter given (see :meth:`wirecoder.store.base.Store.events`)."""
        filters = dict(locals())
        for name in ("self", "sort", "limit", "offset"):
            filters.pop(name)
        where, params = self._where(filters)
        for row in self._select("SELECT * FROM events", where, params, _order(sort), limit, offset):
            out = {**{c: row.get(c) for c in COLUMNS}, "event": json.loads(row["record"])}
            if per_cluster:  # the cluster's dates and fatalities stand for all its reports
                cluster = self.conn.execute(
                    "SELECT date_start, date_end, fatalities_best, fatalities_high FROM clusters WHERE id = ?",
                    (row["cluster_id"],),
                ).fetchone()
                out["event_date"], out["date_end"], out["fatalities"], out["fatalities_high"] = cluster
                out["year"] = (cluster[0] or "")[:4] or None
            yield out

    def count_events(self, **filters: object) -> int:
        """How many stored events match the filters (the keywords of :meth:`events`)."""
        where, params = self._where(filters)
        sql = "SELECT COUNT(*) FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        return self.conn.execute(sql, params).fetchone()[0]

    def stats(self, **filters: object) -> dict:
        """Counts of the matching events by day (``event_date``), event type and country (ISO code), and in all;
        each list ordered by its key."""
        where, params = self._where(filters)
        clause = " WHERE " + " AND ".join(where) if where else ""
        out: dict = {"total": self.conn.execute(f"SELECT COUNT(*) FROM events{clause}", params).fetchone()[0]}
        for name, column in (("by_day", "event_date"), ("by_type", "event_type"), ("by_country", "iso")):
            sql = f"SELECT {column}, COUNT(*) FROM events{clause} GROUP BY {column} ORDER BY {column}"
            out[name] = [{"key": k, "count": n} for k, n in self.conn.execute(sql, params)]
        return out

    def get_event(self, event_id: str) -> dict | None:
        """One stored event by ``event_id_cnty``: its flat row, ``event`` (wirecoder/1 object) and ``cluster``
        (:meth:`get_cluster`); None when not stored."""
        rows = _rows(self.conn, "SELECT * FROM events WHERE event_id_cnty = ?", (event_id,))
        if not rows:
            return None
        row = rows[0]
        out = {**{c: row.get(c) for c in COLUMNS}, "event": json.loads(row["record"])}
        out["cluster"] = self.get_cluster(row["cluster_id"]) if row["cluster_id"] else None
        return out

    def get_cluster(self, cluster_id: str) -> dict | None:
        """One cluster: its row (``clusters`` table) and ``sources``, every member event with its article's
        ``title``, ``url``, ``source``, ``published``, ``duplicate_of`` (a copy's original) and ``evidence``
        spans; None when there is no such cluster."""
        found = _rows(self.conn, "SELECT * FROM clusters WHERE id = ?", (cluster_id,))
        if not found:
            return None
        sources = _rows(
            self.conn,
            "SELECT e.event_id_cnty, e.article_id, a.title, a.url, a.source, a.published, l.duplicate_of, "
            "e.event_date, e.fatalities, e.fatalities_high, e.record FROM events e "
            "JOIN articles a ON a.id = e.article_id LEFT JOIN article_links l ON l.article_id = e.article_id "
            "WHERE e.cluster_id = ? ORDER BY e.rowid",
            (cluster_id,),
        )
        for src in sources:
            src["evidence"] = json.loads(src.pop("record")).get("evidence") or []
        return {**found[0], "sources": sources}

    def clusters(self, *, min_sources: int | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        """Stored clusters (``clusters`` rows) in id order, optionally only those with enough sources."""
        where, params = (["n_sources >= ?"], [min_sources]) if min_sources else ([], [])
        yield from self._select("SELECT * FROM clusters", where, params, "id", limit, offset)

    def duplicates(self) -> Iterator[dict]:
        """Near-duplicate links: ``article_id``, ``duplicate_of``, ``similarity``, by article id."""
        yield from self._select("SELECT * FROM article_links", [], [], "article_id", None, 0)

    def split_cluster(self, cluster_id: str, event_ids: list[str]) -> str:
        """Split events off a cluster into a cluster of their own, and record that they are not the same event
        as the members left behind: the split is kept (``cluster_splits``) and holds when the articles are
        coded again. RETURNS the new cluster's id.

        RAISES WirecoderError: E606 when an event is not in the cluster or would leave it empty.
        """
        with self._write():
            members = {
                r[0] for r in self.conn.execute("SELECT event_id_cnty FROM events WHERE cluster_id = ?", (cluster_id,))
            }
            moved = sorted(set(event_ids))
            if not moved or not set(moved) < members:
                raise WirecoderError(Errors.E606.format(cluster=cluster_id, events=", ".join(moved)), code="E606")
            now = _now()
            for a in moved:
                for b in sorted(members - set(moved)):
                    pair = (min(a, b), max(a, b))
                    if not self.conn.execute(
                        "SELECT 1 FROM cluster_splits WHERE event_a = ? AND event_b = ?", pair
                    ).fetchone():
                        self.conn.execute(
                            "INSERT INTO cluster_splits (event_a, event_b, at) VALUES (?, ?, ?)", (*pair, now)
                        )
            new_id = _new_cluster_id(self.conn, moved[0])
            self.conn.execute(
                "INSERT INTO clusters (id, n_events, n_sources, founder, updated_at) VALUES (?, 0, 0, ?, ?)",
                (new_id, moved[0], now),
            )
            self.conn.executemany(
                "UPDATE events SET cluster_id = ? WHERE event_id_cnty = ?", [(new_id, key) for key in moved]
            )
            founder = self.conn.execute("SELECT founder FROM clusters WHERE id = ?", (cluster_id,)).fetchone()[0]
            if founder in moved:
                rest = sorted(members - set(moved))[0]
                self.conn.execute("UPDATE clusters SET founder = ? WHERE id = ?", (rest, cluster_id))
            _refresh_cluster(self.conn, cluster_id, self.cluster_cfg)
            _refresh_cluster(self.conn, new_id, self.cluster_cfg)
        return new_id

    def errors(self, *, article_id: str | None = None, run_id: str | None = None) -> Iterator[dict]:
        """Recorded document failures and warnings, in the order they were recorded."""
        filters = [("article_id = ?", article_id), ("run_id = ?", run_id)]
        where = [cond for cond, value in filters if value is not None]
        params = [value for _, value in filters if value is not None]
        yield from self._select(
            "SELECT article_id, path, stage, code, message, at, run_id FROM errors", where, params, "rowid", None, 0
        )

    # ------------------------------------------------------------------ watch (ingest/watch.py)

    def watch_state(self, source: str) -> dict:
        """What ``wirecoder watch`` keeps of a source: ``etag`` and ``last_modified`` of the feed's last answer,
        ``checked_at``, and ``error`` (the last pass's coded error, None when it went well); all None when the
        source was never watched."""
        row = self.conn.execute(
            "SELECT etag, last_modified, checked_at, error FROM watch_sources WHERE source = ?", (source,)
        ).fetchone()
        return dict(zip(("etag", "last_modified", "checked_at", "error"), row or (None,) * 4, strict=True))

    def save_watch_state(
        self, source: str, etag: str | None = None, last_modified: str | None = None, error: str | None = None
    ) -> None:
        """Record one pass over a source: the validators of its answer when it went well, its error when not
        (the validators then stay as they were)."""
        with self._write():
            self.conn.execute(
                "INSERT INTO watch_sources (source, etag, last_modified, checked_at, error) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (source) DO UPDATE SET checked_at = excluded.checked_at, error = excluded.error, "
                "etag = CASE WHEN excluded.error IS NULL THEN excluded.etag ELSE watch_sources.etag END, "
                "last_modified = CASE WHEN excluded.error IS NULL THEN excluded.last_modified "
                "ELSE watch_sources.last_modified END",
                (source, etag, last_modified, _now(), error),
            )

    def seen_items(self, source: str, items: list[str]) -> set[str]:
        """Those of ``items`` already taken from ``source`` by an earlier pass."""
        seen: set[str] = set()
        for start in range(0, len(items), 500):  # bounded statements, whatever the number of items
            part = items[start : start + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT item FROM watch_seen WHERE source = ? AND item IN ({marks})"
            seen.update(r[0] for r in self.conn.execute(sql, (source, *part)))
        return seen

    def mark_seen(self, source: str, items: list[str]) -> None:
        """Remember items taken from ``source`` (coded, or failed for a reason of their own)."""
        with self._write():
            now = _now()
            for item in items:
                self.conn.execute(
                    "INSERT INTO watch_seen (source, item, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (source, item, now),
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
