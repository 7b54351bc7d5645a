"""Configuration: defaults, user files, --set overrides; every key checked, misspellings named."""

from __future__ import annotations

import pytest

from wirecoder.config import load_config
from wirecoder.errors import ConfigError


def test_config_overrides_are_parsed_as_toml_literals():
    cfg = load_config(overrides={"nlp.batch_size": "8", "nlp.line_breaks": "false"})
    assert cfg["nlp"]["batch_size"] == 8 and cfg["nlp"]["line_breaks"] is False


def test_config_env_model(monkeypatch):
    monkeypatch.setenv("WIRECODER_MODEL", "some_other_pipeline")
    assert load_config()["nlp"]["model"] == "some_other_pipeline"


def test_config_user_file_overrides_only_its_keys(tmp_path):
    user = tmp_path / "c.toml"
    user.write_text('[store]\nurl = "x.db"\n[stages.events]\nfactory = "myproject.events.v1"\n', encoding="utf-8")
    cfg = load_config(user)
    assert cfg["store"]["url"] == "x.db" and cfg["nlp"]["batch_size"] == 32
    assert cfg["stages"]["events"]["factory"] == "myproject.events.v1"
    assert cfg["stages"]["analyse"]["factory"] == "wirecoder.analyse.v1"


@pytest.mark.parametrize(
    ("override", "pattern"),
    [
        ("nlp.modle", r"E004.*'nlp.modle'.*Did you mean 'model'"),
        ("nlpp.model", r"E004.*'nlpp'.*Did you mean 'nlp'"),
        ("store.path", r"E004.*'store.path'.*url"),
        ("batch_size", r"E004"),
    ],
)
def test_config_unknown_set_key_is_coded_error_naming_the_nearest(override, pattern):
    with pytest.raises(ConfigError, match=pattern):
        load_config(overrides={override: "x"})


def test_config_unknown_key_in_user_file(tmp_path):
    user = tmp_path / "c.toml"
    user.write_text("[nlp]\nbatch_sise = 4\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"E004.*batch_sise.*Did you mean 'batch_size'"):
        load_config(user)
    user.write_text("[nonsense]\na = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="E004"):
        load_config(user)


def test_config_stage_table_must_be_a_table(tmp_path):
    user = tmp_path / "c.toml"
    user.write_text('[stages]\nevents = "wirecoder.events.v1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="E008"):
        load_config(user)


def test_config_unreadable_file(tmp_path):
    with pytest.raises(ConfigError, match="E002"):
        load_config(tmp_path / "missing.toml")
