"""Stored events: ``GET /v1/events`` (JSON, paged), ``GET /v1/events/{id}`` (one event, its evidence and
every source of its cluster), ``GET /v1/stats`` (counts by day, type, country), and the exports
``GET /v1/export?format=...`` (any registered exporter, streamed), ``GET /v1/events.csv`` and
``GET /v1/events.geojson``.

The filters are those of ``wirecoder export`` (:mod:`.query`); by default only asserted events reported
in the article's window are listed, as in every export (``include_non_asserted=true`` adds negated,
hypothetical and future events, ``all_events=true`` lists all; a ``modality`` or ``status`` filter
replaces that default for its own field). Exports stream: rows go out as the store reads them.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from ..errors import Errors
from ..registry import exporters
from .app import ApiState, state
from .errors import ApiError
from .query import FilterError, check_filters, check_sort, count_events, news_filters, stored_records

router = APIRouter(tags=["events"])

#: Most rows one page of ``GET /v1/events`` returns.
MAX_PAGE = 1000
#: Characters an export buffers before sending them.
CHUNK = 64 * 1024


def event_filters(
    article_id: Annotated[str | None, Query(description="Only this article's events.")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type, e.g. Battles.")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. Armed clash.")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code of the event's location.")] = None,
    admin1: Annotated[str | None, Query(description="First-level division of the event's location.")] = None,
    date_from: Annotated[str | None, Query(description="YYYY-MM-DD; events whose dates reach it.")] = None,
    date_to: Annotated[str | None, Query(description="YYYY-MM-DD; events that start by it.")] = None,
    modality: Annotated[str | None, Query(description="asserted | negated | hypothetical | future")] = None,
    status: Annotated[
        str | None, Query(description="reported | background | aggregate | uncertain | unlocated")
    ] = None,
    actor: Annotated[str | None, Query(description="Part of an actor's name (any case).")] = None,
    min_sources: Annotated[str | None, Query(description="At least this many independent source articles.")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees.")] = None,
    cluster_id: Annotated[str | None, Query(description="The members of one cross-article cluster.")] = None,
    per_cluster: Annotated[
        bool,
        Query(
            description="One row per cross-article cluster (its founding report, with the cluster's "
            "dates and fatalities)."
        ),
    ] = False,
    include_non_asserted: Annotated[bool, Query(description="Also negated, hypothetical, future events.")] = False,
    all_events: Annotated[
        bool, Query(description="Also negated, hypothetical, future, background, aggregate events.")
    ] = False,
) -> dict[str, Any]:
    """The checked store filters of a request (E701, 400, on a bad value)."""
    filters = check_filters(
        article_id=article_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        country=country,
        admin1=admin1,
        date_from=date_from,
        date_to=date_to,
        modality=modality,
        status=status,
        actor=actor,
        min_sources=min_sources,
        bbox=bbox,
        cluster_id=cluster_id,
        per_cluster=per_cluster or None,
    )
    return news_filters(filters, all_events, include_non_asserted)


def sort_param(
    sort: Annotated[
        str | None,
        Query(
            description="A column of the rows, '-' first for descending: event_date, "
            "-fatalities, -n_sources. Default: by article, then record order."
        ),
    ] = None,
) -> str | None:
    return check_sort(sort)


Filters = Annotated[dict, Depends(event_filters)]
Sort = Annotated[str | None, Depends(sort_param)]
#: The row window of a streamed answer: every matching row unless a limit is given.
AllRows = Annotated[int | None, Query(ge=1, description="At most this many rows (default: all).")]
Skip = Annotated[int, Query(ge=0, description="Rows to skip.")]


def list_events(
    filters: Filters,
    sort: Sort,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")] = 100,
    offset: Skip = 0,
    st: ApiState = Depends(state),
) -> dict:
    """One page of matching events: each the flat row of the CSV export plus ``event`` (its wirecoder/1
    object), ordered by article then record order (or ``sort``); ``total`` counts every match."""
    with st.store() as store:
        total = count_events(store, **filters)
        rows = list(store.events(**filters, sort=sort, limit=limit, offset=offset))
    shown = {k: list(v) if isinstance(v, tuple) else v for k, v in filters.items()}
    return {
        "ok": True,
        "total": total,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "filters": shown,
        "events": rows,
    }


def get_event(event_id: str, st: ApiState = Depends(state)) -> dict:
    """One stored event by its ``event_id_cnty`` (``article:event``): the flat row, ``event`` (with its
    evidence spans) and ``cluster``: the cross-article cluster with every source article, each with its own
    event's evidence. 404 (E709) when not stored."""
    with st.store() as store:
        found = store.get_event(event_id)
    if found is None:
        raise ApiError(404, Errors.E709.format(what="Event", id=event_id), "E709")
    return {"ok": True, **found}


