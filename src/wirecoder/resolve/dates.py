"""Event dates: attach a time expression to every event, saying where it came from.

The stage ``wirecoder.resolve_dates.v1`` gives each event an
:class:`~wirecoder.doc.EventDate` from, in order of preference (the event's main trigger
before its other merged mentions at each step):

1. **syntax** -- a date expression syntactically attached to the event's
   trigger (the trigger's subtree holds it, or its head chain reaches the trigger
   without leaving the clause);
2. **sentence** -- the nearest date expression in a sentence holding one of the
   event's triggers (with ``clause_check``, only dates of the trigger's clause);
3. **discourse** -- the paragraph's time frame: the last date of the nearest sentence
   before the main trigger that states one, within ``discourse_window`` sentences and the same
   paragraph (a re-mention elsewhere in the article sits in another event's frame), or the day
   the sentence just before states across a paragraph break (web copy gives each sentence a
   paragraph: "... across Serbia yesterday. // Police arrested ..."; not a month or a year). The search
   stops at that sentence: a date is never taken across another sentence's date (another
   event's own date), even one that cannot date this event;
4. **before** -- an undated event told in the past perfect ("the fighters had been headed
   ... under a deal") happened before the narrative's reference time (Reichenbach): the
   nearest date stated before it within ``discourse_window`` sentences (paragraphs may be
   crossed), when it names a day, bounds it; dated to that bound with precision 3, text
   ``"before X (discourse)"``; the article-level stage ``dedup_events`` gives that date to the event the
   mention re-mentions by the same word when the event itself states none;
5. **publication** -- the publication date (the dateline's day when the story was filed earlier than the date its
   record carries), with ACLED precision 2 (the event is
   taken to be recent: within the week before publication), and a ``text``
   saying that no date was stated; the article-level stage ``dedup_events`` later gives such an
   event the day a merged re-mention states within that week (text ``"16 JANUARY (re-mention)"``).

Durations ("for 10 years"), reference words ("now", "recently") and dates after
the publication date (for asserted events) are never event dates. A "since X" range is
an event's date only when it modifies the event's own clause ("fighting has continued
since 2014": a state or running total, which the status stage marks as an aggregate); it
never dates an event of another clause or sentence. The ``text`` field reads e.g.
``"Sunday (syntax)"``, ``"Sunday (sentence)"``, ``"Sunday (discourse)"``,
``"before August 29 (discourse)"`` or ``"publication date 2017-09-08 (no date stated for
this event)"``.

DOCS: docs/dates-and-numbers.md
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta

from .. import lookups
from ..analysis.spans import clause_verb
from ..doc import Article, Event, EventDate, TimeMention
from ..pipeline import Stage
from ..registry import stages

#: Default of the ``discourse_window`` setting: how many sentences back the discourse fallback looks.
DISCOURSE_WINDOW = 2
#: Parse-walk limits (``data/weights/resolve_dates.toml``).
W = lookups.weights("resolve_dates")
#: Verbs of saying: a date they govern ("prosecutors said Sunday") is when the report was made, not the narrative's
#: time frame (shared with events/attribution.py).
_REPORTING = lookups.words("lexicons/speech.en.toml", "verbs.neutral", "verbs.stance")
#: Words that make a "since" range the span of a record ("the deadliest attack since 2015"), shared with the tolls.
_COMPARISON = lookups.words("lexicons/fatalities.en.toml", "comparison_words")


#: Where a stated date was found, as the last words of ``EventDate.text`` say it: the event's own clause
#: (syntax), its sentence, its paragraph's frame (discourse), or a re-mention merged into it at
#: ``dedup_events`` (re-mention). Other dates were not stated.
PROVENANCES = ("syntax", "sentence", "discourse", "re-mention")


def provenance(event_date: EventDate | None) -> str | None:
    """Where an event's date came from: "syntax", "sentence", "discourse" or "re-mention"; None when the text
    states none (the publication date stands in) or there is no date."""
    text = event_date.text if event_date is not None else None
    return next((how for how in PROVENANCES if text and text.endswith(f"({how})")), None)


def own_date(event_date: EventDate | None) -> bool:
    """Whether the event's own clause or sentence states its date: not a frame borrowed from the sentences
    before (discourse), nor the publication date standing in."""
    return provenance(event_date) in ("syntax", "sentence")


def filing_day(article: Article) -> date | None:
    """The day the dateline states ("BAMAKO, Oct 11 (Reuters) -"), which the time mentions stage marks as
    ``published_span``; None without one."""
    span = article.published_span
    if span is None:
        return None
    t = next((t for t in article.mentions.times if t.start <= span[0] < t.end and t.start_date), None)
    return iso_date(t.start_date) if t is not None else None


def iso_date(value: str | None) -> date | None:
    """An ISO date string as a date; None when empty or not a date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


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
    past_perfect (bool): bound undated past-perfect events by the date stated before them.
    offsets (bool): date a clause measured from another event ("a day after rebels ambushed a patrol") by the
        date its sentence states, shifted by the measure.
    """

    requires = (
        "article.doc",
        "article.text",
        "article.published",
        "article.published_span",
        "events",
        "mentions.times",
    )
    assigns = ("event.date",)

    def __init__(
        self,
        config: dict | None = None,
        discourse_window: int = DISCOURSE_WINDOW,
        clause_check: bool = False,
        same_paragraph: bool = True,
        past_perfect: bool = True,
        offsets: bool = True,
    ) -> None:
        self.offsets = offsets
        self.discourse_window = discourse_window
        self.same_paragraph = same_paragraph
        self.clause_check = clause_check
        self.past_perfect = past_perfect

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
        for sp in sorted(event.triggers, key=lambda sp: sp.start):
            if (sp.start, sp.end) not in spans:
                spans.append((sp.start, sp.end))
        if not spans:
            spans = [(sp.start, sp.end) for sp in event.evidence[:1]]
        return spans

    def _date_for(self, article: Article, event: Event, sents, sent_of) -> EventDate:
        dated = [t for t in article.mentions.times if t.type in ("DATE", "TIME") and t.start_date]
        times = [t for t in dated if _usable(t, article, event.modality)]
        anchors = self._anchors(event)
        doc = article.doc
        parsed = doc is not None and len(doc) > 0
        if parsed:
            times = [t for t in times if not _compared_since(doc, t, anchors)]
        if anchors:  # (with no usable date, only the offset step can date it: "two months after")
            # 1. syntax: a date of the trigger's own clause
            if parsed:
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
            # 2a. offset: "..., Tuesday, a day after rebels ambushed a patrol": the sentence's date, shifted
            if parsed and self.offsets:
                for a_start, a_end in anchors:
                    shifted = _offset_date(doc, a_start, a_end, article.mentions.times, times, article.published)
                    late = event.modality == "asserted" and article.published is not None and shifted is not None \
                        and shifted.start > article.published.isoformat()
                    if shifted is not None and not late:
                        return shifted
            # 2. sentence: the nearest date of a sentence holding a trigger (the main trigger's first)
            for a_start, a_end in anchors:
                best = None
                si = sent_of(a_start)
                for t in times:
                    if sent_of(t.start) != si:
                        continue
                    if (self.clause_check or _is_since(t)) and not _same_clause(doc, t, a_start, a_end):
                        continue  # another clause's date; a "since" range only dates its own clause
                    dist = abs(t.start - a_start)
                    if best is None or dist < best[0]:
                        best = (dist, t)
                if best is not None:
                    return _from(best[1], "sentence")
            # 3. discourse: the frame of the nearest earlier sentence of the main mention's paragraph that
            # states a date (a re-mention elsewhere in the article sits in another event's frame)
            t = self._frame(article, dated, anchors[0][0], sent_of, self.same_paragraph)
            if t is not None and t in times and not _is_since(t) and not (parsed and _under_since(doc, t)):
                return _from(t, "discourse")
            # 4. before: a past-perfect event precedes the time stated before it
            if self.past_perfect and parsed:
                for a_start, a_end in anchors:
                    if not _past_perfect(doc, a_start, a_end):
                        continue
                    t = self._frame(article, dated, a_start, sent_of, False)
                    # a day bounds it ("since August 29"); a month ("earlier this month") says next to nothing
                    if t is not None and t in times and _names_day(t) and _adverbial(doc, t):
                        bound = t.start_date
                        said = t.text.split(maxsplit=1)[1] if _is_since(t) and " " in t.text else t.text
                        return EventDate(bound, bound, max(t.precision or 3, 3), f"before {said} (discourse)")
        filed = filing_day(article)
        if filed is not None and article.published is not None and filed < article.published:
            iso = filed.isoformat()  # the story was filed before the date its record carries
            return EventDate(iso, iso, 2, f"dateline date {iso} (no date stated for this event)")
        if article.published is not None:
            iso = article.published.isoformat()
            return EventDate(iso, iso, 2, f"publication date {iso} (no date stated for this event)")
        return EventDate(None, None, None, "no date stated and no publication date")

    def _frame(
        self, article: Article, dated: list[TimeMention], a_start: int, sent_of, same_paragraph: bool
    ) -> TimeMention | None:
        """The last date of the nearest sentence before ``a_start`` that states one (within the window)."""
        si = sent_of(a_start)
        best = None
        for t in dated:
            ts = sent_of(t.start)
            if not si - self.discourse_window <= ts < si:
                continue
            if same_paragraph and "\n\n" in article.text[t.end : a_start] and (ts < si - 1 or t.precision != 1):
                continue  # across a paragraph break, only the day told in the sentence just before
            span = article.published_span
            if span and t.start < span[1] and span[0] < t.end:
                continue  # the date line
            if _reporting_date(article.doc, t):
                continue  # "..., prosecutors said Sunday": the day of the report, not the frame of what follows
            key = (si - ts, -t.start)
            if best is None or key < best[0]:
                best = (key, t)
        return best[1] if best is not None else None

    def __call__(self, article: Article) -> Article:
        for event, d in zip(article.events, self.find(article), strict=True):
            event.date = d
        return article


def _is_since(t: TimeMention) -> bool:
    """A "since X" range: it runs up to now, so it is the span of a state, not an incident's date."""
    return t.anchor == "since"


