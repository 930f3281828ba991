"""Search over commitment statements and source sentences that ignores diacritics and case.

Both databases index a folded copy of `text || ' ' || sentence`: PostgreSQL through unaccent
in a stored tsvector column with a GIN index (migrations 0003 and 0008), SQLite through an
FTS5 table (0003). Every term of the query must match; a "quoted phrase" matches as a
sequence of words.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connections, models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter (Vietnamese ones included) mapped to its bare lower case,
    as the databases fold the indexed text (unaccent, FTS5 remove_diacritics)."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).lower()
        if base != char:
            table.setdefault(code, base)
    # Combining marks left in text that was stored decomposed (NFD).
    for code in range(0x300, 0x370):
        table[code] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case `text` without diacritics: "Cam kết Đà Nẵng" -> "cam ket da nang"."""
    return " ".join(text.translate(_FOLD).lower().split())


def search_terms(query: str) -> list[str]:
    """Folded terms of a query; a "quoted phrase" stays one term."""
    terms = (phrase or word for phrase, word in _TERM.findall(query))
    return [folded for term in terms if (folded := fold(term.strip("-")))]


def search_commitments(queryset: models.QuerySet, query: str) -> models.QuerySet:
    terms = search_terms(query)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        tsquery = " ".join(f'"{term}"' if " " in term else term for term in terms)
        match = RawSQL(
            "tracker_commitment.search_document @@ websearch_to_tsquery('simple'::regconfig, %s)",
            (tsquery,),
            output_field=BooleanField(),
        )
        return queryset.alias(search_match=match).filter(search_match=True)
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return queryset.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM tracker_commitment_fts WHERE tracker_commitment_fts MATCH %s",
            (match,),
        )
    )
