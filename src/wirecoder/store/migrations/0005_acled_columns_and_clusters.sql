-- Issue #15: the rest of ACLED's columns in the flat event rows (export/rows.py), and cross-article event
-- clusters. Rows stored before it get the new columns by the Python step that follows (store/sqlite.py).
ALTER TABLE events ADD COLUMN disorder_type TEXT;
ALTER TABLE events ADD COLUMN civilian_targeting TEXT;
ALTER TABLE events ADD COLUMN region TEXT;
ALTER TABLE events ADD COLUMN admin2 TEXT;
ALTER TABLE events ADD COLUMN admin3 TEXT;
ALTER TABLE events ADD COLUMN source_scale TEXT;
ALTER TABLE events ADD COLUMN tags TEXT;
ALTER TABLE events ADD COLUMN timestamp INTEGER;
-- n_sources and cluster_id are kept up to date by the clustering step of every save (cluster/).
ALTER TABLE events ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN cluster_id TEXT;
CREATE INDEX events_cluster ON events(cluster_id);
CREATE INDEX events_admin1 ON events(admin1);
CREATE INDEX events_sources ON events(n_sources);
-- One row per cross-article event cluster: what its member events agree on, and their sources.
CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    event_type TEXT, sub_event_type TEXT, date_start TEXT, date_end TEXT,
    iso TEXT, admin1 TEXT, location TEXT, latitude REAL, longitude REAL,
    n_events INTEGER NOT NULL, n_sources INTEGER NOT NULL,
    first_reported TEXT, last_reported TEXT,
    fatalities_best INTEGER, fatalities_high INTEGER,
    founder TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX clusters_place_date ON clusters(iso, date_start);
-- Splits: pairs of events (event_id_cnty, a < b) a person said are not the same event; they never share a
-- cluster again, also after the articles are coded anew.
CREATE TABLE cluster_splits (
    event_a TEXT NOT NULL, event_b TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (event_a, event_b)
);
-- Near-duplicate articles (the same wire copy on several sites): MinHash signature and LSH band keys of each
-- article's text, and the link of a copy to the first stored article it copies.
CREATE TABLE article_minhash (article_id TEXT PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE article_bands (band INTEGER NOT NULL, key TEXT NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX article_bands_key ON article_bands(band, key);
CREATE INDEX article_bands_article ON article_bands(article_id);
CREATE TABLE article_links (
    article_id TEXT PRIMARY KEY, duplicate_of TEXT NOT NULL, similarity REAL NOT NULL
);
CREATE INDEX article_links_of ON article_links(duplicate_of);
-- Events in article then record order (rowid is in every index): the default order of every query.
CREATE INDEX events_article_order ON events(article_id);
-- One event by its event_id_cnty (GET /v1/events/{id}, clustering's updates).
CREATE INDEX events_id_cnty ON events(event_id_cnty);
-- What default queries keep (asserted, reported events) by the columns the API sorts and counts by: GET
-- /v1/stats and sorted pages read an index instead of the whole table.
CREATE INDEX events_news_date ON events(modality, status, event_date);
CREATE INDEX events_news_type ON events(modality, status, event_type);
CREATE INDEX events_news_iso ON events(modality, status, iso);
CREATE INDEX events_news_fatalities ON events(modality, status, fatalities);
CREATE INDEX events_news_sources ON events(modality, status, n_sources);
