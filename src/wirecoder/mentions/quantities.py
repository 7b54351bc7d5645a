"""Quantity mentions: counts of people and things with low/best/high bounds.

The stage ``wirecoder.quantity_mentions.v1`` reads numbers written in digits
or words ("85", "1,200", "six", "a dozen"), vague quantities ("dozens of",
"hundreds", "scores of", "several"), approximations and bounds ("about 85",
"at least 12", "more than 20", "up to 30", "nearly 100"), ranges ("15 to 20",
"between 15 and 20") and compounds ("17-vehicle"), and gives each a
:class:`~wirecoder.doc.Quantity` with ``low``/``best``/``high`` and the unit
class of the counted noun (``people``, ``vehicles``, ``buses``... from
``data/lexicons/units.en.tsv``; other nouns keep their lemma). The counted
noun as written is kept in ``Quantity.head`` (internal).

Conventions (documented in docs/dates-and-numbers.md): ``best`` is the
conservative reading; "more than 20" -> 21/21/None; "up to 30" -> None/30/30;
"about 85" -> 85/85/85; "15 to 20" -> 15/15/20; vague words take the
numbers in ``data/lexicons/numbers.en.tsv`` ("dozens" -> 12/12/99, as ACLED codes it).

Numbers inside temporal expressions, money, percentages, ordinals, weapon
model names ("AK-47") and bare years are not quantities.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import functools
import re

from .. import lookups
from ..analysis.spans import token_at
from ..doc import Article, Quantity
from ..pipeline import Stage
from ..registry import stages
from ..timex.lexicon import alternation, number_words, unit_classes
from ..timex.numbers import number_pattern, word_value

_LEX = "lexicons/quantities.en.toml"
#: modifier -> kind: "low" (a lower bound), "high" (an upper bound), "approx", ... (see the lexicon file)
MODIFIERS = lookups.word_map(_LEX, "modifiers")
#: "nearly 100": the lower bound is this share of the number.
NEAR_LOW_SHARE = lookups.value(_LEX, "near_low_share")
_NOT_PEOPLE_WORDS = frozenset({"percent", "%", "per", "cent"})


def _lead() -> str:
    """A lookahead on what can open a match of :func:`_pattern`: a digit, or the first letter of a word that
    starts a match behind a word boundary (a modifier, "between", "from", a number word, a vague quantity).
    The pattern matches exactly what it matched without it; the engine gives up at once at most positions
    instead of trying its long alternations at every character."""
    words = [*MODIFIERS, "between", "from", *number_words().get("num", {}), *number_words().get("vague", {})]
    return rf"(?=\d|\b[{re.escape(''.join(sorted({w[0].lower() for w in words})))}])"


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    num = number_pattern()
    vague = alternation(number_words().get("vague", {}))
    mods = alternation(MODIFIERS)
    p = (
        rf"(?:\b(?P<mod>{mods})\s+)?"
        r"(?:"
        rf"(?:\b(?P<rpre>between|from)\s+)?(?P<n1>{num})(?:\s*(?P<rsep>-|\u2013|to|or|(?(rpre)and|(?!)))\s*(?P<n2>{num}))?"
        rf"|\b(?P<vague>{vague})\b"
        r")"
        r"(?P<compound>-(?P<cnoun>[A-Za-z]+))?"
    )
    return re.compile(_lead() + p, re.I)


def modifier_kind(m: re.Match) -> str | None:
    """The kind of the match's modifier ("more than" -> "low_x", an exclusive lower bound), None without one."""
    return MODIFIERS.get(" ".join((m.group("mod") or "").lower().split()))


