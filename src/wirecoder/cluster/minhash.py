"""Near-duplicate articles: the same wire copy published on several sites.

Each article's text becomes a MinHash signature (``datasketch``) of its word shingles
(``near_duplicates.shingle_words`` lower-cased words), cut into LSH bands; a stored article sharing a band
with a new one is a candidate, and a candidate whose estimated Jaccard similarity reaches
``near_duplicates.threshold`` is a copy. The store keeps the band keys (so finding candidates is an index
look-up, not a scan) and links a copy to the earliest stored article it copies.

DOCS: docs/api.md
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+")

#: The seed of the hash permutations: fixed, so signatures stored by one process compare with another's.
SEED = 1


def shingles(text: str, size: int) -> set[bytes]:
    """The text's ``size``-word shingles (lower-cased words), as bytes; one shingle for a shorter text."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, cfg: dict[str, Any]) -> np.ndarray:
    """The MinHash signature of a text (``num_perm`` unsigned 64-bit values)."""
    from datasketch import MinHash

    nd = cfg["near_duplicates"]
    mh = MinHash(num_perm=int(nd["num_perm"]), seed=SEED)
    mh.update_batch(sorted(shingles(text, int(nd["shingle_words"]))))
    return mh.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray, bands: int) -> list[tuple[int, str]]:
    """The LSH band keys of a signature: (band number, hash of the band's values)."""
    rows = len(sig) // bands
    return [(b, hashlib.sha1(sig[b * rows : (b + 1) * rows].tobytes()).hexdigest()[:16]) for b in range(bands)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)
