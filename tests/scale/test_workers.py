"""``wirecoder extract --workers N``: the same output, ids and store as one process; a lost worker fails its batch."""

from __future__ import annotations

import json
import sqlite3

from typer.testing import CliRunner

from wirecoder import parallel, service
from wirecoder.cli import app
from wirecoder.doc import Article

runner = CliRunner()

STORIES = [
    "Gunmen killed three police officers in an attack on a checkpoint in Maiduguri on Monday, officials said.",
    "Thousands of teachers marched peacefully through Nairobi on Tuesday to demand higher pay.",
    "An air strike hit a market in Idlib on Sunday, killing at least 12 civilians, rescuers said.",
    "Protesters clashed with riot police in Santiago on Friday; police fired tear gas and 20 people were arrested.",
    "A roadside bomb exploded near a convoy in Helmand province on Wednesday, wounding four soldiers.",
]


def _corpus(tmp_path, seed_text: str):
    """A JSONL file of real stories, a malformed line and a copy of the seed article, in a fixed order."""
    lines = [
        json.dumps({"id": f"s{i}", "text": t, "publication_date": f"2021-03-0{i + 1}"}) for i, t in enumerate(STORIES)
    ]
    lines.insert(2, "{not json")
    lines.append(json.dumps({"id": "seed", "text": seed_text, "publication_date": "2020-01-15"}))
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, text_hash, record FROM articles ORDER BY id").fetchall()
    finally:
        con.close()


def test_two_workers_give_the_output_and_store_of_one(tmp_path, seed_text):
    corpus = _corpus(tmp_path, seed_text)
    one = runner.invoke(app, ["extract", str(corpus), "--db", str(tmp_path / "one.db"), "--set", "nlp.batch_size=4"])
    two = runner.invoke(
        app, ["extract", str(corpus), "--db", str(tmp_path / "two.db"), "--set", "nlp.batch_size=4", "--workers", "2"]
    )
    assert one.exit_code == two.exit_code == 1, two.output  # the malformed line fails in both
    assert two.stdout == one.stdout  # byte for byte: same records, same ids, input order
    ids = [json.loads(line)["article"]["id"] for line in two.stdout.splitlines()]
    assert ids == ["s0", "s1", "corpus:3", "s2", "s3", "s4", "seed"]
    records = [json.loads(line) for line in two.stdout.splitlines()]
    assert records[2]["errors"][0]["message"].startswith("[E104]")
    assert sum(len(r["events"]) for r in records) >= 5  # real coding happened on the workers
    assert _stored(tmp_path / "two.db") == _stored(tmp_path / "one.db")
    # a rerun with workers resumes: everything is already coded, the output is unchanged
    again = runner.invoke(
        app, ["extract", str(corpus), "--db", str(tmp_path / "two.db"), "--set", "nlp.batch_size=4", "-j", "2"]
    )
    assert again.stdout == one.stdout
    assert "skipped 6 already coded" in again.stderr


def test_a_configuration_workers_cannot_build_fails_before_coding(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORIES[0], encoding="utf-8")
    result = runner.invoke(
        app, ["extract", str(src), "--no-db", "--workers", "2", "--set", "stages.events.factory=wirecoder.nope.v1"]
    )
    assert result.exit_code == 2
    assert "[E001]" in result.stderr and result.stdout == ""


def test_zero_workers_is_a_usage_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORIES[0], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--workers", "0"])
    assert result.exit_code == 2 and "[E711]" in result.stderr


CRASHER = (
    "import os\n"
    "from wirecoder.pipeline import Stage\n"
    "from wirecoder.registry import stages\n\n"
    "class Crash(Stage):\n"
    "    requires = ('article.text',)\n"
    "    assigns = ('article.user_data',)\n"
    "    def __call__(self, article):\n"
    "        if 'CRASH' in article.text:\n"
    "            os._exit(3)  # the whole worker process goes, as on a segfault or an out-of-memory kill\n"
    "        article.user_data['len'] = len(article.text)\n"
    "        return article\n\n"
    "@stages.register('test.crash.v1')\n"
    "def make_crash(config: dict) -> Crash:\n"
    "    return Crash()\n"
)


def test_a_worker_that_dies_fails_only_its_batch(tmp_path):
    workers = 2
    plugin = tmp_path / "crash.py"
    plugin.write_text(CRASHER, encoding="utf-8")
    cfg = service.load_settings(
        overrides={"stages.crash.factory": "test.crash.v1", "pipeline.stages": '["crash"]', "nlp.batch_size": "8"},
        code=[plugin],
    )
    texts = [f"story {i}" for i in range(12)]
    texts[5] = "story CRASH"
    with parallel.make_pipeline(cfg, workers=workers, code=[plugin]) as pipeline:
        assert parallel.task_size(cfg, workers) == 2  # batches of two: the crash takes stories 4 and 5
        out = list(pipeline.pipe(Article(id=f"a{i}", text=t) for i, t in enumerate(texts)))
        assert [a.id for a in out] == [f"a{i}" for i in range(12)]
        lost = [a.id for a in out if a.failed]
        assert lost == ["a4", "a5"]
        assert all(a.errors[0].code == "E710" and "exit code 3" in a.errors[0].message for a in out if a.failed)
        assert all(a.user_data["len"] == len(a.text) for a in out if not a.failed)
        # the replacement worker codes on
        (later,) = pipeline.pipe([Article(id="b", text="one more")])
        assert not later.failed and later.user_data["len"] == 8
        # a caller that stops reading early leaves nothing behind for the next call
        first = pipeline.pipe(Article(id=f"c{i}", text="x" * i) for i in range(10))
        assert next(first).id == "c0"  # batch 0 is in; batches 1 to 3 are still on the workers
        first.close()
        out = list(pipeline.pipe(Article(id=f"d{i}", text="y" * i) for i in range(3)))
        assert [(a.id, a.user_data["len"]) for a in out] == [("d0", 0), ("d1", 1), ("d2", 2)]
