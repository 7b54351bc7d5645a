"""The SQLite store: tables filled from records; re-coding replaces; failures are recorded; runs and queries."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import pytest

from wirecoder.doc import (
    ActorMention,
    Article,
    Attribution,
    Event,
    EventActor,
    EventDate,
    Fatalities,
    Location,
    PlaceMention,
    Span,
    StageError,
)
from wirecoder.errors import WirecoderError
from wirecoder.store.sqlite import MIGRATIONS, SQLiteStore

TEXT = "Troops shelled the town of Idlib on Monday, killing 12 civilians."


def make_article(id: str = "a1", text: str = TEXT, n_events: int = 1) -> Article:
    art = Article(id=id, text=text)
    art.mentions.places.append(
        PlaceMention("Idlib", 27, 32, name="Idlib", geonames_id=169388, lat=35.93, lon=36.63, country_code="SY")
    )
    art.mentions.actors.append(ActorMention("Troops", 0, 6, canonical="Military Forces of Syria", country="SY"))
    for i in range(n_events):
        art.events.append(
            Event(
                id=f"e{i + 1}",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                date=EventDate("2020-01-13", "2020-01-13", 1, "on Monday"),
                actor1=EventActor("Troops", "Military Forces of Syria", "State Forces", 1, "SY"),
                actor2=EventActor("civilians", "Civilians (Syria)", "Civilians", 7, "SY"),
                location=Location("Idlib", 169388, 35.93, 36.63, "SY", "Idlib", 1),
                fatalities=Fatalities(12, 12, 12, "killing 12 civilians"),
                evidence=[Span(0, 14, "Troops shelled")],
                confidence=0.9,
                summary="Troops shelled Idlib.",
            )
        )
    return art


def test_sqlite_save_fills_tables():
    with SQLiteStore(":memory:") as store:
        store.save(make_article())
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("actors") == 2
        assert store.count("places") == 1
        assert store.count("evidence") == 1
        row = store.conn.execute("SELECT actor1, fatalities, latitude, geo_precision FROM events").fetchone()
        assert row == ("Military Forces of Syria", 12, 35.93, 1)


def test_sqlite_recoding_same_id_replaces_not_duplicates():
    with SQLiteStore(":memory:") as store:
        store.save(make_article(n_events=2))
        store.save(make_article(n_events=1))
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("evidence") == 1


def test_sqlite_same_text_under_new_id_replaces():
    with SQLiteStore(":memory:") as store:
        store.save(make_article(id="old"))
        store.save(make_article(id="new"))
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert ids == ["new"]


def test_sqlite_failed_document_recorded_and_existing_rows_kept():
    with SQLiteStore(":memory:") as store:
        store.save(make_article(id="good"))
        bad = Article(id="bad", text="")
        bad.errors.append(StageError("ingest", "[E101] Empty document: 'bad' has no text.", "E101"))
        bad.failed = True
        store.save(bad)
        assert store.count("articles") == 1
        assert store.conn.execute("SELECT article_id, code FROM errors").fetchall() == [("bad", "E101")]


def test_sqlite_migrations_recorded_once(tmp_path):
    path = tmp_path / "w.db"
    with SQLiteStore(path) as s1:
        s1.save(make_article())
    with SQLiteStore(path) as s2:
        assert s2.migrate() == []
        assert s2.count("articles") == 1
        assert [r[0] for r in s2.conn.execute("SELECT name FROM migrations")] == [m[0] for m in MIGRATIONS]


def test_sqlite_records_round_trip():
    with SQLiteStore(":memory:") as store:
        art = make_article()
        store.save(art)
        (rec,) = store.articles()
        assert rec == art.to_record()
        assert store.get_article("a1") == rec and store.get_article("nope") is None


def test_sqlite_follows_the_store_protocol_and_opens_by_url(tmp_path):
    from wirecoder.store.base import Store, open_store

    with open_store(tmp_path / "a.db") as s1:
        assert isinstance(s1, Store) and isinstance(s1, SQLiteStore)
    with open_store(f"sqlite:///{tmp_path}/b.db") as s2:  # sqlite:/// + absolute path = four slashes
        assert s2.path == f"{tmp_path}/b.db" and s2.url.startswith("sqlite:///")
    with open_store("sqlite://") as s3:
        assert s3.path == ":memory:"
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()


def test_sqlite_unknown_scheme_names_the_registered_ones():
    from wirecoder.errors import ConfigError
    from wirecoder.store.base import open_store

    with pytest.raises(ConfigError) as exc:
        open_store("mysql://localhost/events")
    message = str(exc.value)
    assert exc.value.code == "E602" and "'mysql'" in message and "sqlite" in message and "postgresql" in message


def test_sqlite_a_registered_store_is_opened_for_its_scheme(monkeypatch):
    from tests.core.test_registry import isolate
    from wirecoder.registry import stores
    from wirecoder.store.base import open_store

    isolate(stores, monkeypatch)
    opened = []

    @stores.register("memtest")
    def open_memtest(url):
        opened.append(url)
        return SQLiteStore(":memory:", url=url)

    with open_store("memtest://anything") as store:
        assert store.url == "memtest://anything" and opened == ["memtest://anything"]


def test_sqlite_run_records_its_config_and_articles_point_to_it():
    with SQLiteStore(":memory:") as store:
        config = {"pipeline": {"stages": ["analyse", "events"]}, "stages": {"events": {"min_score": 2}}}
        run1 = store.begin_run(config, "1.2.3")
        store.save(make_article(id="a1"), run_id=run1)
        run2 = store.begin_run({"other": True}, "1.2.4")
        store.save(make_article(id="a2", text="Police fired on protesters in Kano."), run_id=run2)
        bad = Article(id="bad", text="")
        bad.errors.append(StageError("ingest", "[E101] Empty document: 'bad' has no text.", "E101"))
        bad.failed = True
        store.save(bad, run_id=run2)
        runs = list(store.runs())
        assert [(r["id"], r["version"], r["config"]) for r in runs] == [
            (run1, "1.2.3", config),
            (run2, "1.2.4", {"other": True}),
        ]
        assert [r["article"]["id"] for r in store.articles(run_id=run1)] == ["a1"]
        assert [e["article_id"] for e in store.events(run_id=run2)] == ["a2"]
        assert [(e["article_id"], e["code"], e["run_id"]) for e in store.errors()] == [("bad", "E101", run2)]
        assert list(store.errors(run_id=run1)) == []


def test_sqlite_unknown_run_is_a_coded_error():
    with SQLiteStore(":memory:") as store, pytest.raises(WirecoderError) as exc:
        store.save(make_article(), run_id="no-such-run")
    assert exc.value.code == "E603"


def test_sqlite_event_queries_filter():
    with SQLiteStore(":memory:") as store:
        store.save(make_article(id="a1", n_events=2))
        other = make_article(id="a2", text="Protesters marched in Nairobi.")
        ev = other.events[0]
        ev.event_type, ev.sub_event_type = "Protests", "Peaceful protest"
        ev.date = EventDate("2021-05-01", "2021-05-03", 1, "in early May")
        ev.location = Location("Nairobi", 184745, -1.28, 36.82, "KE", "Nairobi", 1)
        ev.modality = "negated"
        store.save(other)

        def ids(**filters):
            return [e["event_id_cnty"] for e in store.events(**filters)]

        assert ids() == ["a1:e1", "a1:e2", "a2:e1"]
        assert ids(article_id="a2") == ["a2:e1"]
        assert ids(event_type="Protests") == ["a2:e1"]
        assert ids(sub_event_type="Shelling/artillery/missile attack") == ["a1:e1", "a1:e2"]
        assert ids(country="ke") == ["a2:e1"]
        assert ids(date_from="2021-05-02") == ["a2:e1"]  # overlaps 2021-05-01..03
        assert ids(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)) == ["a1:e1", "a1:e2"]
        assert ids(modality="asserted") == ["a1:e1", "a1:e2"]
        assert ids(limit=1, offset=1) == ["a1:e2"]
        assert ids(country="KE", modality="asserted") == []
        (hit,) = store.events(article_id="a2")
        assert hit["event"] == other.to_record()["events"][0]  # the wirecoder/1 event object
        assert hit["country"] == "Kenya" and hit["notes"] == "Troops shelled Idlib."


def test_sqlite_event_rows_are_the_export_rows():
    """One flattening: the store's events table holds exactly the CSV rows (export/rows.py)."""
    from wirecoder.export.rows import COLUMNS, event_rows

    art = make_article(n_events=2)
    art.source = "Reuters"
    art.events[0].attribution = Attribution(source="the Syrian Observatory", text="according to")
    with SQLiteStore(":memory:") as store:
        store.save(art)
        stored = [{c: e[c] for c in COLUMNS} for e in store.events()]
        names = [d[1] for d in store.conn.execute("PRAGMA table_info(events)")]
    # the store adds what only it knows: the event's cross-article cluster (the two events of one article
    # never share one) and its number of sources
    assert [r.pop("cluster_id") is not None for r in stored] == [True, True]
    flat = event_rows(art.to_record(), include_all=True)
    assert stored == [{k: v for k, v in r.items() if k != "cluster_id"} for r in flat]
    assert {"id", *COLUMNS, "record"} <= set(names)  # every column stored (columns a migration adds come last)
    assert stored[0]["source"] == "Reuters" and stored[0]["attribution"] == "the Syrian Observatory"


