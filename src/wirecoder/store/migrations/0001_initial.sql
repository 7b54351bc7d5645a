-- The first schema: articles, events, actors, places, evidence, errors.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    title TEXT, published TEXT, source TEXT, url TEXT, language TEXT,
    path TEXT, text TEXT NOT NULL, status TEXT NOT NULL,
    schema TEXT NOT NULL, coded_at TEXT NOT NULL, record TEXT NOT NULL
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE TABLE events (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_type TEXT, sub_event_type TEXT, plover_event TEXT, plover_mode TEXT,
    modality TEXT, date_start TEXT, date_end TEXT, time_precision INTEGER,
    actor1 TEXT, actor2 TEXT, inter1 INTEGER, inter2 INTEGER,
    location TEXT, geonames_id INTEGER, latitude REAL, longitude REAL,
    country_code TEXT, admin1 TEXT, geo_precision INTEGER,
    fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER,
    source TEXT, confidence REAL, summary TEXT, record TEXT NOT NULL
);
CREATE UNIQUE INDEX events_article ON events(article_id, id);
CREATE TABLE actors (
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    role TEXT NOT NULL, name TEXT, canonical TEXT, category TEXT, inter INTEGER, country TEXT
);
CREATE INDEX actors_canonical ON actors(canonical);
CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT, start INTEGER, "end" INTEGER, name TEXT, geonames_id INTEGER,
    latitude REAL, longitude REAL, country_code TEXT, admin1 TEXT, feature TEXT
);
CREATE INDEX places_article ON places(article_id);
CREATE TABLE evidence (
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT
);
CREATE TABLE errors (
    article_id TEXT, path TEXT, stage TEXT, code TEXT, message TEXT, at TEXT
);
CREATE INDEX errors_article ON errors(article_id);
