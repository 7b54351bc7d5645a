"""Ingest: every input kind becomes an Article; bad input becomes a failed Article with a reason."""

from __future__ import annotations

import json

import pytest

from wirecoder.ingest.readers import article_from_html, decode_bytes, guess_title, read_paths


def test_readers_text_file_id_title_and_exact_text(tmp_path, seed_text):
    p = tmp_path / "seed-story.txt"
    p.write_text(seed_text, encoding="utf-8")
    (art,) = read_paths([str(p)])
    assert art.id == "seed-story"
    assert art.text == seed_text  # offsets index the text as given
    assert art.title == "US-led coalition targets IS fighters from stranded convoy"
    assert not art.failed


def test_readers_jsonl_keeps_order_and_metadata(tmp_path):
    rows = [
        {
            "id": "b",
            "text": "Gunmen killed two police officers in Kano.",
            "published": "2021-03-02",
            "url": "http://x/b",
        },
        {"id": "a", "text": "Protesters gathered in Lagos.", "title": "Lagos protest", "source": "Wire"},
    ]
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    arts = list(read_paths([str(p)]))
    assert [a.id for a in arts] == ["b", "a"]
    assert arts[0].published.isoformat() == "2021-03-02" and arts[0].published_source == "metadata"
    assert arts[0].url == "http://x/b"
    assert arts[1].title == "Lagos protest" and arts[1].source == "Wire" and arts[1].published is None


def test_readers_malformed_json_line_fails_alone(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "ok1", "text": "Troops clashed with rebels."}\n{not json\n{"id": "x"}\n', encoding="utf-8")
    arts = list(read_paths([str(p)]))
    assert [a.failed for a in arts] == [False, True, True]
    assert arts[1].errors[0].code == "E104" and "line 2" in arts[1].errors[0].message
    assert arts[2].errors[0].code == "E105"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "E101"), (b"   \n\t\n", "E101"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "E102")],
)
def test_readers_bad_files_give_coded_errors(tmp_path, content, code):
    p = tmp_path / "doc.txt"
    p.write_bytes(content)
    (art,) = read_paths([str(p)])
    assert art.failed
    assert art.errors[0].code == code
    assert "doc" in art.errors[0].message


def test_readers_missing_path(tmp_path):
    (art,) = read_paths([str(tmp_path / "nope.txt")])
    assert art.failed and art.errors[0].code == "E106"


def test_readers_latin1_and_utf16_are_decoded():
    assert decode_bytes("Bogotá bombing".encode("cp1252"), "x") == "Bogotá bombing"
    assert decode_bytes("Kyiv shelling".encode("utf-16"), "x") == "Kyiv shelling"


def test_readers_directory_is_recursive_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Rebels attacked a base.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Police arrested ten people.", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    arts = list(read_paths([str(tmp_path)]))
    assert [a.id for a in arts] == ["a", "notes", "sub/b"]  # ids: paths relative to the directory
    assert [a.failed for a in arts] == [False, True, False]
    assert arts[1].errors[0].code == "E112"  # no reader claims .bin: reported, not silently skipped


