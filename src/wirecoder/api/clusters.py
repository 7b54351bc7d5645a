"""``GET /v1/clusters/{id}`` (a cross-article event cluster with every source) and
``POST /v1/clusters/{id}/split`` (take events out of it; the split holds when articles are coded again)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ..errors import Errors
from .app import ApiState, state
from .errors import ApiError

router = APIRouter(tags=["clusters"])


class SplitRequest(BaseModel, extra="forbid", json_schema_extra={"examples": [{"events": ["a3:a3-e1-5f0c2d1e"]}]}):
    """The events (``event_id_cnty``) to take out of the cluster into one of their own."""

    events: list[str] = Field(min_length=1, max_length=1000)


def get_cluster(cluster_id: str, st: ApiState = Depends(state)) -> dict:
    """One cluster: what its reports agree on, ``n_sources``, first and last report, fatalities (best: the
    newest credible report read conservatively; high: the highest credible), and ``sources``: every member
    event with its article and evidence. 404 (E709) when there is no such cluster."""
    with st.store() as store:
        found = store.get_cluster(cluster_id)
    if found is None:
        raise ApiError(404, Errors.E709.format(what="Cluster", id=cluster_id), "E709")
    return {"ok": True, **found}


def split_cluster(cluster_id: str, body: SplitRequest, st: ApiState = Depends(state)) -> dict:
    """Split the listed events off into a new cluster (answered); they never join the members left behind
    again. 400 (E606) when they are not some (and not all) of its members."""
    with st.store() as store:
        if store.get_cluster(cluster_id) is None:
            raise ApiError(404, Errors.E709.format(what="Cluster", id=cluster_id), "E709")
        new_id = store.split_cluster(cluster_id, body.events)
        return {"ok": True, "cluster": store.get_cluster(cluster_id), "split": store.get_cluster(new_id)}


router.add_api_route("/clusters/{cluster_id}", get_cluster, methods=["GET"])
router.add_api_route("/clusters/{cluster_id}/split", split_cluster, methods=["POST"])
