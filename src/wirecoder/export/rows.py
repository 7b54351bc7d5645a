"""Events as flat rows: the one flattening of a wirecoder/1 record into ACLED-style columns.

The CSV, GeoJSON and table exporters write these rows and the store's ``events`` table holds
them, so a column name means one thing everywhere: ``source`` is the outlet that published the
article (ACLED's column), ``attribution`` who the article says reported the event. The columns,
their order, value types and meanings are in ``data/export/event_columns.tsv``.

It lives in ``export/`` because a row is an output format of the record (what a CSV user sees);
the store is one more consumer, so exporters never depend on the store, and a third-party
exporter or store gets the same rows from here.

DOCS: docs/schema.md
"""

from __future__ import annotations

import calendar
from datetime import date as _date
from functools import cache

from .. import lookups
from ..doc import is_news
from ..kb import state_country_names

#: The file that names the columns.
COLUMNS_FILE = "export/event_columns.tsv"
#: Column names, in order: ACLED's first, then wirecoder's own.
COLUMNS: tuple[str, ...] = tuple(row["column"] for row in lookups.table(COLUMNS_FILE))
#: Value type of each column (``text``, ``integer``, ``real``), for typed formats (Parquet).
COLUMN_TYPES: dict[str, str] = {row["column"]: row["type"] for row in lookups.table(COLUMNS_FILE)}
#: The ACLED interaction code of civilians (actor2's inter that makes an event civilian targeting).
CIVILIANS_INTER = 7


@cache
def _disorder() -> dict[tuple[str, str], str]:
    return {
        (r["event_type"], r["sub_event_type"]): r["disorder_type"] for r in lookups.table("export/acled_disorder.tsv")
    }


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's disorder type of an event type (a sub-type row first, then the type's ``*`` row)."""
    table = _disorder()
    return table.get((event_type or "", sub_event_type or "")) or table.get((event_type or "", "*"))


@cache
def _regions() -> dict[str, str]:
    return {code: r["region"] for r in lookups.table("export/acled_regions.tsv") for code in r["countries"].split()}


def region(country_code: str | None) -> str | None:
    """ACLED's region of a country (ISO 3166-1 alpha-2); None when unknown."""
    return _regions().get((country_code or "").upper())


def _timestamp(published: str | None) -> int | None:
    """A publication date as Unix seconds at 00:00 UTC."""
    try:
        return calendar.timegm(_date.fromisoformat(published[:10]).timetuple()) if published else None
    except ValueError:
        return None


def _tags(ev: dict) -> str | None:
    flags = [] if ev["modality"] == "asserted" else [ev["modality"]]
    status = ev.get("status", "reported")
    return "; ".join(flags if status == "reported" else [*flags, status]) or None


@cache
def _state_names() -> dict[str, str]:
    """Country names as ACLED writes them ("Democratic Republic of Congo", "Russia", "Turkey"): the names of the
    knowledge base's state entries (``data/kb/states.csv``, from ``country_overrides.csv``), which the actors'
    names already use ("Civilians (Democratic Republic of Congo)")."""
    return state_country_names((row["id"], row["canonical"], row["country"]) for row in lookups.table("kb/states.csv"))


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    name = _state_names().get(code)
    if name:
        return name
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else None)


def _actor_name(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("canonical") or actor.get("name")


def _actor_names(actors: list[dict] | None) -> str | None:
    """ACLED's associated actors cell: the actors' names joined by "; " (None when there are none)."""
    return "; ".join(n for n in map(_actor_name, actors or []) if n) or None


def event_row(article: dict, ev: dict) -> dict:
    """One event as a flat row.

    article (dict): the ``article`` part of a wirecoder/1 record.
    ev (dict): one of the record's ``events``.
    RETURNS (dict): column -> value, with the keys of :data:`COLUMNS` in order.
    """
    date = ev.get("date") or {}
    loc = ev.get("location") or {}
    fat = ev.get("fatalities") or {}
    a1, a2 = ev.get("actor1"), ev.get("actor2")
    i1, i2 = (a1 or {}).get("inter"), (a2 or {}).get("inter")
    values = {
        "event_id_cnty": f"{article['id']}:{ev['id']}",
        "event_date": date.get("start"),
        "year": (date.get("start") or "")[:4] or None,
        "time_precision": date.get("precision"),
        "disorder_type": disorder_type(ev["event_type"], ev["sub_event_type"]),
        "event_type": ev["event_type"],
        "sub_event_type": ev["sub_event_type"],
        "actor1": _actor_name(a1),
        "assoc_actor_1": _actor_names(ev.get("associated_actors")),
        "inter1": i1,
        "actor2": _actor_name(a2),
        "assoc_actor_2": _actor_names(ev.get("associated_actors_2")),
        "inter2": i2,
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else None),
        "civilian_targeting": "Civilian targeting" if i2 == CIVILIANS_INTER else None,
        "iso": loc.get("country_code"),
        "region": region(loc.get("country_code")),
        "country": _country_name(loc.get("country_code")),
        "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"),
        "admin3": None,
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("precision"),
        "source": article.get("source"),
        "source_scale": None,
        "notes": ev.get("summary"),
        "fatalities": fat.get("best") if fat else None,
        "tags": _tags(ev),
        "timestamp": _timestamp(article.get("published")),
        "fatalities_low": fat.get("low") if fat else None,
        "fatalities_high": fat.get("high") if fat else None,
        "modality": ev["modality"],
        "confidence": ev.get("confidence"),
        "n_sources": 1,
        "evidence": " | ".join(s["text"] for s in ev.get("evidence") or []),
        "cluster_id": None,
        "article_id": article["id"],
        "url": article.get("url"),
        "published": article.get("published"),
        "status": ev.get("status", "reported"),
        "plover_event": (ev.get("plover") or {}).get("event"),
        "plover_mode": (ev.get("plover") or {}).get("mode"),
        "date_end": date.get("end"),
        "geonames_id": loc.get("geonames_id"),
        "attribution": (ev.get("attribution") or {}).get("source"),
        "reviewed": (ev.get("review") or {}).get("status"),
    }
    return {c: values.get(c) for c in COLUMNS}


def event_rows(record: dict, include_all: bool = False) -> list[dict]:
    """A wirecoder/1 record's events as flat rows, in record order.

    include_all (bool): keep every event (default: asserted events reported in the article's window).
    """
    return [event_row(record["article"], ev) for ev in record["events"] if include_all or is_news(ev)]
