"""``wirecoder stages`` and configuration mistakes on the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from wirecoder.cli import app

runner = CliRunner()


def test_stages_lists_pipeline_contract_and_factory_settings():
    result = runner.invoke(app, ["stages", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    geo = next(s for s in info["pipeline"] if s["name"] == "resolve_geo")
    assert geo["factory"] == "wirecoder.resolve_geo.v1" and "places.resolved" in geo["assigns"]
    assert geo["optional"] == ["events", "article.url", "mentions.quotes", "mentions.actors"]
    assert [s["name"] for s in info["pipeline"] if s["fatal"]] == ["analyse"]
    assert info["factories"]["wirecoder.resolve_fatalities.v1"]["max_sentence_distance"]["default"] == 3
    assert runner.invoke(app, ["stages"]).exit_code == 0


def test_cli_misspelt_config_key_is_one_coded_line_exit_2(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Police arrested 3 protesters in Lagos on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--set", "nlp.modle=x"])
    assert result.exit_code == 2
    assert "E004" in result.output and "Did you mean 'model'" in result.output
    assert "Traceback" not in result.output


def test_cli_misspelt_stage_setting_exit_2(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Police arrested 3 protesters in Lagos on Monday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--no-db", "--set", "stages.resolve_dates.discourse_windw=1"])
    assert result.exit_code == 2
    assert "E006" in result.output and "discourse_window" in result.output
