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
    assert [r["article"]["id"] for r in records] == ["good", "bad"]  # every document accounted for
    bad_record = records[1]
    assert validate(bad_record) == [] and bad_record["events"] == []
    assert [e["message"][:6] for e in bad_record["errors"]] == ["[E102]"]
    assert result.stderr.strip().splitlines()[-1] == (
        f"coded 1 document(s); failed 1 (E102 1); stored 1 article(s) in {db}"
    )
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


GOOD = "Police arrested 12 protesters in Nairobi on Tuesday, witnesses said."
OTHER = "Gunmen abducted five aid workers near Maiduguri on Friday."


def _jsonl(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_extract_summary_counts_failures_by_code(tmp_path):
    src = _jsonl(tmp_path, "in.jsonl", [{"id": "ok", "text": GOOD}, {"id": "e1", "text": ""}, {"id": "e2", "text": ""}])
    bin_ = tmp_path / "bin.txt"
    bin_.write_bytes(b"\x00\x01\x02binary\x00")
    result = runner.invoke(app, ["extract", str(src), str(bin_), "--no-db", "--format", "json"])
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [r["article"]["id"] for r in records] == ["ok", "e1", "e2", "bin"]
    assert [len(r["errors"]) > 0 for r in records] == [False, True, True, True]
    assert result.stderr.strip().splitlines()[-1] == "coded 1 document(s); failed 3 (E101 2, E102 1)"


def test_extract_failed_reread_keeps_the_earlier_good_coding(tmp_path):
    src = tmp_path / "story.txt"
    src.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "w.db"
    assert runner.invoke(app, ["extract", str(src), "--db", str(db)]).exit_code == 0
    con = sqlite3.connect(db)
    before = con.execute("SELECT record FROM articles WHERE id = 'story'").fetchall()
    n_events = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert before and n_events
    src.write_text("", encoding="utf-8")  # the file is now empty: same id, failed re-read
    result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
    assert result.exit_code == 2 and "E101" in result.stderr
    assert "stored 0 article(s)" in result.stderr
    assert con.execute("SELECT record FROM articles WHERE id = 'story'").fetchall() == before
    assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] == n_events
    assert con.execute("SELECT article_id, code FROM errors").fetchall() == [("story", "E101")]


def test_extract_restart_retries_the_failed_documents_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    db = tmp_path / "w.db"
    args = ["extract", str(folder), "--db", str(db)]
    first = runner.invoke(app, args)
    assert first.exit_code == 1
    assert (
        first.stderr.strip().splitlines()[-1]
        == f"coded 1 document(s); failed 2 (E101 1, E102 1); stored 1 article(s) in {db}"
    )
    from wirecoder.store.sqlite import SQLiteStore

    with SQLiteStore(db) as store:  # the failures are in the store, and the resume logic sees them
        assert [store.has_failed(x) for x in ("a", "b", "c", "d")] == [False, True, True, False]
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")  # fixed since; c is still binary
    second = runner.invoke(app, args)
    assert second.exit_code == 1
    assert second.stderr.strip().splitlines()[-1] == (
        f"coded 1 document(s); skipped 1 already coded; retried 2 that failed before; failed 1 (E102 1); "
        f"stored 1 article(s) in {db}"
    )
    con = sqlite3.connect(db)
    assert sorted(r[0] for r in con.execute("SELECT id FROM articles")) == ["a", "b"]
    with SQLiteStore(db) as store:
        assert [store.has_failed(x) for x in ("a", "b", "c")] == [False, False, True]
    third = runner.invoke(app, args)  # c fails again and is retried again; a and b are done
    assert "skipped 2 already coded; retried 1 that failed before; failed 1 (E102 1)" in third.stderr


