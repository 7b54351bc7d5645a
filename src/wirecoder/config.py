"""Configuration: shipped defaults, overridden key by key by user files and --set.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import copy
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError, Errors


def _merge(base: dict, over: dict) -> dict:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict:
    """Load the default config, then a user TOML file, then dotted overrides.

    path (str | Path | None): a TOML file with the keys to change.
    overrides (dict): ``{"nlp.model": "en_core_web_md", ...}``; string values are
        parsed as TOML literals where possible ("64" -> 64).
    RETURNS (dict): the merged configuration.
    """
    text = resources.files("wirecoder").joinpath("default_config.toml").read_text("utf-8")
    cfg = tomllib.loads(text)
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E002.format(path=path, reason=exc)) from exc
        for section in user:
            if section not in cfg:
                raise ConfigError(Errors.E004.format(key=section, options=", ".join(cfg)))
        _merge(cfg, user)
    env_model = os.environ.get("WIRECODER_MODEL")
    if env_model:
        cfg["nlp"]["model"] = env_model
    for dotted, raw in (overrides or {}).items():
        *parents, last = dotted.split(".")
        if not parents or parents[0] not in cfg:
            raise ConfigError(Errors.E004.format(key=dotted, options=", ".join(cfg)))
        node = cfg
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = _parse_value(raw) if isinstance(raw, str) else raw
    return copy.deepcopy(cfg)
