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


def _failed_record(id: str = "empty") -> dict:
    from wirecoder.doc import Article, StageError

    art = Article(id=id, text="")
    art.errors.append(StageError("ingest", f"[E101] Empty document: '{id}' has no text.", "E101"))
    art.failed = True
    return art.to_record()


def test_formats_a_failed_document_is_a_record_with_errors_in_jsonl_and_json():
    for fmt in ("jsonl", "json"):
        out = io.StringIO()
        exp = exporters.get(fmt)(out)
        exp.write(make_article().to_record())
        exp.write(_failed_record())
        exp.close()
        text = out.getvalue()
        records = [json.loads(x) for x in text.splitlines()] if fmt == "jsonl" else json.loads(text)
        assert [r["article"]["id"] for r in records] == ["a1", "empty"]
        bad = records[1]
        assert validate(bad) == [] and bad["events"] == []
        assert bad["errors"] == [{"stage": "ingest", "message": "[E101] Empty document: 'empty' has no text."}]


def test_formats_row_formats_have_no_row_for_a_failed_document():
    for fmt in ("csv", "geojson", "table"):
        out = io.StringIO()
        exp = exporters.get(fmt)(out)
        exp.write(_failed_record())
        exp.close()
        text = out.getvalue()
        if fmt == "csv":
            assert text.splitlines() == [",".join(COLUMNS)]
        elif fmt == "geojson":
            assert json.loads(text)["features"] == []
        else:
            assert "0 event(s)" in text


def test_formats_csv_safe_defuses_formulas_only_in_text():
    from wirecoder.export.formats import csv_safe

    for bad in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'):
        assert csv_safe(bad) == "'" + bad
    for ok in ("Idlib", "", " =1", "1-2", None, -33.92, -5, 0, 12.5):
        assert csv_safe(ok) == ok


def test_formats_csv_cells_cannot_inject_formulas_and_negative_numbers_stay_numbers():
    art = make_article(id='=HYPERLINK("http://evil.example","click")')
    art.source = "@cmd"
    ev = art.events[0]
    ev.actor1.canonical = "-2+3+cmd|' /C calc'!A0"
    ev.actor2.canonical = "+SUM(1,2)"
    ev.summary = "\t=1+1"
    ev.attribution = Attribution(source="=2*3", text="said")
    ev.location.lat, ev.location.lon = -33.92, -70.65
    out = io.StringIO()
    exp = exporters.get("csv")(out)
    exp.write(art.to_record())
    exp.close()
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["article_id"] == "'" + art.id and row["event_id_cnty"] == "'" + art.id + ":e1"
    assert row["source"] == "'@cmd" and row["attribution"] == "'=2*3"
    assert row["actor1"] == "'-2+3+cmd|' /C calc'!A0" and row["actor2"] == "'+SUM(1,2)"
    assert row["notes"] == "'\t=1+1"
    assert row["latitude"] == "-33.92" and row["longitude"] == "-70.65"  # numbers, not text
    assert row["fatalities"] == "12" and row["location"] == "Idlib"


def test_formats_table_prints_markup_in_ids_and_text_literally():
    art = make_article(id="x[/red]y")
    art.events[0].actor1.canonical = "[bold]Army[/bold] :fire:"
    art.events[0].attribution = Attribution(source="[i]UN[/]", text="said")
    out = io.StringIO()
    exp = exporters.get("table")(out)
    exp.write(art.to_record())
    exp.close()
    text = out.getvalue()
    assert "x[/red]y" in text and "[bold]Army[/bold] :fire:" in text
    assert "[i]UN[/]" in text and "\x1b" not in text


def test_formats_country_is_named_as_acled_and_the_actors_name_it():
    # pycountry's names ("Congo, The Democratic Republic of the", "Russian Federation", "Türkiye") are not ACLED's
    record = make_article().to_record()
    for code, name in (("CD", "Democratic Republic of Congo"), ("RU", "Russia"), ("TR", "Turkey"), ("PS", "Palestine")):
        record["events"][0]["location"]["country_code"] = code
        (row,) = event_rows(record)
        assert row["country"] == name
