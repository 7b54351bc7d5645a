"""The page's reads over the SQLite store's ``events`` table: filters, map clusters, timeline, table.

Everything is computed in SQL so the page never downloads the table: the map asks for grid clusters of
the events in its view at its zoom (:func:`clusters`), the timeline for counts per day and type
(:func:`timeline`), the table for one sorted page (:func:`table`). All three take the same filters
(:func:`parse_filters`): those of ``GET /v1/events`` (checked by :func:`wirecoder.api.query.check_filters`)
plus ``admin1``, ``actor`` (part of any actor's name), ``min_sources`` and the map's ``bbox``.

DOCS: docs/web.md
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..api.query import check_filters, filter_names
from ..errors import Errors, WirecoderError
from ..export.rows import COLUMNS

#: Grid cells across one 256-pixel map tile: a cluster covers about 64 pixels at any zoom.
CELLS_PER_TILE = 4
#: Most map cells one answer holds (the view's cells at the current zoom stay far below it).
MAX_CELLS = 4000
#: Most table rows one page returns.
MAX_PAGE = 500
#: Columns a table row carries besides the flat ones (:data:`wirecoder.export.rows.COLUMNS`).
ROW_KEYS = ("id",)


def _bad(name: str, value: object, reason: str) -> WirecoderError:
    return WirecoderError(Errors.E701.format(name=name, value=value, reason=reason), code="E701")


@dataclass
class Filters:
    """Checked filters: ``store`` those of ``Store.events``, the rest the page's own."""

    store: dict[str, Any] = field(default_factory=dict)
    admin1: str | None = None
    actor: str | None = None
    min_sources: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north

    def where(self, columns: set[str], with_dates: bool = True) -> tuple[str, list]:
        """An SQL condition over ``events`` and its parameters (``with_dates=False``: no date range)."""
        conds: list[str] = []
        params: list = []
        s = self.store
        simple = {
            "article_id": "article_id",
            "event_type": "event_type",
            "sub_event_type": "sub_event_type",
            "country": "iso",
            "modality": "modality",
            "status": "status",
        }
        # With a selective filter (one article, country or admin1) the default filters must not steer SQLite,
        # which has no statistics, to their index: a unary + keeps a column's index out of the plan.
        selective = any(s.get(n) is not None for n in ("article_id", "country")) or bool(self.admin1)
        for name, column in simple.items():
            if s.get(name) is not None:
                plus = "+" if selective and name in ("modality", "status") else ""
                conds.append(f"{plus}{column} = ?")
                params.append(s[name])
        if with_dates and s.get("date_from"):
            conds.append("COALESCE(date_end, event_date) >= ?")
            params.append(s["date_from"])
        if with_dates and s.get("date_to"):
            conds.append("event_date <= ?")
            params.append(s["date_to"])
        if self.admin1:
            conds.append("admin1 = ?")
            params.append(self.admin1)
        if self.actor:
            like = "%" + self.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conds.append("(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\' OR assoc_actor_1 LIKE ? ESCAPE '\\')")
            params += [like, like, like]
        if self.min_sources and self.min_sources > 1:
            conds.append("COALESCE(n_sources, 1) >= ?" if "n_sources" in columns else "1 >= ?")
            params.append(self.min_sources)
        if self.bbox:
            west, south, east, north = self.bbox
            conds.append("latitude BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                conds.append("longitude BETWEEN ? AND ?")
                params += [west, east]
            else:  # the view crosses the antimeridian
                conds.append("(longitude >= ? OR longitude <= ?)")
                params += [west, east]
        return " AND ".join(conds), params


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise _bad("bbox", value, "expected west,south,east,north in degrees") from None
    if not (-90 <= south <= north <= 90):
        raise _bad("bbox", value, "expected south <= north, both from -90 to 90")
    if east - west >= 360:
        return (-180.0, south, 180.0, north)

    def wrap(lon: float) -> float:
        return (lon + 180) % 360 - 180

    return (wrap(west), south, wrap(east), north)


def parse_filters(raw: dict[str, Any]) -> Filters:
    """The page's filters from query parameters (empty values dropped).

    ``modality`` and ``status`` default to ``asserted`` and ``reported`` (what exports keep); ``any``
    lifts that default.
    RAISES WirecoderError: E701 naming the parameter and what it should be.
    """
    known = set(filter_names()) - {f.name for f in fields(Filters)}  # the page's own are read below
    store = {k: v for k, v in raw.items() if k in known and v not in (None, "")}
    for name, default in (("modality", "asserted"), ("status", "reported")):
        value = store.get(name, default)
        store.pop(name, None)
        if value != "any" and name in known:
            store[name] = value
    out = Filters(store=check_filters(**store))
    out.admin1 = (raw.get("admin1") or "").strip() or None
    out.actor = (raw.get("actor") or "").strip() or None
    if raw.get("min_sources") not in (None, ""):
        try:
            out.min_sources = int(raw["min_sources"])
        except ValueError:
            raise _bad("min_sources", raw["min_sources"], "expected a whole number") from None
    if raw.get("bbox"):
        out.bbox = _bbox(raw["bbox"])
    return out


def event_columns(conn: Any) -> set[str]:
    """The columns of the store's events table (later migrations add some)."""
    return {r[1] for r in conn.execute("PRAGMA table_info(events)")}


def _rows(conn: Any, sql: str, params: list) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, values, strict=True)) for values in cur]


