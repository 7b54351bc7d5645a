"""The pipeline: registered stages run in order over :class:`~wirecoder.doc.Article` objects.

A stage is any callable ``stage(article) -> article`` with the attributes of
:class:`Stage`. Stages that gain from batching (spaCy analysis) also define
``pipe(articles)``. The pipeline checks at build time that every stage's
``requires`` is assigned by an earlier one (like spaCy's ``analyze_pipes``),
and at run time turns an exception in one stage on one document into an entry
in ``article.errors`` so the batch goes on.

DOCS: docs/architecture.md
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from .config import load_config, nearest, stage_settings
from .doc import Article, StageError
from .errors import ConfigError, Errors
from .registry import stages as stage_registry

log = logging.getLogger("wirecoder")

#: What ingest gives every article before any stage runs.
INGEST_ASSIGNS = tuple(f"article.{f.name}" for f in fields(Article) if f.metadata.get("ingest"))
#: A stage instance name: short and plain, so that ``--set stages.<name>.<key>=...`` can address it.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Stage:
    """Base class for pipeline stages.

    name (str): the stage's instance name in the pipeline (``events``), set by the pipeline.
    factory (str): the registered factory that built it (``wirecoder.events.v1``), set by the pipeline.
    requires (tuple[str]): what it reads that earlier stages wrote, as paths (``mentions.places``,
        ``article.doc``; see :mod:`wirecoder.contract`).
    optional (tuple[str]): what it reads when an earlier stage provides it and does without otherwise.
    assigns (tuple[str]): what it writes, as paths.
    fatal (bool): a failure of this stage on a document makes the document fail (later stages skip it).
    """

    name: str = "stage"
    factory: str = ""
    requires: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    fatal: bool = False

    def __call__(self, article: Article) -> Article:  # pragma: no cover - interface
        raise NotImplementedError

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self(article)


class Pipeline:
    """An ordered list of stages built from the configuration.

    config (dict): as returned by :func:`wirecoder.config.load_config`.
    RAISES ConfigError: a stage without a factory (E009), an unknown factory (E001), a bad setting
        (E006, E007), or an order in which a stage needs what no earlier stage assigns (E003).
    """

    def __init__(self, config: dict | None = None) -> None:
        self.config = config or load_config()
        self.stages: list[Stage] = []
        #: Seconds spent in each stage since the pipeline was built (for benchmarks and profiling).
        self.timings: dict[str, float] = {}
        defined = self.config.get("stages", {})
        for name in self.config["pipeline"]["stages"]:
            if not _NAME.fullmatch(name):
                raise ConfigError(Errors.E014.format(stage=name))
            entry = dict(defined.get(name) or {})
            factory_name = entry.pop("factory", None)
            if not factory_name:
                options = sorted(defined)
                raise ConfigError(
                    Errors.E009.format(stage=name, hint=nearest(name, options), options=", ".join(options))
                )
            factory = stage_registry.get(factory_name)
            settings = stage_settings(name, factory_name, factory, entry)
            stage = factory(config=self.config, **settings)
            stage.name = name
            stage.factory = factory_name
            self.stages.append(stage)
        self.analyze()

    @classmethod
    def from_config(cls, path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Pipeline:
        """Build a pipeline from the defaults plus a user file and overrides."""
        return cls(load_config(path, overrides))

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def analyze(self) -> None:
        """Refuse an order in which a stage needs what no earlier stage assigns.

        A ``requires`` path must be assigned by an earlier stage (or ingest). An ``optional`` path
        (read when present, e.g. events for a place resolver that also runs in a geoparse-only
        pipeline) may be missing altogether, but when a stage assigns it, that stage must come first.
        RAISES ConfigError: E003 naming the stage, the path and the order.
        """
        have = set(INGEST_ASSIGNS)
        later = [set(s.assigns) for s in self.stages]
        order = " -> ".join(self.stage_names)
        for i, stage in enumerate(self.stages):
            for need in stage.requires:
                if need not in have:
                    raise ConfigError(Errors.E003.format(stage=stage.name, need=need, order=order))
            for want in stage.optional:
                if want not in have and any(want in a for a in later[i + 1 :]):
                    raise ConfigError(Errors.E003.format(stage=stage.name, need=want, order=order))
            have.update(stage.assigns)

    def get_stage(self, name: str) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)

    def __call__(self, article: Article) -> Article:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Article]:
        """Run every stage over the articles, in batches, keeping input order."""
        size = batch_size or int(self.config["nlp"].get("batch_size", 32))
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        live = [a for a in batch if not a.failed]
        for stage in self.stages:
            t0 = time.perf_counter()
            live = self._run_stage(stage, live)
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - t0
        return batch

    def _run_stage(self, stage: Stage, articles: list[Article]) -> list[Article]:
        if not articles:
            return articles
        if type(stage).pipe is not Stage.pipe:
            try:
                list(stage.pipe(articles))
                return [a for a in articles if not a.failed]
            except Exception:  # noqa: BLE001 - fall back to one by one to isolate the bad document
                log.debug("batch failed in %s, retrying one by one", stage.name, exc_info=True)
        out = []
        for article in articles:
            try:
                stage(article)
            except Exception as exc:  # noqa: BLE001 - a bad document must not stop the run
                log.debug("stage %s failed on %s", stage.name, article.id, exc_info=True)
                article.errors.append(
                    StageError(
                        stage=stage.name,
                        message=Errors.E500.format(
                            stage=stage.name, name=article.id, reason=f"{type(exc).__name__}: {exc}"
                        ),
                        code="E500",
                    )
                )
                if stage.fatal:
                    article.failed = True
            if not article.failed:
                out.append(article)
        return out
