"""Registries: named, versioned entry points for every pluggable part.

Each registry maps a dotted name (``wirecoder.<thing>.v<N>``) to a factory.
Built-in stages, readers and exporters register themselves exactly the way a
user's extension would, so adding one needs no edit of the core::

    from wirecoder.registry import stages

    @stages.register("myproject.my_stage.v1")
    def make_my_stage(**settings):
        return MyStage(**settings)

A behaviour change gets a new version; the old name stays registered.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .errors import Errors, WirecoderError


class Registry:
    """A named table of factories."""

    def __init__(self, kind: str, modules: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self._items: dict[str, Callable[..., Any]] = {}
        # Modules imported on first lookup so that built-ins register themselves.
        self._modules = modules
        self._loaded = False

    def register(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = func
            return func

        return decorator

    def _load_builtins(self) -> None:
        if not self._loaded:
            self._loaded = True
            for mod in self._modules:
                importlib.import_module(mod)

    def get(self, name: str) -> Callable[..., Any]:
        self._load_builtins()
        try:
            return self._items[name]
        except KeyError:
            raise WirecoderError(
                Errors.E001.format(kind=self.kind, name=name, options=", ".join(sorted(self._items)))
            ) from None

    def names(self) -> list[str]:
        self._load_builtins()
        return sorted(self._items)

    def __contains__(self, name: str) -> bool:
        self._load_builtins()
        return name in self._items


stages = Registry(
    "stage",
    modules=(
        "wirecoder.analysis.nlp",
        "wirecoder.mentions.actors",
        "wirecoder.mentions.places",
        "wirecoder.mentions.times",
        "wirecoder.mentions.quantities",
        "wirecoder.mentions.quotes",
        "wirecoder.events.detect",
        "wirecoder.resolve.actors",
        "wirecoder.resolve.geo",
        "wirecoder.resolve.dates",
        "wirecoder.resolve.fatalities",
        "wirecoder.events.finalize",
    ),
)
readers = Registry("reader", modules=("wirecoder.ingest.readers",))
exporters = Registry("exporter", modules=("wirecoder.export.formats",))
