"""Library entry point for coding many documents: read, code, store, in input order.

The CLI's ``extract`` command and the evaluation harness both go through
:func:`code_articles`, so they code exactly alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .doc import Article
from .pipeline import Pipeline
from .store.sqlite import Store


def code_articles(
    articles: Iterable[Article],
    pipeline: Pipeline,
    store: Store | None = None,
    published: date | None = None,
) -> Iterator[Article]:
    """Code articles with the pipeline, save each to the store, yield them in input order.

    articles (Iterable[Article]): from :mod:`wirecoder.ingest.readers`.
    pipeline (Pipeline): the configured pipeline.
    store (Store | None): where to save results; None to skip storing.
    published (date | None): publication date that overrides metadata and text for every article.
    RETURNS (Iterator[Article]): the coded articles; failed ones carry ``errors`` and no events.
    """

    def _prepared() -> Iterator[Article]:
        for art in articles:
            if published is not None and not art.failed:
                art.published = published
                art.published_source = "cli"
            yield art

    for art in pipeline.pipe(_prepared()):
        if store is not None:
            store.save(art)
        yield art