def test_readers_huge_document_is_truncated_with_warning(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Soldiers fired on protesters. " * 1000, encoding="utf-8")
    (art,) = read_paths([str(p)], max_chars=1000)
    assert not art.failed and len(art.text) == 1000
    assert art.errors[0].code == "E107"


def test_readers_html_main_text_and_metadata():
    html = """<html><head><title>Strike hits market - Example News</title>
    <meta property="article:published_time" content="2019-05-04T10:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Strike hits market</h1>
    <p>An air strike hit a crowded market in the town of Maarat al-Numan on Saturday, killing at least
    twelve civilians, rescue workers said.</p><p>The strike was the deadliest in the province this month,
    according to a monitoring group that tracks the war.</p></article><footer>Copyright</footer></body></html>"""
    art = article_from_html(html, id="page")
    assert "air strike hit a crowded market" in art.text
    assert "Home | World" not in art.text
    assert art.published is not None and art.published.isoformat() == "2019-05-04"


def test_readers_guess_title():
    assert guess_title("Troops retake town\n\nSoldiers entered...") == "Troops retake town"
    assert guess_title("Soldiers entered the town on Monday.\nMore text") is None


def test_readers_count_documents_without_parsing(tmp_path):
    from wirecoder.ingest.readers import count_documents

    (tmp_path / "a.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2, "text": "y"}\nnot json\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rebels attacked.", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 4
    assert count_documents(["-"]) is None


# ---------------------------------------------------------------- dispatch through the reader registry

JSONL_DOC = b'{"id": "j1", "text": "Rebels attacked a convoy near Goma on Friday."}\n'
HTML_DOC = b"""<!DOCTYPE html><html><head><title>Clash in Goma</title></head><body><article>
<p>Rebels attacked an army convoy near the city of Goma on Friday, killing four soldiers, officials said.</p>
<p>The attack was the third on the road this month, according to a local monitoring group.</p>
</article></body></html>"""
TEXT_DOC = b"Rebels attacked a convoy\n\nRebels attacked an army convoy near Goma on Friday."


def _register_foo_reader(monkeypatch):
    """A third-party reader for .foo files (one article per line of 'id|text'), registered for this test only."""
    from tests.core.test_registry import isolate
    from wirecoder.ingest.readers import article_from_text
    from wirecoder.registry import readers

    isolate(readers, monkeypatch)

    @readers.register("testplugin.foo_reader.v1", extensions=(".foo",))
    def read_foo(path, max_chars=200_000, data=None):
        raw = data if data is not None else path.read_bytes()
        for line in raw.decode("utf-8").splitlines():
            id, text = line.split("|", 1)
            yield article_from_text(text, id=id, max_chars=max_chars, path=str(path))


def test_readers_third_party_reader_for_files_and_directories(tmp_path, monkeypatch):
    _register_foo_reader(monkeypatch)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.foo").write_text("f1|Troops shelled a village.\nf2|Police arrested ten people.\n", "utf-8")
    (tmp_path / "a.txt").write_text("Rebels attacked a base.", encoding="utf-8")
    assert [a.id for a in read_paths([str(tmp_path)])] == ["a", "f1", "f2"]
    assert [a.text for a in read_paths([str(tmp_path / "sub" / "b.foo")])][1] == "Police arrested ten people."
    from wirecoder.ingest.readers import count_documents

    assert count_documents([str(tmp_path)]) == 2  # no counter: one per file


@pytest.mark.parametrize(
    ("content", "reader"),
    [
        (JSONL_DOC, "wirecoder.jsonl_reader.v1"),
        (b"\xef\xbb\xbf  \n" + JSONL_DOC, "wirecoder.jsonl_reader.v1"),
        (HTML_DOC, "wirecoder.html_reader.v1"),
        (b"<html><body><p>x</p></body></html>", "wirecoder.html_reader.v1"),
        (TEXT_DOC, "wirecoder.text_reader.v1"),
        (b"<p>A fragment is not a page.</p>", "wirecoder.text_reader.v1"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "wirecoder.text_reader.v1"),
    ],
)
def test_readers_sniffing_picks_the_reader_without_extension(tmp_path, content, reader):
    from wirecoder.ingest.readers import choose_reader

    p = tmp_path / "story"
    p.write_bytes(content)
    assert choose_reader(p) == reader
    assert choose_reader(None, content) == reader  # stdin


def test_readers_extension_wins_over_content(tmp_path):
    from wirecoder.ingest.readers import choose_reader

    p = tmp_path / "page.txt"
    p.write_bytes(HTML_DOC)
    assert choose_reader(p) == "wirecoder.text_reader.v1"
    assert choose_reader(tmp_path / "in.NDJSON", b"") == "wirecoder.jsonl_reader.v1"


def test_readers_extensionless_files_are_sniffed_not_taken_as_text(tmp_path):
    from wirecoder.ingest.readers import count_documents

    (tmp_path / "story").write_bytes(JSONL_DOC + JSONL_DOC.replace(b"j1", b"j2"))
    (tmp_path / "page").write_bytes(HTML_DOC)
    (tmp_path / "notes.2021").write_bytes(TEXT_DOC)
    arts = list(read_paths([str(tmp_path / "story"), str(tmp_path / "page"), str(tmp_path / "notes.2021")]))
    assert [a.id for a in arts] == ["j1", "j2", "page", "notes"]
    assert arts[2].title == "Clash in Goma" and "<p>" not in arts[2].text
    assert arts[3].title == "Rebels attacked a convoy"
    assert count_documents([str(tmp_path / "story"), str(tmp_path / "page")]) == 3
    # a directory still reads only files with a claimed extension; the others are reported (E112)
    arts = list(read_paths([str(tmp_path)]))
    assert [(a.id, a.failed, a.errors[0].code) for a in arts] == [
        ("notes", True, "E112"),
        ("page", True, "E112"),
        ("story", True, "E112"),
    ]


def test_readers_stdin_is_sniffed(monkeypatch):
    import io
    import sys

    def stdin(data: bytes):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        return list(read_paths(["-"]))

    (art,) = stdin(TEXT_DOC)
    assert (art.id, art.path, art.title) == ("stdin", "<stdin>", "Rebels attacked a convoy")
    (art,) = stdin(JSONL_DOC)
    assert (art.id, art.path) == ("j1", "<stdin>:1")
    (art,) = stdin(HTML_DOC)
    assert art.id == "stdin" and art.title == "Clash in Goma"
    (art,) = stdin(b"\x00\x01binary\x00")
    assert art.failed and (art.id, art.errors[0].code) == ("stdin", "E102")


def test_readers_read_data_uses_the_name_extension():
    from wirecoder.ingest.readers import read_data

    (art,) = read_data(TEXT_DOC, name="upload.txt")
    assert art.id == "upload" and art.path == "upload.txt"
    (art,) = read_data(JSONL_DOC, name="upload.txt")  # the extension decides before the content
    assert art.id == "upload"
    (art,) = read_data(JSONL_DOC)
    assert art.id == "j1"


def test_readers_third_party_sniffer_is_asked_before_the_builtins(tmp_path, monkeypatch):
    from tests.core.test_registry import isolate
    from wirecoder.ingest.readers import choose_reader
    from wirecoder.registry import readers

    isolate(readers, monkeypatch)

    @readers.register("testplugin.feed_reader.v1", sniff=lambda head: head.lstrip().startswith('{"feed"'))
    def read_feed(path, max_chars=200_000, data=None):
        yield from ()

    p = tmp_path / "dump"
    p.write_bytes(b'{"feed": "x", "items": []}\n')
    assert choose_reader(p) == "testplugin.feed_reader.v1"
    p.write_bytes(JSONL_DOC)
    assert choose_reader(p) == "wirecoder.jsonl_reader.v1"
