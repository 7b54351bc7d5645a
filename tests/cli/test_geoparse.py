"""Tests for ``wirecoder geoparse`` (places only, no events)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from wirecoder.cli import app


def test_geoparse_jsonl_roles(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Coalition jets struck fighters near Albukamal, a spokesman said in a phone briefing from "
                    "Baghdad.", "utf-8")
    res = CliRunner().invoke(app, ["geoparse", str(path)])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout.strip().splitlines()[0])
    places = {p["text"]: p for p in rec["places"]}
    assert places["Albukamal"]["country_code"] == "SY" and places["Albukamal"]["role"] == "location"
    assert places["Baghdad"]["role"] == "origin" and places["Baghdad"]["country_code"] == "IQ"


def test_geoparse_role_filter_and_bad_input(tmp_path):
    good = tmp_path / "b.txt"
    good.write_text("Six buses headed west toward the Palmyra region, inside Syria.", "utf-8")
    res = CliRunner().invoke(app, ["geoparse", str(good), "--roles", "origin"])
    assert res.exit_code == 0
    assert json.loads(res.stdout.strip())["places"] == []
    res = CliRunner().invoke(app, ["geoparse", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2
