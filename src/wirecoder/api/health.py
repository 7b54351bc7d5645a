"""``GET /v1/health``: version, store, pipeline stage names."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from .. import about
from .app import ApiState, state

router = APIRouter(tags=["health"])


def health(st: ApiState = Depends(state)) -> dict:
    """The server is up: its version, output schema, store location, and the configured pipeline's stages
    (``pipeline_built`` tells whether the first ``POST /v1/code`` has built it yet)."""
    return {
        "ok": True,
        "version": about.__version__,
        "schema": about.SCHEMA_ID,
        "store": st.store_url,
        "pipeline": list(st.cfg["pipeline"]["stages"]),
        "pipeline_built": st.pipeline_built,
    }


router.add_api_route("/health", health, methods=["GET"])
