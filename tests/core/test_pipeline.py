"""The pipeline: stage instances built from config, settings checked, order checked, failures isolated."""

from __future__ import annotations

import pytest

from wirecoder.config import load_config
from wirecoder.doc import Article
from wirecoder.errors import ConfigError, WirecoderError
from wirecoder.pipeline import Pipeline, Stage
from wirecoder.registry import stages


class _Upper(Stage):
    requires = ("article.text",)
    assigns = ("article.user_data",)

    def __init__(self, suffix: str = "", fatal: bool = False) -> None:
        self.suffix = suffix
        self.fatal = fatal

    def __call__(self, article):
        if "boom" in article.text:
            raise RuntimeError("cannot handle boom")
        article.user_data["upper"] = article.text.upper() + self.suffix
        return article


class _NeedsMissing(Stage):
    requires = ("mentions.nothing",)


@stages.register("test.upper.v1")
def _make_upper(config: dict, *, suffix: str = "", fatal: bool = False) -> _Upper:
    return _Upper(suffix, fatal)


@stages.register("test.needs_missing.v1")
def _make_needs(config: dict) -> _NeedsMissing:
    return _NeedsMissing()


def _cfg(instances: dict[str, dict]) -> dict:
    cfg = load_config()
    cfg["pipeline"]["stages"] = list(instances)
    cfg["stages"] = {**cfg["stages"], **instances}
    return cfg


def test_pipeline_one_bad_document_does_not_stop_the_batch():
    pipe = Pipeline(_cfg({"upper": {"factory": "test.upper.v1"}}))
    arts = [Article(id=str(i), text=t) for i, t in enumerate(["riot in town", "boom", "clash at dawn"])]
    out = list(pipe.pipe(arts))
    assert [a.id for a in out] == ["0", "1", "2"]
    assert out[0].user_data["upper"] == "RIOT IN TOWN" and out[2].user_data["upper"] == "CLASH AT DAWN"
    assert out[1].errors[0].code == "E500" and "cannot handle boom" in out[1].errors[0].message
    assert not out[1].failed  # not a fatal stage: the document goes on to later stages


def test_pipeline_fatal_stage_fails_the_document_and_later_stages_skip_it():
    pipe = Pipeline(_cfg({"first": {"factory": "test.upper.v1", "fatal": True},
                          "second": {"factory": "test.upper.v1", "suffix": "!"}}))
    ok, bad = pipe.pipe([Article(id="a", text="riot"), Article(id="b", text="boom")])
    assert ok.user_data["upper"] == "RIOT!" and not ok.failed
    assert bad.failed and [e.stage for e in bad.errors] == ["first"]


def test_pipeline_instance_names_and_factories(pipeline):
    assert pipeline.stage_names == load_config()["pipeline"]["stages"]
    assert pipeline.get_stage("events").factory == "wirecoder.events.v1"
    assert [s.name for s in pipeline.stages if s.fatal] == ["analyse"]
    for stage in pipeline.stages:
        assert stage.assigns, f"{stage.name} declares nothing it assigns"


def test_pipeline_refuses_stage_whose_requirement_nobody_assigns():
    with pytest.raises(ConfigError, match="E003"):
        Pipeline(_cfg({"needs": {"factory": "test.needs_missing.v1"}}))


def test_pipeline_refuses_resolve_geo_before_events():
    cfg = load_config()
    order = cfg["pipeline"]["stages"]
    order.remove("resolve_geo")
    order.insert(order.index("events"), "resolve_geo")
    with pytest.raises(ConfigError, match=r"E003.*resolve_geo.*events"):
        Pipeline(cfg)


def test_pipeline_refuses_events_without_quote_mentions():
    cfg = load_config()
    cfg["pipeline"]["stages"].remove("quote_mentions")
    with pytest.raises(ConfigError, match=r"E003.*mentions\.quotes"):
        Pipeline(cfg)


def test_pipeline_unknown_factory_lists_options():
    with pytest.raises(WirecoderError, match="E001.*wirecoder.analyse.v1"):
        Pipeline(_cfg({"x": {"factory": "wirecoder.no_such_stage.v1"}}))


def test_pipeline_stage_without_factory_names_nearest_instance():
    cfg = load_config(overrides={"pipeline.stages": '["analyse", "evnts"]'})
    with pytest.raises(ConfigError, match=r"E009.*evnts.*Did you mean 'events'"):
        Pipeline(cfg)


def test_pipeline_dotted_instance_name_refused():
    cfg = load_config()
    cfg["pipeline"]["stages"] = ["wirecoder.analyse.v1"]
    with pytest.raises(ConfigError, match="E014"):
        Pipeline(cfg)


def test_pipeline_misspelt_stage_setting_is_coded_error_with_nearest():
    with pytest.raises(ConfigError, match=r"E006.*'sufix'.*Did you mean 'suffix'"):
        Pipeline(_cfg({"upper": {"factory": "test.upper.v1", "sufix": "!"}}))


def test_pipeline_stage_setting_of_wrong_type_is_coded_error():
    with pytest.raises(ConfigError, match=r"E007.*'suffix'.*str"):
        Pipeline(_cfg({"upper": {"factory": "test.upper.v1", "suffix": 3}}))


def test_pipeline_stage_setting_from_set_override():
    cfg = load_config(overrides={"stages.upper.factory": "test.upper.v1", "stages.upper.suffix": "?",
                                 "pipeline.stages": '["upper"]'})
    art = Pipeline(cfg)(Article(id="a", text="x"))
    assert art.user_data["upper"] == "X?"


def test_pipeline_builtin_stage_setting_reachable_with_set():
    cfg = load_config(overrides={"stages.resolve_fatalities.max_sentence_distance": "1"})
    assert cfg["stages"]["resolve_fatalities"] == {"factory": "wirecoder.resolve_fatalities.v1",
                                                  "max_sentence_distance": 1}
    stage = Pipeline(cfg).get_stage("resolve_fatalities")
    assert stage.max_sentence_distance == 1
