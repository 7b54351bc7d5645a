"""The CSV/TSV reader: one article per row, its text in one column.

The text column is ``text`` unless the reader's ``text_column`` setting names another (the CLI
passes ``--text-column NAME`` as ``read_paths(..., options={"text_column": NAME})``). The columns
``id``, ``title``, ``published`` (or ``publication_date``), ``url`` and ``source`` are taken as
a JSON record's fields; header names match whatever their case and surrounding spaces. ``.csv``
is comma-separated, ``.tsv`` and ``.tab`` tab-separated; both may quote cells (a quoted cell may
span lines). Rows are streamed; lines are decoded one at a time (UTF-8, else Windows-1252). A row
without an id gets ``<file id>:<line>``; a file without the text column is one failed article (E115).
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..doc import Article
from ..errors import Errors, IngestError
from ..registry import readers
from .readers import (
    DEFAULT_MAX_CHARS,
    article_from_record,
    check_binary,
    decode_line,
    doc_id,
    doc_name,
    failed_article,
    iter_lines,
    open_document,
    os_reason,
    strip_gz,
)

#: The column that holds the article text unless the reader is told another.
DEFAULT_TEXT_COLUMN = "text"
#: News texts are longer than the csv module's default cell limit (128 KiB).
MAX_CELL = (1 << 31) - 1
TAB_SUFFIXES = (".tsv", ".tab")


def _decoded_lines(path: Path | None, data: bytes | None, name: str) -> Iterator[str]:
    with open_document(path, data) as fh:
        for i, raw in enumerate(iter_lines(fh), 1):
            if i == 1:
                check_binary(raw, name)
            yield decode_line(raw, name, i)


def count_rows(path: Path) -> int:
    """Rows of a CSV or TSV file that hold a cell, header left out, for progress (quoted cells spanning
    lines are one row); at least 1 (a file without rows is one failed article)."""
    tab = strip_gz(path).suffix.lower() in TAB_SUFFIXES
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    n = -1
    try:
        with open_document(path) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")  # type: ignore[type-var]
            for row in csv.reader(text, delimiter="\t" if tab else ","):
                n += n < 0 or any(cell.strip() for cell in row)
    except (OSError, EOFError, zlib.error, csv.Error):
        return max(n, 0) + 1
    return max(n, 1)


@readers.register("wirecoder.csv_reader.v1", extensions=(".csv", *TAB_SUFFIXES), count=count_rows)
def read_table_file(
    path: Path | None,
    max_chars: int = DEFAULT_MAX_CHARS,
    data: bytes | None = None,
    id: str | None = None,
    text_column: str = DEFAULT_TEXT_COLUMN,
) -> Iterator[Article]:
    """Articles from a CSV or TSV file, one per row (see the module).

    text_column (str): the header of the column holding the text (any case).
    """
    name, base = doc_name(path), doc_id(path, id)
    tab = path is not None and strip_gz(path).suffix.lower() in TAB_SUFFIXES
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    want = text_column.strip().lower()
    try:
        rows = csv.reader(_decoded_lines(path, data, name), delimiter="\t" if tab else ",")
        header = next(rows, None)
        if header is None:
            yield failed_article(base, "E101", Errors.E101.format(name=name), name)
            return
        keys = [h.strip().lower() for h in header]
        if want not in keys:
            columns = ", ".join(h.strip() for h in header) or "none"
            yield failed_article(base, "E115", Errors.E115.format(name=name, column=text_column, columns=columns), name)
            return
        line = rows.line_num + 1
        for row in rows:
            record = {k: v for k, v in zip(keys, row, strict=False) if k}
            record["text"] = record.pop(want, None)  # the text column is the text, not metadata
            if any(cell.strip() for cell in row):
                yield article_from_record(record, f"{name}:{line}", max_chars=max_chars, fallback_id=f"{base}:{line}")
            line = rows.line_num + 1
    except IngestError as exc:
        yield failed_article(base, exc.code, str(exc), name)
    except csv.Error as exc:
        yield failed_article(base, "E104", Errors.E104.format(line=line, name=name, reason=exc), name)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed_article(base, "E111", Errors.E111.format(name=name, reason=os_reason(exc)), name)
