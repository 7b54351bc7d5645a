"""Name normalisation shared by the gazetteer index and the toponym matchers.

Every name is reduced to one *key*: transliterated to ASCII (``unidecode``),
lower-cased, apostrophes and ayn/hamza marks dropped, every other
non-alphanumeric character removed. Spaces and hyphens are dropped too, so
"Al-Bukamal", "Albu Kamal" and "Albukamal" share the key ``albukamal`` and a
span of tokens can be matched without caring how the tokenizer split it.

DOCS: docs/places.md
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

_DROP = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The lookup key of a place name.

    text (str): a name as written ("Deir ez-Zor", "Dar'ā").
    RETURNS (str): the key ("deirezzor", "dara"); empty for names without letters.
    """
    return raw_key(text) if text else ""


_LATIN = re.compile(r"^[\x00-\u024f\u02b0-\u02ff\u1e00-\u1eff\u2018\u2019]*$")


def is_latin(text: str) -> bool:
    """True when a name is written in Latin script (possibly with diacritics)."""
    return _LATIN.match(text) is not None


# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                          "þ": "th", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ə": "e"})


# Abbreviated name words spelled out, so "St. Louis" and "Saint Louis" share a key.
_ABBREV = re.compile(r"\b(st|ste|mt|ft)\b\.?")
_ABBREV_FULL = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def raw_key(text: str) -> str:
    """:func:`name_key` without the cache (for bulk index builds)."""
    s = text.lower()
    if "t" in s and _ABBREV.search(s):
        s = _ABBREV.sub(lambda mt: _ABBREV_FULL[mt.group(1)] + " ", s)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.translate(_SPECIAL)).encode("ascii", "ignore").decode() \
            if is_latin(s) else unidecode(s)
    return _DROP.sub("", s)
