"""Coding in parallel: on several processes of one machine (``--workers N``) or on a Dask cluster (``--dask``).

:func:`make_pipeline` gives what :func:`wirecoder.service.code` needs of a pipeline -- its ``config`` and
``pipe(articles)`` -- so reading, resuming, storing and output stay in the calling process, exactly as in a
one-process run: the calling process is the only writer to the store, and results come out in input order.
Only the coding moves:

* :class:`ProcessPipeline` starts ``N`` worker processes (the ``spawn`` start method: nothing is inherited
  but the configuration). Each builds the pipeline from the run's configuration once -- spaCy model,
  gazetteer and actor knowledge base load once per worker -- and codes the batches of articles it is sent.
* :class:`DaskPipeline` does the same on the workers of a Dask cluster (``local`` starts one on this
  machine; ``tcp://host:8786`` joins a running scheduler). A worker builds the pipeline from the
  configuration sent with each task, once, and keeps it for the next tasks of the same configuration.

Articles are coded exactly as one process codes them (same ids, same records): a batch is run through
:meth:`Pipeline.pipe`, which keeps per-document errors. A worker that dies (killed, out of memory, a crash in
native code) fails only the documents of the batch it was coding, with E710; the run goes on (a local worker is
replaced) and a rerun of the same command retries them (runs are resumable). The spaCy ``Doc`` of a coded
article stays on the worker (``article.doc`` is None in the calling process); nothing else is lost.

DOCS: docs/scale.md
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import os
import resource
import signal
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .doc import Article, StageError
from .errors import Errors, WirecoderError
from .pipeline import Pipeline

#: Batches each worker holds at a time: the one it codes and the next, so it never waits for the caller.
DEPTH = 2
#: Seconds a local worker gets to finish after being told to stop, before it is terminated.
STOP_WAIT_S = 10.0

#: Code files (``--code``) as (file name, source), sent to every worker so that it registers the same stages.
CodeFiles = tuple[tuple[str, str], ...]


def make_pipeline(
    cfg: dict, workers: int | None = None, dask: str | None = None, code: Sequence[str | Path] = ()
) -> contextlib.AbstractContextManager:
    """What ``wirecoder extract`` codes with: a context manager giving a pipeline for :func:`service.code`.

    cfg (dict): the run's configuration (:func:`wirecoder.service.load_settings`).
    workers (int | None): processes to code on (None or 1: this process, no workers); with ``dask="local"``,
        the number of Dask workers to start (None: one per core of this machine).
    dask (str | None): ``local`` or a scheduler address (``tcp://host:8786``) to code on a Dask cluster.
    code (Sequence): the ``--code`` files of the run, loaded on every worker too.
    RETURNS (AbstractContextManager): entering gives the pipeline; leaving stops the workers.
    RAISES WirecoderError: E711 for a bad ``workers`` value or a missing Dask; the pipeline's own coded
        errors (E0xx) when the configuration cannot be built (raised here, before anything is coded).
    """
    if workers is not None and workers < 1:
        raise WirecoderError(Errors.E711.format(value=f"--workers {workers}", reason="it must be 1 or more"))
    files = tuple((Path(p).name, Path(p).read_text("utf-8")) for p in code)
    if dask is not None:
        return DaskPipeline(cfg, dask, workers=workers, code=files)
    if workers is None or workers == 1:
        return contextlib.nullcontext(Pipeline(cfg))
    return ProcessPipeline(cfg, workers, code=files)


def task_size(cfg: dict, workers: int) -> int:
    """Articles per task: the configured batch spread over twice the workers, so that a chunk of the stream
    keeps every worker busy (at least one article)."""
    return max(1, int(cfg["nlp"].get("batch_size", 32)) // (2 * max(1, workers)))


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """The articles in consecutive lists of ``size`` (the last may be shorter)."""
    batch: list[Article] = []
    for art in articles:
        batch.append(art)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def fail_batch(batch: list[Article], reason: str) -> list[Article]:
    """The batch's articles marked failed with E710: the worker coding them was lost."""
    for art in batch:
        art.errors.append(StageError("worker", Errors.E710.format(name=art.id, size=len(batch), reason=reason), "E710"))
        art.failed = True
    return batch


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- on a worker


_BUILT: dict[str, Pipeline] = {}  # this worker process's pipeline, by configuration and code (one at a time)


def worker_pipeline(cfg: dict, code: CodeFiles) -> Pipeline:
    """This worker's pipeline for the configuration, built on first use (code files loaded first)."""
    from .registry import load_code
    from .store.base import config_hash

    key = config_hash(cfg) + hashlib.sha256(repr(code).encode("utf-8")).hexdigest()
    if key not in _BUILT:
        _BUILT.clear()  # a long-lived Dask worker keeps one pipeline, that of the latest configuration
        for name, source in code:
            where = Path(tempfile.gettempdir()) / f"wirecoder-code-{hashlib.sha256(source.encode()).hexdigest()[:16]}"
            where.mkdir(exist_ok=True)
            target = where / name
            if not target.is_file() or target.read_text("utf-8") != source:
                mine = where / f".{name}.{os.getpid()}"  # written whole, then renamed: another worker never
                mine.write_text(source, "utf-8")  # reads a half-written file
                os.replace(mine, target)
            load_code(target)
        # the workers are the parallelism: spaCy's own processes (nlp.n_process) would compete with them, and
        # a daemonic local worker may not start any
        _BUILT[key] = Pipeline({**cfg, "nlp": {**cfg["nlp"], "n_process": 1}})
    return _BUILT[key]


def warm(cfg: dict, code: CodeFiles) -> int:
    """Build this worker's pipeline now (so that a bad configuration fails before any coding); its pid."""
    worker_pipeline(cfg, code)
    return os.getpid()


def code_batch(cfg: dict, code: CodeFiles, batch: list[Article]) -> tuple[list[Article], int, float]:
    """Code one batch on a worker: the articles (without their spaCy ``Doc``), the worker's pid and its peak
    RSS in MiB. A failure outside the stages (which the pipeline already isolates) fails the batch with E710."""
    try:
        out = list(worker_pipeline(cfg, code).pipe(batch))
    except WirecoderError:
        raise  # a configuration the worker cannot build: the caller reports it
    except Exception as exc:  # noqa: BLE001 - a bad batch must not end the worker
        out = fail_batch(batch, f"{type(exc).__name__}: {exc}")
    for art in out:
        art.doc = None  # the Doc is large and holds the vocabulary; records never need it
    return out, os.getpid(), peak_rss_mb()


def _serve(tasks: Any, results: Connection, cfg: dict, code: CodeFiles) -> None:  # pragma: no cover - subprocess
    """A local worker process: build the pipeline, say so, then code batches until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle: it stops the workers
    try:
        worker_pipeline(cfg, code)
    except BaseException as exc:  # noqa: BLE001 - reported to the caller, which raises it
        results.send(("error", WirecoderError(str(exc), getattr(exc, "code", None))))
        return
    results.send(("ready", os.getpid()))
    while (item := tasks.get()) is not None:
        index, batch = item
        results.send(("done", index, code_batch(cfg, code, batch)))


# --------------------------------------------------------------------------- in the calling process


class ProcessPipeline:
    """A pipeline whose ``pipe`` codes on ``workers`` local processes (see the module's docstring).

    cfg (dict): the run's configuration; workers (int): processes (2 or more); code: ``--code`` files.
    RAISES WirecoderError: the configuration's coded error when a worker cannot build the pipeline.
    """

    def __init__(self, cfg: dict, workers: int, code: CodeFiles = ()) -> None:
        self.config = cfg
        self.code = code
        self.size = task_size(cfg, workers)
        #: Peak RSS in MiB of each worker process (pid -> MiB), as last reported.
        self.worker_rss: dict[int, float] = {}
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self._workers.append(self._start())
            for worker in self._workers:
                worker.ready()
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        tasks = self._ctx.Queue()
        tasks.cancel_join_thread()  # a dead worker must not keep this process from exiting
        receive, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_serve, args=(tasks, send, self.config, self.code), daemon=True)
        proc.start()
        send.close()
        return _Worker(proc, tasks, receive)

    def __enter__(self) -> ProcessPipeline:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(wait=exc_type is None)  # on Ctrl-C or an error, the workers are stopped at once

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Code the articles on the workers; yield them in input order as soon as each one's batch is back."""
        todo = batches(articles, self.size)
        done: dict[int, list[Article]] = {}
        sent = returned = 0
        more = True
        try:
            while True:
                while more and (idle := min(self._workers, key=lambda w: len(w.held))).room():
                    if not idle.held and not idle.proc.is_alive():  # died while idle: nothing of ours was lost
                        self._replace(idle, done)
                        continue
                    batch = next(todo, None)
                    if batch is None:
                        more = False
                        break
                    idle.send(sent, batch)
                    sent += 1
                while returned in done:
                    yield from done.pop(returned)
                    returned += 1
                if returned == sent and not more:
                    return
                self._collect(done)
        except GeneratorExit:  # a caller that stopped early: what the workers still hold is collected and dropped
            while any(w.held for w in self._workers):
                self._collect(done)
            raise

    def _collect(self, done: dict[int, list[Article]]) -> None:
        """Wait for a batch to come back or a worker to die; a dead worker's batch fails, the rest goes on."""
        busy = [w for w in self._workers if w.held]
        ready = wait([w.results for w in busy] + [w.proc.sentinel for w in busy])
        for worker in busy:
            if worker.results in ready:
                self._receive(worker, done)
            if worker.proc.sentinel in ready:
                self._replace(worker, done)

    def _receive(self, worker: _Worker, done: dict[int, list[Article]]) -> bool:
        """Read one coded batch from the worker into ``done``; False when nothing whole came (it died)."""
        try:
            _, index, (arts, pid, rss) = worker.results.recv()
        except (EOFError, OSError):
            return False
        worker.held.popleft()
        done[index] = arts
        self.worker_rss[pid] = rss
        return True

    def _replace(self, worker: _Worker, done: dict[int, list[Article]]) -> None:
        """A worker died: keep what it sent, fail the batch it was coding, start another worker and hand it the
        batches still queued."""
        worker.proc.join()
        while worker.held and worker.results.poll() and self._receive(worker, done):
            pass
        if worker.held:
            index, batch = worker.held.popleft()
            done[index] = fail_batch(batch, f"worker process ended with exit code {worker.proc.exitcode}")
        fresh = self._start()
        fresh.ready()
        self._workers[self._workers.index(worker)] = fresh
        worker.results.close()
        for index, batch in worker.held:
            fresh.send(index, batch)

    def close(self, wait: bool = True) -> None:
        """Stop the workers: those still coding are given :data:`STOP_WAIT_S` seconds (none unless ``wait``),
        then terminated."""
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError):
                worker.tasks.put(None)
        for worker in self._workers:
            worker.proc.join(STOP_WAIT_S if wait else 0)
            if worker.proc.is_alive():
                worker.proc.terminate()
                worker.proc.join()
            worker.results.close()
        self._workers = []


class _Worker:
    """One local worker process: its task queue, its result pipe, and the batches it holds, oldest first."""

    def __init__(self, proc: Any, tasks: Any, results: Connection) -> None:
        self.proc = proc
        self.tasks = tasks
        self.results = results
        self.held: deque[tuple[int, list[Article]]] = deque()

    def ready(self) -> None:
        """Wait until the worker has built its pipeline; raise its error when it could not."""
        try:
            message = self.results.recv()
        except EOFError:
            self.proc.join()
            raise WirecoderError(
                Errors.E711.format(
                    value="--workers",
                    reason=f"a worker ended on start (exit code {self.proc.exitcode}); a script that starts "
                    "workers must do so under if __name__ == '__main__'",
                )
            ) from None
        if message[0] == "error":
            raise message[1]

    def room(self) -> bool:
        return len(self.held) < DEPTH

    def send(self, index: int, batch: list[Article]) -> None:
        self.held.append((index, batch))
        self.tasks.put((index, batch))


class DaskPipeline:
    """A pipeline whose ``pipe`` codes on the workers of a Dask cluster (see the module's docstring).

    cfg (dict): the run's configuration.
    address (str): ``local`` (a cluster of processes on this machine, bound to 127.0.0.1) or a scheduler
        address such as ``tcp://scheduler:8786``.
    workers (int | None): for ``local``, how many workers to start (None: one per core).
    code: ``--code`` files, sent with every task.
    RAISES WirecoderError: E711 when dask.distributed is not installed or the scheduler cannot be reached; the
        configuration's coded error when a worker cannot build the pipeline.
    """

    def __init__(self, cfg: dict, address: str, workers: int | None = None, code: CodeFiles = ()) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise WirecoderError(Errors.E711.format(value="--dask", reason=f"{exc}; install wirecoder[dask]")) from None
        self.config = cfg
        self.code = code
        self._cluster = None
        if address == "local":
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(address)
            except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
                raise WirecoderError(Errors.E711.format(value=f"--dask {address}", reason=exc)) from None
        try:
            self.workers = max(1, len(self.client.scheduler_info()["workers"]))
            self.size = task_size(cfg, self.workers)
            #: Peak RSS in MiB of each worker process (pid -> MiB), as last reported.
            self.worker_rss: dict[int, float] = {}
            self.client.submit(warm, cfg, code, pure=False).result()  # a bad configuration fails here, before coding
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> DaskPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Code the articles as Dask tasks (at most :data:`DEPTH` per worker at a time); yield them in input order.
        A task whose workers kept dying (Dask's ``KilledWorker``) fails its batch with E710."""
        held: deque[tuple[list[Article], Any]] = deque()
        for batch in batches(articles, self.size):
            held.append((batch, self.client.submit(code_batch, self.config, self.code, batch, pure=False)))
            if len(held) >= DEPTH * self.workers:
                yield from self._result(*held.popleft())
        while held:
            yield from self._result(*held.popleft())

    def _result(self, batch: list[Article], future: Any) -> list[Article]:
        try:
            arts, pid, rss = future.result()
        except WirecoderError:
            raise
        except Exception as exc:  # noqa: BLE001 - the batch fails, the run goes on
            return fail_batch(batch, f"{type(exc).__name__}: {exc}")
        self.worker_rss[pid] = rss
        return arts

    def close(self) -> None:
        """Leave the cluster (and stop it when this run started it)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
