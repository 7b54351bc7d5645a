"""The service layer: what every front end calls; the CLI is one of them."""

from __future__ import annotations

from datetime import date

import pytest

from wirecoder import service
from wirecoder.errors import ConfigError, WirecoderError

STORY = (
    "Gunmen killed 12 villagers in an attack on Tudun Wada village in Zamfara state, Nigeria, on "
    "Tuesday, police said."
)


@pytest.fixture(scope="module")
def pipe():
    return service.make_pipeline(service.load_settings())


def test_service_code_text_stores_events_with_the_run_config(pipe, tmp_path):
    store = service.open_store(str(tmp_path / "s.db"))
    art = service.code_text(STORY, pipe, id="ng1", published=date(2021, 6, 3), store=store)
    assert not art.failed and art.published == date(2021, 6, 3)
    kinds = {e.sub_event_type for e in art.events}
    assert "Attack" in kinds
    rows = service.query_events(store, article_id="ng1")
    assert {r["sub_event_type"] for r in rows} == {e.sub_event_type for e in art.events}
    assert service.query_events(store, article_id="none") == []
    runs = list(store.runs())
    assert len(runs) == 1 and runs[0]["config"]["pipeline"]["stages"] == pipe.config["pipeline"]["stages"]
    store.close()


def test_service_code_text_takes_an_iso_date_string(pipe):
    art = service.code_text(STORY, pipe, published="2021-06-03")
    assert art.published == date(2021, 6, 3)
    assert art.to_record()["article"]["published"] == "2021-06-03"
    with pytest.raises(ValueError):
        service.code_text(STORY, pipe, published="3 June")


def test_service_store_url_from_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = service.load_settings(overrides={"store.url": "sqlite:///from_config.db"})
    service.open_store(None, cfg).close()
    assert (tmp_path / "from_config.db").exists()
    with pytest.raises(WirecoderError, match="E602"):
        service.open_store("mysql://nowhere/db")


def test_service_geoparse_runs_only_the_place_stages(tmp_path):
    from wirecoder.ingest.readers import article_from_text

    arts = list(service.geoparse([article_from_text(STORY, id="g")]))
    assert not arts[0].events
    assert any(p.country_code == "NG" for p in arts[0].mentions.places)


def test_service_only_keeps_configured_order():
    pipe = service.make_pipeline(only=("resolve_geo", "analyse", "place_mentions"))
    assert pipe.stage_names == ["analyse", "place_mentions", "resolve_geo"]


def test_service_code_file_registers_a_stage_reachable_from_config(tmp_path):
    plugin = tmp_path / "shout.py"
    plugin.write_text(
        "from wirecoder.pipeline import Stage\n"
        "from wirecoder.registry import stages\n\n"
        "class Shout(Stage):\n"
        "    requires = ('article.text',)\n"
        "    assigns = ('article.user_data',)\n"
        "    def __init__(self, mark):\n"
        "        self.mark = mark\n"
        "    def __call__(self, article):\n"
        "        article.user_data['shout'] = article.text.upper() + self.mark\n"
        "        return article\n\n"
        "@stages.register('test.shout.v1')\n"
        "def make_shout(config: dict, *, mark: str = '!') -> Shout:\n"
        "    return Shout(mark)\n",
        encoding="utf-8",
    )
    cfg = service.load_settings(
        overrides={"stages.shout.factory": "test.shout.v1", "stages.shout.mark": "?", "pipeline.stages": '["shout"]'},
        code=[plugin],
    )
    art = service.code_text("riot", service.make_pipeline(cfg))
    assert art.user_data["shout"] == "RIOT?"
    cfg = service.load_settings(overrides={"stages.shout.factory": "test.shout.v1", "stages.shout.marc": "?",
                                           "pipeline.stages": '["shout"]'})
    with pytest.raises(ConfigError, match=r"E006.*Did you mean 'mark'"):
        service.make_pipeline(cfg)
