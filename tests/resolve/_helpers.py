"""Helpers for resolve tests: an analysed article with hand-made events."""

from __future__ import annotations

from datetime import date

from wirecoder.doc import Article, Event, Span
from wirecoder.mentions.quantities import QuantityMentions
from wirecoder.mentions.times import TimeMentions


def analysed(nlp, text: str, published: date | None = date(2017, 9, 8)) -> Article:
    """An article with doc, time and quantity mentions (no events yet)."""
    art = Article(id="r", text=text, published=published)
    art.doc = nlp(text)
    TimeMentions(use_entities=False)(art)
    QuantityMentions()(art)
    return art


def event(text: str, trigger: str, nth: int = 0, event_type: str = "Explosions/Remote violence",
          modality: str = "asserted") -> Event:
    """An event whose trigger is the nth occurrence of ``trigger`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(trigger, i + 1)
    sp = Span(i, i + len(trigger), trigger)
    return Event(event_type=event_type, modality=modality, trigger=sp, triggers=[sp], evidence=[sp])
