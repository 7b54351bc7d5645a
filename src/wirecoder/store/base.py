"""The store interface: where coded articles are kept, with the run that coded them, and queried.

A store is opened from a URL or a path by :func:`open_store`, which picks the implementation
registered for the URL's scheme in :data:`wirecoder.registry.stores` (a plain path or
``sqlite:///path`` is the built-in SQLite store; another package adds a scheme through the
``wirecoder.stores`` entry point). Front ends (CLI, REST API, web UI) only see :class:`Store`.

A run: :meth:`Store.begin_run` records the configuration that coded a batch and the wirecoder
version, and every article saved with its run id points to it. Event queries return flat rows
(the columns of :mod:`wirecoder.export.rows`, the same as the CSV export) with the event's
wirecoder/1 object under ``"event"``.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..doc import Article
from ..errors import ConfigError, Errors
from ..registry import stores

#: The scheme of a location given as a plain path.
DEFAULT_SCHEME = "sqlite"

#: Configuration sections that do not change how a document is coded (where results go), left out of
#: :func:`config_hash`.
UNHASHED_SECTIONS = ("store", "serve", "cluster")


def config_hash(config: dict) -> str:
    """A stable hash of a run's configuration: sha256 of its canonical JSON (sorted keys, no spaces),
    leaving out :data:`UNHASHED_SECTIONS`. Two runs with the same hash code a text alike, so a restarted
    run skips what an earlier one coded (:meth:`Store.find_coded`)."""
    kept = {k: v for k, v in config.items() if k not in UNHASHED_SECTIONS}
    canonical = json.dumps(kept, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@runtime_checkable
class Store(Protocol):
    """What every store does. Use it as a context manager, or call :meth:`close`."""

    #: Where it is (the URL or path it was opened with).
    url: str

    def begin_run(self, config: dict, version: str) -> str:
        """Record the start of a run: the configuration that codes it (and its :func:`config_hash`) and
        the wirecoder version.

        RETURNS (str): the run id, to pass to :meth:`save`.
        """
        ...

    def save(self, article: Article, run_id: str | None = None) -> None:
        """Store one coded article (replacing any earlier coding of it) or, for a failed one, its errors.

        Saving is an upsert that several processes may do at once over overlapping articles; a failed
        article never deletes or overwrites an earlier good coding of the same id.
        run_id (str | None): the run that coded it (:meth:`begin_run`); None for none.
        RAISES WirecoderError: E6xx when the store refuses the write (the caller records it and goes on).
        """
        ...

    def get_article(self, article_id: str) -> dict | None:
        """The stored wirecoder/1 record of one article; None when it is not stored."""
        ...

    def find_coded(self, article_id: str, text_hash: str, config_hash: str) -> dict | None:
        """The stored wirecoder/1 record of an article coded from the same text (``text_hash``) by a run
        with the same configuration (:func:`config_hash`); None when there is none (then it is to be coded).

        A restarted run calls it for every document and skips those it finds (resumable runs).
        """
        ...

    def articles(self, *, run_id: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        """Stored wirecoder/1 records in article id order, optionally only those a run coded."""
        ...

    def events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        country: str | None = None,
        admin1: str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        modality: str | None = None,
        status: str | None = None,
        actor: str | None = None,
        min_sources: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        cluster_id: str | None = None,
        per_cluster: bool | None = None,
        run_id: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict]:
        """Stored events matching every filter given, by article id then record order (or by ``sort``).

        country (str | None): ISO 3166-1 alpha-2 code of the event's location.
        admin1 (str | None): first-level division of the event's location (any case).
        date_from, date_to (date | str | None): YYYY-MM-DD; an event matches when its dates overlap the range.
        modality (str | None): ``asserted`` to leave out negated, hypothetical and future events.
        status (str | None): ``reported`` to leave out background events and aggregates.
        actor (str | None): a part of actor1's, actor2's or an associated actor's name (any case).
        min_sources (int | None): events whose cluster has at least this many independent source articles.
        bbox (tuple | None): (west, south, east, north) in degrees; located events inside it.
        cluster_id (str | None): the members of one cross-article cluster.
        per_cluster (bool | None): one row per cluster: its founding report, with the cluster's dates
            (``event_date``, ``date_end``, ``year``) and fatalities (``fatalities``: best, ``fatalities_high``);
            events outside clusters (not asserted, aggregates) are left out.
        sort (str | None): a column of the flat row, ``-`` first for descending (``-fatalities``).
        RETURNS (Iterator[dict]): the event's flat row (:data:`wirecoder.export.rows.COLUMNS`) plus
            ``"event"``, its wirecoder/1 object. The rows stream: nothing is read ahead.
        """
        ...

    def count_events(self, **filters: object) -> int:
        """How many stored events match the filters (the keywords of :meth:`events`)."""
        ...

    def stats(self, **filters: object) -> dict:
        """Counts of the matching events: ``total``, ``by_day``, ``by_type``, ``by_country`` (lists of
        ``{"key", "count"}``)."""
        ...

    def get_event(self, event_id: str) -> dict | None:
        """One event by ``event_id_cnty``: its flat row, ``event`` and ``cluster`` (:meth:`get_cluster`)."""
        ...

    def get_cluster(self, cluster_id: str) -> dict | None:
        """One cross-article cluster with every source article and its evidence; None when there is none."""
        ...

    def split_cluster(self, cluster_id: str, event_ids: list[str]) -> str:
        """Split events off a cluster (kept across re-runs); RETURNS the new cluster's id."""
        ...

    def errors(self, *, article_id: str | None = None, run_id: str | None = None) -> Iterator[dict]:
        """Recorded document failures and warnings: ``article_id``, ``path``, ``stage``, ``code``,
        ``message``, ``at``, ``run_id``."""
        ...

    def runs(self) -> Iterator[dict]:
        """Recorded runs, oldest first: ``id``, ``started``, ``version``, ``config`` (dict), ``config_hash``."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def scheme_of(url: str | Path) -> str:
    """The scheme of a store location: the part before ``://``, lower-cased; :data:`DEFAULT_SCHEME` for a path."""
    text = str(url)
    return text.split("://", 1)[0].lower() if "://" in text else DEFAULT_SCHEME


def open_store(url: str | Path) -> Store:
    """Open (creating and migrating it when needed) the store at ``url``.

    url (str | Path): a path (``wirecoder.db``, the SQLite store) or a URL whose scheme names a
        registered store (``sqlite:///wirecoder.db``; ``sqlite:////abs/path.db`` for an absolute path).
    RETURNS (Store): the opened store.
    RAISES ConfigError: E602 when no store is registered for the scheme (naming those that are);
        the store's own E6xx error when it cannot be opened.
    """
    scheme = scheme_of(url)
    if scheme not in stores:
        raise ConfigError(Errors.E602.format(url=url, scheme=scheme, options=", ".join(stores.names())))
    return stores.get(scheme)(str(url))
