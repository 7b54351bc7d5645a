"""The JSON reader: a ``.json`` file holding an array of article records, or one record (or, as
many dumps named ``.json`` do, records one after another: JSON lines).

Records have the fields of a JSON line (``id``, ``text``, optional ``title``, ``published``,
``url``, ``source``; see :func:`wirecoder.ingest.readers.article_from_record`). An array is
streamed: records are decoded one at a time from a buffer that holds about one record, so a
large array takes constant memory. A record that is not an object fails alone (E104, E105); a
syntax error fails the rest of the file (E104, with its line), the records before it stand.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..doc import Article
from ..errors import Errors, IngestError
from ..registry import readers
from .readers import (
    DEFAULT_MAX_CHARS,
    SNIFF_BYTES,
    article_from_record,
    check_binary,
    doc_id,
    doc_name,
    failed_article,
    open_document,
    os_reason,
)

#: Characters read at a time.
CHUNK = 1 << 16
#: A record still undecodable with this many characters buffered is malformed (or absurdly large).
MAX_RECORD_CHARS = 1 << 26
_ARRAY_OF_RECORDS = re.compile(r"\s*\[\s*[{\]]")
_SPACE = re.compile(r"\s*")


def looks_like_json_array(head: str) -> bool:
    """A JSON array of objects: ``[`` then ``{`` (or an empty array)."""
    return _ARRAY_OF_RECORDS.match(head.lstrip("\ufeff")) is not None


class _Buffer:
    """A text stream read in chunks, with the line number of the read position."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream, self.text, self.pos, self.line, self.eof = stream, "", 0, 1, False

    def fill(self) -> bool:
        """Read more (at least as much again as is buffered); False at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(max(CHUNK, len(self.text) - self.pos))
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next non-blank character ("" at the end), blanks skipped."""
        while True:
            self.advance(_SPACE.match(self.text, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def value(self, decoder: json.JSONDecoder) -> object:
        """The next JSON value, reading more until it is complete; RAISES json.JSONDecodeError."""
        self.peek()  # raw_decode does not skip blanks
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if len(self.text) - self.pos > MAX_RECORD_CHARS or not self.fill():
                    raise
                continue
            if end == len(self.text) and not self.eof and self.fill():
                continue  # a number or literal may go on in the next chunk
            self.advance(end)
            return value


def _records(buf: _Buffer, name: str, base: str, max_chars: int) -> Iterator[Article]:
    decoder = json.JSONDecoder()

    def malformed(reason: object) -> Article:
        message = Errors.E104.format(line=buf.line, name=name, reason=reason)
        return failed_article(f"{base}:{buf.line}", "E104", message, name)

    def next_value() -> tuple[int, object]:
        """The line where the next JSON value starts, and the value (RAISES JSONDecodeError)."""
        buf.peek()  # skip white space, so the line is the value's own
        return buf.line, buf.value(decoder)

    def record(value: object, line: int) -> Article:
        where = f"{name}:{line}"
        if not isinstance(value, dict):
            message = Errors.E104.format(line=line, name=name, reason="not an object")
            return failed_article(f"{base}:{line}", "E104", message, where)
        return article_from_record(value, where, max_chars=max_chars, fallback_id=f"{base}:{line}")

    first = buf.peek()
    if first == "":
        yield failed_article(base, "E101", Errors.E101.format(name=name), name)
        return
    if first != "[":
        try:
            line, value = next_value()
        except json.JSONDecodeError as exc:
            yield malformed(exc)
            return
        if buf.peek() == "":
            if isinstance(value, dict):  # one record: its own id, else the file's
                yield article_from_record(value, name, max_chars=max_chars, fallback_id=base)
            else:
                yield record(value, line)
            return
        # more values follow: JSON lines (or concatenated records) in a .json file, read one by one
        yield record(value, line)
        while buf.peek() != "":
            try:
                line, value = next_value()
            except json.JSONDecodeError as exc:
                yield malformed(exc)
                return
            yield record(value, line)
        return
    buf.advance(buf.pos + 1)
    if buf.peek() == "]":
        buf.advance(buf.pos + 1)
    else:
        while True:
            try:
                line, value = next_value()
            except json.JSONDecodeError as exc:
                yield malformed(exc)
                return
            yield record(value, line)
            sep = buf.peek()
            buf.advance(buf.pos + 1)
            if sep == "]":
                break
            if sep != ",":
                yield malformed(f"expected ',' or ']' after the record, found {sep!r}" if sep else "unexpected end")
                return
    if buf.peek() != "":
        yield malformed("text after the closing ']'")


def count_records(path: Path) -> int:
    """Records in a JSON file (the values of its top-level array, or its top-level values), for progress:
    each value is decoded and dropped, no article is made; one more for the damage of a malformed file."""
    decoder, n = json.JSONDecoder(), 0
    try:
        with open_document(path) as fh:
            head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
            encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
            buf = _Buffer(io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline=""))  # type: ignore[type-var]
            array = buf.peek() == "["
            if array:
                buf.advance(buf.pos + 1)
            while (nxt := buf.peek()) not in ("", "]"):
                if nxt == ",":
                    buf.advance(buf.pos + 1)
                    continue
                buf.value(decoder)
                n += 1
    except (OSError, EOFError, zlib.error, ValueError):
        return n + 1
    return max(n, 1)


@readers.register("wirecoder.json_reader.v1", extensions=(".json",), sniff=looks_like_json_array, count=count_records)
def read_json_file(
    path: Path | None, max_chars: int = DEFAULT_MAX_CHARS, data: bytes | None = None, id: str | None = None
) -> Iterator[Article]:
    """Articles from a JSON file: one per record of a top-level array, or one for a single record
    (its ``id``, else the file's). Records without an id get ``<file id>:<line>``."""
    name, base = doc_name(path), doc_id(path, id)
    try:
        with open_document(path, data) as fh:
            head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
            check_binary(head, name)
            encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
            text = io.TextIOWrapper(fh, encoding=encoding, newline="")  # type: ignore[type-var]
            yield from _records(_Buffer(text), name, base, max_chars)
    except IngestError as exc:
        yield failed_article(base, exc.code, str(exc), name)
    except UnicodeDecodeError as exc:
        yield failed_article(base, "E103", Errors.E103.format(name=name, reason=exc), name)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed_article(base, "E111", Errors.E111.format(name=name, reason=os_reason(exc)), name)
