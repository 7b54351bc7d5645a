-- Reviews (issue #17): an analyst's accept, correction or rejection of a stored event, with who and when,
-- keyed by the event's stable id within its article. The newest row of an event is in force; `fields`
-- holds the corrected wirecoder/1 fields and `columns` the flat columns they change. wirecoder/review
-- keeps the events rows in step (triggers re-apply a review when an article is coded again).
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject', 'restore')),
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '{}',
    columns TEXT NOT NULL DEFAULT '{}',
    note TEXT
);
CREATE INDEX reviews_event ON reviews(article_id, event_id, id);
-- The review flag of the flat row (export/rows.py): accepted or corrected, empty when not reviewed.
ALTER TABLE events ADD COLUMN reviewed TEXT;
-- A rejected event is not stored again when its article is re-coded.
CREATE TRIGGER reviews_reject BEFORE INSERT ON events
WHEN (SELECT action FROM reviews WHERE article_id = NEW.article_id AND event_id = NEW.id
      ORDER BY id DESC LIMIT 1) = 'reject'
BEGIN
    SELECT RAISE(IGNORE);
END;
-- Covering indexes for the web page's reads over large stores (web/queries.py): map cells, events per day,
-- the menus of countries and admin1 names, the review queue by confidence; each leads with the default
-- filters (asserted, reported).
CREATE INDEX events_ui_map ON events(modality, status, latitude, longitude, event_type, fatalities);
CREATE INDEX events_ui_day ON events(modality, status, event_date, event_type);
CREATE INDEX events_ui_confidence ON events(modality, status, confidence);
CREATE INDEX events_ui_country ON events(iso, country);
CREATE INDEX events_ui_admin1 ON events(iso, admin1);
