"""Documentation drift: every registered stage, exporter and CLI command is documented."""

from __future__ import annotations

from pathlib import Path

from wirecoder.cli import app
from wirecoder.registry import exporters, stages
from wirecoder.schema import load_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"
README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def test_docs_every_builtin_stage_in_architecture():
    text = (DOCS / "architecture.md").read_text("utf-8")
    for name in stages.names():
        if name.startswith("wirecoder."):
            assert name in text, f"{name} missing from docs/architecture.md"


def test_docs_every_exporter_in_readme():
    for name in exporters.names():
        assert f"`{name}`" in README, f"format {name} missing from README"


def test_docs_every_command_in_readme_or_docs():
    alltext = README + "".join(p.read_text("utf-8") for p in DOCS.glob("*.md"))
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        assert f"wirecoder {name}" in alltext, f"command {name} undocumented"


def test_docs_every_schema_field_in_schema_md():
    text = (DOCS / "schema.md").read_text("utf-8")
    schema = load_schema()

    def walk(node):
        for key, sub in node.get("properties", {}).items():
            yield key
            yield from walk(sub)
            if "items" in sub:
                yield from walk(sub["items"])

    for field in set(walk(schema)):
        assert f"`{field}`" in text or f'"{field}"' in text, f"field {field} undocumented"
