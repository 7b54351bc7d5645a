"""Review of stored events: an analyst accepts, corrects or rejects what wirecoder coded.

* :mod:`.corrections` -- a correction (type, actors, location, date, fatalities) checked and turned into
  the wirecoder/1 fields it replaces;
* :mod:`.store` -- :class:`~.store.Reviews`: the ``reviews`` table (who, when, what), the queue ordered by
  lowest confidence, and the triggers that keep a review in force when the article is coded again;
* :mod:`.evidence` -- where in the article text each field of an event was read (for the evidence view).

DOCS: docs/web.md
"""