def stats(filters: Filters, st: ApiState = Depends(state)) -> dict:
    """Counts of the matching events by day (``event_date``), event type and country (ISO code)."""
    with st.store() as store:
        counts = store.stats(**filters)
    return {"ok": True, **counts}


def _stream(st: ApiState, format: str, filters: dict, sort: str | None, limit: int | None, offset: int) -> Iterator:
    """The export's body in chunks: text formats through a small buffer, binary ones (Parquet) through a
    temporary file (a Parquet footer comes last), so memory stays flat whatever the size."""
    cls = exporters.get(format)
    binary = getattr(cls, "binary", False)
    with st.store() as store:
        rows = store.events(**filters, sort=sort, limit=limit, offset=offset)
        if binary:
            with tempfile.TemporaryFile() as tmp:
                exporter = cls(tmp, include_all=True)  # the filters already chose the events
                for record, batch in stored_records(store, rows):
                    exporter.write_stored(record, batch)
                exporter.close()
                tmp.seek(0)
                while chunk := tmp.read(CHUNK):
                    yield chunk
            return
        buf = io.StringIO()
        exporter = cls(buf, include_all=True)
        for record, batch in stored_records(store, rows):
            exporter.write_stored(record, batch)
            if buf.tell() >= CHUNK:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        exporter.close()
        yield buf.getvalue()


def _response(st: ApiState, format: str, filters: dict, sort: str | None, limit: int | None, offset: int):
    if format not in exporters:
        raise FilterError(
            Errors.E701.format(name="format", value=format, reason="expected one of " + ", ".join(exporters.names())),
            code="E701",
        )
    with st.store():  # a server without a store answers E703 before streaming starts
        pass
    cls = exporters.get(format)
    headers = {"content-disposition": f'attachment; filename="events.{format}"'}
    return StreamingResponse(
        _stream(st, format, filters, sort, limit, offset), media_type=cls.media_type, headers=headers
    )


def export(
    filters: Filters,
    sort: Sort,
    format: Annotated[
        str, Query(description="csv | jsonl | json | geojson | parquet (any registered exporter)")
    ] = "csv",
    limit: AllRows = None,
    offset: Skip = 0,
    st: ApiState = Depends(state),
) -> StreamingResponse:
    """Matching events in any registered export format, streamed (as ``wirecoder export`` writes them)."""
    return _response(st, format, filters, sort, limit, offset)


def events_csv(
    filters: Filters,
    sort: Sort,
    limit: AllRows = None,
    offset: Skip = 0,
    st: ApiState = Depends(state),
) -> StreamingResponse:
    """Matching events as the ACLED-style CSV of ``wirecoder export --format csv``."""
    return _response(st, "csv", filters, sort, limit, offset)


def events_geojson(
    filters: Filters,
    sort: Sort,
    limit: AllRows = None,
    offset: Skip = 0,
    st: ApiState = Depends(state),
) -> StreamingResponse:
    """Matching located events as a GeoJSON FeatureCollection (properties: the CSV columns)."""
    return _response(st, "geojson", filters, sort, limit, offset)


router.add_api_route("/events", list_events, methods=["GET"])
router.add_api_route("/events.csv", events_csv, methods=["GET"], response_class=StreamingResponse)
router.add_api_route("/events.geojson", events_geojson, methods=["GET"], response_class=StreamingResponse)
router.add_api_route("/events/{event_id:path}", get_event, methods=["GET"])
router.add_api_route("/stats", stats, methods=["GET"])
router.add_api_route("/export", export, methods=["GET"], response_class=StreamingResponse)
