-- Live monitoring (wirecoder watch, ingest/watch.py): per watched source (a feed's URL, a drop folder's
-- path), the validators of the feed's last answer for conditional requests and the outcome of the last
-- pass; and the items already taken from each source (a feed entry's id, a file's path in the folder),
-- so that only new ones are coded.
CREATE TABLE watch_sources (
    source TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT,
    error TEXT
);
CREATE TABLE watch_seen (
    source TEXT NOT NULL,
    item TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (source, item)
);