def parse_quantity(m: re.Match) -> tuple[int | None, int | None, int | None, str] | None:
    """(low, best, high, kind) for one match of the quantity pattern, or None when it is no count."""
    gd = m.groupdict()
    if gd.get("vague"):
        low, best, high = number_words()["vague"][" ".join(gd["vague"].lower().split())]
        kind = "vague"
    else:
        n1 = word_value(gd["n1"])
        if n1 is None:
            return None
        n2 = word_value(gd["n2"]) if gd.get("n2") else None
        sep = (gd.get("rsep") or "").lower()
        if n2 is not None and (sep in ("-", "\u2013", "to", "or") or gd.get("rpre")) and n1 < n2:
            if sep == "and" and not gd.get("rpre"):
                return n1, n1, n1, "exact"
            low, best, high, kind = n1, n1, n2, "range"
        else:
            low = best = high = n1
            kind = "exact"
    kind_mod = modifier_kind(m)
    if kind_mod == "low":
        high = None if kind != "range" else high
        kind = "low"
    elif kind_mod == "low_x":
        low = best = low + 1 if low is not None and kind != "vague" else low
        high = None
        kind = "low"
    elif kind_mod == "high":
        low = None
        kind = "high"
    elif kind_mod == "high_x":
        best = high = max(0, (high or best) - 1)
        low = None
        kind = "high"
    elif kind_mod == "near":
        low = int(best * NEAR_LOW_SHARE) if best else best
        kind = "approx"
    elif kind_mod == "approx":
        kind = "approx" if kind != "vague" else kind
    return low, best, high, kind


def unit_of(head: str | None, lemma: str | None = None, is_person: bool = False) -> str | None:
    """The unit class of a counted noun ("fighters" -> "people", "buses" -> "buses").

    head (str | None): the noun as written.
    lemma (str | None): its lemma, when known.
    is_person (bool): the noun is a person or group word by NER.
    RETURNS (str | None): the unit class; the lemma itself for nouns not in the lexicon.
    """
    if not head:
        return None
    units = unit_classes()
    for key in (head.lower(), (lemma or "").lower(), head.lower().rstrip("s"), head.lower()[:-2] if
                head.lower().endswith("es") else ""):
        if key and key in units:
            return units[key]
    if is_person:
        return "people"
    return (lemma or head).lower()


_BAD_BEFORE = re.compile(r"(?:[$\u20ac\u00a3#]|[A-Za-z]-|\d[.,:/]|No\.\s?|\w)\Z")
_NUMBER_SIGN = re.compile(r"\b(?:no|nos|number|num)\.?\s*$", re.I)
_AGE = re.compile(r",\s*\d{1,3}\s*,")
_BAD_AFTER = re.compile(
    r"^(?:\s*(?:%|percent|per\s+cent|[.:/]\d|\d|st\b|nd\b|rd\b|th\b|:\d|am\b|pm\b|a\.m|p\.m|GMT|BC|AD))", re.I
)


