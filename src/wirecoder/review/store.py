"""Reviews in the SQLite store: the ``reviews`` table (migration 0007) and the events rows kept in step.

Every review is a new row (who, when, which action, and the corrected fields): the newest row of an event
is in force, older ones are its history. Corrections add up: a correction keeps the fields corrected
before it, an accept or a restore keeps them all, a reject keeps them for a later restore.

What a review changes is written into the event's stored row at once (its flat columns and its wirecoder/1
JSON, which gains a ``review`` object: ``status`` accepted or corrected, ``reviewer``, ``at``, ``fields``),
so ``GET /v1/events``, the exports and every other reader see the corrected event, flagged in the
``reviewed`` column. A rejected event's row is deleted. Two triggers keep this true when the article is
coded again (same article id, same stable event id), whoever codes it: ``reviews_reject`` (migration 0007)
skips the insert of a rejected event, and ``reviews_apply`` (made here, because it names the columns of the
events table as it is now) writes the review in force into the fresh row.

DOCS: docs/web.md
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from ..errors import Errors, WirecoderError
from ..export.rows import event_row
from .corrections import Correction, corrected_fields, write_note

#: Top-level event fields a review may write (a type correction brings ``plover``, every correction a new
#: ``summary``, every review ``review``).
EVENT_FIELDS: tuple[str, ...] = (*(f.name for f in fields(Correction)), "plover", "summary", "review")
#: Events-table columns a review never writes.
KEY_COLUMNS = ("id", "article_id", "record")
#: Review actions.
ACTIONS = ("accept", "correct", "reject", "restore")
#: The trigger that re-applies a review to a re-coded event.
APPLY_TRIGGER = "reviews_apply"


class ReviewError(WirecoderError):
    """A review that cannot be stored: an unknown event, action or reviewer (E701), or a store with no SQL."""


def _bad(name: str, value: object, reason: str) -> ReviewError:
    return ReviewError(Errors.E701.format(name=name, value=value, reason=reason), code="E701")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _set_clause(columns: list[str]) -> str:
    """``SET`` of the UPDATE that writes review ``r`` (its ``columns`` and ``fields``) into an events row."""
    sets = [
        f'"{c}" = CASE WHEN json_type(r.columns, \'$."{c}"\') IS NULL THEN events."{c}" '
        f"ELSE r.columns ->> '$.\"{c}\"' END"
        for c in columns
    ]
    pairs = ", ".join(
        f"'$.{k}', CASE WHEN json_type(r.fields, '$.{k}') IS NULL THEN events.record -> '$.{k}' "
        f"ELSE r.fields -> '$.{k}' END"
        for k in EVENT_FIELDS
    )
    return ", ".join([*sets, f"record = json_set(events.record, {pairs})"])


def _apply_sql(columns: list[str], article: str, event: str, row: str) -> str:
    """The UPDATE that writes the review in force of (``article``, ``event``) into the row ``row`` selects."""
    latest = (
        f"SELECT fields, columns FROM reviews WHERE article_id = {article} AND event_id = {event} "
        "ORDER BY id DESC LIMIT 1"
    )
    return f"UPDATE events SET {_set_clause(columns)} FROM ({latest}) AS r WHERE {row}"


class Reviews:
    """The reviews of one open SQLite store.

    store: a :class:`wirecoder.store.sqlite.SQLiteStore` (reviews live in its database).
    RAISES ReviewError: when the store is not a SQL store this module can read.
    """

    def __init__(self, store: Any) -> None:
        from ..store.sqlite import SQLiteStore

        if not isinstance(store, SQLiteStore):
            raise ReviewError(
                Errors.E704.format(
                    method="review", path=getattr(store, "url", "store"), reason="reviews need the SQLite store"
                ),
                code="E704",
            )
        self.conn = store.conn

    # ------------------------------------------------------------------ reading

    def _rows(self, sql: str, params: list | tuple = ()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, values, strict=True)) for values in cur]

    def columns(self) -> list[str]:
        """The events table's columns a review may write."""
        return [r[1] for r in self.conn.execute("PRAGMA table_info(events)") if r[1] not in KEY_COLUMNS]

    def coded(self, article_id: str, event_id: str) -> tuple[dict, dict]:
        """The article's stored record and the event as coded (before any review).

        RAISES ReviewError: E701 when the store holds no such event.
        """
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise _bad("article_id", article_id, "no stored article has this id")
        record = json.loads(row[0])
        event = next((e for e in record["events"] if e["id"] == event_id), None)
        if event is None:
            raise _bad("event_id", event_id, f"article {article_id} has no event with this id")
        return record, event

    def history(self, article_id: str, event_id: str) -> list[dict]:
        """Every review of one event, newest first (``fields`` parsed)."""
        rows = self._rows(
            "SELECT id, action, reviewer, at, fields, note FROM reviews WHERE article_id = ? AND event_id = ? "
            "ORDER BY id DESC",
            (article_id, event_id),
        )
        return [{**r, "fields": json.loads(r["fields"])} for r in rows]

    def latest(self, limit: int = 50) -> list[dict]:
        """The newest reviews of the store, one row each (newest first)."""
        return self._rows(
            "SELECT id, article_id, event_id, action, reviewer, at, note FROM reviews ORDER BY id DESC LIMIT ?",
            (limit,),
        )

    def rejected(self) -> list[dict]:
        """Events whose review in force is a rejection (they are not in the events table)."""
        return self._rows(
            "SELECT r.article_id, r.event_id, r.reviewer, r.at, r.note FROM reviews r WHERE r.action = 'reject' "
            "AND r.id = (SELECT MAX(id) FROM reviews x WHERE x.article_id = r.article_id AND x.event_id = r.event_id) "
            "ORDER BY r.id DESC"
        )

    def queue(self, where: str = "", params: list | tuple = (), limit: int = 20) -> list[dict]:
        """Stored events nobody has reviewed yet, lowest confidence first.

        where, params: an SQL condition over ``events`` (the page's filters) and its parameters.
        """
        cond = "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.article_id = events.article_id AND r.event_id = events.id)"
        sql = f"SELECT article_id, id AS event_id, confidence FROM events WHERE {cond}"
        if where:
            sql += f" AND ({where})"
        sql += " ORDER BY confidence, rowid LIMIT ?"  # no confidence sorts first (SQLite sorts NULL lowest)
        return self._rows(sql, [*params, limit])

    def count_unreviewed(self, where: str = "", params: list | tuple = ()) -> int:
        """How many events matching ``where`` nobody has reviewed."""
        cond = f"WHERE {where}" if where else ""
        total = self.conn.execute(f"SELECT COUNT(*) FROM events {cond}", params).fetchone()[0]
        reviewed = self.conn.execute(  # driven by the (few) reviewed events, not by every event
            "SELECT COUNT(*) FROM events JOIN (SELECT DISTINCT article_id AS ra, event_id AS re FROM reviews) "
            f"ON events.article_id = ra AND events.id = re {cond}",
            params,
        ).fetchone()[0]
        return int(total - reviewed)

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _write(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _install_trigger(self, columns: list[str]) -> None:
        """(Re)make ``reviews_apply`` for the events table's current columns (inside a write transaction)."""
        body = _apply_sql(columns, "NEW.article_id", "NEW.id", "events.rowid = NEW.rowid")
        sql = (
            f"CREATE TRIGGER {APPLY_TRIGGER} AFTER INSERT ON events WHEN EXISTS (SELECT 1 FROM reviews "
            f"WHERE article_id = NEW.article_id AND event_id = NEW.id) BEGIN {body}; END"
        )
        found = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (APPLY_TRIGGER,)
        ).fetchone()
        if found and found[0] == sql:
            return
        self.conn.execute(f"DROP TRIGGER IF EXISTS {APPLY_TRIGGER}")
        self.conn.execute(sql)

    def save(
        self,
        article_id: str,
        event_id: str,
        action: str,
        reviewer: str,
        correction: Correction | None = None,
        note: str | None = None,
    ) -> dict | None:
        """Store one review and write it into the event's stored row.

        action (str): ``accept``, ``correct`` (with ``correction``), ``reject`` or ``restore``.
        reviewer (str): who reviews (a name or initials).
        RETURNS (dict | None): the event as it now stands (wirecoder/1 with its ``review``); None when rejected.
        RAISES ReviewError, CorrectionError: E701 naming what cannot be stored and why.
        """
        from ..schema import validate

        if action not in ACTIONS:
            raise _bad("action", action, "expected one of " + ", ".join(ACTIONS))
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise _bad("reviewer", reviewer, "a review names its reviewer")
        if action == "correct" and (correction is None or not correction.given()):
            raise _bad("correction", correction, "a correction changes at least one field")
        record, event = self.coded(article_id, event_id)
        history = self.history(article_id, event_id)
        fields = {k: v for k, v in (history[0]["fields"] if history else {}).items() if k != "review"}
        if action == "correct":
            fields.update(corrected_fields(event, correction, reviewer))
            fields["summary"] = write_note({**event, **fields})
        corrected = {**event, **fields}
        problems = validate({**record, "events": [corrected]})
        if problems:
            raise _bad("correction", fields, "the corrected event breaks the wirecoder/1 schema: " + problems[0])
        at = _now()
        if action != "reject":
            status = "corrected" if fields else "accepted"
            set_by_reviewer = sorted(k for k in fields if k not in ("plover", "summary"))
            fields["review"] = {"status": status, "reviewer": reviewer, "at": at, "fields": set_by_reviewer}
            corrected = {**event, **fields}
        columns = self.columns()
        before, after = event_row(record["article"], event), event_row(record["article"], corrected)
        changed = {c: after.get(c) for c in columns if c in after and after[c] != before.get(c)}
        with self._write():
            self._install_trigger(columns)
            self.conn.execute(
                "INSERT INTO reviews (article_id, event_id, action, reviewer, at, fields, columns, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    event_id,
                    action,
                    reviewer,
                    at,
                    json.dumps(fields, ensure_ascii=False),
                    json.dumps(changed, ensure_ascii=False),
                    note,
                ),
            )
            if action == "reject":
                self.conn.execute("DELETE FROM events WHERE article_id = ? AND id = ?", (article_id, event_id))
                return None
            stored = self.conn.execute(
                "SELECT 1 FROM events WHERE article_id = ? AND id = ?", (article_id, event_id)
            ).fetchone()
            if stored:
                apply = _apply_sql(columns, "?", "?", "events.article_id = ? AND events.id = ?")
                self.conn.execute(apply, (article_id, event_id, article_id, event_id))
            else:  # restored after a rejection: stored as coded, and the trigger applies the review
                values = {"id": event_id, **before, "record": json.dumps(event, ensure_ascii=False)}
                values = {k: v for k, v in values.items() if k in (*columns, *KEY_COLUMNS)}
                names = ", ".join(f'"{k}"' for k in values)
                self.conn.execute(
                    f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(values))})", list(values.values())
                )
        return corrected
