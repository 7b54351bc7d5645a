"""Ingest you can trust with a corpus: unreadable files, gzip, JSON lines with odd line breaks,
unclaimed files and readers that raise are coded per document, and the run goes on."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from wirecoder.ingest.readers import count_documents, read_data, read_paths

GOOD = "Rebels attacked an army convoy near Goma on Friday, killing four soldiers."


def _codes(arts):
    return [(a.id, a.failed, a.errors[0].code if a.errors else None) for a in arts]


def _deny(monkeypatch, denied: Path):
    """Make one file unreadable, as chmod 000 does for a user that is not root (tests may run as root)."""
    real_open = Path.open

    def fake_open(self, *args, **kwargs):
        if Path(self) == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


@pytest.mark.parametrize("name", ["b.txt", "b.jsonl", "b.html", "b.json", "b.csv", "b.rss", "b.warc"])
def test_unreadable_file_is_coded_and_the_run_goes_on(tmp_path, monkeypatch, name):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / name).write_text("whatever", "utf-8")
    (tmp_path / "c.txt").write_text(GOOD, "utf-8")
    _deny(monkeypatch, tmp_path / name)
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [("a", False, None), ("b", True, "E111"), ("c", False, None)]
    assert "permission denied" in arts[1].errors[0].message
    # named on the command line too
    (art,) = read_paths([str(tmp_path / name)])
    assert (art.id, art.failed, art.errors[0].code) == ("b", True, "E111")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_coded(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(GOOD, "utf-8")
    p.chmod(0)
    try:
        (art,) = read_paths([str(p)])
        assert art.failed and art.errors[0].code == "E111"
    finally:
        p.chmod(0o644)


def test_broken_symlink_and_symlink_loop_in_a_directory(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(GOOD, "utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # ELOOP
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [
        ("a", False, None),
        ("dangling", True, "E111"),
        ("self", True, "E111"),
        ("sub/b", False, None),
        ("sub/up", True, "E111"),
    ]
    assert "broken symbolic link" in arts[1].errors[0].message
    assert "loop" in arts[4].errors[0].message
    # named directly
    (art,) = read_paths([str(tmp_path / "dangling.txt")])
    assert art.failed and art.errors[0].code == "E111"
    assert count_documents([str(tmp_path)]) == 5


def test_link_to_a_directory_outside_is_followed_once(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text(GOOD, "utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    assert [a.id for a in read_paths([str(corpus)])] == ["linked/x"]


def test_unreadable_subdirectory_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "z.txt").write_text(GOOD, "utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _codes(read_paths([str(tmp_path)])) == [("locked", True, "E111"), ("z", False, None)]


def test_a_reader_that_raises_fails_its_document_only(tmp_path, monkeypatch):
    from tests.core.test_registry import isolate
    from wirecoder.registry import readers

    isolate(readers, monkeypatch)

    @readers.register("testplugin.boom_reader.v1", extensions=(".boom",))
    def read_boom(path, max_chars=200_000, data=None):
        from wirecoder.ingest.readers import article_from_text

        yield article_from_text(GOOD, id="first", max_chars=max_chars)
        raise RuntimeError("parser exploded")

    (tmp_path / "a.boom").write_text("x", "utf-8")
    (tmp_path / "b.txt").write_text(GOOD, "utf-8")
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [("first", False, None), ("a", True, "E113"), ("b", False, None)]
    assert "parser exploded" in arts[1].errors[0].message


# ---------------------------------------------------------------- JSON lines


def test_jsonl_splits_on_newline_only(tmp_path):
    rows = [
        {"id": "ls", "text": "Troops advanced.\u2028Shelling went on."},
        {"id": "nel", "text": "Police fired tear gas\u0085at protesters."},
        {"id": "ff", "text": "Page one\x0cPage two of the report."},
    ]
    p = tmp_path / "odd.jsonl"
    # ensure_ascii=False: the separators go in raw, as many exporters write them
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", "utf-8")
    arts = list(read_paths([str(p)]))
    assert [a.id for a in arts[:3]] == ["ls", "nel", "ff"]
    assert arts[0].text == rows[0]["text"] and arts[1].text == rows[1]["text"]
    assert arts[3].failed and arts[3].errors[0].code == "E104"
    assert "line 4" in arts[3].errors[0].message  # the raw separators did not shift the count
    assert count_documents([str(p)]) == 4


def test_jsonl_line_numbers_count_blank_lines_and_crlf(tmp_path):
    p = tmp_path / "crlf.jsonl"
    p.write_bytes(b'{"id": "a", "text": "Rebels attacked."}\r\n\r\n{"text": "No id here."}\r\nnope\r\n')
    arts = list(read_paths([str(p)]))
    assert [a.id for a in arts] == ["a", "crlf:3", "crlf:4"]
    assert arts[1].path.endswith("crlf.jsonl:3") and not arts[1].failed
    assert "line 4" in arts[2].errors[0].message


def test_jsonl_utf16_and_cp1252_lines(tmp_path):
    p = tmp_path / "u16.jsonl"
    p.write_bytes('{"id": "u", "text": "Kyiv shelling\u2028went on."}\n'.encode("utf-16"))
    (art,) = read_paths([str(p)])
    assert art.text == "Kyiv shelling\u2028went on."
    p = tmp_path / "old.jsonl"
    p.write_bytes('{"id": "c", "text": "Bogotá bombing"}\n'.encode("cp1252"))
    (art,) = read_paths([str(p)])
    assert art.text == "Bogotá bombing"


# ---------------------------------------------------------------- gzip


def test_gzip_is_transparent(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "j1", "text": "Troops clashed."}\n{"id": "j2"}\n'))
    html = f"<!DOCTYPE html><html><head><title>Clash</title></head><body><article><p>{GOOD}</p></article></body></html>"
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(html.encode()))
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [("a", False, None), ("j1", False, None), ("j2", True, "E105"), ("c", False, None)]
    assert arts[0].text == GOOD and "Goma" in arts[3].text
    assert count_documents([str(tmp_path)]) == 4
    # named directly: the id drops .gz as well
    (art,) = read_paths([str(tmp_path / "a.txt.gz")])
    assert art.id == "a"


def test_gzip_sniffed_on_stdin_and_truncated_gzip_is_coded(tmp_path):
    (art,) = read_data(gzip.compress(b'{"id": "s1", "text": "Rebels attacked."}\n'))
    assert art.id == "s1"
    p = tmp_path / "cut.txt.gz"
    p.write_bytes(gzip.compress(GOOD.encode() * 50)[:40])
    (art,) = read_paths([str(p)])
    assert art.failed and art.errors[0].code == "E111"


# ---------------------------------------------------------------- unclaimed files, .json by name


def test_directory_of_unclaimed_files_reports_each(tmp_path):
    (tmp_path / "data.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "README").write_text("notes", "utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")  # hidden: passed over
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", "utf-8")
    arts = list(read_paths([str(tmp_path)]))
    assert _codes(arts) == [("README", True, "E112"), ("data", True, "E112")]
    assert "'.xlsx'" in arts[1].errors[0].message
    assert count_documents([str(tmp_path)]) == 2


def test_json_file_by_name_is_json_not_text(tmp_path):
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"id": "r1", "text": GOOD, "title": "Goma"}, indent=2), "utf-8")
    (art,) = read_paths([str(p)])
    assert (art.id, art.text, art.title) == ("r1", GOOD, "Goma")
    p.write_text(json.dumps({"text": GOOD}), "utf-8")
    (art,) = read_paths([str(p)])
    assert art.id == "one"  # a single record without an id takes the file's