def test_sqlite_migrates_an_old_store_keeping_its_articles(tmp_path):
    """A store made before runs (only 0001_initial) gets the runs table and its events re-flattened."""
    path = tmp_path / "old.db"
    art = make_article()
    art.source = "AFP"
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0][1])
    con.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    con.execute("INSERT INTO migrations VALUES ('0001_initial', '2024-01-01T00:00:00+00:00')")
    con.execute(
        "INSERT INTO articles (id, text_hash, text, status, schema, coded_at, record) VALUES (?,?,?,?,?,?,?)",
        (art.id, art.text_hash, art.text, "ok", "wirecoder/1", "2024-01-01", json.dumps(art.to_record())),
    )
    con.execute("INSERT INTO events (id, article_id, source, record) VALUES ('e1', 'a1', 'someone', '{}')")
    con.commit()
    con.close()
    with SQLiteStore(path) as store:
        (row,) = store.events()
        assert row["source"] == "AFP" and row["event_id_cnty"] == "a1:e1" and row["fatalities"] == 12
        assert store.count("runs") == 0 and store.get_article("a1") == art.to_record()
        # 0005: the new ACLED columns filled, the event clustered, the text's MinHash stored
        assert row["disorder_type"] == "Political violence" and row["region"] == "Middle East"
        assert row["cluster_id"] == "c-" + hashlib.sha256(b"a1:e1").hexdigest()[:16]
        assert store.get_cluster(row["cluster_id"])["n_sources"] == 1 and store.count("article_minhash") == 1


