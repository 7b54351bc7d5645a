"""Best published figures to compare with, from the dataset READMEs in ``../shared/data``.

The figures and their sources are a data file, ``data/eval/published.toml``. Keys are
``(dataset, metric name)`` as the scorers name their metrics. Each entry gives the figure as
printed (a string, since some are ranges or carry a caveat) and its source. A figure on another
metric definition, split or subset is marked so in its source: it is context, not a like-for-like
comparison.

DOCS: docs/evaluation.md
"""

from __future__ import annotations

from typing import NamedTuple

from .. import lookups

FIGURES = "eval/published.toml"


class Published(NamedTuple):
    figure: str
    source: str


#: (dataset, metric name) -> the published figure and its source.
PUBLISHED: dict[tuple[str, str], Published] = {
    (row["dataset"], row["metric"]): Published(row["figure"], row["source"])
    for row in lookups.word_list(FIGURES, "figure")
}

#: Datasets without a comparable published figure, and why (shown on the scoreboard).
NO_FIGURE: dict[str, str] = lookups.word_map(FIGURES, "no_figure")


def published_for(dataset: str, metric: str) -> Published | None:
    """The published comparison figure for a dataset's metric, if any."""
    return PUBLISHED.get((dataset, metric))
