"""CSV output of the API: Excel-safe UTF-8, typed cells, lists that split back, an ETag.

One layout for every endpoint, so a spreadsheet or `pandas.read_csv` reads them all alike:

- numbers are written as numbers (never escaped), booleans as true/false, null as an empty
  cell, dates as ISO 8601;
- a list is one cell, its items joined with LIST_SEPARATOR; a semicolon inside an item is
  written as a comma, so splitting the cell on the separator gives the items back one by one;
- a nested object becomes dotted columns (`summary.meeting_count`), and a list of objects one
  column per field (`participants.party`, `participants.role`), each a list in the same order;
- text that a spreadsheet would take for a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header, quote_etag
from drf_spectacular.drainage import get_override
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from tracker.cache import public_data_version

BOM = "\ufeff"
LIST_SEPARATOR = "; "
# A spreadsheet treats a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A staff export is written out whole before it is sent, so that it has an ETag like every
# other answer; this much stays in memory, a larger one goes to a temporary file.
SPOOL_IN_MEMORY = 8 * 1024 * 1024
# Rows written (and sent) at a time.
WRITE_BATCH = 500
# Values written as they are (no nesting to flatten).
SCALARS = frozenset({str, int, float, bool, type(None), Decimal})


def flatten(row: Mapping, prefix: str = "") -> dict[str, object]:
    """A row with nested objects as dotted columns and lists of objects as lists per field."""
    flat: dict[str, object] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if type(value) in SCALARS:
            flat[name] = value
        elif isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
            items = [flatten(item) if isinstance(item, Mapping) else {} for item in value]
            for field in dict.fromkeys(k for item in items for k in item):
                flat[f"{name}.{field}"] = [item.get(field) for item in items]
        else:
            flat[name] = value
    return flat


def serializer_columns(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The columns a serializer's rows flatten to, known before any row is read (an empty
    list of participants still has its columns)."""
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.Serializer
        ):
            columns += serializer_columns(field.child, f"{prefix}{name}.")
        elif isinstance(field, serializers.Serializer):
            columns += serializer_columns(field, f"{prefix}{name}.")
        elif fields := annotated_object_list_fields(field) or annotated_object_fields(field):
            columns += [f"{prefix}{name}.{sub}" for sub in fields]
        else:
            columns.append(f"{prefix}{name}")
    return columns


def annotated_object_list_fields(field: serializers.Field) -> list[str]:
    """The properties of a custom field that the schema describes as a list of objects: its
    rows flatten to one column per property, like a nested serializer's."""
    schema = get_override(field, "field")
    if not isinstance(schema, dict) or schema.get("type") != "array":
        return []
    items = schema.get("items") or {}
    return list(items.get("properties", {})) if items.get("type") == "object" else []


def annotated_object_fields(field: serializers.Field) -> list[str]:
    """The properties of a field that the schema describes as one object (or null): its value
    flattens to one dotted column per property, like a nested serializer's. A method field
    carries its schema on its method."""
    if isinstance(field, serializers.SerializerMethodField):
        schema = get_override(getattr(field.parent, field.method_name), "field")
    else:
        schema = get_override(field, "field")
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return []
    return list(schema.get("properties", {}))


def list_item(value: object) -> str:
    text = value if type(value) is str else scalar_text(value)
    return text.replace(";", ",")


def scalar_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def cell(value: object) -> str:
    """One CSV cell: numbers as they are, lists joined, formulas neutralized."""
    kind = type(value)
    # The common types first, by exact type: isinstance against abstract classes cost most
    # of writing an export.
    if kind is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is int or kind is float or kind is Decimal:
        return str(value)
    if value is None:
        return ""
    if kind is list:
        text = LIST_SEPARATOR.join(map(list_item, value))
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        # A number cannot be a formula; escaping "-1" made score columns load as text.
        return str(value)
    if isinstance(value, Mapping):
        # Only a free-form mapping left unflattened (an empty one) reaches here.
        text = LIST_SEPARATOR.join(f"{k}={list_item(v)}" for k, v in value.items())
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(list_item(item) for item in value)
    else:
        text = scalar_text(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(columns: list[str], rows: Iterable[Mapping]) -> Iterator[str]:
    """The header line (with a BOM, so Excel reads UTF-8), then the rows' lines, flattened, a
    batch of lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield BOM + _drain(buffer)
    rows = iter(rows)
    while batch := list(itertools.islice(rows, WRITE_BATCH)):
        writer.writerows(
            [cell(flat.get(column)) for column in columns] for flat in map(flatten, batch)
        )
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_stream_response(lines: Iterable[str], filename: str, etag: str) -> StreamingHttpResponse:
    """The export (`csv_lines`) sent as it is written, rows read from the database in batches.

    Its ETag is given, not hashed from the content, which is not known before it is sent: for
    the public, the version of the public data with the request (see `public_csv_etag`).
    """
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in lines),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    response["ETag"] = quote_etag(etag)
    return response


def public_csv_etag(request) -> str | None:
    """A public export's ETag: what it holds follows from the public data's version (counted
    in the database by triggers, read before the rows), the request and the day (`overdue`);
    None when that version cannot be read."""
    version = public_data_version()
    if version is None:
        return None
    key = f"{version}|{timezone.localdate().isoformat()}|{request.get_full_path()}|csv"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def csv_file_response(lines: Iterable[str], filename: str) -> FileResponse:
    """The whole export (`csv_lines`), hashed while it is written to a spooled file, then
    streamed from it.

    For exports that may hold rows under review (staff), whose version nothing counts: the
    hash is the ETag, as for JSON answers, so `If-None-Match` gets a 304; the rows are still
    read from the database in chunks and never held in memory together.
    """
    # FileResponse closes the file once it has sent it.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in lines:
        data = chunk.encode("utf-8")
        digest.update(data)
        spool.write(data)
    spool.seek(0)
    response = FileResponse(
        spool,
        content_type="text/csv; charset=utf-8",
        as_attachment=True,
        filename=f"{filename}.csv",
    )
    response["ETag"] = quote_etag(digest.hexdigest())
    return response


class CSVRenderer(BaseRenderer):
    """Renders what is not streamed (stats, single objects, errors) as CSV."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, Mapping) and isinstance(data.get("results"), list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        elif isinstance(data, Mapping):
            rows = [data]
        else:
            rows = [{"value": data}]
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        ok = response is None or response.status_code < 400
        if ok and hasattr(view, "csv_columns"):
            columns = view.csv_columns(data)
        else:
            columns = self._columns(data, rows)
        return "".join(csv_lines(columns, rows)).encode("utf-8")

    @staticmethod
    def _columns(data, rows: list[Mapping]) -> list[str]:
        """The serializer's columns when known, then any the rows add; a column the rows
        expand into dotted ones (a free-form mapping such as `by_kind`) gives way to them."""
        serializer = getattr(data, "serializer", None)
        known = (
            serializer_columns(serializer) if isinstance(serializer, serializers.Serializer) else []
        )
        seen = [key for row in rows for key in flatten(row)]
        columns = list(dict.fromkeys([*known, *seen]))
        return [c for c in columns if not any(o.startswith(f"{c}.") for o in columns)]
