"""The team store: a PostgreSQL database (``--db postgresql://user@host/db``), behind the same interface.

It is the SQLite store (:class:`wirecoder.store.sqlite.SQLiteStore`) on another connection: the same
tables, the same queries, the same clustering, so both give identical exports of the same corpus. What
differs is confined here:

* the connection (``psycopg``, autocommit; each write is its own ``BEGIN`` ... ``COMMIT``) speaks the
  SQLite store's SQL through :class:`PgConnection`: ``?`` placeholders become ``%s`` and ``rowid``
  (the insertion order the queries sort by) the tables' ``seq`` column;
* writers are serialised by a transaction-level advisory lock (SQLite's ``BEGIN IMMEDIATE``): two
  ``extract`` processes saving into one database wait for each other and lose nothing, and a cluster is
  never decided on a half-saved article;
* the schema is ``store/migrations/postgresql/``, versioned in the same ``migrations`` table, plus the
  flat event columns of ``data/export/event_columns.tsv``, added when missing each time the store opens.

A database that holds tables but no ``migrations`` table is not a wirecoder store: refused (E604),
untouched. Needs ``psycopg`` (``pip install "wirecoder[postgres]"``).

DOCS: docs/api.md
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from ..cluster import match
from ..errors import Errors, WirecoderError
from ..export.rows import COLUMN_TYPES, COLUMNS
from ..registry import stores
from .sqlite import BUSY_TIMEOUT, SQLiteStore, _insert, _now, _statements

#: Rows a server-side cursor fetches at a time.
FETCH_ROWS = 2000
#: The advisory lock every write transaction holds (any constant; "wirecoder" in ASCII, shortened).
WRITE_LOCK = 0x77697265
_ROWID = re.compile(r"\browid\b")


def _column_sql(column: str) -> list[str]:
    """The statements that add one flat event column: its type from ``event_columns.tsv`` (dates are ISO
    text, as in SQLite), and an index for the columns most queries filter or sort by."""
    kind = {"integer": "BIGINT", "real": "DOUBLE PRECISION"}.get(COLUMN_TYPES[column], "TEXT")
    out = [f'ALTER TABLE events ADD COLUMN "{column}" {kind}']
    if column in ("event_id_cnty", "event_date", "iso", "admin1", "event_type", "cluster_id", "n_sources"):
        out.append(f'CREATE INDEX "events_{column}" ON events ("{column}")')
    return out


def _pg_migrations() -> list[tuple[str, str]]:
    folder = resources.files("wirecoder.store") / "migrations" / "postgresql"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name[:-4], f.read_text("utf-8")) for f in files]


class PgConnection:
    """A psycopg connection that runs the SQLite store's SQL (``?`` placeholders, ``rowid`` order)."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn

    @staticmethod
    def translate(sql: str) -> str:
        return _ROWID.sub("seq", sql.replace("?", "%s"))

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.raw.execute(self.translate(sql), tuple(params) if params else None)

    def executemany(self, sql: str, rows: Any) -> None:
        with self.raw.cursor() as cur:
            cur.executemany(self.translate(sql), list(rows))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class PostgresStore(SQLiteStore):
    """A wirecoder PostgreSQL database (see :class:`wirecoder.store.base.Store` for the interface).

    url (str): a libpq URL, ``postgresql://user:password@host:port/database`` (or ``postgres://``).
    """

    NO_LIMIT = None

    def __init__(self, url: str, timeout: float = BUSY_TIMEOUT) -> None:
        try:
            import psycopg
        except ImportError as exc:
            reason = f"{exc}; install it with pip install 'wirecoder[postgres]'"
            raise WirecoderError(Errors.E601.format(path=url, reason=reason), code="E601") from exc
        self.DB_ERRORS = (psycopg.Error,)
        self.path = self.url = url
        self.timeout = timeout
        self._runs: set[str] = set()
        self.cluster_cfg = match.settings()
        self._wrote = False
        try:
            self.conn = PgConnection(psycopg.connect(url, autocommit=True, connect_timeout=int(timeout)))
        except psycopg.Error as exc:
            raise WirecoderError(Errors.E601.format(path=url, reason=exc), code="E601") from exc
        try:
            self._refuse_foreign()
            self.migrate()
        except WirecoderError:
            self.conn.close()
            raise
        except psycopg.Error as exc:
            self.conn.close()
            raise WirecoderError(Errors.E601.format(path=url, reason=exc), code="E601") from exc

    def _tables(self) -> list[str]:
        cur = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        )
        return [r[0] for r in cur]

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One write transaction holding :data:`WRITE_LOCK` (other writers wait); commit, or roll back on error."""
        self.conn.execute("BEGIN")
        self._wrote = True
        try:
            self.conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply the pending PostgreSQL migrations and add missing flat event columns, in one write
        transaction; RETURNS the migration names applied."""
        applied = []
        with self._write():
            self._refuse_foreign()
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            for name, sql in _pg_migrations():
                if name in done:
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                _insert(self.conn, "migrations", {"name": name, "applied_at": _now()})
                applied.append(name)
            have = {
                r[0]
                for r in self.conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'events'"
                )
            }
            for column in COLUMNS:
                for statement in _column_sql(column) if column not in have else ():
                    self.conn.execute(statement)
        return applied

    def _stream(self, sql: str, params: list) -> Iterator[dict]:
        """The rows of a query through a server-side cursor, :data:`FETCH_ROWS` at a time: an export of any size
        never holds the whole result (psycopg's ordinary cursor would fetch it all at once)."""
        with self.conn.raw.cursor(name=f"wc_{uuid.uuid4().hex}", withhold=True) as cur:
            cur.execute(self.conn.translate(sql), tuple(params) if params else None)
            names = [d.name for d in cur.description]
            while batch := cur.fetchmany(FETCH_ROWS):
                for values in batch:
                    yield dict(zip(names, values, strict=True))

    def _refresh_stats(self) -> None:
        """Nothing: PostgreSQL's autovacuum keeps the planner's statistics."""

    def count(self, table: str) -> int:
        """Rows in one of the store's tables."""
        if table not in self._tables():
            raise ValueError(table)
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@stores.register("postgresql")
def open_postgresql(url: str) -> PostgresStore:
    """The PostgreSQL store at a ``postgresql://`` URL."""
    return PostgresStore(url)


@stores.register("postgres")
def open_postgres(url: str) -> PostgresStore:
    """The PostgreSQL store at a ``postgres://`` URL (libpq's other spelling)."""
    return PostgresStore(url)
