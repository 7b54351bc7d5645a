"""Reviews through the API (TestClient) over a store seeded with the example and a small corpus: corrections
change what GET /v1/events and the CSV export return, flagged as reviewed; they survive re-coding; a
rejection hides the event until it is restored; the queue is ordered by lowest confidence."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from fastapi.testclient import TestClient

from tests.web.seed import CORPUS, seed_store
from wirecoder import service
from wirecoder.api.app import create_app
from wirecoder.review.evidence import field_spans
from wirecoder.schema import validate


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, pipeline):
    return seed_store(tmp_path_factory.mktemp("review") / "seed.db", pipeline)


@pytest.fixture
def client(seeded, tmp_path, pipeline):
    db = tmp_path / "w.db"
    shutil.copy(seeded, db)
    app = create_app(db, pipeline.config, pipeline=pipeline)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.db = db
        yield c


def one_event(client, article_id: str) -> dict:
    rows = client.get("/v1/events", params={"article_id": article_id}).json()["events"]
    assert rows, f"the seed codes an event in {article_id}"
    return rows[0]


def csv_rows(client, **params) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get("/v1/events.csv", params=params).text)))


def review(client, row: dict, action: str, **extra) -> dict:
    body = {"article_id": row["article_id"], "event_id": row["event"]["id"], "action": action, "reviewer": "tk"}
    response = client.post("/v1/review", json={**body, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_correction_changes_events_and_csv_flagged_as_reviewed(client):
    row = one_event(client, "sy-shelling")
    assert row["fatalities"] == 5 and row["reviewed"] is None
    out = review(client, row, "correct", correction={"fatalities": {"best": 7, "low": 5, "high": 9}})
    assert out["event"]["fatalities"] == {"low": 5, "best": 7, "high": 9, "text": "set by reviewer tk"}
    assert out["event"]["review"]["status"] == "corrected" and out["event"]["review"]["reviewer"] == "tk"
    after = one_event(client, "sy-shelling")
    assert after["fatalities"] == 7 and after["fatalities_low"] == 5 and after["reviewed"] == "corrected"
    assert after["event"]["review"]["fields"] == ["fatalities"]
    assert after["notes"].endswith("7 fatalities.") and after["event"]["summary"] == after["notes"]  # note rewritten
    [line] = csv_rows(client, article_id="sy-shelling")
    assert line["fatalities"] == "7" and line["reviewed"] == "corrected" and line["notes"] == after["notes"]
    # an accept keeps the correction and records who accepted it
    review(client, after, "accept")
    assert one_event(client, "sy-shelling")["fatalities"] == 7
    assert [r["action"] for r in out["reviews"]] == ["correct"]


def test_type_actor_location_date_correction_keeps_the_contract(client):
    row = one_event(client, "iq-riot")
    correction = {
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor2": "Islamic State",
        "location": {"name": "Umm Qasr", "lat": 30.03, "lon": 47.95, "country_code": "iq", "precision": 1},
        "date": {"start": "2020-01-20"},
    }
    ev = review(client, row, "correct", correction=correction)["event"]
    assert ev["event_type"] == "Protests" and ev["plover"]["event"] == "PROTEST"
    assert ev["actor2"]["canonical"] == "Islamic State" and ev["actor2"]["inter"] == 2  # from the actor KB
    assert ev["location"]["name"] == "Umm Qasr" and ev["location"]["country_code"] == "IQ"
    assert ev["date"]["start"] == ev["date"]["end"] == "2020-01-20"
    record = client.get("/v1/articles/iq-riot").json()
    assert ev["review"]["status"] == "corrected"
    assert validate({**record, "events": [ev]}) == []  # the review object is part of the wirecoder/1 contract
    after = one_event(client, "iq-riot")
    assert (after["event_type"], after["location"], after["latitude"], after["event_date"]) == (
        "Protests",
        "Umm Qasr",
        30.03,
        "2020-01-20",
    )
    assert "in Umm Qasr" in after["notes"] and after["event"]["review"]["fields"] == [
        "actor2",
        "date",
        "event_type",
        "location",
        "sub_event_type",
    ]
    assert client.get("/v1/events", params={"event_type": "Riots"}).json()["total"] == 0


def test_gazetteer_location_correction(client):
    row = one_event(client, "ke-protest")
    place = client.get("/v1/ui/places", params={"q": "Mombasa"}).json()["places"][0]
    ev = review(client, row, "correct", correction={"location": {"geonames_id": place["geonames_id"]}})["event"]
    assert ev["location"]["name"] == "Mombasa" and ev["location"]["country_code"] == "KE"
    assert one_event(client, "ke-protest")["location"] == "Mombasa"


@pytest.mark.parametrize(
    "correction, field",
    [
        ({"event_type": "Riots"}, "sub_event_type"),  # the coded sub-type is not a riot
        ({"event_type": "Battles", "sub_event_type": "Peaceful protest"}, "sub_event_type"),
        ({"fatalities": {"best": -1}}, "fatalities.low"),
        ({"date": {"start": "2020-02-30"}}, "date.start"),
        ({"actor1": ""}, "actor1"),
        ({"location": {"name": "X", "lat": 95, "lon": 0, "country_code": "SY"}}, "location.lat"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(client, correction, field):
    row = one_event(client, "sy-shelling")
    body = {"article_id": "sy-shelling", "event_id": row["event"]["id"], "action": "correct", "reviewer": "tk"}
    response = client.post("/v1/review", json={**body, "correction": correction})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "E701" and f"'{field}'" in response.json()["error"]["message"]
    assert one_event(client, "sy-shelling") == row
    assert client.get("/v1/reviews").json()["reviews"] == []


def test_unknown_event_and_missing_reviewer(client):
    assert (
        client.post(
            "/v1/review", json={"article_id": "nope", "event_id": "x", "action": "accept", "reviewer": "tk"}
        ).status_code
        == 400
    )
    row = one_event(client, "sy-shelling")
    r = client.post(
        "/v1/review",
        json={"article_id": "sy-shelling", "event_id": row["event"]["id"], "action": "accept", "reviewer": "  "},
    )
    assert r.status_code == 400 and "'reviewer'" in r.json()["error"]["message"]


def test_corrections_and_rejections_survive_recoding(client, pipeline):
    shelling, riot = one_event(client, "sy-shelling"), one_event(client, "iq-riot")
    review(client, shelling, "correct", correction={"fatalities": {"best": 6}})
    review(client, riot, "reject", note="not a riot")
    total = client.get("/v1/events").json()["total"]
    assert client.get("/v1/events", params={"article_id": "iq-riot"}).json()["total"] == 0
    store = service.open_store(str(client.db))
    try:  # the same articles coded again (a new run), as `wirecoder extract --db` would
        list(service.code_paths([str(CORPUS)], pipeline, store=store, force=True))
    finally:
        store.close()
    again = one_event(client, "sy-shelling")
    assert again["event"]["id"] == shelling["event"]["id"]  # stable id
    assert again["fatalities"] == 6 and again["reviewed"] == "corrected"
    assert again["event"]["fatalities"]["best"] == 6
    assert client.get("/v1/events", params={"article_id": "iq-riot"}).json()["total"] == 0
    assert client.get("/v1/events").json()["total"] == total
    rejected = client.get("/v1/reviews").json()["rejected"]
    assert [(r["article_id"], r["note"]) for r in rejected] == [("iq-riot", "not a riot")]
    # restore brings the event back, as coded
    restored = client.post(
        "/v1/review",
        json={"article_id": "iq-riot", "event_id": riot["event"]["id"], "action": "restore", "reviewer": "tk"},
    ).json()["event"]
    assert restored["review"]["status"] == "accepted"
    back = one_event(client, "iq-riot")
    assert back["event_type"] == riot["event_type"] and back["reviewed"] == "accepted"


def test_queue_lowest_confidence_first_and_shrinks(client):
    first = client.get("/v1/review/queue", params={"limit": 50}).json()
    confidences = [e["confidence"] for e in first["events"]]
    assert confidences == sorted(confidences) and first["remaining"] == len(confidences)
    assert first["remaining"] == client.get("/v1/events").json()["total"]
    top = first["events"][0]
    row = next(r for r in client.get("/v1/events").json()["events"] if r["event"]["id"] == top["event_id"])
    review(client, row, "accept")
    second = client.get("/v1/review/queue", params={"limit": 50}).json()
    assert second["remaining"] == first["remaining"] - 1
    assert top["event_id"] not in [e["event_id"] for e in second["events"]]
    kenya = client.get("/v1/review/queue", params={"country": "KE"}).json()
    assert kenya["remaining"] == 1 and kenya["events"][0]["article_id"] == "ke-protest"


def test_review_needs_the_token_when_the_server_has_one(seeded, tmp_path, pipeline):
    db = tmp_path / "t.db"
    shutil.copy(seeded, db)
    app = create_app(db, pipeline.config, pipeline=pipeline, token="s3cret", public_read=True)
    with TestClient(app, raise_server_exceptions=False) as c:
        row = one_event(c, "sy-shelling")
        body = {"article_id": "sy-shelling", "event_id": row["event"]["id"], "action": "reject", "reviewer": "tk"}
        assert c.post("/v1/review", json=body).status_code == 401
        assert one_event(c, "sy-shelling")["event"]["id"] == row["event"]["id"]
        ok = c.post("/v1/review", json=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["event"] is None


def test_field_spans_of_the_example(client):
    record = client.get("/v1/articles/article").json()
    text = (CORPUS.parents[3] / "examples" / "article.txt").read_text("utf-8")
    # the lead event: the coalition's strikes on Deir ez-Zour, told in the lede ("killed dozens of militants")
    # and again in the body, where the toll is given as a number ("about 85") by "a US military official": the
    # event keeps the body's mention, which absorbed the lede's
    lead = next(e for e in record["events"] if e["sub_event_type"] == "Air/drone strike")
    spans = {s["field"]: s["text"] for s in field_spans(record, lead, text)}
    assert spans["actor1"] == "US-led coalition"
    assert spans["fatalities"] == "about 85"
    assert spans["attribution"] == "a US military official"
    assert spans["place"] == "Deir ez-Zour"
    for s in field_spans(record, lead, text):
        assert text[s["start"] : s["end"]] == s["text"]


def test_event_detail_has_text_spans_and_history(client):
    row = one_event(client, "af-clash")
    review(client, row, "correct", correction={"fatalities": {"best": 4}})
    d = client.get("/v1/ui/event", params={"article_id": "af-clash", "event_id": row["event"]["id"]}).json()
    assert d["article"]["text"].startswith("Taliban attack checkpoint")
    fields = {s["field"] for s in d["spans"]}
    assert {"evidence", "actor1", "place"} <= fields
    assert "fatalities" not in fields  # set by the reviewer: no span in the text
    assert [r["action"] for r in d["reviews"]] == ["correct"] and d["reviews"][0]["fields"]["fatalities"]["best"] == 4
    assert json.dumps(d["event"]["review"])
