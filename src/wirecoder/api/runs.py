"""``GET /v1/runs``: the recorded runs, oldest first, each with the configuration that coded it."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from .app import ApiState, state

router = APIRouter(tags=["runs"])


def list_runs(st: ApiState = Depends(state)) -> dict:
    """Every recorded run: ``id``, ``started``, ``version``, ``config``."""
    with st.store() as store:
        runs = list(store.runs())
    return {"ok": True, "total": len(runs), "runs": runs}


router.add_api_route("/runs", list_runs, methods=["GET"])
