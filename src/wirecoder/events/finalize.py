"""The final events stage: a last cross-mention merge, event ids, confidence and ACLED-style summary.

Runs after the resolve stages, so the summary can name the date, place and
fatalities they found. Confidence is a logistic over a few features of the
finished event (:func:`features`: evidence strength, repeats, completeness,
family) whose weights are fitted on the realnews dev set by ``wirecoder
calibrate``; non-asserted events are capped.

Registered as ``wirecoder.finalize_events.v1``.

DOCS: docs/events.md
"""

from __future__ import annotations

import hashlib
import math
import re

from .. import lookups
from ..analysis.spans import char_span, clause_verb, present_perfect
from ..doc import Article, Event
from ..pipeline import Stage
from ..registry import stages
from ..resolve.dates import own_date
from . import taxonomy
from .merge import merge_events
from .summary import summarize
from .triggers import trigger_classes

#: Weights of the confidence (``data/weights/finalize_events.toml``): ``bias``, the logit weight of each
#: feature (``features``), the caps and the event-type families.
W = lookups.weights("finalize_events")
#: Strategic developments ACLED codes only at its discretion: exported above a floor of their own.
DISCRETIONARY = frozenset(W["discretionary_types"])
#: A match report's cues (``[finalize]`` of ``lexicons/events.en.toml``): its top event is not exempt from the floor.
_SPORTS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in lookups.word_list("lexicons/events.en.toml", "finalize.sports_cues"))
    + r")\b", re.I)
_SCORE = re.compile(lookups.value("lexicons/events.en.toml", "finalize.score_pattern"), re.I)
_SPORTS_MIN = int(lookups.value("lexicons/events.en.toml", "finalize.sports_min_cues"))


def sports_report(text: str) -> bool:
    """Whether a text reads as a match report: a result ("beat Arsenal 2-1") and at least ``sports_min_cues``
    distinct sports words (a protest outside a stadium before a World Cup match tells no result)."""
    if not _SCORE.search(text):
        return False
    return len({m.group(0).lower() for m in _SPORTS.finditer(text)}) >= _SPORTS_MIN


def features(ev: Event) -> dict[str, float]:
    """The confidence features of an event, by the names of ``[features]`` in the weights file.

    All are read from the finished event: its evidence (type score, main clause, first sentence, one of the
    first ``early_sentences`` sentences, further mentions, generic word), its completeness (actors,
    attribution, a place and how fine it is, a date the text states, a stated toll) and its family
    (ACLED's demonstration events, strategic developments; political violence is the baseline).
    """
    # imported here: the dedup stage imports this module
    from ..resolve.dedup import coarseness

    where = coarseness(ev)  # 0 a place, 1 a first-order division, 2 a country, 3 none
    family = W["families"].get(ev.event_type)
    return {
        "score": min(float(ev.score), W["score_cap"]),
        "main_clause": float(ev.main),
        "first_sentence": float(ev.sent_index == 0),
        # news tells its main events first: a mention in the lede paragraphs (checked on realnews and MUC-4 alike)
        "early": float(ev.sent_index is not None and ev.sent_index < W["early_sentences"]),
        "repeats": float(min(ev.mentions - 1, W["repeat_cap"])),
        # an actor the text names (one coded by ACLED's conventions alone has no name: resolve/roles.py)
        "actor1": float(ev.actor1 is not None and bool(ev.actor1.name)),
        "actor2": float(ev.actor2 is not None and bool(ev.actor2.name)),
        "attributed": float(ev.attribution is not None),
        "generic": float(ev.generic),
        "place": float(where == 0),
        "division": float(where == 1),
        "country": float(where == 2),
        # the event's own sentence dates it; a date borrowed from the sentences before is no such statement
        "date_stated": float(own_date(ev.date)),
        "deaths_stated": float(ev.fatalities is not None and bool(ev.fatalities.text)),
        "demonstration": float(family == "demonstration"),
        "strategic": float(family == "strategic"),
    }


def logit(values: dict[str, float], weights: dict | None = None) -> float:
    """The confidence logit of an event's :func:`features`: ``bias`` plus each feature times its weight.

    weights (dict | None): a weights table shaped like ``finalize_events.toml`` (default: that file).
    """
    weights = W if weights is None else weights
    return weights["bias"] + sum(weights["features"][name] * x for name, x in values.items())


def evidence(ev: Event, weights: dict | None = None) -> float:
    """How strongly an event's own mentions state it, 0-1: a logistic over its evidence features alone
    (type score, main clause, first sentence, repeats, actors, attribution, generic word), weighted by
    hand (``[evidence]``). Not a probability: it orders which of two mentions of one event absorbs the
    other (the dedup stage), so it stays apart from the fitted :func:`confidence`."""
    table = (W if weights is None else weights)["evidence"]
    values = features(ev)
    x = table["bias"] + sum(w * values[name] for name, w in table.items() if name != "bias")
    return round(1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x)))), 3)


def confidence(ev: Event, weights: dict | None = None) -> float:
    """A 0-1 confidence that the event is a real, distinct event: the logistic of :func:`logit`.

    The weights are fitted by ``wirecoder calibrate`` (:mod:`wirecoder.eval.calibrate`) so that of the
    events given a confidence near p, about p in every 1 are real; an event not reported as having
    happened (negated, hypothetical, future) gets at most ``not_asserted_cap``.
    """
    weights = W if weights is None else weights
    x = logit(features(ev), weights)
    p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))
    if ev.modality != "asserted":
        p = min(p, weights["not_asserted_cap"])
    return round(p, 3)


