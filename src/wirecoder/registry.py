"""Registries: named, versioned entry points for every pluggable part.

Each registry maps a name to a factory: stages (``wirecoder.<thing>.v<N>``),
readers (``wirecoder.<format>_reader.v<N>``, each with the file extensions it
claims and a content sniffer), exporters (by format name: ``csv``) and stores
(by URL scheme: ``sqlite``). Built-ins register themselves exactly the way a
user's extension does, so adding one needs no edit of the core::

    from wirecoder.registry import stages

    @stages.register("myproject.my_stage.v1")
    def make_my_stage(config: dict, *, threshold: float = 0.5) -> MyStage:
        return MyStage(threshold)  # keyword settings: checked against the config, reachable with --set

Three ways to get such a module loaded:

* an installed package declares it under the entry-point group of the registry
  (``wirecoder.stages``, ``wirecoder.readers``, ``wirecoder.exporters``,
  ``wirecoder.stores``), e.g. in its ``pyproject.toml``::

      [project.entry-points."wirecoder.stages"]
      "myproject.my_stage.v1" = "myproject.stages:make_my_stage"

  The entry point's name is the registered name. It is loaded on the first
  lookup that needs it; importing its module may register it (with a reader's
  extensions and sniffer), otherwise the object it names is registered under
  that name;
* :func:`load_code` imports a one-off Python file (``--code FILE``);
* a plain ``import`` before the pipeline is built.

A name is registered once: registering another function under a taken name is
an error unless ``force=True`` (re-importing the same definition is not).
Third-party registrations are checked against the built-ins, which are loaded
first. A behaviour change gets a new version; the old name stays registered.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import Errors, WirecoderError


def _describe(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"


def _same_definition(a: Any, b: Any) -> bool:
    """The same object, or the same definition imported again (a reloaded module, a --code file loaded twice)."""
    return a is b or (
        getattr(a, "__module__", None) is not None
        and getattr(a, "__module__", None) == getattr(b, "__module__", None)
        and getattr(a, "__qualname__", None) == getattr(b, "__qualname__", None)
    )


class Registry:
    """A named table of factories, filled by built-in modules, entry points and user code.

    kind (str): what it holds, singular ("stage"); names it in error messages.
    modules (tuple[str, ...]): built-in modules imported on first lookup so that they register
        themselves; a package is imported with all its modules.
    group (str | None): the entry-point group third-party packages declare entries under
        (default ``wirecoder.<kind>s``).
    """

    def __init__(self, kind: str, modules: tuple[str, ...] = (), group: str | None = None) -> None:
        self.kind = kind
        self.group = group or f"wirecoder.{kind}s"
        self._items: dict[str, Callable[..., Any]] = {}
        self._modules = modules
        self._builtins_loaded = False
        self._entry_points_loaded = False

    # ------------------------------------------------------------------ registering

    def register(
        self, name: str, func: Callable[..., Any] | None = None, *, force: bool = False
    ) -> Callable[..., Any]:
        """Register ``func`` under ``name``; without ``func``, a decorator that does so.

        name (str): the registered name.
        func (Callable | None): the factory (a function or class).
        force (bool): replace a different factory already registered under the name.
        RETURNS (Callable): ``func`` itself, or the decorator.
        RAISES WirecoderError: E016 when the name is taken by another factory and ``force`` is False.
        """
        if func is not None:
            self._add(name, func, force)
            return func

        def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
            self._add(name, f, force)
            return f

        return decorator

    def _is_builtin(self, func: Callable[..., Any]) -> bool:
        mod = getattr(func, "__module__", None) or ""
        return any(mod == m or mod.startswith(m + ".") for m in self._modules)

    def _add(self, name: str, func: Callable[..., Any], force: bool) -> None:
        if not self._is_builtin(func):
            self._load_builtins()  # so that a user's name is checked against the built-ins
        old = self._items.get(name)
        if old is not None and not force and not _same_definition(old, func):
            raise WirecoderError(
                Errors.E016.format(kind=self.kind, name=name, old=_describe(old), new=_describe(func))
            )
        self._items[name] = func

    # ------------------------------------------------------------------ loading

    def _load_builtins(self) -> None:
        if not self._builtins_loaded:
            self._builtins_loaded = True
            for name in self._modules:
                mod = importlib.import_module(name)
                for sub in pkgutil.iter_modules(getattr(mod, "__path__", ()), name + "."):
                    importlib.import_module(sub.name)

    def _entry_points(self) -> Iterable[EntryPoint]:
        return entry_points(group=self.group)

    def _load_entry_point(self, ep: EntryPoint) -> None:
        try:
            obj = ep.load()
            if ep.name not in self._items:
                if not callable(obj):
                    raise TypeError(f"it names {obj!r}, which registers no {self.kind} '{ep.name}'")
                self.register(ep.name, obj)
        except Exception as exc:  # a broken third-party package: say which one
            raise WirecoderError(
                Errors.E015.format(name=ep.name, value=ep.value, group=self.group, reason=exc)
            ) from exc

    def _load_all(self) -> None:
        self._load_builtins()
        if not self._entry_points_loaded:
            for ep in self._entry_points():
                if ep.name not in self._items:
                    self._load_entry_point(ep)
            self._entry_points_loaded = True  # only once all loaded: a broken one fails every lookup, loudly

    def _find(self, name: str) -> bool:
        """Whether ``name`` is registered, loading built-ins and the entry point of that name if needed."""
        self._load_builtins()
        if name not in self._items and not self._entry_points_loaded:
            for ep in self._entry_points():
                if ep.name == name:
                    self._load_entry_point(ep)
                    break
        return name in self._items

    # ------------------------------------------------------------------ looking up

    def get(self, name: str) -> Callable[..., Any]:
        """The factory registered under ``name``.

        RAISES WirecoderError: E001 naming the registered names; E015 when its entry point is broken.
        """
        if not self._find(name):
            known = set(self._items) | {ep.name for ep in self._entry_points()}
            raise WirecoderError(Errors.E001.format(kind=self.kind, name=name, options=", ".join(sorted(known))))
        return self._items[name]

    def names(self) -> list[str]:
        """Every registered name, built-ins and entry points included, sorted."""
        self._load_all()
        return sorted(self._items)

    def __contains__(self, name: str) -> bool:
        return self._find(name)


@dataclass(frozen=True)
class ReaderInfo:
    """What a registered reader claims.

    extensions (tuple[str, ...]): lower-case file extensions with their dot (".jsonl").
    sniff (Callable | None): ``sniff(head: str) -> bool``, True when the first characters of a
        document whose extension is unknown or absent are this reader's format.
    count (Callable | None): ``count(path: Path) -> int``, documents in a file without parsing it
        (progress bars); None means one per file.
    """

    extensions: tuple[str, ...] = ()
    sniff: Callable[[str], bool] | None = None
    count: Callable[[Path], int] | None = None


class ReaderRegistry(Registry):
    """Readers, each with the extensions it claims and an optional content sniffer.

    A reader is called ``reader(path, max_chars=..., data=None)`` and yields articles: ``path``
    is the file (None for stdin), ``data`` its bytes when they were already read (stdin, an
    upload); see :mod:`wirecoder.ingest.readers`.
    """

    def __init__(self, kind: str, modules: tuple[str, ...] = (), group: str | None = None) -> None:
        super().__init__(kind, modules, group)
        self._info: dict[str, ReaderInfo] = {}

    def register(  # type: ignore[override]
        self,
        name: str,
        func: Callable[..., Any] | None = None,
        *,
        extensions: Iterable[str] = (),
        sniff: Callable[[str], bool] | None = None,
        count: Callable[[Path], int] | None = None,
        force: bool = False,
    ) -> Callable[..., Any]:
        """Register a reader (see :meth:`Registry.register`).

        extensions (Iterable[str]): file extensions it claims (".foo" or "foo", any case).
        sniff (Callable | None): ``sniff(head: str) -> bool`` for documents without a claimed extension.
        count (Callable | None): ``count(path) -> int`` documents in a file, for progress bars.
        force (bool): also take over extensions claimed by another reader.
        RAISES WirecoderError: E016 when the name is taken, E110 when an extension is claimed by another
            reader, and ``force`` is False.
        """
        exts = tuple(e.lower() if e.startswith(".") else "." + e.lower() for e in extensions)
        info = ReaderInfo(exts, sniff, count)

        def add(f: Callable[..., Any]) -> Callable[..., Any]:
            if not self._is_builtin(f):
                self._load_builtins()  # a user's claims are checked against the built-ins'
            taken = {
                other: [e for e in oinfo.extensions if e in exts]
                for other, oinfo in self._info.items()
                if other != name and any(e in exts for e in oinfo.extensions)
            }
            if taken and not force:
                other, exts_taken = next(iter(taken.items()))
                raise WirecoderError(Errors.E110.format(ext=exts_taken[0], old=other, new=name))
            self._add(name, f, force)
            for other, exts_taken in taken.items():
                oinfo = self._info[other]
                self._info[other] = ReaderInfo(
                    tuple(e for e in oinfo.extensions if e not in exts_taken), oinfo.sniff, oinfo.count
                )
            self._info[name] = info
            return f

        return add(func) if func is not None else add

    def info(self, name: str) -> ReaderInfo:
        """What the reader ``name`` claims (nothing, for one registered without the reader options)."""
        self.get(name)
        return self._info.get(name, ReaderInfo())

    def extensions(self) -> set[str]:
        """Every claimed extension (these files are read from a directory)."""
        self._load_all()
        return {e for info in self._info.values() for e in info.extensions}

    def for_extension(self, ext: str) -> str | None:
        """The reader claiming the file extension ``ext`` (".jsonl"), or None."""
        self._load_all()
        ext = ext.lower()
        return next((name for name, info in self._info.items() if ext in info.extensions), None)

    def sniff(self, head: str) -> str | None:
        """The reader whose sniffer claims ``head``, asking the latest registered first (third-party
        readers before the built-ins); None if none does."""
        self._load_all()
        claims = (name for name, info in reversed(self._info.items()) if info.sniff is not None and info.sniff(head))
        return next(claims, None)


def load_code(path: str | Path) -> ModuleType:
    """Import a one-off Python file (``--code FILE``) so that its ``@stages.register(...)`` and
    other registrations run.

    The module gets a name derived from the file's resolved path, so loading the same file twice
    re-registers the same definitions without conflict.

    path (str | Path): the Python file.
    RETURNS (ModuleType): the imported module.
    RAISES WirecoderError: E017 when the file is missing or raises on import (a registration
        conflict included, with its own code in the reason).
    """
    path = Path(path)
    resolved = path.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:10]
    name = f"wirecoder_code_{''.join(c if c.isalnum() else '_' for c in path.stem)}_{digest}"
    if not resolved.is_file():
        raise WirecoderError(Errors.E017.format(path=path, reason="no such file"))
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise WirecoderError(Errors.E017.format(path=path, reason="not a Python file"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise WirecoderError(Errors.E017.format(path=path, reason=exc)) from exc
    return module


#: Built-ins: every module of these packages is imported on the first lookup, so a new built-in
#: stage, reader, exporter or store module registers itself without an edit here.
stages = Registry(
    "stage", modules=("wirecoder.analysis", "wirecoder.mentions", "wirecoder.events", "wirecoder.resolve")
)
readers = ReaderRegistry("reader", modules=("wirecoder.ingest",))
exporters = Registry("exporter", modules=("wirecoder.export",))
stores = Registry("store", modules=("wirecoder.store",))
