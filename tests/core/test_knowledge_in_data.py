"""Knowledge lives in data files, not in code: no module-level word lists in ``src/``.

A module-level collection (list, tuple, set, dict, or a call such as ``frozenset(...)``) holding more
than a handful of string literals is a word list, pattern set or mapping: it belongs in a file under
``src/wirecoder/data/`` read through :mod:`wirecoder.lookups`, with a header naming its source.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "wirecoder"
#: More string literals than this in one module-level collection make it a word list.
HANDFUL = 5
#: The loader itself, and names that are code, not knowledge.
ALLOWED_MODULES = {"lookups.py"}
ALLOWED_NAMES = {"__all__"}


def _string_count(node: ast.AST) -> int:
    return sum(1 for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def _word_lists(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = [t for t in node.targets if isinstance(t, ast.Name)], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            targets, value = [node.target], node.value
        else:
            continue
        names = [t.id for t in targets if t.id not in ALLOWED_NAMES]
        if not names or not isinstance(value, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.Call):
            continue
        n = _string_count(value)
        if n > HANDFUL:
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {names[0]} ({n} strings)")
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name not in ALLOWED_MODULES)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_no_module_level_word_lists_in_code(path):
    found = _word_lists(path)
    hint = "word lists in code (move them to src/wirecoder/data/, read via wirecoder.lookups):\n"
    assert not found, hint + "\n".join(found)


def test_reporting_verbs_have_one_home():
    """The stages that need verbs of saying read them from one lexicon, in groups, and no other file repeats them."""
    from wirecoder import lookups

    neutral = lookups.words("lexicons/speech.en.toml", "verbs.neutral")
    with_stance = lookups.words("lexicons/speech.en.toml", "verbs.neutral", "verbs.stance")
    assert {"say", "tell", "report"} <= neutral
    assert "deny" in with_stance and "deny" not in neutral
    assert with_stance > neutral
    for name in ("lexicons/events.en.toml", "lexicons/places.en.toml"):
        text = lookups.data_path(name).read_text("utf-8")
        assert "reporting_verbs" not in text and "speech_verbs" not in text
