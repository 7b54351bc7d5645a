"""The harness end to end on a few documents of every shared dev set (skips without ../shared/data)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import shared_dataset
from wirecoder.eval.core import evaluate, score
from wirecoder.eval.datasets import KINDS, TASKS, detect_kind, load_records
from wirecoder.eval.runner import input_record, run_pipeline
from wirecoder.eval.split import part

N_DOCS = 3


def _sane(result) -> None:
    assert result.metrics, f"{result.dataset}/{result.task}: no metrics"
    for m in result.metrics:
        assert m.n >= 0
        if m.value is None:
            continue
        if m.unit == "%":
            assert 0.0 <= m.value <= 1.0, f"{result.dataset}/{m.name} = {m.value}"
        else:
            assert m.value >= 0.0, f"{result.dataset}/{m.name} = {m.value}"
    for doc in result.docs:
        assert 0.0 <= doc.score <= 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_harness_every_dataset_scores_sanely(kind, pipeline):
    path = shared_dataset(kind)
    results, golds, preds = evaluate(path, limit=N_DOCS, pipeline=pipeline, progress=False)
    assert detect_kind(path, golds) == kind
    assert len(preds) == len(golds) == N_DOCS
    assert [p["article"]["id"] for p in preds] == [str(g["id"]) for g in golds]
    assert [r.task for r in results] == list(TASKS[kind])
    for result in results:
        _sane(result)


def test_harness_gold_never_reaches_the_pipeline():
    path = shared_dataset("muc4")
    (record,) = load_records(path, 1)
    seen = input_record(record)
    assert "gold" not in seen and "text_gtt" not in seen and seen["text"] == record["text"]


def test_harness_deterministic(pipeline):
    golds = load_records(shared_dataset("case2021-task2"), N_DOCS)
    first = run_pipeline(golds, pipeline=pipeline, progress=False)
    second = run_pipeline(golds, pipeline=pipeline, progress=False)
    assert first == second
    assert score("case2021-task2", "events", golds, first).to_dict() == score(
        "case2021-task2", "events", golds, second
    ).to_dict()


def test_harness_cli_eval_json_and_errors():
    from wirecoder.cli import app

    path = shared_dataset("case2021-task2")
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(path), "--task", "events", "--limit", "5", "--json", "--errors", "1"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    (res,) = payload["results"]
    assert res["dataset"] == "case2021-task2" and res["n_docs"] <= 5 and len(res["worst"]) == 1
    assert part(res["worst"][0]["id"]) == "tune"  # errors are read on tune documents only
    bad = runner.invoke(app, ["eval", str(path), "--task", "places"])
    assert bad.exit_code == 2


def test_harness_cli_eval_all_writes_scoreboard(tmp_path):
    from wirecoder.cli import app

    shared_dataset("muc4")
    out = tmp_path / "scoreboard.md"
    runner = CliRunner()
    result = runner.invoke(
        app, ["eval-all", "--limit", "1", "--dataset", "muc4", "--dataset", "lgl", "--scoreboard", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "| muc4 | events | relevance F1 |" in text and "| lgl | places |" in text


def test_harness_cli_saved_predictions_score_the_same(tmp_path):
    from wirecoder.cli import app

    path = shared_dataset("tempeval3")
    saved = tmp_path / "preds.jsonl"
    runner = CliRunner()
    coded = runner.invoke(app, ["eval", str(path), "--limit", "2", "--json", "--save", str(saved)])
    assert coded.exit_code == 0, coded.output
    rescored = runner.invoke(app, ["eval", str(path), "--limit", "2", "--json", "--predictions", str(saved)])
    assert rescored.exit_code == 0, rescored.output
    assert json.loads(coded.stdout)["results"] == json.loads(rescored.stdout)["results"]
    assert len(saved.read_text("utf-8").splitlines()) == 2
