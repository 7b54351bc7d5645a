"""Event dates: attach a time expression to every event, saying where it came from.

The stage ``wirecoder.resolve_dates.v1`` gives each event an
:class:`~wirecoder.doc.EventDate` from, in order of preference:

1. **syntax** -- a date expression syntactically attached to the event's
   trigger (the trigger's subtree holds it, or its head chain reaches the trigger
   without leaving the clause);
2. **sentence** -- the nearest date expression in a sentence holding one of the
   event's triggers;
3. **discourse** -- the nearest date expression in the two sentences before one of
   the event's triggers (same paragraph unless ``same_paragraph`` is off);
4. **publication** -- the publication date, with ACLED precision 2 (the event is
   taken to be recent: within the week before publication), and a ``text``
   saying that no date was stated.

With ``clause_check`` on, step 2 skips dates that belong to another clause than the
trigger's; it is off by default (muc4 dev incident dates: 226/276 with it, 228 without).

Durations ("for 10 years"), reference words ("now", "recently") and dates after
the publication date (for asserted events) are never event dates. The ``text``
field reads e.g. ``"since August 29 (sentence)"``.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import bisect
from datetime import date

from .. import lookups
from ..doc import Article, Event, EventDate, TimeMention
from ..pipeline import Stage
from ..registry import stages

#: Default of the ``discourse_window`` setting: how many sentences back the discourse fallback looks.
DISCOURSE_WINDOW = 2
#: Parse-walk limits (``data/weights/resolve_dates.toml``).
W = lookups.weights("resolve_dates")


def _usable(t: TimeMention, article: Article, modality: str) -> bool:
    """A time mention that can date an event."""
    if t.type not in ("DATE", "TIME") or not t.start_date:
        return False
    span = article.published_span
    if span and t.start < span[1] and span[0] < t.end:
        return False  # the date line is the publication date, not an event's date
    if modality == "asserted" and article.published is not None:
        try:
            if date.fromisoformat(t.start_date) > article.published:
                return False
        except ValueError:
            return False
    return True


class ResolveDates(Stage):
    """Give every event a date with ACLED time precision and its provenance.

    config (dict | None): the pipeline configuration.
    discourse_window (int): how many sentences before a trigger the discourse fallback looks.
    clause_check (bool): skip same-sentence dates that belong to another clause than the trigger's.
    same_paragraph (bool): take discourse dates only from the trigger's paragraph.
    """

    requires = ("article.doc", "article.text", "article.published", "article.published_span", "events",
                "mentions.times")
    assigns = ("event.date",)

    def __init__(self, config: dict | None = None, discourse_window: int = DISCOURSE_WINDOW,
                 clause_check: bool = False, same_paragraph: bool = True) -> None:
        self.discourse_window = discourse_window
        self.same_paragraph = same_paragraph
        self.clause_check = clause_check

    def _sentences(self, article: Article) -> list[tuple[int, int]]:
        doc = article.doc
        if doc is not None and len(doc):
            try:
                return [(s.start_char, s.end_char) for s in doc.sents]
            except ValueError:
                pass
        return [(0, len(article.text))]

    def find(self, article: Article) -> list[EventDate]:
        """One EventDate per event, in event order (pure)."""
        sents = self._sentences(article)
        starts = [s for s, _ in sents]

        def sent_of(char: int) -> int:
            return max(0, bisect.bisect_right(starts, char) - 1)

        out = []
        for event in article.events:
            out.append(self._date_for(article, event, sents, sent_of))
        return out

    def _anchors(self, event: Event) -> list[tuple[int, int]]:
        spans = []
        if event.trigger is not None:
            spans.append((event.trigger.start, event.trigger.end))
        for sp in event.triggers:
            if (sp.start, sp.end) not in spans:
                spans.append((sp.start, sp.end))
        if not spans:
            spans = [(sp.start, sp.end) for sp in event.evidence[:1]]
        return spans

    def _date_for(self, article: Article, event: Event, sents, sent_of) -> EventDate:
        times = [t for t in article.mentions.times if _usable(t, article, event.modality)]
        anchors = self._anchors(event)
        doc = article.doc
        if anchors and times:
            # 1. syntax
            if doc is not None and len(doc):
                for a_start, a_end in anchors:
                    trig = doc.char_span(a_start, a_end, alignment_mode="expand")
                    if trig is None or not len(trig):
                        continue
                    root = trig.root
                    for t in times:
                        span = doc.char_span(t.start, t.end, alignment_mode="expand")
                        if span is None or not len(span) or span.sent.start != root.sent.start:
                            continue
                        if _linked(span.root, root):
                            return _from(t, "syntax")
            # 2. sentence: the nearest date whose clause is the trigger's, governs it or lies under it
            best = None
            for a_start, a_end in anchors:
                si = sent_of(a_start)
                for t in times:
                    if sent_of(t.start) == si:
                        if self.clause_check and not _same_clause(doc, t, a_start, a_end):
                            continue
                        dist = abs(t.start - a_start)
                        if best is None or dist < best[0]:
                            best = (dist, t)
            if best is not None:
                return _from(best[1], "sentence")
            # 3. discourse: the nearest date in the sentences just before a trigger
            best = None
            for a_start, _a_end in anchors:
                si = sent_of(a_start)
                for t in times:
                    ts = sent_of(t.start)
                    if not si - self.discourse_window <= ts < si:
                        continue
                    if self.same_paragraph and "\n\n" in article.text[t.end : a_start]:
                        continue
                    key = (si - ts, -t.start)
                    if best is None or key < best[0]:
                        best = (key, t)
            if best is not None:
                return _from(best[1], "discourse")
        if article.published is not None:
            iso = article.published.isoformat()
            return EventDate(iso, iso, 2, f"publication date {iso} (no date stated for this event)")
        return EventDate(None, None, None, "no date stated and no publication date")

    def __call__(self, article: Article) -> Article:
        for event, d in zip(article.events, self.find(article), strict=True):
            event.date = d
        return article


def _linked(time_root, trigger) -> bool:
    """True when the time expression hangs off the trigger within its clause (or the reverse)."""
    tok = time_root
    for _ in range(W["link_steps"]):
        if tok.i == trigger.i:
            return True
        if tok.head.i == tok.i:
            break
        if tok.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp") and tok.head.i != trigger.i:
            return False
        tok = tok.head
    return tok.i == trigger.i


def _clause_verb(tok):
    """The verb heading the clause a token sits in (None for verbless fragments)."""
    for _ in range(W["clause_verb_steps"]):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _same_clause(doc, t: TimeMention, a_start: int, a_end: int) -> bool:
    """False when a date belongs to another clause of the sentence than the trigger's
    ("moved by the murder of X, because they studied together 22 years ago")."""
    if doc is None or not len(doc):
        return True
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    trig = doc.char_span(a_start, a_end, alignment_mode="expand")
    if span is None or trig is None or not len(span) or not len(trig):
        return True
    v = _clause_verb(span.root)
    root = trig.root
    if v is None or v.i == root.i:
        return True
    return v.is_ancestor(root) or root.is_ancestor(v)


def _from(t: TimeMention, how: str) -> EventDate:
    return EventDate(t.start_date, t.end_date or t.start_date, t.precision, f"{t.text} ({how})")


@stages.register("wirecoder.resolve_dates.v1")
def make_resolve_dates(config: dict | None = None, *, discourse_window: int = DISCOURSE_WINDOW,
                       clause_check: bool = False, same_paragraph: bool = True) -> ResolveDates:
    """Factory for :class:`ResolveDates` (its settings are this signature's keywords)."""
    return ResolveDates(config, discourse_window=discourse_window, clause_check=clause_check,
                        same_paragraph=same_paragraph)