def one_more(ev: Event, doc) -> bool:
    """Whether the text tells an event as one more incident of its own: an agent named in a clause that carries an
    additive adverb ("the guerrillas also attacked the soldiers guarding two coffee mills", "gunmen separately
    attacked a checkpoint": resolve/dedup.py :func:`additive`), in a past tense, not the present perfect of a series
    or a state ("police also have arrested opposition workers"). Such an event is exempt from the floor, as the
    article's most confident event is (``additive_exempt``)."""
    if not W["additive_exempt"] or ev.modality != "asserted" or ev.actor1 is None or not ev.actor1.name:
        return False
    from ..resolve.dedup import additive  # (the dedup stage imports this module)

    if doc is None or ev.trigger is None or not additive(ev, doc):
        return False
    span = char_span(doc, ev.trigger.start, ev.trigger.end)
    verb = clause_verb(span.root, W["clause_steps"]) if span is not None and len(span) else None
    return verb is None or not present_perfect(verb)


class FinalizeEvents(Stage):
    """Give every event an id, a confidence and a summary (after a last merge).

    config (dict): the pipeline configuration.
    """

    # merging reads the actors' mentions; the summary names the date, place and fatalities; the confidence
    # reads how fine the resolved place is (its GeoNames feature code); the floor reads the trigger's clause (one_more)
    requires = ("article.id", "article.text", "article.doc", "events", "mentions.actors", "event.actors",
                "event.attribution", "event.date", "event.location", "event.fatalities", "places.resolved")
    optional = ("event.status", "article.title")  # merging keeps background and aggregate mentions apart when a stage
    # set them; the title decides whether the top event is exempt from the floor
    assigns = ("events", "event.id", "event.confidence", "event.summary")

    def __init__(
        self,
        config: dict,
        merge_across_sentences: bool = True,
        min_confidence: float = 0.0,
        discretionary_min_confidence: float = 0.0,
    ) -> None:
        self.config = config
        self.merge_across_sentences = merge_across_sentences
        self.min_confidence = float(min_confidence)
        self.discretionary_min_confidence = float(discretionary_min_confidence)
        if self.min_confidence > 0:
            self.assigns = (*self.assigns, "event.status")  # the floor sets "uncertain" only when it is on

    def __call__(self, article: Article) -> Article:
        events = (
            merge_events(article.events, self.merge_across_sentences) if len(article.events) > 1
            else list(article.events)
        )
        base = article.id or article.text_hash[:12]
        for n, ev in enumerate(events, 1):
            first = ev.trigger.start if ev.trigger else n
            digest = hashlib.sha1(f"{base}:{first}:{ev.sub_event_type}".encode()).hexdigest()[:8]
            ev.id = f"{base}-e{n}-{digest}"
            ev.confidence = confidence(ev)
            ev.summary = summarize(ev)
        news = [ev for ev in events if ev.is_news]
        # a story is about at least one event, so its most confident one is exempt from the floor; a match report's
        # "attacks" and "bombardments" are the game's; a story whose headline names no event may be about none
        top = max(news, key=lambda ev: ev.confidence) if news and not sports_report(article.text) else None
        if top is not None and W["headline_decides_exemption"] and article.title and not _announces(article.title, top):
            top = None  # "Kenya opposition wins speaker vote": a headline that names no event of the top one's kind
        for ev in news:
            if ev is not top and ev.confidence < self.floor(ev) and not one_more(ev, article.doc):
                ev.status = "uncertain"  # kept in the record, left out of default exports
        article.events = events
        return article

    def floor(self, ev: Event) -> float:
        """The least confidence an event needs to be exported: ``min_confidence``, and while that floor is on, for a
        strategic development ACLED codes only at its discretion (``discretionary_types``: a change to
        group/activity, a base set up, ...) at least ``discretionary_min_confidence``."""
        if self.min_confidence > 0 and ev.sub_event_type in DISCRETIONARY:
            return max(self.min_confidence, self.discretionary_min_confidence)
        return self.min_confidence


def _announces(title: str, event: Event) -> bool:
    """Whether a headline holds a trigger word of the event's kind (its merge family: violence, protest,
    territory...): "Thai market bombing injures 39" announces a bombing, "Kenya opposition wins speaker vote" no
    event at all. The floor's exemption for the article's most confident event rests on the story being about an
    event; the headline says which."""
    kinds = {taxonomy.pseudo_family(c) or taxonomy.family(c) for c in trigger_classes(title)}
    return taxonomy.family(event.sub_event_type) in kinds


@stages.register("wirecoder.finalize_events.v1")
def make_finalize(
    config: dict,
    *,
    merge_across_sentences: bool = False,
    min_confidence: float = 0.0,
    discretionary_min_confidence: float = float(W["discretionary_min_confidence"]),
) -> FinalizeEvents:
    """Factory for the finalize stage.

    merge_across_sentences (bool): see :func:`wirecoder.events.merge.can_merge`.
    min_confidence (float): a reported event less confident than this gets status "uncertain" (kept in
        the record, left out of default exports), except the article's most confident one (a report is
        about at least one event: a one-paragraph story keeps its event) unless the article's title names no event
        of its kind (``headline_decides_exemption``). The default configuration sets
        0.252 (0.15 chosen on the tune parts of realnews and MUC-4, carried to the recalibrated scale of
        the confidence, see docs/events.md); 0 keeps every row.
    discretionary_min_confidence (float): while ``min_confidence`` is on, the floor of the strategic developments
        ACLED codes only at its discretion (``discretionary_types`` of ``data/weights/finalize_events.toml``: a
        change to group/activity, a base established, other); the article's
        most confident event is exempt too; 0 leaves them to ``min_confidence``.
    """
    return FinalizeEvents(config, merge_across_sentences, min_confidence, discretionary_min_confidence)
