"""Review routes: ``POST /v1/review`` (accept, correct, reject or restore a stored event),
``GET /v1/review/queue`` (unreviewed events, lowest confidence first) and ``GET /v1/reviews``.

A review is a write, so the API's access rule applies (:class:`wirecoder.api.app.Access`): open on a
server without a token (loopback), else ``Authorization: Bearer <token>``.

DOCS: docs/web.md
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from ..review.corrections import Correction
from ..review.store import Reviews
from ..web.queries import Filters, event_columns, parse_filters
from ..web.routes import sqlite_conn
from .app import ApiState, state

router = APIRouter(tags=["review"])


class CorrectionBody(BaseModel, extra="forbid"):
    """The fields a correction changes; leave out what stays as coded."""

    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = Field(default=None, max_length=300)
    actor2: str | None = Field(default=None, max_length=300, description='"" removes the second actor.')
    location: dict | None = Field(
        default=None, description='{"geonames_id"} or {"name", "lat", "lon", "country_code", "admin1"?, "precision"?}'
    )
    date: dict | None = Field(default=None, description='{"start", "end"?, "precision"?}')
    fatalities: dict | None = Field(default=None, description='{"best", "low"?, "high"?}; {} for no toll.')


class ReviewBody(
    BaseModel,
    extra="forbid",
    json_schema_extra={
        "examples": [
            {
                "article_id": "a1",
                "event_id": "a1-e1-28bc1ff3",
                "action": "correct",
                "reviewer": "jd",
                "correction": {"fatalities": {"best": 3}},
            }
        ]
    },
):
    """One review of one stored event."""

    article_id: str = Field(min_length=1)
    event_id: str = Field(min_length=1)
    action: Literal["accept", "correct", "reject", "restore"]
    reviewer: str = Field(min_length=1, max_length=100)
    correction: CorrectionBody | None = None
    note: str | None = Field(default=None, max_length=2000)


def review(body: ReviewBody, st: ApiState = Depends(state)) -> dict:
    """Store a review; answers the event as it now stands (``null`` when rejected) and its history."""
    correction = Correction(**body.correction.model_dump()) if body.correction else None
    with st.store() as store:
        sqlite_conn(store)  # 503 for a store reviews cannot live in
        reviews = Reviews(store)
        event = reviews.save(body.article_id, body.event_id, body.action, body.reviewer, correction, body.note)
        history = reviews.history(body.article_id, body.event_id)
    return {"ok": True, "event": event, "reviews": history}


def queue(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    st: ApiState = Depends(state),
) -> dict:
    """Unreviewed events under the page's filters, lowest confidence first, and how many remain."""
    filters: Filters = parse_filters(dict(request.query_params))
    with st.store() as store:
        sqlite_conn(store)  # 503 for a store reviews cannot live in
        reviews = Reviews(store)
        where, params = filters.where(event_columns(reviews.conn))
        items = reviews.queue(where, params, limit)
        remaining = reviews.count_unreviewed(where, params)
    return {"ok": True, "remaining": remaining, "events": items}


def list_reviews(limit: Annotated[int, Query(ge=1, le=1000)] = 50, st: ApiState = Depends(state)) -> dict:
    """The newest reviews, and the events whose review in force is a rejection."""
    with st.store() as store:
        sqlite_conn(store)  # 503 for a store reviews cannot live in
        reviews = Reviews(store)
        return {"ok": True, "reviews": reviews.latest(limit), "rejected": reviews.rejected()}


router.add_api_route("/review", review, methods=["POST"])
router.add_api_route("/review/queue", queue, methods=["GET"])
router.add_api_route("/reviews", list_reviews, methods=["GET"])