def _compared_since(doc, t: TimeMention, anchors: list[tuple[int, int]]) -> bool:
    """Whether a "since X" range measures a comparison: it hangs from a noun that a superlative or "first"
    modifies ("the first such strike so deep inside Lebanon since October", "the deadliest attack since 2015").
    The range is the record's span, not the incident's date (``comparison_words``, shared with the tolls), unless
    the event is told inside the range's phrase ("since 2015, when gunmen killed 30 people")."""
    if not _is_since(t):
        return False
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    since = next((x for x in (span.root, span.root.head) if x.lower_ == "since"), None)
    if since is None and span.start:
        since = doc[span.start - 1]
    if since is None or since.lower_ != "since":
        return False
    lo, hi = since.left_edge.idx, since.right_edge.idx + len(since.right_edge)
    if any(lo <= a < hi for a, _ in anchors):
        return False
    noun = since.head
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "amod" and (c.lower_ in _COMPARISON or c.tag_ == "JJS") for c in noun.children
    )


def _date_link(doc, t: TimeMention):
    """The token a date's phrase attaches with, past the prepositions it is the object of ("on Sunday" -> "on"),
    or the root of a fragment ("Sunday, Nov. 17."); None when the date has no span or the climb is too long."""
    if doc is None or not len(doc):
        return None
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(W["link_steps"]):
        if tok.dep_ != "pobj" or tok.dep_ == "ROOT":
            return tok
        tok = tok.head
    return None


