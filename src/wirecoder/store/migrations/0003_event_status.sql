-- Events the text places before its reporting window, and aggregate statements, are kept with
-- a status (issue #11); rows stored before this migration were all coded as reported.
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'reported';
