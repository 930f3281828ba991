"""Search over commitment statements and source sentences that ignores diacritics and case.

PostgreSQL matches `tracker_fold(text || ' ' || sentence)` against a `websearch_to_tsquery`
through a GIN index (migration 0003); SQLite registers the same folding as a Python function
and matches every term with LIKE.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connections, models
from django.db.models import BooleanField, Func, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"})
_TERM = re.compile(r'"([^"]+)"|(\S+)')
FOLD_FUNCTION = "tracker_fold"


def fold(text: str) -> str:
    """Lower-case `text` without diacritics: "Cam kết Đà Nẵng" -> "cam ket da nang"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_terms(query: str) -> list[str]:
    """Folded terms of a query; a "quoted phrase" stays one term."""
    terms = (phrase or word for phrase, word in _TERM.findall(query))
    return [folded for term in terms if (folded := fold(term.strip("-")))]


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """`connection_created` handler: give SQLite the folding PostgreSQL gets from unaccent."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, _fold_or_none, deterministic=True)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def search_commitments(queryset: models.QuerySet, query: str) -> models.QuerySet:
    terms = search_terms(query)
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        tsquery = " ".join(f'"{term}"' if " " in term else term for term in terms)
        match = RawSQL(
            "to_tsvector('simple'::regconfig, tracker_fold("
            "tracker_commitment.text || ' ' || tracker_commitment.sentence))"
            " @@ websearch_to_tsquery('simple'::regconfig, %s)",
            (tsquery,),
            output_field=BooleanField(),
        )
        return queryset.alias(search_match=match).filter(search_match=True)
    folded = Func(
        Concat("text", Value(" "), "sentence"),
        function=FOLD_FUNCTION,
        output_field=models.TextField(),
    )
    queryset = queryset.alias(search_document=folded)
    for term in terms:
        queryset = queryset.filter(search_document__contains=term)
    return queryset
