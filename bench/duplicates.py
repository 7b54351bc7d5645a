"""Near-duplicate articles in a corpus (issue #15): how many texts the store would link as copies of another.

Reads the seed article (tests/fixtures/seed/article.txt), examples/article.txt and the realnews dev articles
(../shared/data/realnews/dev.jsonl, when present), or any JSONL/text files given, and saves them, in that
order, into an in-memory store with no events: the store's own MinHash/LSH step links each copy to the first
stored article it copies (:mod:`wirecoder.cluster.minhash`). Prints the links and their count::

    .venv/bin/python bench/duplicates.py [FILE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def texts(paths: list[Path]) -> list[tuple[str, str]]:
    """(id, text) of every article in the files (JSONL: one article a line; else the whole file)."""
    out = []
    for path in paths:
        if not path.exists():
            print(f"skipped {path} (not present)", file=sys.stderr)
            continue
        if path.suffix == ".jsonl":
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    out.append((f"{path.parent.name}/{rec['id']}", rec["text"]))
        else:
            out.append(
                (str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path), path.read_text("utf-8"))
            )
    return out


def main() -> None:
    from wirecoder.store.sqlite import SQLiteStore

    default = [
        ROOT / "tests/fixtures/seed/article.txt",
        ROOT / "examples/article.txt",
        ROOT.parent / "shared/data/realnews/dev.jsonl",
    ]
    paths = [Path(p) for p in sys.argv[1:]] or default
    docs = texts(paths)
    with SQLiteStore(":memory:") as store:
        for aid, text in docs:
            record = {
                "article": {"id": aid, "title": None, "published": None, "source": None, "url": None, "language": "en"},
                "events": [],
                "mentions": {"places": []},
                "errors": [],
            }
            store.save_record(record, text)
        links = list(store.duplicates())
    for link in links:
        print(f"{link['article_id']}  copies  {link['duplicate_of']}  (estimated Jaccard {link['similarity']:.2f})")
    print(f"{len(docs)} articles, {len(links)} linked as near-duplicates of an earlier one")


if __name__ == "__main__":
    main()
