"""The fixed split of every dev set into a *tune* part and a *check* part, by document id.

Rules are written by reading errors and tuned on figures; a figure measured on the documents that
shaped the rules says little about new text. So each dev set is split once, here, in code:

* **tune** (about 60 %): read its errors, tune on it;
* **check** (about 40 %): only ever look at its figures. The check figure is the one to quote.

The rule, exactly: take the document id as a string (``str(doc_id)``), encode it as UTF-8, hash it
with SHA-256, read the first 8 bytes of the digest as a big-endian unsigned integer, and take it
modulo 100; below :data:`TUNE_PERCENT` (60) the document is in *tune*, otherwise in *check*. The
part depends on the id alone -- not on the file, its order or the number of documents -- so it never
changes when documents are added, and any tool can recompute it (Python's ``hash()`` is salted per
process and is never used).

DOCS: docs/evaluation.md
"""

from __future__ import annotations

import hashlib

#: Documents whose hash bucket (0-99) is below this are in the tune part.
TUNE_PERCENT = 60
#: The parts a document can be in, and "all" for both.
TUNE, CHECK, ALL = "tune", "check", "all"
PARTS = (TUNE, CHECK, ALL)


def bucket(doc_id: object) -> int:
    """The document's hash bucket, 0-99: the first 8 bytes of SHA-256(``str(doc_id)``, UTF-8), modulo 100."""
    digest = hashlib.sha256(str(doc_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100


def part(doc_id: object) -> str:
    """The part a document belongs to: "tune" or "check" (see the module docstring for the rule)."""
    return TUNE if bucket(doc_id) < TUNE_PERCENT else CHECK


def in_part(doc_id: object, which: str) -> bool:
    """Whether a document is in ``which``: "tune", "check", or "all" (every document).

    RAISES ValueError: when ``which`` is not one of :data:`PARTS`.
    """
    if which not in PARTS:
        raise ValueError(f"Unknown part {which!r}; choose one of {', '.join(PARTS)}.")
    return which == ALL or part(doc_id) == which
