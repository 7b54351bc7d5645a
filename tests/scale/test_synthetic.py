"""``bench/scale.py``: the synthetic stream is reproducible real text, and a short run reports flat memory."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def _scale():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_stream_is_reproducible_and_varied():
    scale = _scale()
    pool = scale.paragraphs()
    first = list(scale.synthetic_articles(30, seed=3, pool=pool))
    again = list(scale.synthetic_articles(30, seed=3, pool=pool))
    other = list(scale.synthetic_articles(30, seed=4, pool=pool))
    assert first == again
    assert first != other
    assert len({r["text"] for r in first}) == 30 and len({r["id"] for r in first}) == 30
    for rec in first:
        parts = rec["text"].split("\n\n")
        assert 3 <= len(parts) <= 7 and all(p in pool for p in parts)


def test_short_run_codes_every_article_with_flat_memory(pipeline):
    scale = _scale()
    rows = list(scale.run(pipeline, scale.synthetic_articles(60, seed=1), every=20))
    assert [r["articles"] for r in rows] == [20, 40, 60]
    assert all(r["failed"] == 0 and r["window_articles_per_s"] > 0 for r in rows)
    assert rows[-1]["events"] > 0  # recombined news paragraphs still hold events
    # the pipeline (model, gazetteer, knowledge base) was loaded before: 40 more articles add little memory
    assert rows[-1]["rss_mb"] - rows[0]["rss_mb"] < 150
