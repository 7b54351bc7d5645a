"""The tune / check split of the dev sets: a fixed rule, about 60/40, and the harness keeps to it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import SHARED
from wirecoder.eval.base import DocScore, TaskResult
from wirecoder.eval.datasets import KINDS, load_records
from wirecoder.eval.scoreboard import run_all, to_markdown
from wirecoder.eval.split import PARTS, TUNE_PERCENT, bucket, in_part, part

#: Ids with their hash bucket and part under the documented rule; a change here re-splits every dev set.
KNOWN = [
    ("1", 13, "tune"),
    ("2", 46, "tune"),
    ("x", 76, "check"),
    ("doc-1", 1, "tune"),
    ("0002", 57, "tune"),
    ("0009", 60, "check"),  # the boundary: bucket 60 is check
    ("TST3-MUC4-0001", 56, "tune"),
    ("ABC19980114.1830.0611", 87, "check"),
    ("é", 51, "tune"),  # UTF-8
]


@pytest.mark.parametrize(("doc_id", "want_bucket", "want_part"), KNOWN)
def test_split_is_the_documented_fixed_rule(doc_id, want_bucket, want_part):
    assert bucket(doc_id) == want_bucket
    assert part(doc_id) == want_part
    assert in_part(doc_id, want_part) and in_part(doc_id, "all")
    assert not in_part(doc_id, "check" if want_part == "tune" else "tune")


def test_split_reads_ids_as_strings_and_rejects_unknown_parts():
    assert part(7) == part("7")
    assert PARTS == ("tune", "check", "all") and TUNE_PERCENT == 60
    with pytest.raises(ValueError):
        in_part("1", "test")


def test_split_is_about_60_40_over_the_real_dev_ids():
    ids = []
    for kind in KINDS:
        path = SHARED / "data" / kind / "dev.jsonl"
        if not path.exists():
            pytest.skip(f"../shared/data/{kind}/dev.jsonl not present (the split check over real ids skips without it)")
        ids += [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    share = sum(part(i) == "tune" for i in ids) / len(ids)
    assert 0.57 <= share <= 0.63, f"tune share {share:.3f} over {len(ids)} dev documents"


def test_split_load_records_keeps_one_part_and_limit_counts_within_it(tmp_path):
    path = tmp_path / "dev.jsonl"
    ids = ["1", "x", "2", "doc-1", "0009"]
    path.write_text("".join(json.dumps({"id": i, "text": "t", "gold": {}}) + "\n" for i in ids), encoding="utf-8")
    assert [r["id"] for r in load_records(path)] == ids
    assert [r["id"] for r in load_records(path, part="tune")] == ["1", "2", "doc-1"]
    assert [r["id"] for r in load_records(path, part="check")] == ["x", "0009"]
    assert [r["id"] for r in load_records(path, 2, part="tune")] == ["1", "2"]


def test_split_errors_are_read_on_tune_documents_only():
    result = TaskResult("d", "t", docs=[DocScore("x", 0.0, "g", "p"), DocScore("1", 0.5, "g", "p")])
    assert [d.id for d in result.worst(5)] == ["1"]
    assert [d.id for d in result.worst(5, "all")] == ["x", "1"]
    assert [d.id for d in result.worst(5, "check")] == ["x"]


class _NoOpPipeline:
    """Stands in for the pipeline: returns articles uncoded (no events, no mentions)."""

    config = {"nlp": {}}

    def pipe(self, articles):
        yield from articles


def _write_muc(tmp_path, ids):
    folder = tmp_path / "muc4"
    folder.mkdir()
    docs = [
        {"id": i, "text": "LIMA, 3 MAY 90 -- NOTHING HAPPENED.", "gold": {"relevant": False, "templates": []}}
        for i in ids
    ]
    (folder / "dev.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")


def test_split_scoreboard_reports_tune_check_and_all(tmp_path):
    _write_muc(tmp_path, ["1", "2", "doc-1", "x"])  # 3 tune, 1 check
    board = run_all(tmp_path, datasets=["muc4"], pipeline=_NoOpPipeline(), progress=False)
    assert set(board.parts) == {"tune", "check"}
    relevance = {
        p: next(r for r in rs if r.task == "events").metric("relevance accuracy")
        for p, rs in (("all", board.results), *board.parts.items())
    }
    assert (relevance["tune"].n, relevance["check"].n, relevance["all"].n) == (3, 1, 4)
    md = to_markdown(board)
    assert "| tune | check | all |" in md and "check figure is the one to quote" in md
    row = next(line for line in md.splitlines() if line.startswith("| muc4 | events | relevance F1 |"))
    assert "| 3 / 1 / 4 |" in row


def test_split_scoreboard_needs_all_parts(tmp_path):
    _write_muc(tmp_path, ["1", "x"])
    board = run_all(tmp_path, datasets=["muc4"], pipeline=_NoOpPipeline(), progress=False, part="tune")
    assert [r.n_docs for r in board.results if r.task == "events"] == [1] and not board.parts
    with pytest.raises(ValueError):
        to_markdown(board)


def test_split_cli_part_and_errors_view(tmp_path):
    from wirecoder.cli import app

    _write_muc(tmp_path, ["1", "2", "x"])
    gold = tmp_path / "muc4" / "dev.jsonl"
    preds = tmp_path / "preds.jsonl"
    preds.write_text(
        "".join(json.dumps({"article": {"id": i}, "events": [], "mentions": {}}) + "\n" for i in ("1", "2", "x")),
        encoding="utf-8",
    )
    runner = CliRunner()

    def run(*args):
        out = runner.invoke(app, ["eval", str(gold), "--predictions", str(preds), "--task", "events", "--json", *args])
        assert out.exit_code == 0, out.output
        return out, json.loads(out.stdout)

    _, payload = run("--part", "check")
    assert payload["part"] == "check" and payload["results"][0]["n_docs"] == 1
    _, payload = run("--errors", "5")
    assert sorted(d["id"] for d in payload["results"][0]["worst"]) == ["1", "2"]  # tune only
    out, payload = run("--errors", "5", "--errors-from-check")
    assert sorted(d["id"] for d in payload["results"][0]["worst"]) == ["1", "2", "x"]
    assert "Warning" in out.stderr
    bad = runner.invoke(app, ["eval", str(gold), "--part", "test"])
    assert bad.exit_code == 2
    bad = runner.invoke(app, ["eval-all", "--data", str(tmp_path), "--part", "tune", "--scoreboard", "s.md"])
    assert bad.exit_code == 2
