"""Reading throughput per reader: documents/s and peak memory of ``read_paths`` alone (no coding).

The same N news texts (the first of ../shared/data/realnews/dev.jsonl, else the bundled example) are
written in each format into a temporary folder -- JSON lines (plain and gzipped), a JSON array, CSV,
one text file each, one HTML page each (with navigation, scripts and a footer around the article),
RSS feeds of 100 entries, a gzipped WARC of pages -- and read back with the registered readers, one
format at a time, in a fresh process each so that memory figures do not mix. Run it on an idle
machine: ``.venv/bin/python bench/ingest_throughput.py --docs 2000``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "realnews" / "dev.jsonl"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: serif; }} nav a {{ margin: 0 1em; }}</style></head><body>
<nav>{nav}</nav><div class="wrap"><main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}</article><aside>Most read: {nav}</aside></main></div>
<footer>Copyright Example News. {nav}</footer></body></html>"""
NAV = " ".join(f'<a href="/section/{i}">Section {i}</a>' for i in range(30))


def texts(n: int) -> list[dict]:
    records = []
    if SHARED.exists():
        with SHARED.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                records.append({"id": f"r{len(records)}", "title": rec.get("title") or "", "text": rec["text"]})
                if len(records) >= n:
                    break
    if not records:
        text = (ROOT / "examples" / "article.txt").read_text("utf-8")
        records = [{"id": f"r{i}", "title": f"Report {i}", "text": text} for i in range(n)]
    while len(records) < n:
        records.append({**records[len(records) % len(records)], "id": f"r{len(records)}"})
    return records


def page(rec: dict) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in rec["text"].split("\n") if p.strip())
    return PAGE.format(title=html.escape(rec["title"] or rec["id"]), nav=NAV, paragraphs=paragraphs)


def write_all(folder: Path, records: list[dict]) -> dict[str, list[str]]:
    """Write every format; RETURNS format -> the paths to read."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    lines = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "all.jsonl").write_text(lines, "utf-8")
    (folder / "all.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (folder / "all.json").write_text(json.dumps(records), "utf-8")
    with (folder / "all.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "title", "text"])
        writer.writeheader()
        writer.writerows(records)
    for kind in ("txt", "html", "rss"):
        (folder / kind).mkdir()
    for r in records:
        (folder / "txt" / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}", "utf-8")
        (folder / "html" / f"{r['id']}.html").write_text(page(r), "utf-8")
    for start in range(0, len(records), 100):
        items = "".join(
            f"<item><title>{html.escape(r['title'])}</title><guid>urn:{r['id']}</guid>"
            f"<description>{html.escape(r['text'])}</description></item>"
            for r in records[start : start + 100]
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
        (folder / "rss" / f"feed{start // 100}.rss").write_text(feed, "utf-8")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for r in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(page(r).encode())
        rec = writer.create_warc_record(
            f"http://example.org/{r['id']}", "response", payload=payload, http_headers=headers
        )
        writer.write_record(rec)
    (folder / "all.warc.gz").write_bytes(out.getvalue())
    return {
        "jsonl": [str(folder / "all.jsonl")],
        "jsonl.gz": [str(folder / "all.jsonl.gz")],
        "json": [str(folder / "all.json")],
        "csv": [str(folder / "all.csv")],
        "text files": [str(folder / "txt")],
        "rss": [str(folder / "rss")],
        "html": [str(folder / "html")],
        "warc.gz": [str(folder / "all.warc.gz")],
    }


READ = """
import resource, sys, time
from wirecoder.ingest.readers import read_paths
import wirecoder.ingest.feeds, wirecoder.ingest.json_records, wirecoder.ingest.tables, wirecoder.ingest.warc
t = time.perf_counter()
n = failed = 0
for art in read_paths(sys.argv[1:]):
    n += 1
    failed += art.failed
print(n, failed, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents per format")
    args = ap.parse_args()
    records = texts(args.docs)
    chars = sum(len(r["text"]) for r in records) / len(records)
    print(f"{len(records)} documents per format, {chars:,.0f} characters on average")
    print(f"{'format':<12} {'docs/s':>10} {'failed':>7} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in write_all(Path(tmp), records).items():
            out = subprocess.run([sys.executable, "-c", READ, *paths], capture_output=True, text=True, check=True)
            n, failed, seconds, peak = out.stdout.split()
            print(f"{name:<12} {int(n) / float(seconds):>10,.0f} {failed:>7} {float(peak):>8,.0f}")


if __name__ == "__main__":
    main()
