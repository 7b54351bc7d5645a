"""The extract command: formats, store, stdin, exit codes, bad input mixed with good."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.schema import validate

runner = CliRunner()


def test_extract_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("wirecoder ")


def test_extract_seed_jsonl_valid_and_stored(tmp_path, seed_text):
    src = tmp_path / "article.txt"
    src.write_text(seed_text, encoding="utf-8")
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    record = json.loads(line)
    assert validate(record) == []
    assert record["article"]["id"] == "article"
    assert all(e["modality"] == "asserted" for e in record["events"])
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    n_events = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert n_events >= len(record["events"])  # the store keeps non-asserted events too
    # re-coding the same article replaces its rows
    assert runner.invoke(app, ["extract", str(src), "--db", str(db)]).exit_code == 0
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == n_events


def test_extract_mixed_good_and_bad_input_exit_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Police arrested 12 protesters in Nairobi on Tuesday, witnesses said.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00")
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["extract", str(good), str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "E102" in result.stderr
    records = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [r["article"]["id"] for r in records] == ["good"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT article_id, code FROM errors").fetchall() == [("bad", "E102")]
    assert con.execute("SELECT id FROM articles").fetchall() == [("good",)]


def test_extract_all_bad_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(empty), "--no-db"])
    assert result.exit_code == 2 and "E101" in result.stderr


def test_extract_stdin_jsonl_keeps_order_and_published(tmp_path):
    lines = [
        {"id": "z", "text": "Gunmen abducted five aid workers near Maiduguri on Friday.", "published": "2021-06-07"},
        {"id": "y", "text": "Thousands of protesters marched in Khartoum on Sunday.", "published": "2021-06-07"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = runner.invoke(app, ["extract", "-", "--no-db"], input=stdin)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [r["article"]["id"] for r in records] == ["z", "y"]
    assert records[0]["article"]["published"] == "2021-06-07"


def test_extract_published_override_and_csv(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("Troops shelled rebel positions near Idlib on Monday, killing three fighters.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--format", "csv", "--published", "2020-02-05"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["published"] == "2020-02-05"


def test_extract_bad_published_is_usage_error(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("Rebels attacked a checkpoint.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--published", "5 May"])
    assert result.exit_code == 2 and "E108" in result.stderr
