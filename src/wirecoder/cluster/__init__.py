"""Cross-article event clusters: reports of one real-world event from different articles, joined.

* :mod:`.match` -- when two reports are one event (type family, place, dates, actors, splits), which
  cluster a new report joins, a cluster's stable id and its summary (sources, report times, fatalities);
* :mod:`.minhash` -- near-duplicate articles (the same wire copy on several sites), found by MinHash/LSH
  before their events are clustered, so a copy is linked to what it copies rather than counted again.

The logic is pure (rows in, decisions out); a store (``store/sqlite.py``) runs it inside the write
transaction that saves an article, so clustering is incremental: a new article's events join existing
clusters and nothing else is recoded. The weights are in ``data/weights/cluster.toml``.

DOCS: docs/api.md
"""