def test_sqlite_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    import wirecoder.store.sqlite as sqlite_store

    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        store.save(make_article())
    bad = ("9999_bad", "CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);", None)
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", [*MIGRATIONS, bad])
    with pytest.raises(WirecoderError) as exc:
        SQLiteStore(path)
    assert exc.value.code == "E601"
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []
    assert "9999_bad" not in {r[0] for r in con.execute("SELECT name FROM migrations")}


def _failed(id: str, code: str = "E101") -> Article:
    bad = Article(id=id, text="")
    bad.errors.append(StageError("ingest", f"[{code}] Empty document: '{id}' has no text.", code))
    bad.failed = True
    return bad


def test_sqlite_failed_reread_keeps_the_earlier_good_coding(tmp_path):
    """Issue #16: the file is now empty (same id): its error is recorded, the old article and events stay."""
    with SQLiteStore(tmp_path / "w.db") as store:
        good = make_article(id="story")
        store.save(good)
        before = store.get_article("story")
        store.save(_failed("story"))
        store.save(_failed("story", "E103"))
        assert store.get_article("story") == before == good.to_record()
        assert store.count("events") == 1 and store.count("evidence") == 1 and store.count("places") == 1
        assert [e["code"] for e in store.errors(article_id="story")] == ["E101", "E103"]


def test_sqlite_a_good_recoding_after_a_failure_clears_its_errors():
    with SQLiteStore(":memory:") as store:
        store.save(_failed("story"))
        store.save(make_article(id="story"))
        assert list(store.errors(article_id="story")) == []
        assert store.count("articles") == 1


