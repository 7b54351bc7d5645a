"""The pipeline runner: stage order checks, per-document error isolation, config overrides."""

from __future__ import annotations

import pytest

from wirecoder.config import load_config
from wirecoder.doc import Article
from wirecoder.errors import ConfigError
from wirecoder.pipeline import Pipeline, Stage
from wirecoder.registry import stages


class _Upper(Stage):
    requires = ("article.text",)
    assigns = ("article.extra.upper",)

    def __call__(self, article):
        if "boom" in article.text:
            raise RuntimeError("cannot handle boom")
        article.extra["upper"] = article.text.upper()
        return article


class _NeedsMissing(Stage):
    requires = ("mentions.nothing",)


@stages.register("test.upper.v1")
def _make_upper(config, **settings):
    return _Upper()


@stages.register("test.needs_missing.v1")
def _make_needs(config, **settings):
    return _NeedsMissing()


def _cfg(names):
    cfg = load_config()
    cfg["pipeline"]["stages"] = names
    return cfg


def test_pipeline_one_bad_document_does_not_stop_the_batch():
    pipe = Pipeline(_cfg(["test.upper.v1"]))
    arts = [Article(id=str(i), text=t) for i, t in enumerate(["riot in town", "boom", "clash at dawn"])]
    out = list(pipe.pipe(arts))
    assert [a.id for a in out] == ["0", "1", "2"]
    assert out[0].extra["upper"] == "RIOT IN TOWN" and out[2].extra["upper"] == "CLASH AT DAWN"
    assert out[1].errors[0].code == "E500" and "cannot handle boom" in out[1].errors[0].message


def test_pipeline_refuses_stage_whose_requirement_nobody_assigns():
    with pytest.raises(ConfigError, match="E003"):
        Pipeline(_cfg(["test.needs_missing.v1"]))


def test_pipeline_unknown_stage_lists_options():
    with pytest.raises(Exception, match="E001.*wirecoder.analyse.v1"):
        Pipeline(_cfg(["wirecoder.no_such_stage.v1"]))


def test_pipeline_config_overrides_and_env(monkeypatch, tmp_path):
    cfg = load_config(overrides={"nlp.batch_size": "8"})
    assert cfg["nlp"]["batch_size"] == 8
    monkeypatch.setenv("WIRECODER_MODEL", "some_other_pipeline")
    assert load_config()["nlp"]["model"] == "some_other_pipeline"
    user = tmp_path / "c.toml"
    user.write_text('[store]\npath = "x.db"\n', encoding="utf-8")
    assert load_config(user)["store"]["path"] == "x.db"
    user.write_text("[nonsense]\na = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="E004"):
        load_config(user)


def test_pipeline_default_stages_are_registered(pipeline):
    assert pipeline.stage_names == load_config()["pipeline"]["stages"]
    for stage in pipeline.stages:
        assert stage.assigns, f"{stage.name} declares nothing it assigns"
