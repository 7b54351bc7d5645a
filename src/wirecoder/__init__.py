"""wirecoder: code news articles about armed conflict and political violence into event data.

Library entry points::

    from wirecoder import Pipeline
    pipe = Pipeline.from_config()
    for article in pipe.pipe(articles):
        print(article.to_record())

DOCS: docs/architecture.md
"""

from .about import SCHEMA_ID, __version__
from .doc import Article, Event
from .pipeline import Pipeline

__all__ = ["Article", "Event", "Pipeline", "SCHEMA_ID", "__version__"]