def _and(where: str, extra: str) -> str:
    return f"WHERE {where} AND {extra}" if where else f"WHERE {extra}"


def clusters(conn: Any, filters: Filters, zoom: int) -> dict:
    """Located events in the view, grouped into grid cells of about 64 pixels at ``zoom``.

    RETURNS (dict): ``cells``: each with ``lat``/``lon`` (mean of its events), ``count``, ``fatalities``
        (sum of best estimates), ``types`` (event type -> count), ``bbox`` (the cell: west, south, east,
        north, for listing its events); a cell of one event also has ``event``
        (its ids, type, place, precision, date, fatalities). ``total``: matching located events in view.
    """
    zoom = max(0, min(int(zoom), 20))
    size = 360.0 / (2**zoom) / CELLS_PER_TILE
    where, params = filters.where(event_columns(conn))
    sql = (
        "SELECT CAST((longitude + 180.0) / ? AS INTEGER) AS gx, CAST((latitude + 90.0) / ? AS INTEGER) AS gy, "
        "event_type, COUNT(*) AS n, SUM(latitude) AS slat, SUM(longitude) AS slon, "
        "SUM(COALESCE(fatalities, 0)) AS deaths, MIN(rowid) AS first "
        f"FROM events {_and(where, 'latitude IS NOT NULL AND longitude IS NOT NULL')} "
        "GROUP BY gx, gy, event_type"
    )
    cells: dict[tuple[int, int], dict] = {}
    for gx, gy, etype, n, slat, slon, deaths, first in conn.execute(sql, [size, size, *params]):
        cell = cells.setdefault(
            (gx, gy),
            {"count": 0, "slat": 0.0, "slon": 0.0, "fatalities": 0, "types": {}, "first": first, "grid": (gx, gy)},
        )
        cell["count"] += n
        cell["slat"] += slat
        cell["slon"] += slon
        cell["fatalities"] += deaths
        cell["types"][etype] = n
    ordered = sorted(cells.values(), key=lambda c: -c["count"])[:MAX_CELLS]
    singles = {c["first"]: c for c in ordered if c["count"] == 1}
    if singles:
        marks = ", ".join("?" * len(singles))
        details = _rows(
            conn,
            "SELECT rowid AS rid, article_id, id AS event_id, event_type, sub_event_type, event_date, location, "
            f"admin1, iso, geo_precision, fatalities, reviewed FROM events WHERE rowid IN ({marks})",
            list(singles),
        )
        for d in details:
            singles[d.pop("rid")]["event"] = d
    out = []
    for c in ordered:
        cell = {
            "lat": c["slat"] / c["count"],
            "lon": c["slon"] / c["count"],
            "count": c["count"],
            "fatalities": c["fatalities"],
            "types": c["types"],
            "bbox": [
                c["grid"][0] * size - 180,
                c["grid"][1] * size - 90,
                (c["grid"][0] + 1) * size - 180,
                (c["grid"][1] + 1) * size - 90,
            ],
        }
        if "event" in c:
            cell["event"] = c["event"]
        out.append(cell)
    return {"zoom": zoom, "cell_degrees": size, "total": sum(c["count"] for c in cells.values()), "cells": out}