#: Dependency labels of a date that modifies a clause (its own, or a preposition's, attachment).
_CLAUSE_LINKS = ("npadvmod", "advmod", "obl", "tmod", "prep")


def _reporting_date(doc, t: TimeMention) -> bool:
    """Whether a date modifies a verb of saying ("state prosecutors said Sunday", "the army said on Monday")."""
    tok = _date_link(doc, t)
    return tok is not None and tok.dep_ in _CLAUSE_LINKS and tok.head.lemma_.lower() in _REPORTING


def _names_day(t: TimeMention) -> bool:
    """Whether a time expression names one day ("Sunday", "August 29", "since August 29": its TIMEX value is a
    calendar day), not a week or a month ("last week", "earlier this month")."""
    return t.precision == 1 or len(t.value or "") == len("YYYY-MM-DD")


def _adverbial(doc, t: TimeMention) -> bool:
    """True when a date modifies a clause ("On Sunday, rebels attacked", "stalled since August 29"), not a
    noun ("the session since the December 27 election"): only such a date sets the narrative's time."""
    tok = _date_link(doc, t)
    if tok is None:
        return False
    if tok.dep_ == "ROOT":
        return True  # a fragment: "Sunday, Nov. 17."
    return tok.dep_ in _CLAUSE_LINKS and tok.head.pos_ in ("VERB", "AUX")


