"""The service layer: everything a front end does, in one place (CLI today, REST API and web UI next).

A front end parses its own input (command-line options, HTTP requests) and calls these functions;
it never builds pipelines, opens stores or reads files itself. So every front end codes exactly
alike, and the evaluation harness codes exactly as ``extract`` does.

* :func:`load_settings` -- the configuration from defaults, a user file, ``--set`` overrides,
  a model name, extra actor files and one-off ``--code`` modules;
* :func:`make_pipeline` -- the pipeline for a configuration (optionally only some stages);
* :func:`code` / :func:`code_paths` / :func:`code_text` -- code article streams, files or one text,
  storing each result in order; streams and files resume (what the store holds from the same text and
  configuration comes out as :class:`AlreadyCoded`, not coded again) unless ``force``;
* :func:`geoparse` -- places only;
* :func:`open_store`, :func:`query_events`, :func:`stream_events` -- the store and what is in it.

DOCS: docs/architecture.md
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from . import about
from .config import load_config
from .doc import Article, is_news
from .pipeline import Pipeline

#: The stages geoparsing needs: analysis, place mentions, place resolution.
GEOPARSE_STAGES = ("analyse", "place_mentions", "resolve_geo")


def load_settings(
    config: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    model: str | None = None,
    actors: Sequence[str | Path] = (),
    code: Sequence[str | Path] = (),
) -> dict:
    """The configuration a run uses.

    config (str | Path | None): a user TOML file overriding default keys.
    overrides (dict | None): dotted keys -> values (``--set``), e.g. ``{"stages.events.min_score": "2"}``.
    model (str | None): an installed spaCy pipeline (``--model``), overriding ``nlp.model``.
    actors (Sequence): extra actor knowledge-base files for the actor mentions stage (``--actors``).
    code (Sequence): Python files to import first (``--code``), e.g. one registering a custom stage.
    RETURNS (dict): the checked configuration.
    RAISES ConfigError: unreadable file or unknown key (coded).
    """
    if code:
        from .registry import load_code

        for path in code:
            load_code(path)
    over = dict(overrides or {})
    if model:
        over["nlp.model"] = model
    cfg = load_config(config, over)
    if actors:
        stage = cfg.setdefault("stages", {}).setdefault("actor_mentions", {})
        stage["extra_files"] = [*stage.get("extra_files", []), *map(str, actors)]
    return cfg


def make_pipeline(cfg: dict | None = None, only: Sequence[str] | None = None) -> Pipeline:
    """The pipeline for a configuration.

    cfg (dict | None): from :func:`load_settings` (defaults when None).
    only (Sequence[str] | None): keep only these stage instances, in the configured order.
    RETURNS (Pipeline): checked (settings, order) and ready.
    """
    cfg = cfg if cfg is not None else load_config()
    if only is not None:
        cfg = {**cfg, "pipeline": {**cfg["pipeline"], "stages": [s for s in cfg["pipeline"]["stages"] if s in only]}}
    return Pipeline(cfg)


def open_store(url: str | Path | None = None, cfg: dict | None = None) -> Any:
    """Open (and migrate) the store at ``url``, else at the configuration's ``[store] url``.

    RETURNS (Store): an object following :class:`wirecoder.store.base.Store`.
    RAISES WirecoderError: E6xx when it cannot be opened.
    """
    from .store.base import open_store as _open

    cfg = cfg if cfg is not None else load_config()
    if url is None:
        url = cfg["store"]["url"]
    store = _open(url)
    configure = getattr(store, "configure_clusters", None)
    if callable(configure):
        configure(cfg.get("cluster"))
    return store


class AlreadyCoded(Article):
    """An article a resumed run did not code again: the store already holds its coding from the same text
    by a run with the same configuration. ``to_record()`` gives that stored record."""

    def __init__(self, article: Article, record: dict) -> None:
        super().__init__(
            id=article.id,
            text=article.text,
            title=article.title,
            published=article.published,
            source=article.source,
            url=article.url,
            metadata=article.metadata,
            path=article.path,
        )
        self.language = record.get("article", {}).get("language")
        self.stored_record = record

    def to_record(self, include_all: bool = True) -> dict:
        if include_all:
            return self.stored_record
        return {**self.stored_record, "events": [e for e in self.stored_record["events"] if is_news(e)]}


def code(
    articles: Iterable[Article],
    pipeline: Pipeline,
    store: Any = None,
    published: date | None = None,
    force: bool = False,
    retried: set[str] | None = None,
) -> Iterator[Article]:
    """Code articles with the pipeline, save each to the store, yield them in input order.

    articles (Iterable[Article]): from the readers (:func:`wirecoder.ingest.readers.read_paths`).
    pipeline (Pipeline): the configured pipeline.
    store (Store | None): where to save results (the pipeline's config is recorded as a run); None
        to skip storing.
    published (date | None): publication date that overrides metadata and text for every article.
    force (bool): code every article, even one the store already holds from the same text and the same
        configuration. Without it a run is resumable: such an article is not coded again and comes out
        as an :class:`AlreadyCoded` carrying the stored record, so an interrupted run restarted with the
        same command codes only what is left. A document that failed in an earlier run (the store holds its
        errors and no coding of it) is always tried again.
    retried (set[str] | None): when given, receives the ids of the articles that had failed in an earlier run
        (for the run's summary).
    RETURNS (Iterator[Article]): every article, good or bad, in input order: failed ones carry
        ``errors`` and no events (and are stored as errors only, never replacing an earlier good
        coding); one the store refused (E6xx, e.g. a lock held past the busy timeout) carries a
        ``store`` error and the run goes on.
    """
    from .doc import StageError
    from .errors import WirecoderError
    from .store.base import config_hash

    run_id = store.begin_run(pipeline.config, about.__version__) if store is not None else None
    find = None if store is None or force else getattr(store, "find_coded", None)
    failed_before = None if store is None or retried is None else getattr(store, "has_failed", None)
    chash = config_hash(pipeline.config)
    size = int(pipeline.config["nlp"].get("batch_size", 32))

    def _code(chunk: list[Article]) -> Iterator[Article]:
        coded = iter(pipeline.pipe([a for a in chunk if not isinstance(a, AlreadyCoded)]))
        for art in chunk:
            if isinstance(art, AlreadyCoded):
                yield art
                continue
            art = next(coded)
            if store is not None:
                try:
                    store.save(art, run_id=run_id)
                except WirecoderError as exc:
                    art.errors.append(StageError("store", str(exc), exc.code))
            yield art

    # Chunks of at most `size` articles to code (and a bounded number already coded), so memory stays flat
    # and the output keeps input order.
    chunk: list[Article] = []
    todo = 0
    for art in articles:
        if published is not None and not art.failed:
            art.published = published
            art.published_source = "cli"
        record = find(art.id, art.text_hash, chash) if find is not None and not art.failed else None
        if record is not None:
            chunk.append(AlreadyCoded(art, record))
        else:
            if failed_before is not None and failed_before(art.id):
                retried.add(art.id)  # type: ignore[union-attr]
            chunk.append(art)
            todo += 1
        if todo >= size or len(chunk) >= 4 * size:
            yield from _code(chunk)
            chunk, todo = [], 0
    if chunk:
        yield from _code(chunk)


def code_paths(
    paths: Iterable[str],
    pipeline: Pipeline,
    store: Any = None,
    published: date | None = None,
    reader_options: dict[str, Any] | None = None,
    force: bool = False,
    retried: set[str] | None = None,
) -> Iterator[Article]:
    """Read files, directories or ``-`` (stdin) with the registered readers and code them (see :func:`code`).

    reader_options (dict | None): settings handed to the readers that take them, e.g.
        ``{"text_column": "body"}`` for CSV/TSV input.
    """
    from .ingest.readers import read_paths

    max_chars = int(pipeline.config["nlp"].get("max_chars", 200_000))
    articles = read_paths(paths, max_chars=max_chars, options=reader_options)
    yield from code(articles, pipeline, store=store, published=published, force=force, retried=retried)


def code_text(
    text: str,
    pipeline: Pipeline,
    id: str = "text",
    title: str | None = None,
    published: date | str | None = None,
    store: Any = None,
    url: str | None = None,
    source: str | None = None,
) -> Article:
    """Code one text given in memory (an API request body, a notebook cell); ``url`` and ``source`` (the
    outlet) are kept with the article when given; ``published`` is a date or an ISO date string
    ("2024-11-17"; a time after the date is ignored)."""
    from .ingest.readers import article_from_text

    if isinstance(published, str):
        published = date.fromisoformat(published[:10])

    art = article_from_text(text, id=id, max_chars=int(pipeline.config["nlp"].get("max_chars", 200_000)))
    if title is not None:
        art.title = title
    art.url = url if url is not None else art.url
    art.source = source if source is not None else art.source
    return next(code([art], pipeline, store=store, published=published, force=True))  # always coded afresh


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents the paths hold, when that is cheap to know (for progress bars); else None."""
    from .ingest.readers import count_documents as _count

    return _count(paths)


def geoparse(articles: Iterable[Article], cfg: dict | None = None) -> Iterator[Article]:
    """Places only: run the analysis, place-mention and place-resolution stages of the configuration.

    RETURNS (Iterator[Article]): the articles with ``mentions.places`` resolved, in input order.
    """
    pipeline = make_pipeline(cfg, only=GEOPARSE_STAGES)
    yield from pipeline.pipe(articles)  # unreadable inputs pass through with their errors, in order


def query_events(store: Any, **filters: Any) -> list[dict]:
    """Stored events matching the filters (article id, event type, country, date range; see the store)."""
    return list(store.events(**filters))


def stream_events(store: Any, **filters: Any) -> Iterator[dict]:
    """Stored events matching the filters (see :meth:`wirecoder.store.base.Store.events`), streamed: rows come
    as the store reads them, so an export of any size runs in constant memory."""
    yield from store.events(**filters)
