"""The JSON Schema of the ``wirecoder/1`` output contract, and a validator for it."""

from __future__ import annotations

import functools
import json
from importlib import resources

SCHEMA_FILE = "wirecoder-1.schema.json"


@functools.lru_cache(maxsize=1)
def load_schema() -> dict:
    """The wirecoder/1 JSON Schema shipped in the package."""
    return json.loads(resources.files(__name__).joinpath(SCHEMA_FILE).read_text("utf-8"))


def validate(record: dict) -> list[str]:
    """Messages for every way ``record`` breaks the schema (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(record)]
