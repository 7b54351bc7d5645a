"""Registries: built-ins, third-party entry points, one-off --code files, and name conflicts."""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path

import pytest

from wirecoder.errors import WirecoderError
from wirecoder.registry import ReaderRegistry, Registry, exporters, load_code, readers, stages, stores


def isolate(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> Registry:
    """Let a test register into a global registry: what it adds is gone afterwards."""
    registry.names()  # built-ins and installed entry points first
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    if isinstance(registry, ReaderRegistry):
        monkeypatch.setattr(registry, "_info", dict(registry._info))
    return registry


def install_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, entry_points: dict[str, dict[str, str]]
) -> str:
    """Install a one-module package with entry points on sys.path (a real dist-info); RETURNS its module name.

    entry_points: group -> {name: "module:object"}; "{module}" in a value is replaced by the module name.
    """
    module = f"wcplugin_{uuid.uuid4().hex[:8]}"
    site = tmp_path / "site"
    site.mkdir()
    (site / f"{module}.py").write_text(code, encoding="utf-8")
    dist = site / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    text = ""
    for group, entries in entry_points.items():
        text += f"[{group}]\n" + "".join(f"{name} = {value.format(module=module)}\n" for name, value in entries.items())
    (dist / "entry_points.txt").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return module


PLUGIN = '''
def make_shout(**settings):
    def shout(article):
        article.user_data["shout"] = article.text.upper()
        return article
    return shout

NOT_A_FACTORY = 42
'''


def test_registry_builtins_register_themselves():
    assert "wirecoder.events.v1" in stages
    assert {"jsonl", "csv", "geojson"} <= set(exporters.names())
    assert "wirecoder.text_reader.v1" in readers
    assert "sqlite" in stores


def test_registry_unknown_name_is_coded_and_lists_the_options():
    with pytest.raises(WirecoderError) as exc:
        stages.get("wirecoder.nope.v1")
    assert exc.value.code == "E001" and "wirecoder.events.v1" in str(exc.value)


def test_registry_entry_point_is_discovered_lazily(tmp_path, monkeypatch):
    install_plugin(tmp_path, monkeypatch, PLUGIN, {"wirecoder.stages": {"testplugin.shout.v1": "{module}:make_shout"}})
    registry = Registry("stage")  # group wirecoder.stages, no built-ins
    assert registry.group == "wirecoder.stages"
    assert registry._items == {}  # nothing loaded before the first lookup
    factory = registry.get("testplugin.shout.v1")
    assert factory.__name__ == "make_shout"
    assert registry.names() == ["testplugin.shout.v1"]


def test_registry_entry_point_module_may_register_itself(tmp_path, monkeypatch):
    code = (
        "from wirecoder.registry import stages\n\n"
        "@stages.register('testplugin.self_registered.v1')\n"
        "def make_it(**settings):\n    return lambda article: article\n"
    )
    install_plugin(tmp_path, monkeypatch, code, {"wirecoder.stages": {"testplugin.self_registered.v1": "{module}"}})
    isolate(stages, monkeypatch)
    monkeypatch.setattr(stages, "_entry_points_loaded", False)
    assert stages.get("testplugin.self_registered.v1").__name__ == "make_it"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("{module}:missing_factory", "missing_factory"),
        ("wcplugin_not_installed_anywhere:make", "wcplugin_not_installed_anywhere"),
        ("{module}:NOT_A_FACTORY", "registers no stage"),
    ],
)
def test_registry_broken_entry_point_is_a_coded_error_naming_it(tmp_path, monkeypatch, value, reason):
    install_plugin(tmp_path, monkeypatch, PLUGIN, {"wirecoder.stages": {"testplugin.broken.v1": value}})
    registry = Registry("stage")
    with pytest.raises(WirecoderError) as exc:
        registry.get("testplugin.broken.v1")
    assert exc.value.code == "E015"
    assert "testplugin.broken.v1" in str(exc.value) and "wirecoder.stages" in str(exc.value)
    assert reason in str(exc.value)
    with pytest.raises(WirecoderError, match="E015"):
        registry.names()  # listing everything fails loudly too, every time
    with pytest.raises(WirecoderError, match="E015"):
        registry.names()