def test_extract_two_runs_over_overlapping_input_into_one_store(tmp_path):
    db = tmp_path / "w.db"
    first = _jsonl(tmp_path, "1.jsonl", [{"id": "a", "text": GOOD}, {"id": "b", "text": OTHER}])
    second = _jsonl(tmp_path, "2.jsonl", [{"id": "b", "text": OTHER}, {"id": "c", "text": GOOD + " Again."}])
    for src in (first, second, first):
        result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
        assert result.exit_code == 0, result.output
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")] == ["a", "b", "c"]
    assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 3
    assert (
        con.execute(
            "SELECT COUNT(*) FROM (SELECT article_id, id FROM events GROUP BY 1, 2 HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        == 0
    )


MARKUP_IDS = ["x[/red]y", "[bold]z :fire:", "[red]bad[/red]"]


def _markup_input(tmp_path):
    rows = [
        {"id": MARKUP_IDS[0], "text": GOOD + " [/red] [link=http://x]y[/link]"},
        {"id": MARKUP_IDS[1], "text": OTHER},
        {"id": MARKUP_IDS[2], "text": ""},
    ]
    return _jsonl(tmp_path, "markup.jsonl", rows)


def test_extract_markup_in_ids_and_text_is_printed_literally(tmp_path):
    src = _markup_input(tmp_path)
    for fmt in ("table", "json", "jsonl"):
        result = runner.invoke(app, ["extract", str(src), "--no-db", "--format", fmt])
        assert result.exit_code == 1, (fmt, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{MARKUP_IDS[2]}: [E101] Empty document: '{MARKUP_IDS[2]}' has no text." in result.stderr
        assert "coded 2 document(s); failed 1 (E101 1)" in result.stderr
        if fmt == "table":
            assert MARKUP_IDS[0] in result.stdout and MARKUP_IDS[1] in result.stdout
            assert "2 event(s)" in result.stdout
        else:
            text = result.stdout
            records = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
            assert [r["article"]["id"] for r in records] == MARKUP_IDS


def test_extract_markup_in_ids_is_stored_and_summarised_literally(tmp_path):
    src = _markup_input(tmp_path)
    db = tmp_path / "[red]w[bold].db"
    result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"coded 2 document(s); failed 1 (E101 1); stored 2 article(s) in {db}"
    )
    con = sqlite3.connect(db)
    assert sorted(r[0] for r in con.execute("SELECT id FROM articles")) == sorted(MARKUP_IDS[:2])


def test_extract_messages_are_not_hard_wrapped_in_a_log(tmp_path):
    long_id = "a-very-long-document-identifier-" * 8
    src = _jsonl(tmp_path, "long.jsonl", [{"id": long_id, "text": ""}, {"id": "ok", "text": GOOD}])
    result = runner.invoke(app, ["extract", str(src), "--no-db"])
    assert result.exit_code == 1
    message = f"{long_id}: [E101] Empty document: '{long_id}' has no text."
    assert len(message) > 200 and message in result.stderr.splitlines()


def test_extract_csv_cells_cannot_inject_formulas(tmp_path):
    src = _jsonl(tmp_path, "f.jsonl", [{"id": '=HYPERLINK("http://x")', "text": GOOD, "source": "@evil"}])
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["article_id"] == '\'=HYPERLINK("http://x")' for r in rows)
    assert all(r["source"] == "'@evil" for r in rows)
    assert all(float(r["latitude"]) < 0 for r in rows if r["latitude"])  # Nairobi: a plain negative number


def test_extract_refuses_a_database_that_is_not_a_store(tmp_path):
    db = tmp_path / "accounts.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    src = tmp_path / "s.txt"
    src.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
    assert result.exit_code == 2 and "E604" in result.stderr and "accounts" in result.stderr
    assert result.stdout == "" and db.read_bytes() == before


def test_extract_an_article_the_store_refuses_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    from wirecoder.errors import Errors, WirecoderError
    from wirecoder.store.sqlite import SQLiteStore

    real_save = SQLiteStore.save

    def flaky_save(self, article, run_id=None):
        if article.id == "b":
            raise WirecoderError(Errors.E605.format(id="b", path=self.url, reason="database is locked"))
        real_save(self, article, run_id)

    monkeypatch.setattr(SQLiteStore, "save", flaky_save)
    src = _jsonl(tmp_path, "in.jsonl", [{"id": "a", "text": GOOD}, {"id": "b", "text": OTHER}])
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["extract", str(src), "--db", str(db)])
    assert result.exit_code == 1
    assert "b: [E605] Article 'b' could not be stored" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"coded 2 document(s); stored 1 article(s) in {db}; 1 could not be stored"
    )
    assert [json.loads(x)["article"]["id"] for x in result.stdout.splitlines()] == ["a", "b"]


