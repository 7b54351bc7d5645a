"""The web page at ``/`` and the reads it makes (``/v1/ui/...``): map clusters, timeline, table, one event.

The page (``static/index.html``, ``app.js``, ``app.css``) and its vendored libraries are static files of
the package; it loads nothing from elsewhere. Its reads are computed by :mod:`.queries` in the store;
reviews are written through ``POST /v1/review`` (:mod:`wirecoder.api.review`) and articles coded
through the API's coding route.

DOCS: docs/web.md
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from ..api.app import ApiState, state
from ..api.errors import ApiError
from ..errors import Errors
from ..store.sqlite import SQLiteStore
from . import queries

STATIC = Path(__file__).resolve().parent / "static"

router = APIRouter(tags=["web"])


def sqlite_conn(store: Any) -> Any:
    """The SQLite connection of the request's store; 503 (E704) for another kind of store."""
    if not isinstance(store, SQLiteStore):
        reason = "the page and reviews need the SQLite store (wirecoder serve --db FILE.db)"
        raise ApiError(503, Errors.E704.format(method="GET", path="/v1/ui", reason=reason), "E704")
    return store.conn


def page_filters(request: Request) -> queries.Filters:
    """The page's filters from the query string (E701, 400, on a bad value)."""
    return queries.parse_filters(dict(request.query_params))


PageFilters = Annotated[queries.Filters, Depends(page_filters)]


def index() -> FileResponse:
    """The page."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def ui_clusters(
    filters: PageFilters,
    zoom: Annotated[int, Query(ge=0, le=20, description="Map zoom level.")] = 2,
    st: ApiState = Depends(state),
) -> dict:
    """Located events grouped into grid cells for the map (filters, and ``bbox=west,south,east,north``)."""
    with st.store() as store:
        return queries.clusters(sqlite_conn(store), filters, zoom)


def ui_timeline(filters: PageFilters, st: ApiState = Depends(state)) -> dict:
    """Events per day and type (every filter but the date range)."""
    with st.store() as store:
        return queries.timeline(sqlite_conn(store), filters)


def ui_table(
    filters: PageFilters,
    sort: Annotated[str, Query(description="A flat column, e.g. event_date, fatalities, confidence.")] = "event_date",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    limit: Annotated[int, Query(ge=1, le=queries.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    st: ApiState = Depends(state),
) -> dict:
    """One sorted page of matching events and their number."""
    with st.store() as store:
        return queries.table(sqlite_conn(store), filters, sort, order == "desc", limit, offset)


def ui_options(request: Request, st: ApiState = Depends(state)) -> dict:
    """What the page's menus offer: taxonomy, countries and admin1 names in the store, the coding route."""
    from ..events import taxonomy

    paths = request.app.openapi()["paths"]  # the coding route's name is the API's (code or extract)
    coding = next(
        (p for p, ops in paths.items() if "post" in ops and p.rsplit("/", 1)[-1] in ("code", "extract")), None
    )
    with st.store() as store:
        present = queries.options(sqlite_conn(store))
    subtypes = {}
    for sub, row in taxonomy.subtypes().items():
        subtypes.setdefault(row["event_type"], []).append(sub)
    return {"event_types": list(taxonomy.event_types()), "subtypes": subtypes, "code_route": coding, **present}


def ui_event(
    article_id: Annotated[str, Query()],
    event_id: Annotated[str, Query()],
    st: ApiState = Depends(state),
) -> dict:
    """One stored event with its article text, the spans of each field, its reviews, and the id of the
    cross-article cluster it belongs to (``GET /v1/clusters/{id}`` lists every source), when the store has one."""
    from ..review.evidence import field_spans
    from ..review.store import Reviews

    with st.store() as store:
        conn = sqlite_conn(store)
        row = conn.execute(
            "SELECT record, text, title, published, source, url FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise ApiError(404, Errors.E702.format(id=article_id), "E702")
        record = json.loads(row[0])
        cluster = "cluster_id" if "cluster_id" in queries.event_columns(conn) else "NULL"
        stored = conn.execute(
            f"SELECT record, {cluster} FROM events WHERE article_id = ? AND id = ?", (article_id, event_id)
        ).fetchone()
        reviews = Reviews(store)
        history = reviews.history(article_id, event_id)
        coded = next((e for e in record["events"] if e["id"] == event_id), None)
        if coded is None:
            raise ApiError(
                404,
                Errors.E704.format(
                    method="GET", path="/v1/ui/event", reason=f"article {article_id} has no event {event_id}"
                ),
                "E704",
            )
        event = json.loads(stored[0]) if stored else coded
    return {
        "article": {
            "id": article_id,
            "title": row[2],
            "published": row[3],
            "source": row[4],
            "url": row[5],
            "text": row[1],
        },
        "event": event,
        "coded": coded,
        "rejected": stored is None and bool(history) and history[0]["action"] == "reject",
        "spans": field_spans(record, event, row[1]),
        "reviews": history,
        "cluster_id": stored[1] if stored else None,
    }


def ui_places(q: Annotated[str, Query(min_length=2, max_length=200)]) -> dict:
    """Gazetteer places called ``q`` (for correcting a location), most populous first."""
    from ..gazetteer.index import get_gazetteer

    places = get_gazetteer().candidates(q)[:20]
    return {
        "places": [
            {
                "geonames_id": p.geonames_id,
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "country_code": p.cc,
                "admin1": p.admin1,
                "feature": p.feature,
            }
            for p in places
            if p.geonames_id is not None
        ]
    }


router.add_api_route("/", index, methods=["GET"], include_in_schema=False, response_class=FileResponse)
router.add_api_route("/v1/ui/clusters", ui_clusters, methods=["GET"])
router.add_api_route("/v1/ui/timeline", ui_timeline, methods=["GET"])
router.add_api_route("/v1/ui/events", ui_table, methods=["GET"])
router.add_api_route("/v1/ui/options", ui_options, methods=["GET"])
router.add_api_route("/v1/ui/event", ui_event, methods=["GET"])
router.add_api_route("/v1/ui/places", ui_places, methods=["GET"])


def install(app: FastAPI) -> None:
    """Serve the page, its static files (``/static``) and its reads from ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
