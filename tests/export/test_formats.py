"""Exporters: the contract in JSONL, ACLED-style CSV rows, GeoJSON points; non-asserted events left out by default."""

from __future__ import annotations

import csv
import io
import json

from tests.store.test_sqlite import make_article
from wirecoder.doc import Attribution
from wirecoder.export.rows import COLUMNS, event_rows
from wirecoder.registry import exporters
from wirecoder.schema import validate


def _negated_too():
    art = make_article(n_events=2)
    art.events[1].modality = "negated"
    art.events[1].id = "e2"
    return art.to_record()


def test_formats_record_is_valid_against_schema():
    assert validate(make_article().to_record()) == []


def test_formats_schema_rejects_unknown_sub_event_type():
    rec = make_article().to_record()
    rec["events"][0]["sub_event_type"] = "Bombing"
    assert any("sub_event_type" in m for m in validate(rec))


def test_formats_jsonl_drops_non_asserted_by_default():
    out = io.StringIO()
    exp = exporters.get("jsonl")(out)
    exp.write(_negated_too())
    exp.close()
    rec = json.loads(out.getvalue())
    assert [e["modality"] for e in rec["events"]] == ["asserted"]
    out = io.StringIO()
    exp = exporters.get("jsonl")(out, include_all=True)
    exp.write(_negated_too())
    exp.close()
    assert len(json.loads(out.getvalue())["events"]) == 2


def test_formats_csv_has_acled_columns():
    out = io.StringIO()
    exp = exporters.get("csv")(out)
    exp.write(_negated_too())
    exp.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 1
    r = rows[0]
    assert r["event_type"] == "Explosions/Remote violence" and r["country"] == "Syria"
    assert r["interaction"] == "17" and r["fatalities"] == "12" and r["event_date"] == "2020-01-13"


def test_formats_geojson_points_are_lon_lat():
    out = io.StringIO()
    exp = exporters.get("geojson")(out)
    exp.write(make_article().to_record())
    exp.close()
    fc = json.loads(out.getvalue())
    assert fc["features"][0]["geometry"]["coordinates"] == [36.63, 35.93]


def test_formats_event_rows_keep_evidence_text():
    (row,) = event_rows(make_article().to_record())
    assert row["evidence"] == "Troops shelled"


def test_formats_source_is_the_outlet_and_attribution_who_said_it():
    """One meaning per column: ACLED's `source` is the outlet; who the article says reported it is `attribution`."""
    art = make_article()
    art.source = "Reuters"
    art.events[0].attribution = Attribution(source="the Syrian Observatory", text="according to")
    out = io.StringIO()
    exp = exporters.get("csv")(out)
    exp.write(art.to_record())
    exp.close()
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["source"] == "Reuters" and row["attribution"] == "the Syrian Observatory"
    assert "claimed_by" not in row


def test_formats_geojson_properties_are_the_rows():
    rec = make_article().to_record()
    out = io.StringIO()
    exp = exporters.get("geojson")(out)
    exp.write(rec)
    exp.close()
    (feature,) = json.loads(out.getvalue())["features"]
    assert feature["properties"] == event_rows(rec)[0]
    assert list(feature["properties"]) == list(COLUMNS)


def test_formats_table_shows_the_attribution():
    art = make_article()
    art.events[0].attribution = Attribution(source="UN monitors", text="said")
    out = io.StringIO()
    exp = exporters.get("table")(out)
    exp.write(art.to_record())
    exp.close()
    assert "UN monitors" in out.getvalue()
