"""Configuration: shipped defaults, overridden key by key by user files and --set, checked as a whole.

The shipped ``default_config.toml`` is the schema: every section and key a user may set appears
in it, and a user file or ``--set`` naming anything else is a coded error (E004) naming the
nearest valid key. The one open table is ``[stages]``: one sub-table per stage *instance*, named
with a short name (``events``, ``resolve_geo``) that ``[pipeline] stages`` lists in order, holding
the registered ``factory`` (``wirecoder.events.v1``) and that factory's settings. Settings are
checked against the factory's signature when the pipeline is built (:func:`stage_settings`).

DOCS: docs/architecture.md
"""

from __future__ import annotations

import copy
import difflib
import inspect
import os
import tomllib
import types
import typing
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError, Errors

#: Sections whose keys are free (checked elsewhere): ``[stages]`` holds stage instances.
OPEN_SECTIONS = ("stages",)


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


def nearest(key: str, options: list[str] | tuple[str, ...]) -> str:
    """The closest valid name to a misspelt one, as a "Did you mean" phrase (empty when none is close)."""
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.5)
    return f" Did you mean '{close[0]}'?" if close else ""


def default_config() -> dict:
    """The shipped defaults (``wirecoder/default_config.toml``), a fresh copy."""
    text = resources.files("wirecoder").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def _check_keys(defaults: dict, user: dict, where: str = "") -> None:
    """Refuse keys of ``user`` that the defaults do not have (outside the open sections)."""
    for key, value in user.items():
        dotted = f"{where}{key}"
        if not where and key in OPEN_SECTIONS:
            if not isinstance(value, dict) or any(not isinstance(v, dict) for v in value.values()):
                raise ConfigError(Errors.E008.format(key=dotted))
            continue
        if key not in defaults:
            options = sorted(defaults)
            raise ConfigError(
                Errors.E004.format(key=dotted, hint=nearest(key, options), options=", ".join(options))
            )
        if isinstance(defaults[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(Errors.E008.format(key=dotted))
            _check_keys(defaults[key], value, f"{dotted}.")


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict:
    """Load the default config, then a user TOML file, then dotted overrides; check every key.

    path (str | Path | None): a TOML file with the keys to change.
    overrides (dict): ``{"nlp.model": "en_core_web_md", "stages.events.min_score": 2}``; string
        values are parsed as TOML literals where possible ("64" -> 64).
    RETURNS (dict): the merged configuration.
    RAISES ConfigError: E002 unreadable file, E004 unknown key (with the nearest valid one).
    """
    cfg = default_config()
    defaults = copy.deepcopy(cfg)
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E002.format(path=path, reason=exc)) from exc
        _check_keys(defaults, user)
        _merge(cfg, user)
    env_model = os.environ.get("WIRECODER_MODEL")
    if env_model:
        cfg["nlp"]["model"] = env_model
    for dotted, raw in (overrides or {}).items():
        parts = dotted.split(".")
        value = _parse_value(raw) if isinstance(raw, str) else raw
        nested: Any = value
        for part in reversed(parts):
            nested = {part: nested}
        if len(parts) < 2:
            options = sorted(defaults)
            raise ConfigError(Errors.E004.format(key=dotted, hint=nearest(dotted, options), options=", ".join(options)))
        _check_keys(defaults, nested)
        _merge(cfg, nested)
    return cfg


# --------------------------------------------------------------------------- stage settings


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _matches(value: Any, tp: Any) -> bool:
    """Whether a TOML value fits a settings annotation (simple types, unions, list/tuple/dict of them)."""
    if tp is inspect.Parameter.empty or tp is Any:
        return True
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, t) for t in typing.get_args(tp))
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (list, tuple, set, frozenset) or tp in (list, tuple, set, frozenset):
        if not isinstance(value, list | tuple):
            return False
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return not args or all(any(_matches(v, a) for a in args) for v in value)
    if origin is dict or tp is dict:
        return isinstance(value, dict)
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def factory_settings(factory: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    """The settings a stage factory accepts: its keyword parameters other than ``config``."""
    sig = inspect.signature(factory, eval_str=True)
    return {
        name: p
        for name, p in sig.parameters.items()
        if name != "config" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
    }


def stage_settings(stage: str, factory_name: str, factory: Callable[..., Any], settings: dict[str, Any]) -> dict:
    """Check a stage instance's settings against its factory's signature; return them.

    stage (str): the instance name (``events``).
    factory_name (str): the registered factory (``wirecoder.events.v1``).
    settings (dict): the keys of ``[stages.<stage>]`` other than ``factory``.
    RAISES ConfigError: E006 unknown setting (with the nearest valid one), E007 wrong type.
    """
    params = factory_settings(factory)
    takes_any = any(p.kind is p.VAR_KEYWORD for p in inspect.signature(factory).parameters.values())
    for key, value in settings.items():
        if key not in params:
            if takes_any:
                continue
            options = sorted(params)
            raise ConfigError(
                Errors.E006.format(
                    stage=stage, key=key, factory=factory_name, hint=nearest(key, options),
                    options=", ".join(options) or "none",
                )
            )
        if not _matches(value, params[key].annotation):
            raise ConfigError(
                Errors.E007.format(
                    stage=stage, key=key, want=_type_name(params[key].annotation), value=repr(value)[:80]
                )
            )
    return dict(settings)