def test_sqlite_file_store_is_wal_with_a_busy_timeout(tmp_path):
    with SQLiteStore(tmp_path / "w.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_sqlite_an_open_read_transaction_does_not_block_a_writer(tmp_path):
    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        store.save(make_article(id="a"))
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)  # holds a read snapshot
    with SQLiteStore(path, timeout=1.0) as writer:
        writer.save(make_article(id="b", text=TEXT + " (b)"))
        writer.save(make_article(id="a"))  # re-coding while the reader still reads
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)  # its snapshot
    reader.execute("COMMIT")
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (2,)
    reader.close()


def test_sqlite_two_stores_recoding_the_same_article_is_an_upsert(tmp_path):
    """Two connections (as two runs over overlapping input) save the same id and the same text: no UNIQUE error."""
    path = tmp_path / "w.db"
    with SQLiteStore(path) as one, SQLiteStore(path) as two:
        r1, r2 = one.begin_run({}, "test"), two.begin_run({}, "test")
        for _ in range(2):
            one.save(make_article(id="a", n_events=2), run_id=r1)
            two.save(make_article(id="a", n_events=1), run_id=r2)
            two.save(make_article(id="b", text=TEXT + " b"), run_id=r2)
            one.save(make_article(id="b", text=TEXT + " b", n_events=3), run_id=r1)
        assert one.count("articles") == 2
        assert one.count("events") == 1 + 3
        assert one.conn.execute("SELECT COUNT(*) FROM events WHERE article_id = 'a'").fetchone() == (1,)


def test_sqlite_refuses_a_sqlite_file_that_is_not_a_store_and_leaves_it_unchanged(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('Ada')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(WirecoderError) as exc:
        SQLiteStore(path)
    assert exc.value.code == "E604" and "customers" in str(exc.value) and str(path) in str(exc.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]  # no -wal / -shm left behind


def test_sqlite_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not a database\n" * 20, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(WirecoderError) as exc:
        SQLiteStore(path)
    assert exc.value.code == "E601"
    assert path.read_bytes() == before


def test_sqlite_an_empty_file_becomes_a_store(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with SQLiteStore(path) as store:
        assert [r[0] for r in store.conn.execute("SELECT name FROM migrations")] == [m[0] for m in MIGRATIONS]


def test_sqlite_migration_statements_split_like_sqlite():
    from wirecoder.store.sqlite import _statements

    script = (
        "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');\nINSERT INTO t VALUES ('c');\n-- end\n"
    )
    assert list(_statements(script)) == [
        "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');",
        "INSERT INTO t VALUES ('c');",
    ]
    for _name, sql, _step in MIGRATIONS:
        assert all(sqlite3.complete_statement(s) for s in _statements(sql))


def test_sqlite_a_writer_waits_for_another_writer_then_saves(tmp_path):
    import threading

    path = tmp_path / "w.db"
    SQLiteStore(path).close()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    with SQLiteStore(path, timeout=10.0) as store:
        store.save(make_article(id="a"))
        assert store.count("articles") == 1
    other.close()


def test_sqlite_a_lock_held_past_the_timeout_is_a_coded_error_and_changes_nothing(tmp_path):
    path = tmp_path / "w.db"
    with SQLiteStore(path) as store:
        store.save(make_article(id="a"))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with SQLiteStore(path, timeout=0.2) as store:
        with pytest.raises(WirecoderError) as exc:
            store.save(make_article(id="a", n_events=3))
        assert exc.value.code == "E605" and "'a'" in str(exc.value)
        other.execute("ROLLBACK")
        assert store.count("events") == 1 and not store.conn.in_transaction
        store.save(make_article(id="a", n_events=3))  # the store is still usable
        assert store.count("events") == 3
    other.close()


def test_sqlite_refreshes_planner_statistics_as_the_store_grows(tmp_path, monkeypatch):
    from wirecoder.store import sqlite as module

    monkeypatch.setattr(module, "ANALYZE_FROM", 3)
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        store.save(make_article("a1", n_events=2))
    with SQLiteStore(path) as store:  # 2 events: below the threshold, no statistics yet
        assert store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
        store.save(make_article("a2", "Troops shelled Idlib again on Tuesday.", n_events=2))
    with SQLiteStore(path) as store:
        rows = {int(s.split()[0]) for (s,) in store.conn.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events'")}
    assert rows == {4}
