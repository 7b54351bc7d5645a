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
        {"id": "b", "text": "Gunmen killed two police officers in Kano.", "published": "2021-03-02", "url": "http://x/b"},
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
    assert [a.id for a in read_paths([str(tmp_path)])] == ["a", "b"]


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
