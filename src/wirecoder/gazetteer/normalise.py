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

from .. import lookups

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


#: How names fold into keys besides decomposition (``data/gazetteer/name_keys.csv``).
_FOLDING = lookups.table("gazetteer/name_keys.csv")
# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans({row["written"]: row["spelled"] for row in _FOLDING if row["kind"] == "letter"})
# Abbreviated name words spelled out, so "St. Louis" and "Saint Louis" share a key.
_ABBREV_FULL = {row["written"]: row["spelled"] for row in _FOLDING if row["kind"] == "abbreviation"}
_ABBREV = re.compile(r"\b(" + "|".join(map(re.escape, _ABBREV_FULL)) + r")\b\.?")
# A letter every abbreviation contains ("t"): names without it skip the search (index builds fold a million names).
_SHARED = set.intersection(*map(set, _ABBREV_FULL)) if _ABBREV_FULL else set()
_ABBREV_HINT = min(_SHARED) if _SHARED else ""


def raw_key(text: str) -> str:
    """:func:`name_key` without the cache (for bulk index builds)."""
    s = text.lower()
    if _ABBREV_FULL and _ABBREV_HINT in s and _ABBREV.search(s):
        s = _ABBREV.sub(lambda mt: _ABBREV_FULL[mt.group(1)] + " ", s)
    if not s.isascii():
        s = (
            unicodedata.normalize("NFKD", s.translate(_SPECIAL)).encode("ascii", "ignore").decode()
            if is_latin(s)
            else unidecode(s)
        )
    return _DROP.sub("", s)


#: Romanisation differences between news and gazetteer spellings (``data/gazetteer/spelling_variants.tsv``).
_VARIANTS = lookups.table("gazetteer/spelling_variants.tsv")
_ENDINGS = tuple((row["written"], row["spelled"]) for row in _VARIANTS if row["kind"] == "ending")
_ARTICLES = tuple(row["spelled"] for row in _VARIANTS if row["kind"] == "article")
# Sun letters, longest first: "al" before one is written as the letter doubled ("ash Sham").
_SUN = sorted((row["written"] for row in _VARIANTS if row["kind"] == "sun"), key=len, reverse=True)
# An article inside a name before a sun letter, with at least three letters either side ("jisralshughur").
_INNER_ARTICLE = re.compile(r"(?<=[a-z]{3})al(" + "|".join(_SUN) + r")(?=[a-z]{3})") if _SUN else None
# Keys shorter than this get no variants (short keys would reach unrelated places).
_MIN_VARIANT_KEY = 4


def _with_article(article: str, stem: str) -> str:
    """``stem`` with the article in front, assimilated before a sun letter ("al" + "shaddadi" -> "ashshaddadi")."""
    sun = next((letter for letter in _SUN if stem.startswith(letter)), None)
    return f"{article[:-1]}{sun}{stem}" if sun and article.endswith("l") else article + stem


def spelling_variants(key: str) -> list[str]:
    """Keys a gazetteer may spell a news name under, most likely first (without ``key`` itself).

    key (str): a name key ("hawija").
    RETURNS (list[str]): ending variants ("hawijah"), the same with an inner article assimilated, then each
        with an article in front ("alhawija", "alhawijah"); none for keys under four letters.
    """
    if len(key) < _MIN_VARIANT_KEY:
        return []
    stems = [key, *(key[: -len(a)] + b for a, b in _ENDINGS if key.endswith(a) and len(key) - len(a) >= 3)]
    out = list(stems)
    if _INNER_ARTICLE is not None:
        out += [_INNER_ARTICLE.sub(lambda mt: "a" + mt.group(1) * 2, stem) for stem in stems]
    out += [_with_article(art, stem) for stem in stems for art in _ARTICLES if not stem.startswith(art)]
    return [k for k in dict.fromkeys(out) if k != key]
