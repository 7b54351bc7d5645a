"""The REST API through FastAPI's TestClient against a real SQLite store in tmp_path."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wirecoder.api.app import create_app
from wirecoder.schema import validate

DOCS_API = Path(__file__).resolve().parents[2] / "docs" / "api.md"

TEXT = (
    "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, killing five "
    "civilians, activists said. Police in Kenya fired tear gas at protesters in Nairobi on Tuesday."
)


def assert_error(response, status: int, code: str) -> dict:
    """The one error shape, with status = the HTTP code."""
    body = response.json()
    assert response.status_code == status, body
    assert body == {"ok": False, "error": {"code": code, "message": body["error"]["message"]}, "status": status}
    assert body["error"]["message"].startswith(f"[{code}]")
    return body


@pytest.fixture
def client(tmp_path, pipeline):
    app = create_app(tmp_path / "w.db", pipeline.config, pipeline=pipeline, max_body_bytes=50_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def coded(client):
    """The client after one short text was coded and stored."""
    r = client.post("/v1/code", json={"text": TEXT, "id": "a1", "title": "Clashes", "published": "2020-01-15"})
    assert r.status_code == 200, r.text
    return client, r.json()


def test_api_code_returns_valid_record_and_stores_it(coded):
    client, record = coded
    assert validate(record) == []
    assert record["article"]["id"] == "a1" and record["article"]["title"] == "Clashes"
    assert record["article"]["published"] == "2020-01-15"
    assert {e["event_type"] for e in record["events"]} >= {"Explosions/Remote violence", "Protests"}
    stored = client.get("/v1/articles/a1")
    assert stored.status_code == 200 and stored.json()["article"]["id"] == "a1"
    runs = client.get("/v1/runs").json()
    assert runs["ok"] and runs["total"] == 1 and runs["runs"][0]["config"]["pipeline"]


def test_api_code_without_id_gets_a_stable_one(client):
    first = client.post("/v1/code", json={"text": TEXT}).json()["article"]["id"]
    second = client.post("/v1/code", json={"text": TEXT}).json()["article"]["id"]
    assert first == second and first.startswith("text-")


def test_api_events_filters_and_paging(coded):
    client, record = coded
    page = client.get("/v1/events").json()
    assert page["ok"] and page["total"] == len(record["events"]) == len(page["events"])
    assert all(set(row) >= {"event_id_cnty", "event_type", "iso", "event"} for row in page["events"])
    syria = client.get("/v1/events", params={"country": "sy"}).json()
    assert syria["total"] == 1 and syria["events"][0]["iso"] == "SY"
    protests = client.get("/v1/events", params={"event_type": "Protests", "article_id": "a1"}).json()
    assert protests["total"] == 1 and protests["events"][0]["iso"] == "KE"
    assert client.get("/v1/events", params={"date_from": "2021-01-01"}).json()["total"] == 0
    assert client.get("/v1/events", params={"date_to": "2020-01-13"}).json()["total"] == 1
    # paging: one row per page, the total stays
    one = client.get("/v1/events", params={"limit": 1, "offset": 0}).json()
    two = client.get("/v1/events", params={"limit": 1, "offset": 1}).json()
    assert one["total"] == two["total"] == 2 and len(one["events"]) == len(two["events"]) == 1
    assert one["events"][0]["event_id_cnty"] != two["events"][0]["event_id_cnty"]
    assert client.get("/v1/events", params={"offset": 5}).json()["events"] == []


def test_api_events_default_keeps_news_only(client):
    text = "Rebels did not attack the town of Idlib on Monday, residents said."
    client.post("/v1/code", json={"text": text, "id": "neg", "published": "2020-01-15"})
    stored = client.get("/v1/articles/neg").json()["events"]
    news = [e for e in stored if e["modality"] == "asserted" and e.get("status", "reported") == "reported"]
    assert client.get("/v1/events", params={"article_id": "neg"}).json()["total"] == len(news)
    everything = client.get("/v1/events", params={"article_id": "neg", "all_events": True}).json()
    assert everything["total"] == len(stored)


def test_api_csv_and_geojson_parse(coded):
    client, record = coded
    r = client.get("/v1/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == len(record["events"]) and rows[0]["article_id"] == "a1"
    assert len(list(csv.DictReader(io.StringIO(client.get("/v1/events.csv", params={"country": "KE"}).text)))) == 1
    g = client.get("/v1/events.geojson")
    assert g.status_code == 200 and g.headers["content-type"].startswith("application/geo+json")
    body = g.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    for feature in body["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["article_id"] == "a1"


def test_api_not_found_shapes(client):
    assert_error(client.get("/v1/articles/missing"), 404, "E702")
    assert_error(client.get("/v1/nowhere"), 404, "E704")
    assert_error(client.delete("/v1/events"), 405, "E704")


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2020-13-01"},
        {"date_to": "yesterday"},
        {"date_from": "2020-02-01", "date_to": "2020-01-01"},
        {"modality": "maybe"},
        {"status": "old"},
        {"country": "Syria"},
        {"event_type": "Battle"},
        {"sub_event_type": "armed clash"},
        {"limit": 0},
        {"limit": "ten"},
        {"offset": -1},
    ],
)
def test_api_bad_filter_is_400_in_the_error_shape(client, params):
    body = assert_error(client.get("/v1/events", params=params), 400, "E701")
    assert next(iter(params)) in body["error"]["message"]
    assert_error(client.get("/v1/events.csv", params=params), 400, "E701")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"json": {}},
        {"json": {"text": ""}},
        {"json": {"text": 5}},
        {"json": {"text": "x", "published": "15/01/2020"}},
        {"json": {"text": "x", "colour": "red"}},
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
    ],
)
def test_api_bad_code_body_is_400(client, kwargs):
    assert_error(client.post("/v1/code", **kwargs), 400, "E701")


def test_api_code_empty_text_keeps_its_coded_error(client):
    assert_error(client.post("/v1/code", json={"text": "   \n  "}), 400, "E101")


def test_api_oversized_body_is_413(client):
    assert_error(client.post("/v1/code", json={"text": "word " * 20_000}), 413, "E705")


def test_api_health(client):
    body = client.get("/v1/health").json()
    assert body["ok"] and body["version"] and body["store"].endswith("w.db")
    assert body["pipeline"][0] == "analyse" and "finalize_events" in body["pipeline"]


def test_api_without_store_codes_but_lists_nothing(pipeline):
    app = create_app(None, pipeline.config, pipeline=pipeline)
    with TestClient(app) as client:
        assert client.post("/v1/code", json={"text": TEXT, "published": "2020-01-15"}).status_code == 200
        assert_error(client.get("/v1/events"), 503, "E703")
        assert client.get("/v1/health").json()["store"] is None


def test_api_builds_the_pipeline_once_lazily(tmp_path, monkeypatch, pipeline):
    from wirecoder import service

    built = []

    def fake_make(cfg):
        built.append(cfg)
        return pipeline

    monkeypatch.setattr(service, "make_pipeline", fake_make)
    app = create_app(tmp_path / "w.db", pipeline.config)
    with TestClient(app) as client:
        assert client.get("/v1/health").json()["pipeline_built"] is False and not built
        for _ in range(2):
            assert client.post("/v1/code", json={"text": TEXT}).status_code == 200
        assert len(built) == 1 and client.get("/v1/health").json()["pipeline_built"] is True


def test_api_openapi_served(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/code", "/v1/events", "/v1/events.csv", "/v1/events.geojson", "/v1/articles/{article_id}",
            "/v1/runs", "/v1/health"} <= set(spec["paths"])


def test_api_every_route_documented(client):
    text = DOCS_API.read_text("utf-8")
    for route in client.app.routes:
        path = getattr(route, "path", "")
        if not path.startswith("/v1/"):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            doc_path = re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", path)
            assert f"`{method} {doc_path}`" in text, f"{method} {doc_path} missing from docs/api.md"
