-- A runs table with the configuration of each run; articles and errors point to their run.
-- The events table becomes the shared flat rows (export/rows.py): `source` was the attribution here
-- and the outlet in the CSV; now `source` is the outlet and `attribution` who said it.
-- Then a Python step re-flattens the stored records into it (store/sqlite.py).
CREATE TABLE runs (
    id TEXT PRIMARY KEY, started TEXT NOT NULL, version TEXT NOT NULL, config TEXT NOT NULL
);
ALTER TABLE articles ADD COLUMN run_id TEXT REFERENCES runs(id);
CREATE INDEX articles_run ON articles(run_id);
ALTER TABLE errors ADD COLUMN run_id TEXT;
DROP TABLE events;
CREATE TABLE events (
    id TEXT NOT NULL,
    event_id_cnty TEXT, event_date TEXT, year TEXT, time_precision INTEGER,
    event_type TEXT, sub_event_type TEXT,
    actor1 TEXT, assoc_actor_1 TEXT, inter1 INTEGER, actor2 TEXT, assoc_actor_2 TEXT, inter2 INTEGER,
    interaction INTEGER, iso TEXT, country TEXT, admin1 TEXT, location TEXT,
    latitude REAL, longitude REAL, geo_precision INTEGER, source TEXT, notes TEXT, fatalities INTEGER,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT, published TEXT, modality TEXT, plover_event TEXT, plover_mode TEXT, date_end TEXT,
    fatalities_low INTEGER, fatalities_high INTEGER, geonames_id INTEGER, attribution TEXT,
    confidence REAL, evidence TEXT,
    record TEXT NOT NULL
);
CREATE UNIQUE INDEX events_article ON events(article_id, id);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_iso ON events(iso);
CREATE INDEX events_date ON events(event_date);
