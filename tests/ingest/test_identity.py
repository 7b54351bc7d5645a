"""Document identity: ids come from the input's own id, else the path relative to the input root;
a repeated id is suffixed (``id#2``) with a coded warning, never overwritten silently."""

from __future__ import annotations

import json

from wirecoder.ingest.readers import read_data, read_paths

HTML = """<!DOCTYPE html><html><head><title>{title}</title></head><body><article>
<p>{title}: rebels attacked an army convoy near the city of Goma on Friday, killing four soldiers, officials
said.</p><p>The attack was the third on the road this month, according to a local monitoring group.</p>
</article></body></html>"""


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path):
    for story in ("story-a", "story-b"):
        (tmp_path / story).mkdir()
        (tmp_path / story / "index.html").write_text(HTML.format(title=story), "utf-8")
    arts = list(read_paths([str(tmp_path)]))
    assert [a.id for a in arts] == ["story-a/index", "story-b/index"]
    assert not any(a.errors for a in arts)


def test_ids_are_relative_to_the_root_given(tmp_path):
    (tmp_path / "corpus" / "2021" / "03").mkdir(parents=True)
    (tmp_path / "corpus" / "2021" / "03" / "kano.txt").write_text("Gunmen killed two police officers.", "utf-8")
    (tmp_path / "corpus" / "top.txt").write_text("Protesters gathered in Lagos.", "utf-8")
    assert [a.id for a in read_paths([str(tmp_path / "corpus")])] == ["2021/03/kano", "top"]
    assert [a.id for a in read_paths([str(tmp_path / "corpus" / "2021")])] == ["03/kano"]
    # a single file keeps its stem, as before
    assert [a.id for a in read_paths([str(tmp_path / "corpus" / "top.txt")])] == ["top"]


def test_records_keep_their_own_ids_inside_a_directory(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "day.jsonl").write_text(
        json.dumps({"id": "reuters-1", "text": "Troops clashed."}) + "\n" + json.dumps({"text": "No id."}) + "\n",
        "utf-8",
    )
    assert [a.id for a in read_paths([str(tmp_path)])] == ["reuters-1", "feeds/day:2"]


def test_duplicate_ids_in_one_jsonl_are_suffixed_with_a_warning(tmp_path):
    p = tmp_path / "dup.jsonl"
    rows = [{"id": "x", "text": "First telling."}, {"id": "x", "text": "Second telling."}, {"id": "x#2", "text": "T"}]
    rows.append({"id": "x", "text": "Third telling."})
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    arts = list(read_paths([str(p)]))
    assert [a.id for a in arts] == ["x", "x#2", "x#2#2", "x#3"]
    assert [a.text for a in arts][:2] == ["First telling.", "Second telling."]
    assert not arts[0].errors and not arts[1].failed
    assert arts[1].errors[0].code == "E114" and "'x#2'" in arts[1].errors[0].message
    assert arts[3].errors[0].code == "E114"


def test_duplicates_across_inputs_and_in_memory_are_suffixed(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Rebels attacked a base.", "utf-8")
    assert [a.id for a in read_paths([str(p), str(p)])] == ["a", "a#2"]
    data = b'{"id": "s", "text": "One."}\n{"id": "s", "text": "Two."}\n'
    assert [a.id for a in read_data(data)] == ["s", "s#2"]


def test_same_stem_two_formats_in_one_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Rebels attacked a base.", "utf-8")
    (tmp_path / "a.md").write_text("Police arrested ten people.", "utf-8")
    arts = list(read_paths([str(tmp_path)]))
    assert [a.id for a in arts] == ["a", "a#2"]  # a.md sorts first; a.txt is the repeat
    assert arts[1].errors[0].code == "E114"
