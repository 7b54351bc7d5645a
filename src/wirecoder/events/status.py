"""Event status: is an event news in the article's reporting window, background, or an aggregate?

The stage ``wirecoder.event_status.v1`` runs after the dates and fatalities stages and sets
``event.status`` (the ``wirecoder/1`` field; default exports keep only ``reported`` events):

* ``background`` -- the text places the event clearly before the reporting window: the date its own
  clause or sentence states ("In 1998, ...", "last year", "the 2012 embassy assault") ends more than
  ``window_days`` before the publication date. Dates borrowed from neighbouring sentences (discourse)
  or defaulted to the publication date never make an event background unless
  ``discourse_counts`` is on.
* ``aggregate`` -- the event mention is a cumulative or statistical statement, not one incident: its
  date is a range up to now ("have died since 1964"), or its sentence states a running total or a
  rate ("so far this year", "in the past year", "a total of", ``data/lexicons/status.en.toml``).
* ``unlocated`` -- the event has no place below the country: ACLED codes an event at a named location,
  at worst at the centroid of its first-order division (geo precision 3); a mention placed only at
  a country ("Sweden has been attacked", "Russia pounded Ukraine") or nowhere is not a codable event
  by itself. Opt-in (``--set stages.event_status.require_admin1=true``): on realnews it lifts strict F1
  from .298 to .394 on tune but only .299 to .323 on check, while MUC-4 incident-date accuracy falls
  from 79.6 to 59.3 and WikiEvents recall from 97.8 to 57.3 (tune), whose places often resolve to a
  country only.
* ``reported`` -- everything else.

Following the ACLED codebook, an event is one incident at one place on one day; historical events and
cumulative figures mentioned as context are not coded.

DOCS: docs/events.md
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .. import lookups
from ..doc import Article, Event
from ..pipeline import Stage
from ..registry import stages
from ..resolve.dates import iso_date, provenance

LEXICON = "lexicons/status.en.toml"
W = lookups.weights("event_status")
#: Cumulative and statistical phrases, as one word-bounded pattern.
_CUMULATIVE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in lookups.word_list(LEXICON, "cumulative_phrases")) + r")\b"
)
_RANGE_OPENERS = lookups.words(LEXICON, "range_openers")


def _sentence(event: Event) -> str:
    return event.evidence[0].text if event.evidence else ""


def is_background(event: Event, published: date | None, window_days: int, discourse_counts: bool = False) -> bool:
    """Whether the event's own date ends more than ``window_days`` before publication."""
    how = provenance(event.date)
    if published is None or not (how in ("syntax", "sentence") or (discourse_counts and how == "discourse")):
        return False
    end = iso_date(event.date.end) or iso_date(event.date.start)
    return end is not None and end < published - timedelta(days=window_days)


def is_aggregate(event: Event) -> bool:
    """Whether the event mention states a running total or a statistic rather than one incident."""
    if event.date is not None and event.date.text:
        first = event.date.text.split(maxsplit=1)[0].lower()
        if first in _RANGE_OPENERS:
            return True
    return bool(_CUMULATIVE.search(_sentence(event).lower()))


class EventStatus(Stage):
    """Set ``event.status``: reported, background or aggregate (see the module docstring).

    window_days (int): days before publication beyond which an event's own date makes it background.
    discourse_counts (bool): dates borrowed from neighbouring sentences also count.
    aggregates (bool): mark cumulative and statistical statements as aggregates.
    require_admin1 (bool): mark events with no place below the country as unlocated.
    """

    requires = ("article.published", "events", "event.date")
    assigns = ("event.status",)

    def __init__(self, window_days: int, discourse_counts: bool, aggregates: bool, require_admin1: bool) -> None:
        self.window_days = window_days
        self.discourse_counts = discourse_counts
        self.aggregates = aggregates
        self.require_admin1 = require_admin1
        if require_admin1:
            self.requires = (*self.requires, "event.location")  # the place is read only then

    def __call__(self, article: Article) -> Article:
        for event in article.events:
            if self.aggregates and is_aggregate(event):
                event.status = "aggregate"
            elif is_background(event, article.published, self.window_days, self.discourse_counts):
                event.status = "background"
            elif self.require_admin1 and (event.location is None or not event.location.admin1):
                event.status = "unlocated"
        return article


@stages.register("wirecoder.event_status.v1")
def make_event_status(
    config: dict,
    *,
    window_days: int = int(W["window_days"]),
    discourse_counts: bool = False,
    aggregates: bool = True,
    require_admin1: bool = False,
) -> EventStatus:
    """Factory of the event status stage."""
    return EventStatus(window_days, discourse_counts, aggregates, require_admin1)
