"""docs/architecture.md stays true: every file it names exists, every stage instance is in its table."""

from __future__ import annotations

import re
from pathlib import Path

from wirecoder.config import load_config

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docs" / "architecture.md").read_text("utf-8")


def _section(title: str) -> str:
    start = TEXT.index(f"## {title}")
    end = TEXT.find("\n## ", start + 1)
    return TEXT[start : end if end > 0 else None]


def test_architecture_where_to_change_names_real_files():
    table = _section("Where to make a change")
    paths = set(re.findall(r"`((?:src|tests|docs)/[^`<>*]+|README\.md)`", table))
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"docs/architecture.md names files that do not exist: {missing}"


def test_architecture_where_to_change_covers_the_extension_points():
    table = _section("Where to make a change")
    for change in ("sub-event type", "input format", "an actor", "a store", "a stage", "an exporter"):
        assert change in table, f"no row for adding {change}"


def test_architecture_stage_table_lists_every_default_instance():
    table = _section("Stages and where they live")
    cfg = load_config()
    for name in cfg["pipeline"]["stages"]:
        row = next((line for line in table.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row, f"stage instance {name} missing from docs/architecture.md"
        assert f"`{cfg['stages'][name]['factory']}`" in row
        module = re.search(r"`([a-z_]+/[a-z_]+\.py)`", row).group(1)
        assert (ROOT / "src" / "wirecoder" / module).exists(), module
