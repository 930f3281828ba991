"""Checks every query string passes before any filter sees it."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

MAX_VALUE_LENGTH = 1000


def check_query_params(request: Request, known: Collection[str]) -> None:
    """Refuse parameters the endpoint does not take and values no filter can use.

    A misspelt filter (`actr=JP`) would otherwise be ignored and answer every row, which a
    report would take for the filtered figures. PostgreSQL refuses NUL characters in text, so
    such a value would otherwise surface as a database error (a 500) instead of the client's
    mistake (a 400).
    """
    errors = {}
    for name, values in request.query_params.lists():
        if name not in known:
            errors[name] = [unknown_parameter_message(name, known)]
            continue
        for value in values:
            if "\x00" in value:
                errors[name] = ["Contains a NUL character."]
            elif len(value) > MAX_VALUE_LENGTH:
                errors[name] = [f"Longer than {MAX_VALUE_LENGTH} characters."]
    if errors:
        raise ValidationError(errors)


def check_url_kwargs(kwargs: dict) -> None:
    """A NUL in the path (`/api/parties/JP%00/`) names nothing; PostgreSQL would refuse it in
    the lookup with a database error (a 500)."""
    for name, value in kwargs.items():
        if "\x00" in str(value):
            raise NotFound(f"No item has a {name} with a NUL character.")


def unknown_parameter_message(name: str, known: Collection[str]) -> str:
    """Names the nearest known parameter, then every one the endpoint takes."""
    names = sorted(known)
    nearest = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
    hint = f" Did you mean {nearest[0]}?" if nearest else ""
    return f"Unknown parameter.{hint} This endpoint takes: {', '.join(names)}."
