-- The PostgreSQL store's schema (store/postgres.py): the tables of the SQLite store as its migrations
-- 0001-0005 leave them. The flat event columns (export/rows.py, data/export/event_columns.tsv) are added
-- by the store on opening, one ALTER TABLE ... ADD COLUMN IF NOT EXISTS each, so a column added to that
-- file reaches PostgreSQL without a migration here; then their indexes.
CREATE TABLE runs (
    id TEXT PRIMARY KEY, started TEXT NOT NULL, version TEXT NOT NULL, config TEXT NOT NULL, config_hash TEXT,
    seq BIGSERIAL
);
CREATE INDEX runs_config_hash ON runs(config_hash);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    title TEXT, published TEXT, source TEXT, url TEXT, language TEXT,
    path TEXT, text TEXT NOT NULL, status TEXT NOT NULL,
    schema TEXT NOT NULL, coded_at TEXT NOT NULL, record TEXT NOT NULL,
    run_id TEXT REFERENCES runs(id)
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_run ON articles(run_id);
CREATE TABLE events (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    record TEXT NOT NULL
);
CREATE UNIQUE INDEX events_article ON events(article_id, id);
CREATE INDEX events_article_order ON events(article_id, seq);
CREATE TABLE actors (
    event_id TEXT NOT NULL, article_id TEXT NOT NULL,
    role TEXT NOT NULL, name TEXT, canonical TEXT, category TEXT, inter BIGINT, country TEXT
);
CREATE INDEX actors_canonical ON actors(canonical);
CREATE INDEX actors_article ON actors(article_id);
CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT, start BIGINT, "end" BIGINT, name TEXT, geonames_id BIGINT,
    latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, country_code TEXT, admin1 TEXT, feature TEXT
);
CREATE INDEX places_article ON places(article_id);
CREATE TABLE evidence (
    event_id TEXT NOT NULL, article_id TEXT NOT NULL, start BIGINT NOT NULL, "end" BIGINT NOT NULL, text TEXT
);
CREATE INDEX evidence_article ON evidence(article_id);
CREATE TABLE errors (
    seq BIGSERIAL PRIMARY KEY,
    article_id TEXT, path TEXT, stage TEXT, code TEXT, message TEXT, at TEXT, run_id TEXT
);
CREATE INDEX errors_article ON errors(article_id);
CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    event_type TEXT, sub_event_type TEXT, date_start TEXT, date_end TEXT,
    iso TEXT, admin1 TEXT, location TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
    n_events BIGINT NOT NULL, n_sources BIGINT NOT NULL,
    first_reported TEXT, last_reported TEXT,
    fatalities_best BIGINT, fatalities_high BIGINT,
    founder TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX clusters_place_date ON clusters(iso, date_start);
CREATE TABLE cluster_splits (
    event_a TEXT NOT NULL, event_b TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (event_a, event_b)
);
CREATE TABLE article_minhash (article_id TEXT PRIMARY KEY, signature BYTEA NOT NULL);
CREATE TABLE article_bands (band BIGINT NOT NULL, key TEXT NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX article_bands_key ON article_bands(band, key);
CREATE INDEX article_bands_article ON article_bands(article_id);
CREATE TABLE article_links (
    article_id TEXT PRIMARY KEY, duplicate_of TEXT NOT NULL, similarity DOUBLE PRECISION NOT NULL
);
CREATE INDEX article_links_of ON article_links(duplicate_of);
