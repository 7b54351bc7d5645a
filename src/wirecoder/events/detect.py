"""The events stage: detect, classify and argument every event an article reports.

For each sentence the trigger lexicon is tried first (a set lookup per token);
only sentences with a trigger are looked at further. Triggers are grouped by
the clause they sit in (so "were killed in an airstrike" is one mention and
"troops shelled the town and protesters marched" two), each group is classified
into an ACLED sub-event type from the weights of its triggers and the
sentence's context cues, and given modality, actors and attribution. Mentions
of the same real-world event are then merged (``merge.py``).

Registered as ``wirecoder.events.v1``. Settings: ``extra_lexicons`` (list of TSV
paths in the format of ``data/lexicons/triggers.en.tsv``), ``min_score``
(least summed trigger weight for a mention, default 1.0).

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..doc import Article, Event, Span
from ..pipeline import Stage
from ..registry import stages
from . import taxonomy
from .arguments import find_actors
from .attribution import find_attribution
from .merge import merge_events
from .modality import modality_of
from .triggers import Lexicon, Match, load_lexicon

# Dependency labels that open a new clause when walking up from a trigger.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj"})
STATE_WORDS = frozenset({"army", "troops", "troop", "military", "soldiers", "soldier", "forces", "force", "police",
                         "government", "regime", "coalition", "navy", "jets", "warplanes", "aircraft"})


def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    steps = 0
    while steps < 30:
        steps += 1
        if tok.dep_ in CLAUSE_DEPS or tok.head is tok:
            return tok
        if tok.dep_ == "conj" and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return tok
        tok = tok.head
    return tok


def _is_state_name(doc, name: str, sent: SpacySpan) -> bool:
    """True when a fallback actor name is tagged as a country (GPE) in the sentence."""
    return any(ent.label_ == "GPE" and (ent.text in name or name in ent.text) for ent in sent.ents)


def _top_token(doc, m: Match) -> Token:
    """The token of a (multi-word) match highest in the parse tree."""
    toks = [doc[i] for i in range(m.start, m.end)]
    inside = set(range(m.start, m.end))
    for t in toks:
        if t.head.i not in inside or t.head is t:
            return t
    return doc[m.head]


class DetectEvents(Stage):
    """Find event mentions sentence by sentence, classify them, and merge them into events.

    config (dict): the pipeline configuration.
    extra_lexicons (list[str]): more trigger files to load after the built-in one.
    min_score (float): least summed trigger weight that makes a mention.
    """

    requires = ("article.doc", "mentions.actors")
    assigns = ("events",)

    def __init__(self, config: dict, extra_lexicons: list[str] | None = None, min_score: float = 1.0) -> None:
        self.lexicon: Lexicon = load_lexicon(tuple(extra_lexicons or ()))
        self.min_score = float(min_score)
        self.trigger_first = frozenset(
            e.pattern[0] for e in self.lexicon.entries.values() if e.kind == "trigger"
        )

    # ------------------------------------------------------------------ finding
    def _screen(self, sent: SpacySpan) -> bool:
        first = self.trigger_first
        return any(t.lower_ in first or t.lemma_.lower() in first for t in sent)

    def find_mentions(self, article: Article) -> list[Event]:
        """All event mentions of an article, unmerged, in text order."""
        doc = article.doc
        if doc is None or len(doc) == 0:
            return []
        mentions: list[Event] = []
        for sent in doc.sents:
            if len(sent) > 250 or not self._screen(sent):
                continue
            matches = self.lexicon.find(sent)
            trig = [m for m in matches if m.is_trigger]
            if not trig:
                continue
            cues = [m for m in matches if not m.is_trigger]
            groups: dict[int, list[Match]] = {}
            for m in trig:
                groups.setdefault(clause_head(_top_token(doc, m)).i, []).append(m)
            for members in groups.values():
                ev = self._mention(article, sent, members, cues)
                if ev is not None:
                    mentions.append(ev)
        return mentions

    def _mention(self, article: Article, sent: SpacySpan, members: list[Match], cues: list[Match]) -> Event | None:
        doc = sent.doc
        strength = sum(m.weight for m in members)
        if strength < self.min_score:
            return None
        scores: dict[str, float] = {}
        for m in members + cues:
            scores[m.cls] = scores.get(m.cls, 0.0) + m.weight
        main = max(members, key=lambda m: (m.weight, -m.start))
        trigger_tok = _top_token(doc, main)
        actor1, actor2 = find_actors(trigger_tok, article.mentions.actors)
        state_agent = None
        if actor1 is not None:
            if actor1.inter in (1, 2, 3, 8) or (actor1.category or "").startswith(("State", "Military", "Police")):
                state_agent = actor1.inter in (1, 8) or (actor1.category or "").startswith(("State", "Military",
                                                                                             "Police"))
            elif any(w in actor1.name.lower().split() for w in STATE_WORDS) or (
                actor1.mention is not None and actor1.mention.kind == "state"
            ):
                state_agent = True
            elif actor1.mention is not None and actor1.mention.canonical and actor1.country:
                state_agent = actor1.mention.kind == "state"
            elif actor1.mention is None and _is_state_name(doc, actor1.name, sent):
                state_agent = True
        sub, score, generic = taxonomy.resolve(scores, state_agent)
        if sub is None:
            return None
        # the trigger that best stands for the chosen type
        for m in sorted(members, key=lambda m: -m.weight):
            if m.cls == sub or m.cls.startswith("@"):
                main = m
                break
        trigger_tok = _top_token(doc, main)
        t_start = doc[main.start].idx
        t_end = doc[main.end - 1].idx + len(doc[main.end - 1].text)
        ev = Event(
            event_type=taxonomy.event_type(sub),
            sub_event_type=sub,
            plover=taxonomy.plover(sub),
            modality=modality_of(trigger_tok),
            actor1=actor1,
            actor2=actor2,
            attribution=find_attribution(article, trigger_tok),
            evidence=[article.span(sent.start_char, sent.end_char)],
        )
        ev.trigger = Span(t_start, t_end, article.text[t_start:t_end])
        ev.triggers = [article.span(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                       for m in members]
        ev.sent_starts = [sent.start_char]
        ev.extra.update(
            score=round(score, 3),
            strength=round(strength, 3),
            generic=generic,
            trigger_lemma=trigger_tok.lemma_.lower(),
            sent_end=[sent.end_char],
            mentions=1,
        )
        return ev

    # ------------------------------------------------------------------ stage
    def __call__(self, article: Article) -> Article:
        mentions = self.find_mentions(article)
        article.events = merge_events(mentions)
        return article


@stages.register("wirecoder.events.v1")
def make_events(config: dict, **settings) -> DetectEvents:
    """Factory for the events stage (see :class:`DetectEvents` for settings)."""
    return DetectEvents(config, **settings)
