"""``POST /v1/code`` (also ``POST /v1/extract``, the name ``wirecoder extract`` users know): code one text into
a wirecoder/1 record (stored when the server has a store)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from .. import service
from ..errors import Errors, WirecoderError
from .app import ApiState, state

router = APIRouter(tags=["code"])


class CodeRequest(
    BaseModel,
    extra="forbid",
    json_schema_extra={"examples": [
        {"text": "Two people were killed in an air strike on Idlib on Monday.", "id": "a1", "published": "2020-01-15"}
    ]},
):
    """A text to code."""

    text: str = Field(min_length=1, description="The article text, exactly as published.")
    id: str | None = Field(default=None, min_length=1, max_length=500,
                           description="Article id (default: text-<hash of the text>, so re-posting replaces).")
    title: str | None = Field(default=None, description="Headline (default: the first line when it looks like one).")
    published: date | None = Field(default=None, description="Publication date YYYY-MM-DD (default: from the text).")
    url: str | None = Field(default=None, max_length=2000, description="Where the article was published.")
    source: str | None = Field(default=None, max_length=300, description="The outlet (the CSV's source column).")



def default_id(text: str) -> str:
    """A stable id for a text posted without one."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def code(
    body: CodeRequest,
    all_events: Annotated[bool, Query(description="Also return negated, hypothetical, future, background and "
                                      "aggregate events (the store keeps them all).")] = False,
    st: ApiState = Depends(state),
) -> dict:
    """Code one text. Answers the wirecoder/1 record (as ``wirecoder extract`` writes it); a text that
    cannot be coded (E1xx, E2xx) is a 400 with its coded error."""
    pipeline = st.pipeline()
    with st.code_lock, st.store(required=False) as store:
        art = service.code_text(
            body.text, pipeline, id=body.id or default_id(body.text), title=body.title,
            published=body.published, store=store, url=body.url, source=body.source,
        )
    if art.failed:
        err = next((e for e in reversed(art.errors) if e.code), art.errors[-1] if art.errors else None)
        message = err.message if err else Errors.E101.format(name=art.id)
        raise WirecoderError(message, err.code if err else "E101")
    return art.to_record(include_all=all_events)


router.add_api_route("/code", code, methods=["POST"])
router.add_api_route("/extract", code, methods=["POST"])
