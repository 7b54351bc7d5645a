"""The final events stage: a last cross-mention merge, event ids, confidence and ACLED-style summary.

Runs after the resolve stages, so the summary can name the date, place and
fatalities they found. Confidence combines how strongly the lexicon evidence
points at the sub-type, whether the event was mentioned more than once, whether
actors were found and whether it is attributed; non-asserted events are capped.

Registered as ``wirecoder.finalize_events.v1``.

DOCS: docs/events.md
"""

from __future__ import annotations

import hashlib
import math

from .. import lookups
from ..doc import Article, Event
from ..pipeline import Stage
from ..registry import stages
from .merge import merge_events
from .summary import summarize

#: Weights of the confidence (``data/weights/finalize_events.toml``).
W = lookups.weights("finalize_events")


def confidence(ev: Event) -> float:
    """A 0-1 confidence for an event from its evidence strength and completeness."""
    x = W["bias"] + W["per_score"] * min(float(ev.score), W["score_cap"])
    x += W["main_clause"] if ev.main else 0.0
    x += W["first_sentence"] if ev.sent_index == 0 else 0.0
    x += W["per_repeat"] * min(ev.mentions - 1, W["repeat_cap"])
    x += W["actor1"] if ev.actor1 is not None else 0.0
    x += W["actor2"] if ev.actor2 is not None else 0.0
    x += W["attributed"] if ev.attribution is not None else 0.0
    x -= W["generic"] if ev.generic else 0.0
    p = 1.0 / (1.0 + math.exp(-x))
    if ev.modality != "asserted":
        p = min(p, W["not_asserted_cap"])
    return round(p, 3)


class FinalizeEvents(Stage):
    """Give every event an id, a confidence and a summary (after a last merge).

    config (dict): the pipeline configuration.
    """

    # merging reads the actors' mentions; the summary names the date, place and fatalities
    requires = ("article.id", "events", "mentions.actors", "event.actors", "event.attribution", "event.date",
                "event.location", "event.fatalities")
    optional = ("event.status",)  # merging keeps background and aggregate mentions apart when a stage set them
    assigns = ("events", "event.id", "event.confidence", "event.summary")

    def __init__(self, config: dict, merge_across_sentences: bool = True) -> None:
        self.config = config
        self.merge_across_sentences = merge_across_sentences

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
        article.events = events
        return article


@stages.register("wirecoder.finalize_events.v1")
def make_finalize(config: dict, *, merge_across_sentences: bool = False) -> FinalizeEvents:
    """Factory for the finalize stage (``merge_across_sentences``: see :func:`wirecoder.events.merge.can_merge`)."""
    return FinalizeEvents(config, merge_across_sentences)