def _under_since(doc, t: TimeMention) -> bool:
    """True when a date sits in a "since" phrase or clause it does not open ("since the army arrived in
    2015", "since the December 27 election"): it starts a range up to now, it is no incident's date."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    for _ in range(W["clause_verb_steps"]):
        if tok.lower_ == "since" and tok.dep_ in ("prep", "mark"):
            return True
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children):
            return True
        if tok.dep_ in ("ROOT", "ccomp", "conj", "parataxis", "relcl") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _past_perfect(doc, a_start: int, a_end: int) -> bool:
    """True when the clause of the trigger is in the past perfect ("had attacked", "had been headed")."""
    trig = doc.char_span(a_start, a_end, alignment_mode="expand")
    if trig is None or not len(trig):
        return False
    v = clause_verb(trig.root, W["clause_verb_steps"])
    if v is None or v.tag_ != "VBN":
        return False
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in v.children):
        return False
    # a main clause only: under "said" the past perfect is reported speech's backshift ("said it had
    # scrambled jets" reports "we scrambled"), and in a subordinate clause it orders that clause's event
    # against its main clause's, which the sentence step dates
    tok = v
    for _ in range(W["clause_verb_steps"]):
        if tok.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis"):
            return False
        if tok.head.i == tok.i:
            return True
        tok = tok.head
    return False


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


def _same_clause(doc, t: TimeMention, a_start: int, a_end: int) -> bool:
    """False when a date belongs to another clause of the sentence than the trigger's
    ("moved by the murder of X, because they studied together 22 years ago")."""
    if doc is None or not len(doc):
        return True
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    trig = doc.char_span(a_start, a_end, alignment_mode="expand")
    if span is None or trig is None or not len(span) or not len(trig):
        return True
    v = clause_verb(span.root, W["clause_verb_steps"])
    root = trig.root
    if v is None or v.i == root.i:
        return True
    return v.is_ancestor(root) or root.is_ancestor(v)


#: Days in a duration unit of a TIMEX value ("P2D", "P1W", "P2M", "P1Y"); months and years are approximate.
_UNIT_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}


def _measure_days(t: TimeMention) -> int | None:
    """Whole days of a duration ("a day" 1, "two days" 2, "hours" 0, "two months" about 60); None for other
    lengths."""
    value = t.value or ""
    if value.startswith("PT"):
        return 0
    if len(value) > 2 and value[0] == "P" and value[-1] in _UNIT_DAYS and value[1:-1].isdigit():
        return int(value[1:-1]) * _UNIT_DAYS[value[-1]]
    return None


def _offset_date(doc, a_start: int, a_end: int, mentions: list[TimeMention], times: list[TimeMention],
                 published: date | None = None) -> EventDate | None:
    """The date of a clause measured from another event of its sentence: "exploded a bomb ... Tuesday, officials
    said, a day after rebels ambushed a military patrol" -> the ambush is Monday. The clause is opened by a
    word of ``[offset_direction]`` with a duration of days ("a day", "two days", "hours") as its measure; the
    reference is the nearest date of the sentence outside the clause."""
    trig = doc.char_span(a_start, a_end, alignment_mode="expand")
    if trig is None or not len(trig):
        return None
    verb = clause_verb(trig.root, W["clause_verb_steps"])
    if verb is None:
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in W["offset_direction"]), None)
    if mark is None:
        return None
    measure = None
    for t in mentions:
        span = doc.char_span(t.start, t.end, alignment_mode="expand") if t.type == "DURATION" else None
        if span is not None and len(span) and span.root.head in (verb, mark) and span.root.dep_ == "npadvmod":
            measure = t
    days = _measure_days(measure) if measure is not None else None
    if days is None:
        return None
    inside = {tok.i for tok in verb.subtree}
    refs = []
    for t in times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or not len(span) or span.sent.start != verb.sent.start or span.root.i in inside:
            continue
        if t.precision != 1 or not t.start_date:
            continue
        refs.append((abs(t.start - a_start), t))
    sign = W["offset_direction"][mark.lower_]
    said = "before" if sign < 0 else "after"
    # a month or more: "came about two months after rallies in Charlottesville led to violence"; the day is
    # approximate (precision 3), and with no day in the sentence the main clause is taken as recent news
    coarse = days >= W["offset_coarse_days"]
    if not refs:
        if not coarse or published is None:
            return None
        day = (published + timedelta(days=sign * days)).isoformat()
        return EventDate(day, day, 3, f"{measure.text} {said} publication (sentence)")
    ref = min(refs, key=lambda x: x[0])[1]
    day = (iso_date(ref.start_date) + timedelta(days=sign * days)).isoformat()
    # "a day after the ambush" puts the ambush a day before the reference date
    return EventDate(day, day, 3 if coarse else 1, f"{measure.text} {said} {ref.text} (sentence)")


def _from(t: TimeMention, how: str) -> EventDate:
    said = f"{t.anchor} {t.text}" if t.anchor and not _is_since(t) else t.text  # "by Jan. 14": the signal word
    return EventDate(t.start_date, t.end_date or t.start_date, t.precision, f"{said} ({how})")  # PROVENANCES


@stages.register("wirecoder.resolve_dates.v1")
def make_resolve_dates(
    config: dict | None = None,
    *,
    discourse_window: int = DISCOURSE_WINDOW,
    clause_check: bool = False,
    same_paragraph: bool = True,
    past_perfect: bool = True,
    offsets: bool = True,
) -> ResolveDates:
    """Factory for :class:`ResolveDates` (its settings are this signature's keywords)."""
    return ResolveDates(
        config,
        discourse_window=discourse_window,
        clause_check=clause_check,
        same_paragraph=same_paragraph,
        past_perfect=past_perfect,
        offsets=offsets,
    )
