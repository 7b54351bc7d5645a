"""The pipeline contract: the paths stages declare in ``requires``/``assigns``, and a tracer that checks them.

Every attribute of the document object has a *path*. Fields of :class:`~wirecoder.doc.Article` are
``article.<field>`` (``article.doc``, ``article.upper_case``); the mention lists and the events are
containers (``mentions.places``, ``events``), and reading or writing a field of one of their items
counts as that container, except for fields that a *later* stage fills in on items an earlier
stage made: those carry their own path in the field's metadata (``places.resolved`` for the
gazetteer entry resolve_geo gives a place mention, ``event.id``). A class's path is its ``PATH``
class attribute: the parts of an event have their own (``event.actors``, ``event.location``,
``event.date``, ``event.fatalities``, ``event.attribution``).

:func:`trace` runs a stage on an article while recording what the stage actually did:

* a **read** is an attribute read of a traced field, on an object that existed before the stage
  ran, before the stage itself wrote that field (reading a container counts only when it was not
  empty before the stage ran);
* a **write** is making an object of a class with a path (a mention, an event, an event's location),
  setting a field on an object that existed before, or changing a container's items.

The test ``tests/core/test_contract.py`` runs the whole pipeline on real documents and fails when
a stage's traced reads and writes differ from its declarations; the pipeline refuses an order in
which a stage requires what no earlier stage assigns (E003). Tracing patches the classes only while
it runs: coding without it costs nothing.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import doc as _doc

#: The document classes whose fields are traced.
TRACED = (
    _doc.Article,
    _doc.Mentions,
    _doc.ActorMention,
    _doc.PlaceMention,
    _doc.TimeMention,
    _doc.Quantity,
    _doc.Quote,
    _doc.Event,
    _doc.EventActor,
    _doc.EventDate,
    _doc.Location,
    _doc.Fatalities,
    _doc.Attribution,
)
#: Article fields that are not part of any stage's contract (written by the runner, or by everyone).
UNTRACED_ARTICLE_FIELDS = frozenset({"errors", "mentions", "failed", "path", "user_data"})


def field_path(cls: type, name: str) -> str | None:
    """The contract path of field ``name`` of a traced class (None when the field is not traced)."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if name not in fields:
        return None
    own = fields[name].metadata.get("path")
    if own:
        return own
    if cls is _doc.Article:
        if name in UNTRACED_ARTICLE_FIELDS:
            return None
        return "events" if name == "events" else f"article.{name}"
    if cls is _doc.Mentions:
        return f"mentions.{name}"
    return getattr(cls, "PATH", None)


def _containers(article: _doc.Article) -> dict[str, list]:
    return {
        "events": article.events,
        **{f"mentions.{f.name}": getattr(article.mentions, f.name) for f in dataclasses.fields(article.mentions)},
    }


@dataclass
class Trace:
    """What one stage did to one article: the paths it read and wrote."""

    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)


@contextmanager
def _patched(trace: Trace, article: _doc.Article) -> Iterator[None]:
    paths = {cls: {f.name: field_path(cls, f.name) for f in dataclasses.fields(cls)} for cls in TRACED}
    created: set[int] = set()
    written: set[tuple[int, str]] = set()
    nonempty = {path for path, items in _containers(article).items() if items}
    keep: list[Any] = []  # objects made during the stage stay alive, so their ids are not reused
    saved: list[tuple[type, str, Any]] = []
    active = [True]
    before = {path: [id(x) for x in items] for path, items in _containers(article).items()}

    def make_getattribute(cls: type, original: Callable) -> Callable:
        table = paths[cls]
        is_holder = cls in (_doc.Article, _doc.Mentions)

        def __getattribute__(self: Any, name: str) -> Any:  # noqa: N807 - patched dunder
            path = table.get(name)
            # A read of a field the stage already wrote, of an object it made, or of a container that
            # was empty before it ran (it is about to fill it) is not a requirement.
            if (
                path is not None
                and active[0]
                and id(self) not in created
                and (id(self), name) not in written
                and not (is_holder and (path == "events" or path.startswith("mentions.")) and path not in nonempty)
            ):
                trace.reads.add(path)
            return original(self, name)

        return __getattribute__

    def make_setattr(cls: type, original: Callable) -> Callable:
        table = paths[cls]

        def __setattr__(self: Any, name: str, value: Any) -> None:  # noqa: N807 - patched dunder
            path = table.get(name)
            if path is not None and active[0] and id(self) not in created:
                written.add((id(self), name))
                trace.writes.add(path)
            original(self, name, value)

        return __setattr__

    def make_init(cls: type, original: Callable) -> Callable:
        path = getattr(cls, "PATH", None)

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807 - patched dunder
            created.add(id(self))
            keep.append(self)
            if path is not None and active[0]:
                trace.writes.add(path)  # making a mention, an event or an event's part assigns it
            original(self, *args, **kwargs)

        return __init__

    for cls in TRACED:
        for attr in ("__getattribute__", "__setattr__", "__init__"):
            saved.append((cls, attr, cls.__dict__.get(attr)))
        cls.__getattribute__ = make_getattribute(cls, object.__getattribute__)  # type: ignore[method-assign]
        cls.__setattr__ = make_setattr(cls, object.__setattr__)  # type: ignore[method-assign]
        cls.__init__ = make_init(cls, cls.__init__)  # type: ignore[method-assign]
    try:
        yield
    finally:
        active[0] = False
        for cls, attr, original in reversed(saved):
            if original is None:
                delattr(cls, attr)
            else:
                setattr(cls, attr, original)
        after = {path: [id(x) for x in items] for path, items in _containers(article).items()}
        trace.writes.update(path for path in after if after[path] != before.get(path))


def trace(stage: Callable[[_doc.Article], Any], article: _doc.Article) -> Trace:
    """Run ``stage`` on ``article`` and return the paths it read and wrote (see the module docs)."""
    out = Trace()
    with _patched(out, article):
        stage(article)
    return out
