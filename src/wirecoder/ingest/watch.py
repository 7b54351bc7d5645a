"""Live monitoring: poll RSS/Atom feeds or a drop folder and code only what is new (``wirecoder watch``).

A watch target is a folder (a drop folder: every file that appears in it, recursively), a feed's
``http(s)://`` URL, or a text file listing feed URLs, one a line (blank lines and ``#`` comments
ignored). Each :meth:`Watcher.run_pass` takes every source once:

* a feed is fetched with a conditional request (``If-None-Match`` / ``If-Modified-Since`` from the
  validators of its last good answer, kept in the store), so an unchanged feed costs a ``304`` and no
  parsing; a changed one is read by the feed reader (:mod:`wirecoder.ingest.feeds`), never by fetching
  the entries' links: the coder makes no request but to the feeds the user names;
* a drop folder is listed; files not seen before are read by the reader their extension or content
  calls for, with ids relative to the folder, once they have not changed for :data:`SETTLE_S` seconds
  (a file still being copied in waits for the next pass);
* items (a feed entry's id, a file's path in the folder) already taken by an earlier pass are passed
  over: the store remembers them (``watch_seen``), so a restarted watcher codes nothing twice. New items
  are coded and stored (:func:`wirecoder.service.code`) and then remembered, failed ones too (their
  failure is in the store's errors); one the store refused is not, so the next pass retries it.

A source that fails (unreachable, an HTTP error, not a feed, a folder gone) gets a coded error (E119,
E116, E111) in its pass report and in the store (``watch_sources.error``); the other sources go on.

DOCS: docs/ingest.md
"""

from __future__ import annotations

import http.client
import os
import re
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..about import __version__
from ..doc import Article
from ..errors import Errors, IngestError, WirecoderError
from .readers import DEFAULT_MAX_CHARS, UniqueIds, call_reader, choose_reader, failed_article

