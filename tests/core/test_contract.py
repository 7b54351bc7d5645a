"""The pipeline contract holds: each stage reads and writes exactly what it declares.

The whole default pipeline runs stage by stage under :func:`wirecoder.contract.trace` on the seed
article and the short stories in ``tests/fixtures/contract/``, and on a sample of real documents from
``../shared/data`` when it is there. A stage that reads something it does not list in ``requires``,
or writes something it does not list in ``assigns``, fails the test; so does a declaration that
nothing exercises.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from wirecoder.contract import trace
from wirecoder.ingest.readers import article_from_record, article_from_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
#: Documents per shared dev set in the sample (the first ones of each file).
PER_DATASET = 4


def _documents() -> list:
    docs = [article_from_text((ROOT / "examples" / "article.txt").read_text("utf-8"), id="seed")]
    # Short stories written for these tests, so that every declaration is exercised without ../shared.
    for path in sorted((ROOT / "tests" / "fixtures" / "contract").glob("*.txt")):
        docs.append(article_from_text(path.read_text("utf-8"), id=path.stem))
    if SHARED.exists():
        for path in sorted(SHARED.glob("*/dev.jsonl")):
            with path.open(encoding="utf-8") as fh:
                for i, line in zip(range(PER_DATASET), fh, strict=False):
                    rec = json.loads(line)
                    rec.pop("gold", None)
                    docs.append(article_from_record(rec, f"{path.parent.name}:{i}"))
    return docs


@pytest.fixture(scope="module")
def traced(pipeline):
    reads: dict[str, set[str]] = defaultdict(set)
    writes: dict[str, set[str]] = defaultdict(set)
    for article in _documents():
        for stage in pipeline.stages:
            if article.failed:
                break
            t = trace(stage, article)
            reads[stage.name] |= t.reads
            writes[stage.name] |= t.writes
    return reads, writes


def test_contract_every_read_is_declared(pipeline, traced):
    reads, _ = traced
    for stage in pipeline.stages:
        undeclared = reads[stage.name] - set(stage.requires) - set(stage.optional) - set(stage.assigns)
        assert not undeclared, f"{stage.name} reads {sorted(undeclared)} without requiring it"


def test_contract_every_write_is_declared(pipeline, traced):
    _, writes = traced
    for stage in pipeline.stages:
        undeclared = writes[stage.name] - set(stage.assigns)
        assert not undeclared, f"{stage.name} writes {sorted(undeclared)} without assigning it"


def test_contract_every_declaration_is_exercised(pipeline, traced):
    reads, writes = traced
    for stage in pipeline.stages:
        assert set(stage.requires) | set(stage.optional) <= reads[stage.name], (
            f"{stage.name} requires {sorted((set(stage.requires) | set(stage.optional)) - reads[stage.name])}"
            " but never reads it"
        )
        assert set(stage.assigns) <= writes[stage.name], (
            f"{stage.name} assigns {sorted(set(stage.assigns) - writes[stage.name])} but never writes it"
        )
