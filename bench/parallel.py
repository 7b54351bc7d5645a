"""Parallel benchmark: articles/s coding in one process, on 2 local worker processes, and on Dask with 1 and 2 workers.

Codes the sample of ``bench/throughput.py`` (the first N documents of each dev set under ../shared/data, else
the bundled example repeated) through :func:`wirecoder.service.code` without a store, as ``wirecoder extract
--no-db`` does, and prints a table: start-up seconds (workers building their pipelines), coding seconds after
a warm-up batch, articles/s, the speed-up over one process, and the peak RSS of each worker process (the
spaCy model, gazetteer and actor knowledge base included) and of the calling process, and the CPU seconds of
all processes together (start-up included: what parallel coding costs on top of the coding). Each setting runs in a
fresh interpreter, so memory figures do not mix. Run it on an idle machine:
``.venv/bin/python bench/parallel.py --per-dataset 20``; ``--markdown`` prints the table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETTINGS = ("local:1", "local:2", "dask:1", "dask:2")


def run_setting(setting: str, per_dataset: int) -> dict:
    """Code the sample with one setting (``local:N`` or ``dask:N``) in this process; its figures."""
    sys.path.insert(0, str(HERE))
    from throughput import sample_texts
    from wirecoder import parallel, service
    from wirecoder.ingest.readers import article_from_record

    kind, n = setting.split(":")
    workers = int(n)
    records = sample_texts(per_dataset)
    cfg = service.load_settings()
    t0 = time.perf_counter()
    coder = parallel.make_pipeline(cfg, workers=workers, dask="local" if kind == "dask" else None)
    with coder as pipeline:
        warm = [article_from_record(records[i % len(records)], f"warm{i}") for i in range(2 * workers)]
        list(service.code(warm, pipeline))  # every worker has loaded what it loads lazily
        startup_s = time.perf_counter() - t0
        arts = (article_from_record(r, r["id"]) for r in records)  # read as coded, as extract reads them
        t0 = time.perf_counter()
        documents = events = failed = 0
        for art in service.code(arts, pipeline):  # counted, not kept: the caller's memory is that of a run
            documents += 1
            events += len(art.events)
            failed += art.failed
        coding_s = time.perf_counter() - t0
        rss = getattr(pipeline, "worker_rss", {}) or {os.getpid(): parallel.peak_rss_mb()}
    return {
        "setting": setting,
        "documents": documents,
        "events": events,
        "failed": failed,
        "startup_s": round(startup_s, 2),
        "coding_s": round(coding_s, 2),
        "articles_per_s": round(documents / coding_s, 2),
        "cpu_s": round(cpu_seconds(), 1),
        "worker_peak_rss_mb": sorted(round(v) for v in rss.values()),
        "caller_peak_rss_mb": round(parallel.peak_rss_mb()),
    }


def cpu_seconds() -> float:
    """User and system CPU seconds of this process and of its ended children (the workers), start-up included."""
    return sum(
        u.ru_utime + u.ru_stime
        for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, load {load}"


def table(rows: list[dict], markdown: bool) -> str:
    base = next((r["articles_per_s"] for r in rows if r["setting"] == "local:1"), None)
    head = ["setting", "docs", "start-up s", "coding s", "articles/s", "speed-up", "CPU s", "worker peak RSS MiB"]
    head.append("caller MiB")
    lines = []
    for r in rows:
        speed = f"{r['articles_per_s'] / base:.2f}x" if base else "-"
        rss = " / ".join(map(str, r["worker_peak_rss_mb"]))
        cells = [
            r["setting"],
            r["documents"],
            r["startup_s"],
            r["coding_s"],
            r["articles_per_s"],
            speed,
            r["cpu_s"],
            rss,
        ]
        lines.append([*map(str, cells), str(r["caller_peak_rss_mb"])])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(out + ["| " + " | ".join(cells) + " |" for cells in lines])
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(head)]
    fmt = "  ".join(f"{{:>{w}}}" for w in widths)
    return "\n".join([fmt.format(*head), *(fmt.format(*cells) for cells in lines)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-dataset", type=int, default=20, help="documents taken from each dev set")
    ap.add_argument("--settings", default=",".join(SETTINGS), help="comma-separated, from " + ", ".join(SETTINGS))
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # a single setting, run by this script in a fresh process
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_setting(args.one, args.per_dataset)))
        return
    rows = []
    for setting in args.settings.split(","):
        cmd = [sys.executable, __file__, "--one", setting, "--per-dataset", str(args.per_dataset)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{setting}: {rows[-1]['articles_per_s']} articles/s", file=sys.stderr)
    if args.json:
        print(json.dumps({"machine": machine(), "rows": rows}, indent=2))
        return
    print(machine())
    print(table(rows, args.markdown))


if __name__ == "__main__":
    main()