def timeline(conn: Any, filters: Filters) -> dict:
    """Events per day and type, under every filter but the date range (the timeline shows where the
    range lies). RETURNS (dict): ``days``: ``[{"date", "types": {type: count}}]`` in date order."""
    where, params = filters.where(event_columns(conn), with_dates=False)
    sql = (
        f"SELECT event_date, event_type, COUNT(*) FROM events {_and(where, 'event_date IS NOT NULL')} "
        "GROUP BY event_date, event_type ORDER BY event_date"
    )
    days: dict[str, dict[str, int]] = {}
    for day, etype, n in conn.execute(sql, params):
        days.setdefault(day, {})[etype] = n
    return {"days": [{"date": d, "types": t} for d, t in days.items()]}


def table(
    conn: Any, filters: Filters, sort: str = "event_date", descending: bool = True, limit: int = 50, offset: int = 0
) -> dict:
    """One sorted page of matching events (flat columns) and the number of matches.

    RAISES WirecoderError: E701 for a sort column that is not a flat column of the store.
    """
    have = event_columns(conn)
    if sort not in COLUMNS or sort not in have:
        raise _bad("sort", sort, "expected a column of the CSV export, such as event_date or fatalities")
    limit = max(1, min(int(limit), MAX_PAGE))
    where, params = filters.where(have)
    cond = f"WHERE {where}" if where else ""
    total = conn.execute(f"SELECT COUNT(*) FROM events {cond}", params).fetchone()[0]
    wanted = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in (*ROW_KEYS, *COLUMNS))
    # empty cells last either way; the descending order is the one an index walks (SQLite sorts NULL lowest)
    order = f'"{sort}" DESC, rowid DESC' if descending else f'"{sort}" ASC NULLS LAST, rowid'
    # the page's row ids first (an index can often answer that alone), then only those rows
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT rowid FROM events {cond} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, max(0, int(offset))]
        )
    ]
    found = {
        r.pop("_rowid"): r
        for r in _rows(
            conn, f"SELECT rowid AS _rowid, {wanted} FROM events WHERE rowid IN ({', '.join('?' * len(ids))})", ids
        )
    }
    rows = [found[i] for i in ids]
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "order": "desc" if descending else "asc",
        "rows": rows,
    }


def options(conn: Any) -> dict:
    """What the filter menus offer: the countries and admin1 names present, the date span."""
    countries = _rows(
        conn,
        "SELECT iso, MAX(country) AS name, COUNT(*) AS n FROM events WHERE iso IS NOT NULL GROUP BY iso ORDER BY name",
        [],
    )
    admin1 = _rows(
        conn,
        "SELECT iso, admin1, COUNT(*) AS n FROM events WHERE admin1 IS NOT NULL "
        "GROUP BY iso, admin1 ORDER BY iso, admin1 LIMIT 5000",
        [],
    )
    first, last = conn.execute("SELECT MIN(event_date), MAX(event_date) FROM events").fetchone()
    return {"countries": countries, "admin1": admin1, "first_date": first, "last_date": last}
