"""The bad-input corpus of issue #16, built in a temporary folder and coded in one ``extract`` run: the run
completes, every bad document is reported with its coded error (in the output and in the store), every
good one is coded and stored."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.ingest.readers import read_paths

runner = CliRunner()

GOOD = "Rebels attacked an army convoy near Goma on Friday, killing four soldiers, officials said on Saturday."
CALM = "The council met on Tuesday to discuss the new budget for schools and roads in the district. "


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
        f"{body}<footer>Copyright 2024 Example News</footer></body></html>"
    )


def _paragraphs(place: str) -> str:
    return (
        f"<p>Rebels attacked an army convoy near {place} on Friday, killing four soldiers, officials said.</p>"
        "<p>The attack was the third on the road this month, according to a local monitoring group that "
        "tracks violence in the province.</p>"
    )


def _warc_cut() -> bytes:
    """A WARC of two pages, cut inside the second one. (Texts differ across the corpus: the store keeps one
    article per text.)"""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for uri, place in (("http://example.org/kindu", "Kindu"), ("http://example.org/beni", "Beni")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = _page(place, f"<article>{_paragraphs(place)}</article>").encode()
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    data = out.getvalue()
    return data[: len(data) - 200]


def _build(root: Path) -> tuple[dict[str, str], set[str]]:
    """Write the corpus; RETURNS ({id of a bad document: its error code}, {ids of the good documents})."""
    root.mkdir()
    bad: dict[str, str] = {}
    good: set[str] = set()

    def put(name: str, data: bytes | str, code: str | None = None) -> None:
        """One file; a document of its own (bad with ``code``, else good) when it is not a file of records."""
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if name.endswith((".jsonl", ".warc", ".rss")):
            return
        if code:
            bad[name.rsplit(".", 1)[0]] = code
        else:
            good.add(name.rsplit(".", 1)[0])

    put("good.txt", GOOD)
    put("empty.txt", "", "E101")
    put("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "E102")
    put("undecodable.txt", b"Rebels attacked \x81\x8d a convoy near Goma.", "E103")  # neither UTF-8 nor cp1252
    put("cp1252.txt", "\u201cRebels\u201d attacked a caf\u00e9 near Goma on Friday, killing four.".encode("cp1252"))
    put("utf16.txt", GOOD.replace("Goma", "Kalehe").encode("utf-16"))
    put("big.txt", (GOOD + " " + CALM * 600 + "\n").encode() * 900)  # 50 MB
    put("data.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "E112")
    # a feed cut short: its damage reported, and its one entry, which has a title but no text
    put("broken.rss", "<rss><channel><title>Wire</title><item><title>Goma</title><oops")
    bad.update({"broken": "E116", "broken:1": "E101"})
    # JSON lines: a U+2028 inside a string, a malformed line, a record without text, markup in an id and
    # in a text, a repeated id
    lines = [
        json.dumps({"id": "j1", "text": GOOD.replace(", killing", ",\u2028killing")}, ensure_ascii=False),
        '{"id": "j2", "text": "Police fired tear gas',
        json.dumps({"id": "j3", "title": "No text here"}),
        json.dumps({"id": "x[/red]y", "text": "[red]Police[/red] fired tear gas at protesters in Nairobi on Monday."}),
        json.dumps({"id": "j1", "text": "Troops clashed with militants near Mosul on Sunday, the army said."}),
    ]
    put("records.jsonl", "\n".join(lines) + "\n")
    good.update({"j1", "x[/red]y", "j1#2"})
    bad.update({"records:2": "E104", "j3": "E105"})
    # a WARC cut inside its second record: the first page stands
    put("cut.warc", _warc_cut())
    good.add("http://example.org/kindu")
    bad["cut:2"] = "E117"
    # two pages with the same file name in two folders; a page nested 100,000 deep; an 11 MB inline script
    put("story-a/index.html", _page("Story A", f"<article>{_paragraphs('Goma')}</article>"))
    put("story-b/index.html", _page("Story B", f"<article>{_paragraphs('Bunia')}</article>"))
    put("nested.html", _page("Nested", "<div>" * 100_000 + _paragraphs("Uvira") + "</div>" * 100_000))
    script = "<script>var blob = '" + "x" * 11_000_000 + "';</script>"
    put("script.html", _page("Script", script + f"<article>{_paragraphs('Butembo')}</article>"))
    # links: a loop to the corpus itself, a link to itself
    (root / "loop").symlink_to(root, target_is_directory=True)
    bad["loop"] = "E111"
    (root / "self.txt").symlink_to(root / "self.txt")
    bad["self"] = "E111"
    return bad, good


def _deny_if_root(monkeypatch, path: Path) -> None:
    """chmod 000 does not stop root from reading: refuse the file's opening as the system would."""
    if not os.access(path, os.R_OK):
        return
    real_open = Path.open

    def fake_open(self, *args, **kwargs):
        if Path(self) == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


