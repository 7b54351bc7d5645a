-- Resumable runs: each run records a stable hash of its configuration (store/base.py config_hash), so a
-- restarted run finds the articles already coded with the same text and the same configuration.
ALTER TABLE runs ADD COLUMN config_hash TEXT;
CREATE INDEX runs_config_hash ON runs(config_hash);
