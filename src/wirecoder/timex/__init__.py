"""Temporal expressions and numbers: a small rule-based tagger and normaliser.

* :mod:`wirecoder.timex.lexicon` loads the data files in ``data/lexicons/``
  (``times.en.tsv``, ``numbers.en.tsv``, ``units.en.tsv``, ``casualties.en.tsv``).
* :mod:`wirecoder.timex.tagger` finds temporal expressions in text and
  normalises them against a reference (publication) date, TIMEX3-style.
* :mod:`wirecoder.timex.windows` finds where in a text each tagger rule can match,
  so that the tagger scans only there (the same matches as a scan of the whole text).
* :mod:`wirecoder.timex.published` finds an article's publication date in its
  text (date lines, wire datelines).
* :mod:`wirecoder.timex.numbers` reads numbers written in digits or words.

Everything here is pure Python over strings (no spaCy), so the pipeline stages
``wirecoder.time_mentions.v1`` and ``wirecoder.quantity_mentions.v1`` stay thin.

DOCS: docs/dates-and-numbers.md
"""

from .published import find_published
from .tagger import Timex, tag_times

__all__ = ["Timex", "find_published", "tag_times"]
