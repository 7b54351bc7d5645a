"""Where in the article each field of an event was read: character spans for the evidence view.

A wirecoder/1 event carries its evidence spans (every mention of the event), and the record's mentions
carry the offsets of every actor, place, time and quantity. :func:`field_spans` joins them: for each field
of the event it finds the mention the field was resolved from, preferring mentions inside the event's
evidence spans (the same actor is often named elsewhere in the article too). Attribution and fatalities
name the sentence they come from; the span is the claimant's name or the toll inside that sentence, else
the sentence itself. A field set by a reviewer, or one that the text does not state (a date taken from the
publication date), has no span.

DOCS: docs/web.md
"""

from __future__ import annotations

from collections.abc import Iterable


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _pick(candidates: Iterable[dict], spans: list[tuple[int, int]], every: bool = True) -> list[dict]:
    """Mentions inside the evidence (all of them, or the first), else the first mention anywhere."""
    found = list(candidates)
    inside = [m for m in found if _inside(m["start"], m["end"], spans)]
    if inside:
        return inside if every else inside[:1]
    return found[:1]


def _sentence(text: str, sentence: str | None, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a field's quoted sentence stands in the text (inside the evidence when it occurs there)."""
    sentence = (sentence or "").strip()
    if not sentence:
        return None
    hits, at = [], text.find(sentence)
    while at >= 0:
        hits.append((at, at + len(sentence)))
        at = text.find(sentence, at + 1)
    inside = [h for h in hits if any(s < h[1] and h[0] < e for s, e in spans)]
    return (inside or hits or [None])[0]


def _span(field: str, start: int, end: int, text: str) -> dict:
    return {"field": field, "start": start, "end": end, "text": text[start:end]}


def field_spans(record: dict, event: dict, text: str) -> list[dict]:
    """Character spans of the event's fields in the article text.

    record (dict): the article's wirecoder/1 record (its ``mentions``).
    event (dict): one of its events.
    text (str): the article text the offsets point into.
    RETURNS (list[dict]): ``{"field", "start", "end", "text"}`` sorted by start; ``field`` is ``evidence``
        (the event's own spans), ``actor1``, ``actor2``, ``place``, ``date``, ``fatalities`` or ``attribution``.
    """
    mentions = record.get("mentions") or {}
    spans = [(s["start"], s["end"]) for s in event.get("evidence") or []]
    out = [_span("evidence", s, e, text) for s, e in spans]
    reviewed = set((event.get("review") or {}).get("fields") or ())
    for role in ("actor1", "actor2"):
        actor = event.get(role)
        if not actor or role in reviewed:
            continue
        names = {actor.get("name"), actor.get("canonical")} - {None}
        found = (m for m in mentions.get("actors") or [] if m["text"] in names or m.get("canonical") in names)
        out += [_span(role, m["start"], m["end"], text) for m in _pick(found, spans)]
    loc = event.get("location")
    if loc and "location" not in reviewed:
        found = (
            p
            for p in mentions.get("places") or []
            if (loc.get("geonames_id") is not None and p.get("geonames_id") == loc["geonames_id"])
            or p["text"] == loc.get("name")
        )
        out += [_span("place", m["start"], m["end"], text) for m in _pick(found, spans)]
    date = event.get("date") or {}
    if date.get("text") and "date" not in reviewed:
        found = (t for t in mentions.get("times") or [] if t["text"] == date["text"])
        out += [_span("date", m["start"], m["end"], text) for m in _pick(found, spans, every=False)]
    fat = event.get("fatalities")
    if fat and "fatalities" not in reviewed:
        where = _sentence(text, fat.get("text"), spans)
        if where:
            found = [
                q
                for q in mentions.get("quantities") or []
                if where[0] <= q["start"] and q["end"] <= where[1] and q.get("best") == fat.get("best")
            ]
            out += [_span("fatalities", q["start"], q["end"], text) for q in found[:1]] or [
                _span("fatalities", *where, text)
            ]
    attribution = event.get("attribution") or {}
    where = _sentence(text, attribution.get("text"), spans)
    if where and attribution.get("source"):
        at = text.lower().find(attribution["source"].lower(), where[0], where[1])
        out.append(
            _span("attribution", at, at + len(attribution["source"]), text)
            if at >= 0
            else _span("attribution", *where, text)
        )
    return sorted(out, key=lambda s: (s["start"], -s["end"]))