class QuantityMentions(Stage):
    """Find counts with bounds and the noun they count."""

    requires = ("article.text", "article.doc", "mentions.times")
    assigns = ("mentions.quantities",)

    def __init__(self, config: dict | None = None) -> None:
        self._last_head_idx = -1  # offset of the counted noun found by the last _head call

    def find(self, article: Article) -> list[Quantity]:
        """Quantities in the article, in text order (pure: the article is not changed)."""
        text = article.text or ""
        blocked = [(t.start, t.end) for t in article.mentions.times]
        out: list[Quantity] = []
        doc = article.doc
        for m in _pattern().finditer(text):
            s, e = m.span()
            if e <= s:
                continue
            core_start = m.start("n1") if m.group("n1") else m.start("vague")
            if not m.group("vague") and (_BAD_BEFORE.search(text[max(0, core_start - 2) : core_start])
                                         or _NUMBER_SIGN.search(text[max(0, core_start - 6) : core_start])):
                continue
            if m.group("n1") and re.fullmatch(r"[0-2]\d[0-5]\d", m.group("n1")) and m.group("n1")[0] == "0":
                continue  # military time "0200"
            if _AGE.match(text, max(0, core_start - 2)) and not m.group("mod"):
                continue  # "Rodriguez Porth, 65, was killed": an age
            core_end = m.end("n2") if m.group("n2") else (m.end("n1") if m.group("n1") else m.end("vague"))
            if _BAD_AFTER.match(text[core_end : core_end + 12]):
                continue
            if any(s < b and a < e for a, b in blocked):
                continue
            if m.group("n1") and re.fullmatch(r"(?:1[5-9]|20)\d\d", m.group("n1")) and not m.group("compound"):
                continue  # a bare year
            parsed = parse_quantity(m)
            if parsed is None:
                continue
            low, best, high, kind = parsed
            head, lemma, person = self._head(text, doc, m)
            if head and doc is not None and any(a <= self._last_head_idx < b for a, b in blocked):
                head, lemma, person = None, None, False  # "split in two last week": the noun is a date's
            if m.group("n1") and m.group("n1").lower() == "one" and (head is None or head.lower() == "of"):
                continue  # "one of the ...", "the one"
            if m.group("rpre") and not m.group("n2"):
                s = m.start("n1") if not m.group("mod") else s
            q = Quantity(
                text=text[s:e], start=s, end=e, low=low, best=best, high=high,
                unit=unit_of(head, lemma, person), head=head,
                kind=kind, core=(core_start, core_end),
                exclusive=modifier_kind(m) == "low_x",
            )
            out.append(q)
        return out

    def _head(self, text: str, doc, m: re.Match) -> tuple[str | None, str | None, bool]:
        """The counted noun after a number: (as written, lemma, is a person word); its offset goes to
        ``self._last_head_idx``."""
        self._last_head_idx = -1
        if m.group("compound"):
            word = m.group("cnoun")
            tok = token_at(doc, m.start("cnoun")) if doc is not None else None
            lemma = tok.lemma_ if tok is not None and tok.text.lower() == word.lower() else None
            return word, lemma, False
        end = m.end()
        if doc is not None and len(doc):
            num_tok = token_at(doc, end - 1)
            # nummod: the number's syntactic head is the counted noun
            if num_tok is not None and num_tok.dep_ == "nummod" and num_tok.head.i > num_tok.i \
                    and num_tok.head.pos_ in ("NOUN", "PROPN") and num_tok.head.i - num_tok.i <= 5:
                h = num_tok.head
                self._last_head_idx = h.idx
                return h.text, h.lemma_, h.ent_type_ in ("NORP", "PERSON")
            tok = token_at(doc, end)
            if tok is None or tok.idx < end:
                return None, None, False
            if tok.lower_ == "of" and tok.i + 1 < len(doc):  # "dozens of militants", "six of the victims"
                j = tok.i + 1
                while j < len(doc) and doc[j].pos_ in ("DET", "ADJ", "NUM") and j - tok.i <= 4:
                    j += 1
                tok = doc[j] if j < len(doc) else tok
            # scan a few tokens: adjectives and names modify, the first common noun is counted
            j, cand = tok.i, None
            while j < len(doc) and j - tok.i <= 4:
                t = doc[j]
                if t.pos_ == "NOUN" and t.lower_ not in _NOT_PEOPLE_WORDS:
                    cand = t
                    break
                acronym = t.pos_ == "AUX" and t.text.isupper() and len(t.text) > 1  # "IS fighters"
                if (t.pos_ == "PROPN" or acronym) and cand is None:
                    cand = t if not acronym else None
                elif acronym:
                    pass
                elif t.pos_ not in ("ADJ", "PROPN", "ADV", "PUNCT") or t.text in (",", ";", "."):
                    break
                j += 1
            if cand is not None and cand.pos_ == "PROPN" and cand.i != tok.i and cand.lower_ in ("is",):
                cand = None
            if cand is not None:
                self._last_head_idx = cand.idx
                return cand.text, cand.lemma_, cand.ent_type_ in ("NORP", "PERSON")
            return None, None, False
        nxt = re.match(r"\s+(?:of\s+(?:the\s+)?)?([A-Za-z]+)", text[end : end + 40])
        return (nxt.group(1), None, False) if nxt else (None, None, False)

    def __call__(self, article: Article) -> Article:
        article.mentions.quantities = self.find(article)
        return article


@stages.register("wirecoder.quantity_mentions.v1")
def make_quantity_mentions(config: dict | None = None) -> QuantityMentions:
    """Factory for :class:`QuantityMentions` (no settings)."""
    return QuantityMentions(config)
