"""Event filters and stored records, shared by the REST API and ``wirecoder export``.

No web framework here: the export command uses it without importing FastAPI.

* :func:`check_filters` -- filter values checked (dates, enums, taxonomy names, country codes), as
  the keyword arguments of :meth:`wirecoder.store.base.Store.events`; a bad value is a coded E701;
* :func:`news_filters` -- what default exports keep (asserted events reported in the article's
  window) unless every event is asked for or the filter names a modality or status itself;
* :func:`stored_records` -- stored event rows regrouped into wirecoder/1 records (the article's
  stored record with only the matching events) with their rows, ready for any registered exporter.

DOCS: docs/api.md
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ..errors import Errors, WirecoderError

#: Keyword arguments of ``Store.events`` that are not filters a client gives.
NOT_FILTERS = ("run_id", "sort", "limit", "offset")


_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@functools.lru_cache(maxsize=1)
def filter_names() -> tuple[str, ...]:
    """The filters a request or the export command may give: the store protocol's ``events`` keywords."""
    from ..store.base import Store

    params = inspect.signature(Store.events).parameters.values()
    return tuple(p.name for p in params if p.kind is p.KEYWORD_ONLY and p.name not in NOT_FILTERS)


def event_enum(field: str) -> tuple[str, ...]:
    """The values an event's ``modality`` or ``status`` may take (the wirecoder/1 schema's enum)."""
    from ..schema import load_schema

    return tuple(load_schema()["properties"]["events"]["items"]["properties"][field]["enum"])


class FilterError(WirecoderError):
    """A filter value that cannot match anything as written (E701): a bad date, an unknown type."""


def _bad(name: str, value: object, reason: str) -> FilterError:
    return FilterError(Errors.E701.format(name=name, value=value, reason=reason), code="E701")


def _one_of(name: str, value: str, options: Iterable[str]) -> str:
    options = list(options)
    if value not in options:
        raise _bad(name, value, "expected one of " + ", ".join(options))
    return value


def _bbox(value: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees (west may be east of east: a box across the antimeridian)."""
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise _bad("bbox", value, "expected west,south,east,north in degrees, e.g. 35.5,32.3,42.4,37.3") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise _bad("bbox", value, "longitudes must be within -180..180 and south <= north within -90..90")
    return west, south, east, north


def check_sort(sort: str | None) -> str | None:
    """A ``sort`` value: a column of the flat row (:data:`wirecoder.export.rows.COLUMNS`), ``-`` first for
    descending; RAISES FilterError (E701) otherwise."""
    from ..export.rows import COLUMNS

    if not sort:
        return None
    if sort.lstrip("-") not in COLUMNS:
        raise _bad("sort", sort, "expected a column such as event_date, -fatalities or -n_sources")
    return sort


def check_filters(**raw: Any) -> dict[str, Any]:
    """The filters given (None and "" dropped), checked and normalised for ``Store.events``.

    RETURNS (dict): e.g. ``{"country": "SY", "date_from": "2020-01-01"}``.
    RAISES FilterError: E701 naming the filter, the value and what it should be.
    """
    from ..events import taxonomy

    unknown = set(raw) - set(filter_names())
    if unknown:
        raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None or value == "":
            continue
        value = str(value).strip()
        if name in ("date_from", "date_to"):
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                raise _bad(name, value, "expected a date YYYY-MM-DD") from None
        elif name == "country":
            if not _COUNTRY.match(value):
                raise _bad(name, value, "expected an ISO 3166-1 alpha-2 code such as SY")
            value = value.upper()
        elif name == "modality":
            value = _one_of(name, value, event_enum("modality"))
        elif name == "status":
            value = _one_of(name, value, event_enum("status"))
        elif name == "event_type":
            value = _one_of(name, value, taxonomy.event_types())
        elif name == "sub_event_type":
            value = _one_of(name, value, taxonomy.subtypes())
        elif name == "min_sources":
            if not value.isdigit() or int(value) < 1:
                raise _bad(name, value, "expected a whole number of at least 1")
            value = int(value)
        elif name == "bbox":
            value = _bbox(value)
        elif name == "per_cluster":
            if value.lower() not in ("true", "1", "false", "0"):
                raise _bad(name, value, "expected true or false")
            value = value.lower() in ("true", "1")
            if not value:
                continue
        out[name] = value
    if "date_from" in out and "date_to" in out and out["date_from"] > out["date_to"]:
        raise _bad("date_to", out["date_to"], f"it is before date_from {out['date_from']}")
    return out


def news_filters(
    filters: dict[str, Any], all_events: bool = False, include_non_asserted: bool = False
) -> dict[str, Any]:
    """The filters with what default exports keep: ``modality=asserted`` and ``status=reported``
    unless ``all_events`` (neither) or ``include_non_asserted`` (no modality default), or the filters name a
    modality or status themselves."""
    if all_events:
        return dict(filters)
    default = {"status": "reported"} if include_non_asserted else {"modality": "asserted", "status": "reported"}
    return {**default, **filters}


def stored_records(store: Any, rows: Iterable[dict]) -> Iterator[tuple[dict, list[dict]]]:
    """Event rows (``Store.events``, ordered by article) as wirecoder/1 records: each article's stored
    record with only its matching events, in row order, paired with those rows (for
    :meth:`wirecoder.export.formats.Exporter.write_stored`). Articles with no matching event are left out;
    with another order than by article, an article comes once per run of its rows."""
    current: dict | None = None
    batch: list[dict] = []
    for row in rows:
        if current is None or row["article_id"] != current["article"]["id"]:
            if current is not None:
                yield {**current, "events": [r["event"] for r in batch]}, batch
            current = store.get_article(row["article_id"]) or {
                "article": {"id": row["article_id"]},
                "events": [],
                "errors": [],
            }
            batch = []
        batch.append(row)
    if current is not None:
        yield {**current, "events": [r["event"] for r in batch]}, batch


def count_events(store: Any, **filters: Any) -> int:
    """How many stored events match the filters (the store protocol has no count yet: rows are counted)."""
    counter = getattr(store, "count_events", None)
    if callable(counter):
        return int(counter(**filters))
    return sum(1 for _ in store.events(**filters))
