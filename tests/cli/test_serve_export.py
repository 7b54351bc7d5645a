"""``wirecoder export`` (stored events out through the exporters) and ``wirecoder serve`` (start-up)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date

import pytest
from typer.testing import CliRunner

from wirecoder import service
from wirecoder.cli import app
from wirecoder.doc import is_news
from wirecoder.schema import validate

runner = CliRunner()

TEXTS = {
    "a1": "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, killing five "
    "civilians, activists said. Police in Kenya fired tear gas at protesters in Nairobi on Tuesday.",
    "a2": "Rebels did not attack the town of Idlib on Monday, residents said. Gunmen attacked a village near "
    "Maiduguri in Borno state on Sunday, killing three farmers.",
}


@pytest.fixture
def db(tmp_path, pipeline):
    """A store holding the coded TEXTS; returns (path, {article id: its full record})."""
    path = tmp_path / "w.db"
    records = {}
    with service.open_store(path) as store:
        for aid, text in TEXTS.items():
            art = service.code_text(text, pipeline, id=aid, published=date(2020, 1, 15), store=store)
            records[aid] = art.to_record(include_all=True)
    return path, records


def export(*args: str):
    result = runner.invoke(app, ["export", *args])
    return result


def test_export_jsonl_round_trips_stored_events(db):
    path, records = db
    result = export("--db", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    for record in out:
        assert validate(record) == []
        want = [e for e in records[record["article"]["id"]]["events"] if is_news(e)]
        assert record["events"] == want
        assert record["article"] == records[record["article"]["id"]]["article"]
    assert sum(len(r["events"]) for r in out) == sum(is_news(e) for r in records.values() for e in r["events"])
    assert "exported" in result.stderr


def test_export_all_events_keeps_every_stored_event(db):
    path, records = db
    result = export("--db", str(path), "--format", "json", "--all-events")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {r["article"]["id"]: r["events"] for r in out} == {
        aid: r["events"] for aid, r in records.items() if r["events"]
    }
    assert any(not is_news(e) for r in out for e in r["events"])  # the negated attack is kept


def test_export_csv_and_geojson_with_filters(db):
    path, records = db
    result = export("--db", str(path), "--format", "csv", "--country", "sy")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["iso"] for r in rows} == {"SY"}
    assert all(r["modality"] == "asserted" and r["status"] == "reported" for r in rows)
    every = list(csv.DictReader(io.StringIO(export("--db", str(path), "-f", "csv").stdout)))
    assert len(every) == sum(is_news(e) for r in records.values() for e in r["events"])
    dated = export("--db", str(path), "-f", "csv", "--date-from", "2020-01-14", "--article-id", "a1").stdout
    assert [r["event_type"] for r in csv.DictReader(io.StringIO(dated))] == ["Protests"]
    geo = export("--db", str(path), "--format", "geojson", "--event-type", "Protests")
    body = json.loads(geo.stdout)
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["iso"] for f in body["features"]] == ["KE"]


def test_export_matches_the_store_table(db):
    path, _ = db
    con = sqlite3.connect(path)
    n_all = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    con.close()
    rows = list(csv.DictReader(io.StringIO(export("--db", str(path), "-f", "csv", "--all-events").stdout)))
    assert len(rows) == n_all


@pytest.mark.parametrize(
    "args",
    [["--country", "Syria"], ["--date-from", "2020-1-x"], ["--modality", "maybe"], ["--event-type", "Battle"],
     ["--format", "xml"]],
)
def test_export_bad_usage_exits_2(db, args):
    path, _ = db
    result = export("--db", str(path), *args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_export_missing_store_is_not_created(tmp_path):
    missing = tmp_path / "none.db"
    result = export("--db", str(missing))
    assert result.exit_code == 2 and "E601" in result.stderr
    assert not missing.exists()


def test_serve_starts_uvicorn_on_loopback_with_the_app(tmp_path, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda api, **kw: seen.update(api=api, **kw))
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "w.db"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["api"].state.wirecoder.store_url == str(tmp_path / "w.db")
    assert (tmp_path / "w.db").exists()  # opened and migrated at start-up


def test_serve_refuses_a_foreign_database(tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("must not start"))
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    result = runner.invoke(app, ["serve", "--db", str(other)])
    assert result.exit_code == 2 and "E604" in result.stderr


def test_export_csv_has_acleds_columns_first_in_order(db):
    path, _ = db
    header = export("--db", str(path), "-f", "csv").stdout.splitlines()[0].split(",")
    # the issue's list, ACLED's export columns in order
    acled = [
        *("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type"),
        *("actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction"),
        *("civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude"),
        *("longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"),
    ]
    assert header[: len(acled)] == acled
    assert header[len(acled) : len(acled) + 6] == [
        "fatalities_low", "fatalities_high", "modality", "confidence", "n_sources", "evidence"
    ]


def test_export_issue_filter_names_and_parquet(db, tmp_path):
    import pyarrow.parquet as pq

    path, records = db
    out = tmp_path / "e.parquet"
    result = export("--db", str(path), "-f", "parquet", "-o", str(out), "--type", "Violence against civilians",
                    "--since", "2020-01-01", "--until", "2020-12-31", "--min-sources", "1")
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert [r["sub_event_type"] for r in table] == ["Attack"] and table[0]["iso"] == "NG"
    assert table[0]["event_date"] == date(2020, 1, 12) and isinstance(table[0]["fatalities"], int)
    rows = lambda *a: list(csv.DictReader(io.StringIO(export("--db", str(path), "-f", "csv", *a).stdout)))  # noqa: E731
    assert {r["iso"] for r in rows("--admin1", "borno")} == {"NG"}
    assert {r["iso"] for r in rows("--actor", "police")} == {"KE"}
    assert rows("--sub-type", "Armed clash") == []
    assert rows("--min-sources", "2") == []
    # --include-non-asserted lifts the modality default only: every reported event, whatever its modality
    every = [e for r in records.values() for e in r["events"] if e.get("status", "reported") == "reported"]
    assert len(rows("--include-non-asserted")) == len(every) >= len(rows())
    assert {r["modality"] for r in rows("--include-non-asserted")} == {e["modality"] for e in every}
    from wirecoder.api.query import news_filters

    assert news_filters({}, include_non_asserted=True) == {"status": "reported"}
    assert news_filters({}) == {"modality": "asserted", "status": "reported"} and news_filters({}, True) == {}


def test_serve_refuses_a_public_address_without_a_token(tmp_path, monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda api, **kw: seen.update(api=api, **kw))
    monkeypatch.delenv("WIRECODER_TOKEN", raising=False)
    refused = runner.invoke(app, ["serve", "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "E708" in refused.stderr and not seen
    ok = runner.invoke(app, ["serve", "--db", str(tmp_path / "w.db"), "--host", "0.0.0.0", "--token", "t"])
    assert ok.exit_code == 0, ok.output
    assert seen["host"] == "0.0.0.0" and seen["api"].state.wirecoder.token == "t"
