"""The SQLite store: tables filled from records; re-coding replaces; failures are recorded."""

from __future__ import annotations

from wirecoder.doc import (
    ActorMention,
    Article,
    Event,
    EventActor,
    EventDate,
    Fatalities,
    Location,
    PlaceMention,
    Span,
    StageError,
)
from wirecoder.store.sqlite import Store

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
    with Store(":memory:") as store:
        store.save(make_article())
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("actors") == 2
        assert store.count("places") == 1
        assert store.count("evidence") == 1
        row = store.conn.execute("SELECT actor1, fatalities_best, latitude, geo_precision FROM events").fetchone()
        assert row == ("Military Forces of Syria", 12, 35.93, 1)


def test_sqlite_recoding_same_id_replaces_not_duplicates():
    with Store(":memory:") as store:
        store.save(make_article(n_events=2))
        store.save(make_article(n_events=1))
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("evidence") == 1


def test_sqlite_same_text_under_new_id_replaces():
    with Store(":memory:") as store:
        store.save(make_article(id="old"))
        store.save(make_article(id="new"))
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert ids == ["new"]


def test_sqlite_failed_document_recorded_and_existing_rows_kept():
    with Store(":memory:") as store:
        store.save(make_article(id="good"))
        bad = Article(id="bad", text="")
        bad.errors.append(StageError("ingest", "[E101] Empty document: 'bad' has no text.", "E101"))
        bad.extra["failed"] = True
        store.save(bad)
        assert store.count("articles") == 1
        assert store.conn.execute("SELECT article_id, code FROM errors").fetchall() == [("bad", "E101")]


def test_sqlite_migrations_recorded_once(tmp_path):
    path = tmp_path / "w.db"
    with Store(path) as s1:
        s1.save(make_article())
    with Store(path) as s2:
        assert s2.migrate() == []
        assert s2.count("articles") == 1
        assert [r[0] for r in s2.conn.execute("SELECT name FROM migrations")] == ["0001_initial"]


def test_sqlite_records_round_trip():
    with Store(":memory:") as store:
        art = make_article()
        store.save(art)
        (rec,) = store.records()
        assert rec == art.to_record()
