"""Resumable runs in the store: each run records a stable hash of its configuration, and find_coded finds an
article coded from the same text by a run with the same configuration."""

from __future__ import annotations

from wirecoder.doc import Article, StageError
from wirecoder.store.base import config_hash
from wirecoder.store.sqlite import SQLiteStore

TEXT = "Troops shelled the town of Idlib on Monday, killing 12 civilians."
CONFIG = {"nlp": {"model": "m", "batch_size": 32}, "stages": {"events": {"min_score": 2}}, "store": {"url": "a.db"}}


def test_resume_config_hash_is_stable_and_ignores_key_order_and_the_store():
    reordered = {
        "store": {"url": "elsewhere.db"},
        "stages": {"events": {"min_score": 2}},
        "nlp": {"batch_size": 32, "model": "m"},
    }
    assert config_hash(CONFIG) == config_hash(reordered)
    assert len(config_hash(CONFIG)) == 64
    changed = {**CONFIG, "stages": {"events": {"min_score": 3}}}
    assert config_hash(changed) != config_hash(CONFIG)


def test_resume_run_records_its_config_hash_and_find_coded_matches_text_and_config(tmp_path):
    with SQLiteStore(tmp_path / "w.db") as store:
        run = store.begin_run(CONFIG, "0")
        (recorded,) = store.runs()
        assert recorded["config_hash"] == config_hash(CONFIG)
        art = Article(id="a1", text=TEXT, language="en")
        store.save(art, run_id=run)
        h = config_hash(CONFIG)
        found = store.find_coded("a1", art.text_hash, h)
        assert found is not None and found["article"]["id"] == "a1"
        assert store.find_coded("a1", Article(id="a1", text=TEXT + " More.").text_hash, h) is None  # text changed
        assert store.find_coded("a1", art.text_hash, config_hash({**CONFIG, "nlp": {}})) is None  # config changed
        assert store.find_coded("a2", art.text_hash, h) is None  # another id
        # a failed document is never "already coded"
        bad = Article(id="b1", text="x", failed=True, errors=[StageError("ingest", "[E101] Empty", "E101")])
        store.save(bad, run_id=run)
        assert store.find_coded("b1", bad.text_hash, h) is None


def test_resume_a_store_from_before_config_hashes_codes_again(tmp_path):
    with SQLiteStore(tmp_path / "w.db") as store:
        run = store.begin_run(CONFIG, "0")
        store.conn.execute("UPDATE runs SET config_hash = NULL")  # as migrated from an older store
        art = Article(id="a1", text=TEXT)
        store.save(art, run_id=run)
        assert store.find_coded("a1", art.text_hash, config_hash(CONFIG)) is None
