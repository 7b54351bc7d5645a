"""Event fatalities: deaths only, counted once, attached to the right event.

The stage ``wirecoder.resolve_fatalities.v1``:

1. finds **death statements**: quantity mentions of people (or with no counted
   noun: "killing 12", "the toll rose to 85") whose nearest effect word is a
   death word ("killed", "dead", "died", "death toll", "bodies", "picked off"...)
   rather than an injury ("wounded") or another state ("aboard", "arrested"),
   by the dependency tree first, by word distance in the sentence second
   (``data/lexicons/casualties.en.tsv``); plus explicit zeros ("no one was
   killed", "no casualties");
2. attaches each statement to the asserted event whose trigger shares its
   sentence (the nearest trigger), else to the nearest asserted violent event
   within a few sentences;
3. combines an event's statements: counts in one sentence for different victim
   groups ("five soldiers and three civilians were killed") are **summed**;
   statements in different sentences are **repeats** of one toll (headline and
   body) and are never summed: ``best`` is the lowest specific count (ACLED's
   most conservative estimate; vague words such as "dozens" only count when no
   number is given), ``low`` the lowest and ``high`` the highest bound seen.

Asserted events with no death statement get 0/0/0 (ACLED codes 0 when no
fatalities are reported) with ``text`` None; non-asserted events get None.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..analysis.spans import token_at
from ..doc import Article, Event, Fatalities, Quantity
from ..pipeline import Stage
from ..registry import stages
from ..timex.lexicon import casualty_words

#: ACLED event types in which people can be killed.
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")
#: How many sentences away a death statement may be from its event when no trigger shares its sentence.
MAX_SENTENCE_DISTANCE = 3

_ZERO = re.compile(
    r"\b(?:no\s+(?:one|body|deaths?|fatalities|casualties|(?:immediate\s+)?reports?\s+of\s+(?:casualties|deaths|injuries))"
    r"\s+(?:was|were|has|have|had|is|are|reported)?|nobody\s+(?:was|were)|without\s+(?:causing\s+)?casualties|"
    r"no\s+(?:one|body)\s+(?:was\s+)?(?:killed|hurt|injured))",
    re.I,
)
_PEOPLE_UNITS = frozenset({"people", None})


@dataclass
class DeathStatement:
    """One statement that some people died."""

    low: int | None
    best: int | None
    high: int | None
    start: int
    end: int
    sent: int
    vague: bool
    head: str | None
    quantity: Quantity | None = None


def _effect_words() -> tuple[dict[str, str], list[tuple[str, str]]]:
    words = casualty_words()
    single = {w: e for w, e in words.items() if " " not in w}
    multi = [(w, e) for w, e in words.items() if " " in w]
    return single, multi


def effect_of(article: Article, q: Quantity) -> str | None:
    """What happened to the counted people: "death", "injury", "other" or None.

    article (Article): the article (its ``doc`` gives the parse).
    q (Quantity): a quantity mention.
    RETURNS (str | None): the effect of the nearest effect word, by syntax then by distance.
    """
    doc = article.doc
    single, multi = _effect_words()
    if doc is None or not len(doc):
        return None
    core = q.extra.get("core", (q.start, q.end))
    num = token_at(doc, core[0] if q.extra.get("kind") == "vague" else core[1] - 1)
    if num is None:
        return None
    # the counted noun itself may say it: "bodies", "casualties", "dead"
    head_tok = num.head if num.dep_ == "nummod" else num
    if head_tok is num and q.head:
        for t in doc[num.i + 1 : min(len(doc), num.i + 7)]:
            if t.text == q.head:
                head_tok = t
                break
    if q.head and q.head.lower() in single and single[q.head.lower()] == "death":
        return "death"

    def eff(tok) -> str | None:
        w = tok.lower_
        lem = tok.lemma_.lower()
        if w in single:
            return single[w]
        if lem in single and tok.pos_ in ("VERB", "ADJ", "NOUN", "AUX"):
            return single[lem]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None:
            two = f"{lem} {nxt.lower_}"
            for phrase, e in multi:
                if phrase == two or phrase == f"{w} {nxt.lower_}":
                    return e
        return None

    # 1. syntax: modifiers of the counted noun ("85 dead", "people killed") and its governors
    for child in head_tok.children:
        if child.dep_ in ("amod", "acl", "relcl", "appos") and child.i > head_tok.i:
            e = eff(child)
            if e:
                return e
    tok = head_tok
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        e = eff(tok)
        if e:
            return e
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:  # "the death toll rose to 85"
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != head_tok.i:
                    e = eff(child)
                    if e == "death" and child.lower_ in ("toll", "death", "deaths", "casualties", "fatalities"):
                        return e
            # a verb without effect meaning ends the search unless it is an auxiliary-like link
            if tok.lemma_ not in ("be", "have", "leave", "rise", "climb", "reach", "stand", "increase", "bring"):
                break
    # 2. distance: the nearest effect word in the sentence (right side first, then left)
    sent = num.sent
    best = None
    for t in sent:
        if head_tok.i <= t.i <= num.i or t.i == num.i:
            continue
        e = eff(t)
        if not e:
            continue
        dist = t.i - head_tok.i if t.i > head_tok.i else (num.i - t.i) * 1.5
        if best is None or dist < best[0]:
            best = (dist, e)
    if best is not None and best[0] <= 12:
        return best[1]
    return None


class ResolveFatalities(Stage):
    """Attach death counts (low/best/high) to events."""

    requires = ("events", "mentions.quantities")
    assigns = ("event.fatalities",)

    def __init__(self, config: dict | None = None, max_sentence_distance: int = MAX_SENTENCE_DISTANCE) -> None:
        self.max_sentence_distance = max_sentence_distance

    def statements(self, article: Article) -> list[DeathStatement]:
        """All death statements in the article, in text order."""
        doc = article.doc
        if doc is None or not len(doc):
            return []
        starts = [s.start_char for s in doc.sents]

        def sent_of(c: int) -> int:
            return max(0, bisect.bisect_right(starts, c) - 1)

        out = []
        for q in article.mentions.quantities:
            if q.unit not in _PEOPLE_UNITS and not (q.head and casualty_words().get(q.head.lower()) == "death"):
                continue
            if q.best is None:
                continue
            if effect_of(article, q) != "death":
                continue
            out.append(DeathStatement(q.low, q.best, q.high, q.start, q.end, sent_of(q.start),
                                      q.extra.get("kind") == "vague", q.head, q))
        for m in _ZERO.finditer(article.text):
            s = sent_of(m.start())
            sent_text = article.text[starts[s] : starts[s + 1] if s + 1 < len(starts) else len(article.text)]
            low = sent_text.lower()
            if any(w in low for w in ("kill", "dead", "death", "casualt", "fatalit", "hurt", "injur")):
                out.append(DeathStatement(0, 0, 0, m.start(), m.end(), s, False, None))
        out.sort(key=lambda d: d.start)
        return out

    def find(self, article: Article) -> list[Fatalities | None]:
        """One Fatalities (or None) per event, in event order (pure)."""
        doc = article.doc
        statements = self.statements(article)
        starts = [s.start_char for s in doc.sents] if doc is not None and len(doc) else [0]

        def sent_of(c: int) -> int:
            return max(0, bisect.bisect_right(starts, c) - 1)

        def trig_sents(ev: Event) -> list[tuple[int, int]]:
            spans = [ev.trigger] if ev.trigger is not None else []
            spans += [sp for sp in ev.triggers if sp is not ev.trigger]
            if not spans:
                spans = ev.evidence[:1]
            return [(sent_of(sp.start), sp.start) for sp in spans]

        candidates = [(i, ev) for i, ev in enumerate(article.events) if ev.modality == "asserted"]
        by_event: dict[int, list[DeathStatement]] = {}
        for st in statements:
            best = None
            for i, ev in candidates:
                violent = ev.event_type in VIOLENT_TYPES
                for s, c in trig_sents(ev):
                    sd = abs(s - st.sent)
                    if sd > self.max_sentence_distance:
                        continue
                    # same sentence first, then violent events, then nearest sentence, then nearest char
                    key = (sd != 0, not violent, sd, abs(c - st.start))
                    if best is None or key < best[0]:
                        best = (key, i)
            if best is not None:
                by_event.setdefault(best[1], []).append(st)
        out: list[Fatalities | None] = []
        for i, ev in enumerate(article.events):
            if ev.modality != "asserted":
                out.append(None)
            elif i in by_event:
                out.append(combine(by_event[i], article.text))
            else:
                out.append(Fatalities(0, 0, 0, None))
        return out

    def __call__(self, article: Article) -> Article:
        for ev, f in zip(article.events, self.find(article), strict=True):
            ev.fatalities = f
        return article


def combine(statements: list[DeathStatement], text: str) -> Fatalities:
    """One toll from an event's death statements (sum within a sentence, repeats across sentences).

    statements (list[DeathStatement]): the event's statements.
    text (str): the article text (for the evidence).
    RETURNS (Fatalities): low/best/high and the evidence text.
    """
    per_sent: dict[int, list[DeathStatement]] = {}
    for st in statements:
        per_sent.setdefault(st.sent, []).append(st)
    tolls = []
    for sts in per_sent.values():
        seen = set()
        low = best = high = 0
        vague = True
        for st in sts:
            key = (st.best, (st.head or "").lower())
            if key in seen:
                continue
            seen.add(key)
            low += st.low if st.low is not None else st.best
            best += st.best
            high = None if high is None or st.high is None else high + st.high
            vague = vague and st.vague
        tolls.append((low, best, high, vague, sts))
    specific = [t for t in tolls if not t[3]] or tolls
    chosen = min(specific, key=lambda t: t[1])
    best = chosen[1]
    low = min(min(t[0] for t in specific), best)
    high = max((t[2] if t[2] is not None else t[1]) for t in specific)
    evidence = " ... ".join(_sentence_text(text, st.start) for st in chosen[4][:1])
    return Fatalities(low=low, best=best, high=max(high, best), text=evidence)


def _sentence_text(text: str, char: int, limit: int = 300) -> str:
    """The sentence (by punctuation) around ``char``, at most ``limit`` characters."""
    left = max(text.rfind(". ", 0, char), text.rfind("\n", 0, char))
    right_candidates = [i for i in (text.find(". ", char), text.find("\n", char)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    sent = text[left + 1 : right].strip()
    if len(sent) > limit:
        rel = char - (left + 1)
        a = max(0, rel - limit // 2)
        sent = sent[a : a + limit].strip()
    return sent


@stages.register("wirecoder.resolve_fatalities.v1")
def make_resolve_fatalities(config: dict | None = None, **settings) -> ResolveFatalities:
    """Factory for :class:`ResolveFatalities` (settings: ``max_sentence_distance``)."""
    return ResolveFatalities(config, **settings)
