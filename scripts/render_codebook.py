"""Write the codebook (``src/wirecoder/data/taxonomy/codebook.toml``) into its section of ``docs/events.md``.

The section lies between ``<!-- codebook:start -->`` and ``<!-- codebook:end -->``;
``tests/events/test_learned.py`` fails while the two differ. Run: ``.venv/bin/python scripts/render_codebook.py``.
"""

from __future__ import annotations

from pathlib import Path

from wirecoder.events.learned import codebook_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "events.md"
START, END = "<!-- codebook:start -->\n", "<!-- codebook:end -->"


def main() -> None:
    text = DOCS.read_text("utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(head + START + codebook_markdown() + END + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
