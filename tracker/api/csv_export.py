"""CSV output of the API: Excel-safe UTF-8, streamed, safe from formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

BOM = "\ufeff"
# A spreadsheet treats a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One CSV cell: lists joined with "; ", nested objects flattened, formulas neutralized."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, Mapping):
        text = " ".join(str(v) for v in value.values() if v not in (None, ""))
    elif isinstance(value, list | tuple):
        text = "; ".join(cell(item) for item in value)
    else:
        text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(columns: list[str], rows: Iterable[Mapping]) -> Iterator[str]:
    """The header line (with a BOM, so Excel reads UTF-8), then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield BOM + line(columns)
    for row in rows:
        yield line(cell(row.get(column)) for column in columns)


def streaming_csv_response(
    columns: list[str], rows: Iterable[Mapping], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
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
        columns = list(dict.fromkeys(key for row in rows for key in row)) if rows else []
        return "".join(csv_lines(columns, rows)).encode("utf-8")