def test_registry_conflicting_name_needs_force(monkeypatch):
    isolate(stages, monkeypatch)

    def mine(**settings):
        return lambda article: article

    with pytest.raises(WirecoderError) as exc:
        stages.register("wirecoder.events.v1", mine)  # a built-in's name
    assert exc.value.code == "E016" and "wirecoder.events.v1" in str(exc.value) and "force=True" in str(exc.value)
    stages.register("wirecoder.events.v1", mine, force=True)
    assert stages.get("wirecoder.events.v1") is mine
    stages.register("wirecoder.events.v1", mine)  # the same function again is no conflict


def test_registry_load_code_registers_a_stage(tmp_path, monkeypatch):
    isolate(stages, monkeypatch)
    path = tmp_path / "my_stage.py"
    path.write_text(
        "from wirecoder.registry import stages\n\n"
        "@stages.register('testcode.shout.v1')\n"
        "def make_shout(**settings):\n"
        "    def shout(article):\n"
        "        article.user_data['shout'] = article.text.upper()\n"
        "        return article\n"
        "    return shout\n",
        encoding="utf-8",
    )
    module = load_code(path)
    assert stages.get("testcode.shout.v1") is module.make_shout
    load_code(str(path))  # loading the same file again re-registers the same definition
    from wirecoder.doc import Article

    art = stages.get("testcode.shout.v1")()(Article(id="x", text="rebels attacked"))
    assert art.user_data["shout"] == "REBELS ATTACKED"


def test_registry_load_code_failures_are_coded(tmp_path, monkeypatch):
    isolate(stages, monkeypatch)
    with pytest.raises(WirecoderError) as exc:
        load_code(tmp_path / "missing.py")
    assert exc.value.code == "E017" and "missing.py" in str(exc.value)
    broken = tmp_path / "broken.py"
    broken.write_text("def oops(:\n", encoding="utf-8")
    with pytest.raises(WirecoderError, match=r"E017.*broken\.py"):
        load_code(broken)
    clash = tmp_path / "clash.py"
    clash.write_text(
        "from wirecoder.registry import stages\n\n"
        "@stages.register('wirecoder.events.v1')\n"
        "def make(**settings):\n    return lambda article: article\n",
        encoding="utf-8",
    )
    with pytest.raises(WirecoderError) as exc:
        load_code(clash)
    assert exc.value.code == "E017" and "E016" in str(exc.value)
    assert stages.get("wirecoder.events.v1").__module__ == "wirecoder.events.detect"


def test_registry_reader_extension_conflict_needs_force(monkeypatch):
    isolate(readers, monkeypatch)

    def read_notes(path, max_chars=0, data=None):
        yield from ()

    with pytest.raises(WirecoderError) as exc:
        readers.register("testplugin.notes_reader.v1", read_notes, extensions=("TXT",))
    assert exc.value.code == "E110" and "wirecoder.text_reader.v1" in str(exc.value)
    assert "testplugin.notes_reader.v1" not in readers
    readers.register("testplugin.notes_reader.v1", read_notes, extensions=(".txt",), force=True)
    assert readers.for_extension(".TXT") == "testplugin.notes_reader.v1"
    assert ".txt" not in readers.info("wirecoder.text_reader.v1").extensions
    assert readers.for_extension(".md") == "wirecoder.text_reader.v1"


def test_registry_reader_entry_point_with_its_extensions(tmp_path, monkeypatch):
    code = (
        "from wirecoder.registry import readers\n"
        "from wirecoder.ingest.readers import article_from_text\n\n"
        "@readers.register('testplugin.foo_reader.v1', extensions=('.foo',))\n"
        "def read_foo(path, max_chars=200_000, data=None):\n"
        "    raw = data if data is not None else path.read_bytes()\n"
        "    yield article_from_text(raw.decode()[::-1], id=path.stem, path=str(path))\n"
    )
    entry = {"wirecoder.readers": {"testplugin.foo_reader.v1": "{module}:read_foo"}}
    install_plugin(tmp_path, monkeypatch, code, entry)
    isolate(readers, monkeypatch)
    monkeypatch.setattr(readers, "_entry_points_loaded", False)
    assert readers.for_extension(".foo") == "testplugin.foo_reader.v1"
    assert ".foo" in readers.extensions()