def test_bad_input_corpus_runs_to_completion(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    bad, good = _build(corpus)
    secret = corpus / "secret.txt"
    secret.write_text(GOOD, "utf-8")
    secret.chmod(0)
    bad["secret"] = "E111"
    _deny_if_root(monkeypatch, secret)
    db = tmp_path / "w.db"
    try:
        result = runner.invoke(app, ["extract", str(corpus), "--db", str(db), "--set", "nlp.max_chars=5000"])
    finally:
        secret.chmod(0o644)
    assert result.exit_code == 1, result.output  # some documents failed, the run completed
    records = {r["article"]["id"]: r for r in map(json.loads, result.stdout.strip().split("\n"))}  # U+2028 kept raw
    assert set(records) == set(bad) | good  # every document accounted for, once
    for doc, code in bad.items():
        assert records[doc]["events"] == [] and records[doc]["errors"], doc
        assert records[doc]["errors"][-1]["message"].startswith(f"[{code}]"), (doc, records[doc]["errors"])
    warnings = ("[E107]", "[E114]", "[E118]")  # truncated, id made unique, page text taken whole
    for doc in good:
        assert records[doc]["article"]["language"] == "en", doc
        assert all(e["message"].startswith(warnings) for e in records[doc]["errors"]), (doc, records[doc]["errors"])
    # the good ones are coded from their article text: the place of the attack in each is found
    places = {
        "good": "Goma",
        "j1": "Goma",
        "cp1252": "Goma",
        "utf16": "Kalehe",
        "story-a/index": "Goma",
        "story-b/index": "Bunia",
        "nested": "Uvira",
        "script": "Butembo",
        "http://example.org/kindu": "Kindu",
    }
    for doc, place in places.items():
        assert place in {p["text"] for p in records[doc]["mentions"]["places"]}, doc
    assert records["big"]["errors"][0]["message"].startswith("[E107]")
    assert records["j1#2"]["errors"][0]["message"].startswith("[E114]")
    assert records["nested"]["article"]["title"] == "Nested" and records["script"]["article"]["title"] == "Script"
    # the store holds every good document and the coded error of every bad one
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("SELECT id FROM articles")} == good
    stored = {}
    for article_id, code in con.execute("SELECT article_id, code FROM errors"):
        stored.setdefault(article_id, []).append(code)
    assert all(stored.get(doc, [None])[-1] == code for doc, code in bad.items()), stored
    # the closing line counts them by reason
    by_code: dict[str, int] = {}
    for code in bad.values():
        by_code[code] = by_code.get(code, 0) + 1
    counts = ", ".join(f"{c} {n}" for c, n in sorted(by_code.items()))
    assert result.stderr.strip().splitlines()[-1] == (
        f"coded {len(good)} document(s); failed {len(bad)} ({counts}); stored {len(good)} article(s) in {db}"
    )


def test_a_50_mb_file_is_read_in_bounded_memory(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes((GOOD + " " + CALM * 600 + "\n").encode() * 900)
    records = tmp_path / "big.jsonl"
    line = json.dumps({"text": GOOD + " " + CALM * 20}) + "\n"
    records.write_text(line * (50_000_000 // len(line)), "utf-8")
    script = (
        "import resource, sys\n"
        "from wirecoder.ingest.readers import read_paths\n"
        "import wirecoder.ingest.json_records, wirecoder.ingest.tables\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in read_paths(sys.argv[1:]))\n"
        "print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(big), str(records)], capture_output=True, text=True, check=True, timeout=120
    )
    n, grown_mb = map(int, out.stdout.split())
    assert n == 1 + 50_000_000 // len(line)
    assert grown_mb < 20  # 100 MB of input, a few MB of memory


def test_unknown_binary_file_named_on_the_command_line_is_reported(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\x03\nendstream")
    (art,) = read_paths([str(p)])
    assert art.failed and art.errors[0].code == "E102"
    p = tmp_path / "wire.dat"  # sniffed: JSON lines
    p.write_text(json.dumps({"id": "d1", "text": GOOD}) + "\n", "utf-8")
    (art,) = read_paths([str(p)])
    assert (art.id, art.failed) == ("d1", False)


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_page_keeps_its_paragraphs(depth):
    from wirecoder.ingest.readers import article_from_html

    html = _page("Deep", "<div><span>" * depth + _paragraphs("Uvira") + "</span></div>" * depth)
    art = article_from_html(html, id="deep")
    assert not art.failed and art.title == "Deep"
    assert art.text.startswith("Rebels attacked an army convoy near Uvira on Friday")
    assert "the third on the road this month" in art.text and "Home | World" not in art.text


def test_large_inline_script_is_dropped_and_small_metadata_kept():
    from wirecoder.ingest.html_text import drop_long_scripts

    ld = '<script type="application/ld+json">{"datePublished": "2021-03-05"}</script>'
    html = ld + "<SCRIPT>" + "y" * 200_000 + "</script >" + "<p>text</p>"
    assert drop_long_scripts(html) == ld + "<SCRIPT></script ><p>text</p>"
