"""``GET /v1/events`` (JSON, paged), ``GET /v1/events.csv`` and ``GET /v1/events.geojson``: stored events.

The filters are those of ``wirecoder export`` (:mod:`.query`); by default only asserted events reported
in the article's window are listed, as in every export (``all_events=true`` lists all; a ``modality``
or ``status`` filter replaces that default for its own field). The CSV and GeoJSON bodies are written
by the registered exporters from the same rows.
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from ..registry import exporters
from .app import ApiState, state
from .query import check_filters, count_events, news_filters, stored_records

router = APIRouter(tags=["events"])

#: Most rows one page of ``GET /v1/events`` returns.
MAX_PAGE = 1000


def event_filters(
    article_id: Annotated[str | None, Query(description="Only this article's events.")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. Armed clash.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code of the event's location.")] = None,
    date_from: Annotated[str | None, Query(description="YYYY-MM-DD; events whose dates reach it.")] = None,
    date_to: Annotated[str | None, Query(description="YYYY-MM-DD; events that start by it.")] = None,
    modality: Annotated[str | None, Query(description="asserted | negated | hypothetical | future")] = None,
    status: Annotated[str | None, Query(description="reported | background | aggregate")] = None,
    all_events: Annotated[bool, Query(description="Also negated, hypothetical, future, background, "
                                      "aggregate events.")] = False,
) -> dict[str, Any]:
    """The checked store filters of a request (E701, 400, on a bad value)."""
    filters = check_filters(
        article_id=article_id, event_type=event_type, sub_event_type=sub_event_type, country=country,
        date_from=date_from, date_to=date_to, modality=modality, status=status,
    )
    return news_filters(filters, all_events)


Filters = Annotated[dict, Depends(event_filters)]


def list_events(
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
    st: ApiState = Depends(state),
) -> dict:
    """One page of matching events: each the flat row of the CSV export plus ``event`` (its wirecoder/1
    object), ordered by article then record order; ``total`` counts every match."""
    with st.store() as store:
        total = count_events(store, **filters)
        rows = list(store.events(**filters, limit=limit, offset=offset))
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "filters": filters, "events": rows}


def _export(st: ApiState, format: str, filters: dict, limit: int | None, offset: int) -> str:
    out = io.StringIO()
    exporter = exporters.get(format)(out, include_all=True)  # the filters already chose the events
    with st.store() as store:
        for record in stored_records(store, store.events(**filters, limit=limit, offset=offset)):
            exporter.write(record)
    exporter.close()
    return out.getvalue()


def events_csv(
    filters: Filters,
    limit: Annotated[int | None, Query(ge=1, description="At most this many rows (default: all).")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    st: ApiState = Depends(state),
) -> Response:
    """Matching events as the ACLED-style CSV of ``wirecoder export --format csv``."""
    return Response(_export(st, "csv", filters, limit, offset), media_type="text/csv; charset=utf-8")


def events_geojson(
    filters: Filters,
    limit: Annotated[int | None, Query(ge=1, description="At most this many rows (default: all).")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    st: ApiState = Depends(state),
) -> Response:
    """Matching located events as a GeoJSON FeatureCollection (properties: the CSV columns)."""
    return Response(_export(st, "geojson", filters, limit, offset), media_type="application/geo+json")


router.add_api_route("/events", list_events, methods=["GET"])
router.add_api_route("/events.csv", events_csv, methods=["GET"], response_class=Response)
router.add_api_route("/events.geojson", events_geojson, methods=["GET"], response_class=Response)
