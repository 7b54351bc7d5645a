"""A Bloom filter over the gazetteer's name keys, written into the index when it is built.

The place matchers ask the index about every run of capitalised words in a story, and nearly all of those name no
place; the filter answers most of them without a query. Two bits per key, placed by a keyed hash that is the same
in every process (BLAKE2b), so the filter is computed once, at build time, and read as one blob.

DOCS: docs/places.md
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b

import numpy

#: Bits of the filter (a power of two: 4 MB). With about 830,000 keys and two bits per key, about one key in 600
#: that names no place passes it (and is then asked of the index).
BITS = 1 << 25
_MASK = BITS - 1


def positions(key: str) -> tuple[int, int]:
    """The two bits of a key: the low and the high half of its 64-bit BLAKE2b digest, each cut to the filter."""
    h = int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "little")
    return h & _MASK, (h >> 32) & _MASK


def build(keys: Iterable[str]) -> bytes:
    """The filter of ``keys`` as ``BITS // 8`` bytes (bit ``i`` is bit ``i % 8`` of byte ``i // 8``)."""
    bits = numpy.zeros(BITS >> 3, dtype=numpy.uint8)
    pos = numpy.fromiter((p for key in keys for p in positions(key)), dtype=numpy.int64)
    numpy.bitwise_or.at(bits, pos >> 3, numpy.left_shift(numpy.uint8(1), (pos & 7).astype(numpy.uint8)))
    return bits.tobytes()


def may_have(bits: bytes, key: str) -> bool:
    """False when ``key`` is surely not in the filter; True when it may be."""
    a, b = positions(key)
    return bool((bits[a >> 3] >> (a & 7)) & 1 and (bits[b >> 3] >> (b & 7)) & 1)
