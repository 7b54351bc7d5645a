"""Cross-article event clusters in the SQLite store: joining, sources, fatalities, splits, stable ids, copies."""

from __future__ import annotations

from datetime import date

import pytest

from tests.store.test_sqlite import make_article
from wirecoder.cluster import match
from wirecoder.doc import EventActor, EventDate, Fatalities, Location
from wirecoder.errors import WirecoderError
from wirecoder.store.sqlite import SQLiteStore

OTHER = "Government artillery hit Idlib city early on Monday; a dozen civilians died, a monitor said."


def report(aid: str, text: str, *, killed: int = 12, published: str = "2020-01-14", **change):
    """An article reporting the Idlib shelling (make_article), changed as asked."""
    art = make_article(aid, text)
    art.published = date.fromisoformat(published)
    ev = art.events[0]
    ev.id = f"{aid}-e1"
    ev.fatalities = Fatalities(killed, killed, killed, f"killing {killed}")
    for key, value in change.items():
        setattr(ev, key, value)
    return art


def clusters_of(store: SQLiteStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in store.events(modality="asserted"):
        out.setdefault(row["cluster_id"], []).append(row["article_id"])
    return out


def test_reports_of_one_event_from_two_articles_join_one_cluster():
    with SQLiteStore(":memory:") as store:
        store.save(report("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians."))
        store.save(report("a2", OTHER, killed=14, published="2020-01-15"))
        groups = clusters_of(store)
        assert list(groups.values()) == [["a1", "a2"]]
        (cid,) = groups
        assert all(r["n_sources"] == 2 for r in store.events())
        cluster = store.get_cluster(cid)
        assert cluster["n_sources"] == 2 and cluster["first_reported"] == "2020-01-14"
        assert cluster["last_reported"] == "2020-01-15"
        # the newest report's figure, conservative reading: 14; high the highest credible
        assert (cluster["fatalities_best"], cluster["fatalities_high"]) == (14, 14)
        assert [s["article_id"] for s in cluster["sources"]] == ["a1", "a2"]
        assert all(s["evidence"] and s["evidence"][0]["text"] for s in cluster["sources"])
        assert store.count_events(min_sources=2) == 2 and store.count_events(min_sources=3) == 0


def test_different_place_type_family_date_or_actors_stay_apart():
    far = Location("Aleppo", 170063, 36.20, 37.16, "SY", "Aleppo", 1)  # about 100 km from Idlib
    protest = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor2": None}
    later = EventDate("2020-01-20", "2020-01-20", 1, "on Monday")
    rebels = EventActor("rebels", "Hayat Tahrir al-Sham", "Rebel Groups", 2, "SY")
    with SQLiteStore(":memory:") as store:
        store.save(report("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians."))
        store.save(report("b1", "Shelling in Aleppo.", location=far))
        store.save(report("b2", "A protest in Idlib.", **protest))
        store.save(report("b3", "Shelling a week later.", date=later))
        store.save(report("b4", "Rebels shelled Idlib.", actor1=rebels))
        assert sorted(map(len, clusters_of(store).values())) == [1, 1, 1, 1, 1]


def test_missing_actor_and_region_level_place_still_join():
    idlib_province = Location("Idlib Governorate", 169387, 35.8, 36.6, "SY", "Idlib", 3)
    with SQLiteStore(":memory:") as store:
        store.save(report("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians."))
        store.save(report("a2", OTHER, actor1=None, location=idlib_province))
        assert list(clusters_of(store).values()) == [["a1", "a2"]]


def test_outlying_toll_is_not_credible():
    with SQLiteStore(":memory:") as store:
        store.save(report("a1", "first", killed=10, published="2020-01-14"))
        store.save(report("a2", "second", killed=12, published="2020-01-15"))
        store.save(report("a3", "third", killed=300, published="2020-01-16"))  # a misread figure
        (cid,) = clusters_of(store)
        cluster = store.get_cluster(cid)
        assert (cluster["fatalities_best"], cluster["fatalities_high"]) == (12, 12)


def test_cluster_ids_are_stable_and_recoding_changes_nothing(tmp_path):
    texts = [("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians."), ("a2", OTHER)]
    ids = []
    for name in ("one.db", "two.db"):
        with SQLiteStore(tmp_path / name) as store:
            for aid, text in texts:
                store.save(report(aid, text))
            ids.append(clusters_of(store))
            for aid, text in texts:  # coded again: same clusters, same counts
                store.save(report(aid, text))
            assert clusters_of(store) == ids[-1] and store.count("clusters") == 1
    assert ids[0] == ids[1] and next(iter(ids[0])) == match.cluster_id("a1:a1-e1")


def test_split_survives_recoding():
    with SQLiteStore(":memory:") as store:
        for aid in ("a1", "a2", "a3"):
            store.save(report(aid, f"Troops shelled Idlib ({aid})."))
        (cid,) = clusters_of(store)
        new = store.split_cluster(cid, ["a3:a3-e1"])
        assert sorted(clusters_of(store).values()) == [["a1", "a2"], ["a3"]]
        assert store.get_cluster(new)["n_sources"] == 1 and store.get_cluster(cid)["n_sources"] == 2
        store.save(report("a3", "Troops shelled Idlib (a3)."))  # coded again: stays apart, same ids
        store.save(report("a1", "Troops shelled Idlib (a1)."))
        assert sorted(clusters_of(store).values()) == [["a1", "a2"], ["a3"]]
        assert set(clusters_of(store)) == {cid, new}
        with pytest.raises(WirecoderError, match="E606"):
            store.split_cluster(cid, ["a1:a1-e1", "a2:a2-e1"])  # would leave it empty


WIRE = (
    "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, killing five "
    "civilians including two children, the Syrian Observatory for Human Rights said. The bombardment hit a "
    "market and a bakery in the town centre, according to local rescue workers, who said the toll could rise."
)


def test_copied_wire_story_is_linked_and_not_counted_twice():
    with SQLiteStore(":memory:") as store:
        store.save(report("wire", WIRE))
        store.save(report("copy", "Updated 10:42 GMT. " + WIRE + " Reporting by staff."))
        store.save(report("own", OTHER))
        links = list(store.duplicates())
        assert [(x["article_id"], x["duplicate_of"]) for x in links] == [("copy", "wire")]
        assert links[0]["similarity"] >= 0.8
        (cid,) = clusters_of(store)
        cluster = store.get_cluster(cid)
        assert cluster["n_events"] == 3 and cluster["n_sources"] == 2  # the copy is no independent source
        assert {s["article_id"]: s["duplicate_of"] for s in cluster["sources"]}["copy"] == "wire"


def test_per_cluster_rows_stand_for_each_real_event_once():
    with SQLiteStore(":memory:") as store:
        store.save(report("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians.", killed=10))
        store.save(report("a2", OTHER, killed=14, published="2020-01-15"))
        store.save(report("b1", "A protest in Idlib.", event_type="Protests", sub_event_type="Peaceful protest"))
        rows = list(store.events(per_cluster=True))
        assert [r["article_id"] for r in rows] == ["a1", "b1"]  # the shelling once, by its founding report
        assert rows[0]["fatalities"] == 14 and rows[0]["n_sources"] == 2  # the cluster's toll, not a1's 10
        assert store.count_events(per_cluster=True) == 2 and store.stats(per_cluster=True)["total"] == 2
        # the founding article coded anew without the event: another member stands for the cluster, same id
        (cid,) = {r["cluster_id"] for r in store.events() if r["article_id"] == "a1"}
        quiet = make_article("a1", "Troops shelled the town of Idlib on Monday, killing 12 civilians.", n_events=0)
        store.save(quiet)
        (row,) = [r for r in store.events(per_cluster=True) if r["cluster_id"] == cid]
        assert row["article_id"] == "a2"
