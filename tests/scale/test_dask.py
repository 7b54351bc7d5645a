"""``wirecoder extract --dask``: coding on a Dask cluster gives the records of a local run.

A LocalCluster of two worker processes bound to 127.0.0.1 (no network beyond this machine).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirecoder import parallel, service
from wirecoder.cli import app
from wirecoder.doc import Article

from .test_workers import STORIES, _corpus

pytest.importorskip("distributed", reason="needs wirecoder[dask] (dask, distributed)")

runner = CliRunner()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_dask_cluster_codes_the_records_of_a_local_run(tmp_path, seed_text, cluster):
    corpus = _corpus(tmp_path, seed_text)
    local = runner.invoke(app, ["extract", str(corpus), "--db", str(tmp_path / "l.db"), "--set", "nlp.batch_size=4"])
    on_dask = runner.invoke(
        app,
        ["extract", str(corpus), "--db", str(tmp_path / "d.db"), "--set", "nlp.batch_size=4"]
        + ["--dask", cluster.scheduler_address],
    )
    assert local.exit_code == on_dask.exit_code == 1, on_dask.output  # the malformed line fails in both
    assert sorted(on_dask.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert on_dask.stdout == local.stdout  # and in input order too
    records = [json.loads(line) for line in on_dask.stdout.splitlines()]
    assert sum(len(r["events"]) for r in records) >= 5
    assert "stored 6 article(s)" in on_dask.stderr


def test_both_workers_code_and_report_their_memory(cluster):
    cfg = service.load_settings(overrides={"nlp.batch_size": "4"})
    with parallel.DaskPipeline(cfg, cluster.scheduler_address) as pipeline:
        assert pipeline.workers == 2 and pipeline.size == 1
        arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(STORIES * 2)]
        out = list(pipeline.pipe(arts))
        assert [a.id for a in out] == [a.id for a in arts]
        assert not any(a.failed for a in out) and all(a.doc is None for a in out)
        assert len(pipeline.worker_rss) == 2 and all(mb > 50 for mb in pipeline.worker_rss.values())


def test_a_scheduler_address_that_is_not_one_is_a_coded_usage_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(STORIES[0], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--dask", "nonsense"])
    assert result.exit_code == 2
    assert "[E711]" in result.stderr and "--dask nonsense" in result.stderr
