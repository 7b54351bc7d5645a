"""Several real processes on one SQLite store: fresh-store migrations, overlapping writers, nothing lost."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3

from wirecoder.store.sqlite import MIGRATIONS, SQLiteStore

from .test_sqlite import TEXT, make_article

#: Processes and articles per process; process i writes ids i*STEP .. i*STEP+PER-1, so neighbours overlap.
PROCS, PER, STEP = 4, 30, 10


def _open(path: str, barrier, out) -> None:
    barrier.wait()
    try:
        with SQLiteStore(path) as store:
            out.put(("ok", store.count("runs")))
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(("error", repr(exc)))


def _write(path: str, index: int, barrier, out) -> None:
    barrier.wait()
    try:
        with SQLiteStore(path) as store:
            run = store.begin_run({"process": index}, "test")
            for n in range(index * STEP, index * STEP + PER):
                store.save(make_article(id=f"a{n:03d}", text=f"{TEXT} ({n})", n_events=1 + n % 3), run_id=run)
        out.put(("ok", index))
    except Exception as exc:
        out.put(("error", repr(exc)))


def _run(target, args_for, n: int) -> list:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args_for(i), barrier, out)) for i in range(n)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


def test_concurrency_three_processes_open_a_fresh_store_at_once(tmp_path):
    for attempt in range(3):
        path = str(tmp_path / f"fresh{attempt}.db")
        results = _run(_open, lambda _i, path=path: (path,), 3)
        assert [r[0] for r in results] == ["ok"] * 3, results
        con = sqlite3.connect(path)
        names = [r[0] for r in con.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == sorted(m[0] for m in MIGRATIONS)  # each applied exactly once
        con.close()


def test_concurrency_overlapping_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "w.db")
    SQLiteStore(path).close()  # migrated already: this test is about the writers
    results = _run(_write, lambda i: (path, i), PROCS)
    assert sorted(results) == [("ok", i) for i in range(PROCS)], results
    ids = [f"a{n:03d}" for n in range((PROCS - 1) * STEP + PER)]
    with SQLiteStore(path) as store:
        assert [r["article"]["id"] for r in store.articles()] == ids
        assert store.count("runs") == PROCS
        # every article holds exactly one coding's events: none lost, none duplicated
        per_article = dict(store.conn.execute("SELECT article_id, COUNT(*) FROM events GROUP BY article_id"))
        assert per_article == {f"a{n:03d}": 1 + n % 3 for n in range(len(ids))}
        assert store.count("evidence") == sum(per_article.values())
        assert store.count("places") == len(ids)
