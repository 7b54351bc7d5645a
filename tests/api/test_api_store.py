"""The REST API over a store holding several articles: one event with every source, stats, the new filters,
streamed exports in every format, who may do what (tokens, CORS), body limits, and a real uvicorn process."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from wirecoder import service
from wirecoder.api.app import create_app
from wirecoder.export.rows import COLUMNS

from .test_api import DOCS_API, assert_error

SHELLING = (
    "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, killing five "
    "civilians, activists said."
)
SHELLING_AGAIN = (
    "Five civilians were killed on Monday when Syrian government forces shelled Maarat al-Numan in Idlib "
    "province, a monitoring group reported."
)
PROTEST = "Police in Kenya fired tear gas at protesters in Nairobi on Tuesday."


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("api") / "w.db"
    with service.open_store(path) as store:
        for aid, text, day in (("a1", SHELLING, 14), ("a2", SHELLING_AGAIN, 15), ("k1", PROTEST, 15)):
            service.code_text(text, pipeline, id=aid, published=date(2020, 1, day), store=store, source=f"outlet-{aid}")
    return path


@pytest.fixture
def client(store_path, pipeline):
    app = create_app(store_path, pipeline.config, pipeline=pipeline, max_body_bytes=20_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_two_reports_of_one_shelling_are_one_cluster_with_both_sources(client):
    rows = client.get("/v1/events", params={"country": "SY"}).json()["events"]
    assert len(rows) == 2 and rows[0]["cluster_id"] == rows[1]["cluster_id"]
    assert [r["n_sources"] for r in rows] == [2, 2]
    one = client.get(f"/v1/events/{rows[0]['event_id_cnty']}").json()
    assert one["ok"] and one["event"]["evidence"] and one["event_id_cnty"] == rows[0]["event_id_cnty"]
    sources = one["cluster"]["sources"]
    assert [s["article_id"] for s in sources] == ["a1", "a2"] and all(s["evidence"] for s in sources)
    assert {s["source"] for s in sources} == {"outlet-a1", "outlet-a2"}
    assert one["cluster"]["first_reported"] == "2020-01-14" and one["cluster"]["last_reported"] == "2020-01-15"
    cluster = client.get(f"/v1/clusters/{rows[0]['cluster_id']}").json()
    assert cluster["n_sources"] == 2 and cluster["fatalities_best"] == 5
    assert_error(client.get("/v1/events/a1:nothing"), 404, "E709")
    assert_error(client.get("/v1/clusters/c-0000"), 404, "E709")


def test_stats_count_by_day_type_and_country_with_filters(client):
    body = client.get("/v1/stats").json()
    assert body["total"] == 3
    assert {x["key"]: x["count"] for x in body["by_country"]} == {"KE": 1, "SY": 2}
    assert sum(x["count"] for x in body["by_day"]) == 3
    assert {x["key"] for x in body["by_type"]} == {"Explosions/Remote violence", "Protests"}
    assert client.get("/v1/stats", params={"country": "KE"}).json()["total"] == 1


@pytest.mark.parametrize(
    ("params", "want"),
    [
        ({"bbox": "35,34,38,37"}, {"a1", "a2"}),  # around Idlib
        ({"bbox": "30,-5,40,5"}, {"k1"}),  # around Nairobi
        ({"min_sources": 2}, {"a1", "a2"}),
        ({"per_cluster": "true"}, {"a1", "k1"}),  # the shelling once
        ({"actor": "police"}, {"k1"}),
        ({"admin1": "IDLIB"}, {"a1", "a2"}),
        ({"event_type": "Protests", "actor": "syria"}, set()),
    ],
)
def test_event_filters(client, params, want):
    rows = client.get("/v1/events", params=params).json()["events"]
    assert {r["article_id"] for r in rows} == want


def test_sort_and_paging(client):
    by_date = client.get("/v1/events", params={"sort": "-published"}).json()["events"]
    assert [r["published"] for r in by_date] == sorted((r["published"] for r in by_date), reverse=True)
    page = client.get("/v1/events", params={"sort": "event_date", "limit": 2, "offset": 1}).json()
    assert page["total"] == 3 and len(page["events"]) == 2
    assert_error(client.get("/v1/events", params={"sort": "colour"}), 400, "E701")
    for bad in ({"bbox": "1,2,3"}, {"bbox": "0,50,10,40"}, {"min_sources": "0"}, {"min_sources": "many"}):
        assert_error(client.get("/v1/events", params=bad), 400, "E701")


def test_export_every_format_streams_the_filtered_rows(client):
    r = client.get("/v1/export", params={"format": "csv", "country": "SY"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [r["article_id"] for r in rows] == ["a1", "a2"] and list(rows[0]) == list(COLUMNS)
    assert rows[0]["disorder_type"] == "Political violence" and rows[0]["region"] == "Middle East"
    # what only the store knows comes out too: both reports are one event with two sources
    assert [r["n_sources"] for r in rows] == ["2", "2"] and rows[0]["cluster_id"] == rows[1]["cluster_id"] != ""
    lines = client.get("/v1/export", params={"format": "jsonl"}).text.splitlines()
    assert sorted(json.loads(x)["article"]["id"] for x in lines) == ["a1", "a2", "k1"]
    assert [x["article"]["id"] for x in client.get("/v1/export", params={"format": "json"}).json()] == [
        "a1",
        "a2",
        "k1",
    ]
    geo = client.get("/v1/export", params={"format": "geojson", "min_sources": 2}).json()
    assert len(geo["features"]) == 2
    parquet = client.get("/v1/export", params={"format": "parquet"})
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 3 and table.schema.field("event_date").type == pa.date32()
    assert sorted(table.column("n_sources").to_pylist()) == [1, 2, 2]
    assert table.schema.field("fatalities").type == pa.int64() and table.schema.field("latitude").type == pa.float64()
    assert_error(client.get("/v1/export", params={"format": "xml"}), 400, "E701")


def test_extract_alias_keeps_url_and_source(client):
    body = {"text": PROTEST, "id": "x1", "published": "2020-01-15", "url": "https://example.org/x1", "source": "Daily"}
    record = client.post("/v1/extract", json=body).json()
    assert record["article"]["url"] == "https://example.org/x1" and record["article"]["source"] == "Daily"
    row = client.get("/v1/events", params={"article_id": "x1"}).json()["events"][0]
    assert row["source"] == "Daily"


def test_token_guards_writes_and_reads_unless_public_read(store_path, pipeline):
    closed = create_app(store_path, pipeline.config, pipeline=pipeline, token="s3cret")
    with TestClient(closed, raise_server_exceptions=False) as c:
        assert_error(c.get("/v1/events"), 401, "E707")
        assert_error(c.post("/v1/code", json={"text": PROTEST}), 401, "E707")
        assert_error(c.get("/v1/events", headers={"authorization": "Bearer wrong"}), 401, "E707")
        assert c.get("/v1/events", headers={"authorization": "Bearer s3cret"}).status_code == 200
    open_read = create_app(store_path, pipeline.config, pipeline=pipeline, token="s3cret", public_read=True)
    with TestClient(open_read, raise_server_exceptions=False) as c:
        assert c.get("/v1/stats").status_code == 200
        assert_error(c.post("/v1/clusters/c-x/split", json={"events": ["a"]}), 401, "E707")


def test_no_cors_unless_configured(store_path, pipeline):
    origin = {"origin": "https://dash.example.org"}
    with TestClient(create_app(store_path, pipeline.config, pipeline=pipeline)) as c:
        assert "access-control-allow-origin" not in c.get("/v1/health", headers=origin).headers
    app = create_app(store_path, pipeline.config, pipeline=pipeline, cors_origins=["https://dash.example.org"])
    with TestClient(app) as c:
        assert c.get("/v1/health", headers=origin).headers["access-control-allow-origin"] == origin["origin"]


def test_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(30):
            yield b"x" * 1000

    assert_error(client.post("/v1/code", content=chunks(), headers={"content-type": "application/json"}), 413, "E705")
    small = iter([b'{"text": "', b"Police fired tear gas in Nairobi on Tuesday.", b'"}'])
    assert client.post("/v1/code", content=small, headers={"content-type": "application/json"}).status_code == 200


def test_every_v1_route_is_documented(client):
    text = DOCS_API.read_text("utf-8")
    spec = client.get("/openapi.json").json()
    mine = {"events", "code", "articles", "runs", "health", "clusters"}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if path.startswith("/v1/") and set(op.get("tags", [])) & mine:
                assert f"`{method.upper()} {path}`" in text, f"{method.upper()} {path} missing from docs/api.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_uvicorn_process_on_loopback_with_a_token(store_path):
    port = _free_port()
    env = {**os.environ, "WIRECODER_TOKEN": "tok-123"}
    cmd = [sys.executable, "-m", "wirecoder", "serve", "--db", str(store_path), "--port", str(port), "--public-read"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=Path(__file__).parent)
    try:
        base = f"http://127.0.0.1:{port}/v1"
        for _ in range(200):
            try:
                health = httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + proc.stdout.read1().decode())
        assert health.json()["ok"]
        assert httpx.get(f"{base}/stats").json()["total"] >= 3  # reads open (--public-read)
        denied = httpx.post(f"{base}/extract", json={"text": PROTEST})
        assert denied.status_code == 401 and denied.json()["error"]["code"] == "E707"
        assert "Traceback" not in denied.text
        csv_text = httpx.get(f"{base}/export", params={"format": "csv"}).text
        assert csv_text.startswith(",".join(COLUMNS[:3]))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