def test_extract_csv_input_with_text_column(tmp_path):
    src = tmp_path / "stories.csv"
    src.write_text(
        'id,body\nc1,"Police arrested five protesters in Lagos on Monday, officials said."\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--text-column", "body"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["article"]["id"] == "c1"
    assert any(e["sub_event_type"] in ("Arrests", "Protest with intervention") for e in record["events"])


# --------------------------------------------------------------------------- resumable runs


def _corpus(folder, seed_text, n=30):
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(f"Report number {i} from the wire.\n\n{seed_text}", encoding="utf-8")
    return folder


def _stored(db) -> dict:
    """{article id: (run id, coded_at)} of the stored articles (an empty dict while the store is not there yet)."""
    if not db.exists():
        return {}
    con = sqlite3.connect(db, timeout=30)
    try:
        return {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, run_id, coded_at FROM articles")}
    except sqlite3.OperationalError:  # tables not created yet
        return {}
    finally:
        con.close()


def test_extract_killed_run_resumes_without_recoding_or_duplicating(tmp_path, seed_text):
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus = _corpus(tmp_path / "in", seed_text)
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "wirecoder", "extract", str(corpus), "--db", str(db), "--set", "nlp.batch_size=1"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    while len(_stored(db)) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    before = _stored(db)
    assert 3 <= len(before) < 30

    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0, second.stderr
    after = _stored(db)
    assert sorted(after) == [f"doc{i:02d}" for i in range(30)]  # every document stored
    assert all(after[k] == before[k] for k in before)  # nothing already stored was recoded (same run, same time)
    assert len({after[k][0] for k in after if k not in before}) == 1  # the rest by the second run
    con = sqlite3.connect(db)
    per_article = con.execute("SELECT article_id, COUNT(DISTINCT record), COUNT(*) FROM events GROUP BY article_id")
    counts = {a: n for a, _distinct, n in per_article}
    assert len(set(counts.values())) == 1  # the same text gives the same events, none duplicated
    assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
    assert len({h for (h,) in con.execute("SELECT config_hash FROM runs")}) == 1
    # the output is complete: the stored record of each skipped document, the new coding of the others
    records = [json.loads(x) for x in second.stdout.splitlines()]
    assert sorted(r["article"]["id"] for r in records) == sorted(after)
    assert all(r["events"] for r in records)
    last = second.stderr.strip().splitlines()[-1]
    assert last == (
        f"coded {30 - len(before)} document(s); skipped {len(before)} already coded; "
        f"stored {30 - len(before)} article(s) in {db}"
    )


def test_extract_rerun_skips_changed_text_or_config_recodes_and_force_recodes_all(tmp_path, seed_text):
    corpus = _corpus(tmp_path / "in", seed_text, n=3)
    db = tmp_path / "w.db"
    args = ["extract", str(corpus), "--db", str(db)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    stored = _stored(db)
    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert again.stderr.strip().splitlines()[-1].startswith("coded 0 document(s); skipped 3 already coded")
    assert again.stdout == first.stdout  # the stored records, in input order
    assert _stored(db) == stored
    # all-events filtering applies to stored records as to new ones
    assert runner.invoke(app, [*args, "--all-events"]).exit_code == 0
    # a changed text is coded again; the others are skipped
    (corpus / "doc01.txt").write_text("Rebels attacked a police post in Kidal on Monday, killing two officers.")
    changed = runner.invoke(app, args)
    assert changed.stderr.strip().splitlines()[-1].startswith("coded 1 document(s); skipped 2 already coded")
    # another configuration codes everything again
    other = runner.invoke(app, [*args, "--set", "stages.events.min_score=3"])
    assert other.stderr.strip().splitlines()[-1].startswith("coded 3 document(s); stored 3")
    # --force recodes even what the same configuration coded
    forced = runner.invoke(app, [*args, "--set", "stages.events.min_score=3", "--force"])
    assert forced.exit_code == 0
    assert forced.stderr.strip().splitlines()[-1] == f"coded 3 document(s); stored 3 article(s) in {db}"
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3


# --------------------------------------------------------------------------- language


def test_extract_non_english_fails_with_e203_unless_lang_any(tmp_path):
    docs = {
        "en.txt": "Police arrested 12 protesters in Nairobi on Tuesday, witnesses said.",
        "ar.txt": "قال الجيش إن المتمردين هاجموا القاعدة العسكرية في شمال البلاد يوم الثلاثاء وقتلوا خمسة جنود.",
        "zh.txt": "军方表示，叛乱分子周二袭击了该国北部的一个军事基地，造成五名士兵死亡。",
        "ru.txt": "Армия заявила, что боевики ISIS атаковали военную базу под Donetsk во вторник, погибли пять солдат.",
        "fr.txt": "L'armée a déclaré que les rebelles ont attaqué la base militaire dans le nord du pays mardi.",
    }
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / n) for n in docs]
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["extract", *paths, "--db", str(db)])
    assert result.exit_code == 1
    records = {r["article"]["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert {k: r["article"]["language"] for k, r in records.items()} == {
        "en": "en",
        "ar": "ar",
        "zh": "zh",
        "ru": "ru",
        "fr": "fr",
    }
    for lang in ("ar", "zh", "ru", "fr"):
        assert [e["message"][:6] for e in records[lang]["errors"]] == ["[E203]"]
        assert records[lang]["events"] == []
    assert "looks like Arabic ('ar'), not English" in result.stderr
    assert (
        result.stderr.strip().splitlines()[-1] == f"coded 1 document(s); failed 4 (E203 4); stored 1 article(s) in {db}"
    )
    con = sqlite3.connect(db)
    assert sorted(con.execute("SELECT article_id, code FROM errors")) == [
        ("ar", "E203"),
        ("fr", "E203"),
        ("ru", "E203"),
        ("zh", "E203"),
    ]
    forced = runner.invoke(app, ["extract", *paths, "--db", str(db), "--lang", "any"])
    assert forced.exit_code == 0, forced.output
    assert forced.stderr.strip().splitlines()[-1].startswith("coded 5 document(s)")
    assert "E202" in forced.stderr and "E203" not in forced.stderr
    assert sorted(r[0] for r in con.execute("SELECT language FROM articles")) == ["ar", "en", "fr", "ru", "zh"]
    also_fr = runner.invoke(
        app, ["extract", str(tmp_path / "fr.txt"), "--no-db", "--set", "stages.analyse.languages=en,fr"]
    )
    assert also_fr.exit_code == 0


# --------------------------------------------------------------------------- progress in a log file


def test_extract_progress_lines_when_stderr_is_a_log(tmp_path, seed_text):
    corpus = _corpus(tmp_path / "in", seed_text, n=4)
    result = runner.invoke(app, ["extract", str(corpus), "--no-db", "--progress-every", "1"])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("progress:")]
    assert [x.split(",")[0] for x in lines] == [f"progress: {i}/4 document(s)" for i in (1, 2, 3)]
    assert all("/s, 0 failed, ETA " in x for x in lines)
    quiet = runner.invoke(app, ["extract", str(corpus), "--no-db", "--progress-every", "0"])
    assert "progress:" not in quiet.stderr
    bad = runner.invoke(app, ["extract", str(corpus), "--no-db", "--progress-every", "soon"])
    assert bad.exit_code == 2