#: The feed reader's registered name.
FEED_READER = "wirecoder.feed_reader.v1"
#: Seconds a dropped file must have stayed unchanged before it is read.
SETTLE_S = 2.0
#: Seconds to wait for a feed's server.
TIMEOUT_S = 30.0
#: A feed larger than this many bytes is refused (E119).
MAX_FEED_BYTES = 50 * 1024 * 1024
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> float:
    """``"15m"`` -> 900.0 seconds (``s``, ``m``, ``h``, ``d``; a bare number is seconds).

    RAISES ValueError: anything else, or zero.
    """
    m = _DURATION.fullmatch(value.strip().lower())
    if m is None or float(m.group(1)) <= 0:
        raise ValueError(f"expected a duration such as '30s', '15m' or '1h', got {value!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


@dataclass
class Feed:
    """A feed's answer to one request: its bytes (None when unchanged: ``304``) and its validators."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def fetch_feed(url: str, etag: str | None = None, last_modified: str | None = None, timeout: float = TIMEOUT_S) -> Feed:
    """GET a feed, conditionally when validators of an earlier answer are given.

    RETURNS (Feed): ``body`` None when the server answered ``304 Not Modified``.
    RAISES IngestError: E119 on a network failure, an HTTP error status or a feed over :data:`MAX_FEED_BYTES`.
    """
    headers = {"User-Agent": f"wirecoder/{__version__} (feed watcher)", "Accept-Encoding": "gzip"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise IngestError(Errors.E119.format(url=url, reason=f"over {MAX_FEED_BYTES} bytes"), code="E119")
            return Feed(body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Feed(None, etag, last_modified)
        raise IngestError(Errors.E119.format(url=url, reason=f"HTTP {exc.code} {exc.reason}"), code="E119") from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise IngestError(Errors.E119.format(url=url, reason=reason), code="E119") from exc


def sources_of(target: str) -> list[str]:
    """The sources a watch target names: ``[folder]``, ``[url]``, or the URLs listed in a file.

    RAISES WirecoderError: E120 when the target is none of these, or lists no feed.
    """
    if _URL.fullmatch(target):
        return [target]
    path = Path(target)
    if path.is_dir():
        return [str(path)]
    if not path.is_file():
        raise WirecoderError(Errors.E120.format(target=target, reason="no such folder, file or URL"), code="E120")
    urls, bad = [], []
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise WirecoderError(Errors.E120.format(target=target, reason=exc), code="E120") from exc
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            (urls if _URL.fullmatch(line) else bad).append(line)
    if bad or not urls:
        reason = f"not feed URLs: {', '.join(bad[:3])}" if bad else "it lists no feed URL"
        raise WirecoderError(Errors.E120.format(target=target, reason=reason), code="E120")
    return list(dict.fromkeys(urls))


@dataclass
class PassReport:
    """What one pass over the sources did."""

    sources: int = 0
    new: int = 0
    coded: int = 0
    #: Failed new items, by error code.
    failed: Counter = field(default_factory=Counter)
    #: Sources that failed this pass: source -> its coded error.
    source_errors: dict[str, str] = field(default_factory=dict)
    #: Feeds that answered "not modified".
    unchanged: int = 0

    def line(self) -> str:
        """One line for the log: ``3 source(s), 1 unchanged; 5 new item(s): coded 4, failed 1 (E101 1);
        1 source failed (E119 1)``."""
        parts = [f"{self.sources} source(s)" + (f", {self.unchanged} unchanged" if self.unchanged else "")]
        items = f"{self.new} new item(s)"
        if self.new:
            items += f": coded {self.coded}"
            if self.failed:
                items += f", failed {sum(self.failed.values())} ({_by_code(self.failed)})"
        parts.append(items)
        if self.source_errors:
            codes = Counter(m[1:5] for m in self.source_errors.values())
            parts.append(f"{len(self.source_errors)} source(s) failed ({_by_code(codes)})")
        return "; ".join(parts)


def _by_code(counts: Counter) -> str:
    return ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))


def _failure_code(art: Article) -> str:
    return next((e.code for e in reversed(art.errors) if e.code), "unknown")


class Watcher:
    """Polls the sources of a watch target and codes their new items into a store.

    target (str): a folder, a feed URL, or a file listing feed URLs (see :func:`sources_of`).
    code (Callable): ``code(articles) -> Iterator[Article]``, the coding of new items, in order, each
        stored (:func:`wirecoder.service.code` with the pipeline and store bound).
    store: the store (its ``watch_state``, ``save_watch_state``, ``seen_items``, ``mark_seen``).
    max_chars (int): longer documents are truncated (E107).
    fetch (Callable): :func:`fetch_feed` (tests may pass another).
    RAISES WirecoderError: E120 when the target names no source.
    """

    def __init__(
        self,
        target: str,
        code: Callable[[Iterator[Article]], Iterator[Article]],
        store: Any,
        max_chars: int = DEFAULT_MAX_CHARS,
        fetch: Callable[..., Feed] = fetch_feed,
        settle_s: float = SETTLE_S,
    ) -> None:
        self.sources = sources_of(target)
        self.code, self.store, self.max_chars, self.fetch, self.settle_s = code, store, max_chars, fetch, settle_s
        #: Called with each item as it is done (coded or failed): the CLI prints its errors.
        self.on_item: Callable[[Article], None] = lambda art: None

    def run_pass(self) -> PassReport:
        """Take every source once; RETURNS what was done. Never raises for one source's failure."""
        report = PassReport(sources=len(self.sources))
        for source in self.sources:
            try:
                if _URL.fullmatch(source):
                    self._feed(source, report)
                else:
                    self._folder(Path(source), report)
            except IngestError as exc:
                report.source_errors[source] = str(exc)
                self.store.save_watch_state(source, error=str(exc))
        return report

    def _feed(self, url: str, report: PassReport) -> None:
        state = self.store.watch_state(url)
        answer = self.fetch(url, state["etag"], state["last_modified"])
        if answer.body is None:
            report.unchanged += 1
            self.store.save_watch_state(url, answer.etag, answer.last_modified)
            return
        items: list[Article] = []
        for art in call_reader(FEED_READER, None, max_chars=self.max_chars, data=answer.body, id=url):
            if art.id == url and art.failed:  # the feed itself: not a feed, or cut short
                raise IngestError(art.errors[-1].message, code=art.errors[-1].code)
            items.append(art)
        self._take(url, items, report)
        self.store.save_watch_state(url, answer.etag, answer.last_modified)

    def _folder(self, folder: Path, report: PassReport) -> None:
        from .readers import _walk

        if not folder.is_dir():
            reason = "the folder is gone"
            raise IngestError(Errors.E111.format(name=folder, reason=reason), code="E111")
        found = list(_walk(folder))
        seen = self.store.seen_items(str(folder), [item.id for item in found])
        now = time.time()
        ready = []
        for item in found:
            if item.id in seen:
                continue
            try:
                if now - os.stat(item.path).st_mtime < self.settle_s:  # still being written: next pass
                    continue
            except OSError:
                pass  # the reader reports it
            ready.append(item)
        if not ready:
            self.store.save_watch_state(str(folder))
            return
        batches: dict[str, list[Article]] = {}
        for item in ready:
            if item.error is not None:
                arts = [failed_article(item.id, item.error[0], item.error[1], str(item.path))]
            else:
                reader = choose_reader(item.path)
                arts = list(call_reader(reader, item.path, max_chars=self.max_chars, id=item.id))
            batches[item.id] = arts
        self._take(str(folder), [a for arts in batches.values() for a in arts], report, batches)
        self.store.save_watch_state(str(folder))

    def _take(
        self, source: str, items: list[Article], report: PassReport, groups: dict[str, list[Article]] | None = None
    ) -> None:
        """Code the items not seen before and remember them (a file: once all its articles are done).

        groups (dict | None): item -> its articles (a file of records); None when each article is an item.
        """
        unique = UniqueIds()
        items = [unique(a) for a in items]
        if groups is None:
            seen = self.store.seen_items(source, [a.id for a in items])
            items = [a for a in items if a.id not in seen]
            groups = {a.id: [a] for a in items}
        if not items:
            return  # no run recorded for a pass that found nothing new
        owner = {a.id: key for key, arts in groups.items() for a in arts}
        pending = {key: len(arts) for key, arts in groups.items()}
        refused: set[str] = set()
        done: list[str] = []
        for art in self.code(iter(items)):
            report.new += 1
            if art.failed:
                report.failed[_failure_code(art)] += 1
            else:
                report.coded += 1
            self.on_item(art)
            key = owner[art.id]
            if any(e.stage == "store" for e in art.errors):
                refused.add(key)
            pending[key] -= 1
            if pending[key] == 0 and key not in refused:
                done.append(key)
        if done:
            self.store.mark_seen(source, done)
