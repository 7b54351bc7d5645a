"""A store seeded with the bundled example and a small corpus (tests/web/fixtures/corpus.jsonl), for the
page, review and browser tests."""

from __future__ import annotations

from pathlib import Path

from wirecoder import service

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "article.txt"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus.jsonl"


def seed_store(path: Path, pipeline) -> Path:
    """Code the example and the corpus into a SQLite store at ``path``; RETURNS the path."""
    store = service.open_store(str(path))
    try:
        coded = list(service.code_paths([str(EXAMPLE), str(CORPUS)], pipeline, store=store, force=True))
    finally:
        store.close()
    assert not [a.id for a in coded if a.failed], "the seed documents must code"
    return path