def test_extract_progress_log_by_seconds_with_eta():
    from wirecoder.cli._util import ProgressLog, parse_every

    assert parse_every("30s") == (30.0, None) and parse_every("500") == (None, 500) and parse_every("0") == (None, None)
    now = [0.0]
    out: list[str] = []
    log = ProgressLog(100, every_s=10, clock=lambda: now[0], out=out.append)
    for _ in range(20):
        now[0] += 1.0
        log.advance(failed=2, skipped=1)
    assert out == [
        "progress: 10/100 document(s), 1.0/s, 2 failed, 1 skipped, ETA 1m30s",
        "progress: 20/100 document(s), 1.0/s, 2 failed, 1 skipped, ETA 1m20s",
    ]
    unknown = ProgressLog(None, every_s=None, every_docs=5, clock=lambda: now[0], out=out.append)
    for _ in range(5):
        unknown.advance()
    assert out[-1].startswith("progress: 5 document(s), ") and "ETA" not in out[-1]


def test_extract_says_when_documents_had_no_publication_date(tmp_path):
    src = tmp_path / "wire.txt"
    src.write_text(
        "BOGOTA, Sept 17 (Reuters) - Rebels attacked a military base in Arauca province on Tuesday, killing two "
        "soldiers, the army said.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(src), "--no-db"])
    assert result.exit_code == 0, result.output
    assert "1 document(s) had no publication date" in result.stderr
    dated = runner.invoke(app, ["extract", str(src), "--no-db", "--published", "2024-09-17"])
    assert dated.exit_code == 0 and "no publication date" not in dated.stderr

