"""``GET /v1/articles/{id}``: the stored wirecoder/1 record of one article."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..errors import Errors
from .app import ApiState, state
from .errors import ApiError

router = APIRouter(tags=["articles"])


def get_article(article_id: str, st: ApiState = Depends(state)) -> dict:
    """The stored record (every event, flagged by ``modality`` and ``status``); 404 (E702) when not stored."""
    with st.store() as store:
        record = store.get_article(article_id)
    if record is None:
        raise ApiError(404, Errors.E702.format(id=article_id), "E702")
    return record


router.add_api_route("/articles/{article_id:path}", get_article, methods=["GET"])
