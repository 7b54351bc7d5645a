"""The RSS/Atom reader (feedparser): one article per feed entry.

An entry's text is its full content when the feed carries it, else its summary, as plain text (the
markup removed, paragraphs kept apart by blank lines); its title, link (as ``url``) and published
(else updated) date are kept, and the feed's own title becomes the ``source``. The id is the entry's
own (``<guid>``, ``<id>``), else its link, else ``<file id>:<n>``. feedparser parses a feed as a
whole, so one feed is held in memory (feeds are small); entries are yielded one at a time. A feed
that cannot be parsed and has no entries is one failed article (E116), and so is the damage of a feed
cut short (its entries before the cut stand); a well-formed feed with no entries yields none. No network
request is made: the feed's bytes are parsed as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..doc import Article
from ..errors import Errors, IngestError
from ..registry import readers
from .html_text import html_to_text
from .readers import (
    DEFAULT_MAX_CHARS,
    doc_id,
    doc_name,
    failed_article,
    finish_article,
    read_document,
)

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)\b")
#: How a whole feed ends; a feed that does not, and does not parse, is cut short (its entries still stand).
_FEED_END = (b"</rss>", b"</feed>", b"</rdf:rdf>")
_ENTRY = re.compile(rb"<(?:item|entry)[\s>]")


def looks_like_feed(head: str) -> bool:
    """An RSS or Atom feed: it opens with a tag, and an ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root
    comes before any ``<html>``."""
    start = head.lstrip("\ufeff \t\r\n").lower()
    found = _FEED_ROOT.search(start)
    if not start.startswith("<") or found is None:
        return False
    html = start.find("<html")
    return html < 0 or found.start() < html


def _entry_text(entry: dict) -> str:
    candidates = [c for c in entry.get("content") or [] if c.get("value")]
    if candidates:
        best = max(candidates, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type") or "text/html"
    else:
        value = entry.get("summary") or ""
        kind = (entry.get("summary_detail") or {}).get("type") or "text/html"
    return value.strip() if kind == "text/plain" else html_to_text(value)


def _entry_date(entry: dict) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (AttributeError, ValueError):
        return None


def count_entries(path: Path) -> int:
    """Entries of a feed (``<item>`` and ``<entry>`` tags), for progress, without parsing it; at least 1."""
    try:
        return max(1, len(_ENTRY.findall(read_document(path))))
    except IngestError:
        return 1


@readers.register("wirecoder.feed_reader.v1", extensions=(".rss", ".atom"), sniff=looks_like_feed, count=count_entries)
def read_feed_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """Articles from an RSS or Atom feed, one per entry (see the module)."""
    import feedparser  # imported lazily: only feeds need it

    name, base = doc_name(path), doc_id(path, id)
    try:
        raw = read_document(path, data)
    except IngestError as exc:
        yield failed_article(base, exc.code, str(exc), name)
        return
    parsed = feedparser.parse(raw)  # bytes: parsed as given, never fetched
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception") or "not a feed"
            yield failed_article(base, "E116", Errors.E116.format(name=name, reason=reason), name)
        elif not parsed.get("version"):
            yield failed_article(base, "E116", Errors.E116.format(name=name, reason="not an RSS or Atom feed"), name)
        return
    source = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(parsed.entries, 1):
        eid = entry.get("id") or entry.get("link") or f"{base}:{n}"
        art = Article(
            id=str(eid),
            text=_entry_text(entry),
            title=entry.get("title") or None,
            published=_entry_date(entry),
            source=source,
            url=entry.get("link") or None,
            path=f"{name}:{n}",
        )
        if art.published is not None:
            art.published_source = "metadata"
        yield finish_article(art, max_chars)
    if parsed.get("bozo") and not raw.rstrip().lower().endswith(_FEED_END):
        reason = f"it is cut short after {len(parsed.entries)} entries ({parsed.get('bozo_exception')})"
        yield failed_article(base, "E116", Errors.E116.format(name=name, reason=reason), name)
