"""The OpenAPI schema of the read API, made to say what the server does.

drf-spectacular describes what DRF declares; this API also answers CSV, refuses unknown
parameters and bad values, takes empty values as absent, and renders every field of every
row. Generated clients and schemathesis hold the server to the schema, so each of those is
written into it here, in one place.
"""

from __future__ import annotations

from django.db import DatabaseError
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from tracker.api.params import MAX_VALUE_LENGTH
from tracker.models import ReviewState

CSV_MEDIA_TYPE = "text/csv"
CSV_SCHEMA = {
    "type": "string",
    "description": "UTF-8 with a byte order mark, one header line. Lists are joined with "
    '"; "; lists of objects become one column per field (`participants.party`), each joined '
    'with "; " in the same order; nested objects become dotted columns (`summary.meeting_count`). '
    "Numbers are plain numbers; text that would start a spreadsheet formula is prefixed with '.",
}
ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": True,
    "description": "`detail` for a refusal; for bad parameters, each name with its messages.",
}
ERRORS = {
    "400": "A parameter this endpoint does not take, or a value it cannot use: the body names "
    "each parameter (and, for an unknown one, the nearest known one).",
    "401": "HTTP Basic credentials were given and are wrong.",
    "403": "Only staff may ask for items under review (`review_state`).",
    "404": "No such item, or a page past the last one.",
    "406": "The Accept header names no format the API serves (application/json or text/csv).",
    "429": "Too many requests: retry after the seconds in Retry-After.",
}
REVIEW_STATE_VALUES = [*ReviewState.values, "all"]


def review_state_parameter() -> dict:
    return {
        "in": "query",
        "name": "review_state",
        "schema": {"type": "array", "items": {"type": "string", "enum": REVIEW_STATE_VALUES}},
        "description": "Staff only, signed in with HTTP Basic (basicAuth) or a session "
        "(cookieAuth): which review states to show (default confirmed; several values or a "
        "comma list; `all` for every state). Anyone else gets 403.",
        "explode": True,
        "style": "form",
    }


class ReadApiSchema(AutoSchema):
    def get_filter_backends(self) -> list:
        if getattr(self.view, "documents_filters", False):
            return list(self.view.filter_backends)
        return super().get_filter_backends()

    def get_auth(self) -> list[dict]:
        """No operation requires credentials: HTTP Basic or a session only widens what staff
        see (`review_state`). The schemes stay in `components`, but an operation that lists
        them (even beside `{}`) makes generators demand credentials, and openapi-python-client
        then types every call for its Bearer-token client."""
        super().get_auth()  # registers basicAuth and cookieAuth in the components
        return []

    def _action(self) -> str:
        return getattr(self.view, "action", None) or "get"

    def _get_parameters(self) -> list[dict]:
        parameters = super()._get_parameters()
        own = getattr(self.view, "own_query_params", {}).get(self._action(), ())
        if "review_state" in own and not any(p["name"] == "review_state" for p in parameters):
            parameters.append(review_state_parameter())
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            if parameter["name"] == "format":
                parameter["schema"] = self._format_schema()
                parameter["description"] = self._format_description()
            if parameter["schema"].get("type") == "array" and "explode" not in parameter:
                # Id lists are repeated parameters (`meeting=1&meeting=2`), as every list here.
                parameter["explode"] = True
                parameter["style"] = "form"
            # A model field's verbose name ("Reported status") would name the generated enum.
            parameter["schema"].pop("title", None)
            parameter["schema"].get("items", {}).pop("title", None)
            self._document_codes(parameter)
            if parameter["name"] == "ordering":
                self._document_ordering(parameter)
            self._document_text_limits(parameter["schema"])
            if parameter["name"] in ("page", "page_size"):
                parameter["schema"]["minimum"] = 1
            if not parameter.get("required"):
                # Django-filter and DRF take `?date_from=` as no filter (an HTML form, the
                # browsable API's included, sends every field, empty or not).
                parameter["allowEmptyValue"] = True
        return sorted(parameters, key=lambda p: p["name"])

    def _document_ordering(self, parameter: dict) -> None:
        from tracker.api.filters import ordering_fields

        backend = next(
            b for b in self.view.filter_backends if getattr(b, "ordering_param", None) == "ordering"
        )()
        fields = ordering_fields(backend, self.view.get_queryset(), self.view)
        term = "-?(?:" + "|".join(fields) + ")"
        parameter["schema"]["pattern"] = f"^{term}(?:,{term})*$"
        parameter["description"] = (
            f"Sort by {', '.join(fields)}: a comma list, - before a field reverses it."
        )

    def _document_codes(self, parameter: dict) -> None:
        """A party code or topic slug filter takes the catalog's values (in any case, as the
        description says); anything else answers 400, so the schema lists them."""
        from tracker.api.filters import AnyCaseCodeField

        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None or parameter["schema"].get("type") != "array":
            return
        code_filter = filterset_class.base_filters.get(parameter["name"])
        if code_filter is None or code_filter.field_class is not AnyCaseCodeField:
            return
        key = code_filter.extra["to_field_name"]
        try:
            values = list(code_filter.extra["queryset"].order_by(key).values_list(key, flat=True))
        except DatabaseError:
            # `manage.py spectacular` without a migrated database: the schema still builds,
            # without the lists.
            return
        parameter["schema"]["items"]["enum"] = values
        parameter["description"] = (parameter.get("description") or "") + " Any case."

    @staticmethod
    def _document_text_limits(schema: dict) -> None:
        """Free text is refused with a NUL character (PostgreSQL cannot hold one) or past
        MAX_VALUE_LENGTH characters."""
        target = schema.get("items", schema) if schema.get("type") == "array" else schema
        if target.get("type") != "string" or "enum" in target or "format" in target:
            return
        target.setdefault("maxLength", MAX_VALUE_LENGTH)
        target.setdefault("pattern", "^[^\\u0000]*$")

    def _meeting_formats(self) -> list[str]:
        """The meeting list's own `format` filter shares the name of the output format."""
        filterset_class = getattr(self.view, "filterset_class", None)
        if self._action() != "list" or filterset_class is None:
            return []
        format_filter = filterset_class.base_filters.get("format")
        if format_filter is None:
            return []
        return [value for value, _ in format_filter.extra["choices"]]

    def _format_schema(self) -> dict:
        return {"type": "string", "enum": [*self.map_renderers("format"), *self._meeting_formats()]}

    def _format_description(self) -> str:
        text = "Output format: json, or csv for a spreadsheet; it wins over the Accept header."
        if self._meeting_formats():
            text += " Any other value filters meetings by their own format (repeat for OR)."
        return text

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if CSV_MEDIA_TYPE in content:
            # CSV is text, not the JSON structure DRF declares for every renderer.
            content[CSV_MEDIA_TYPE] = {"schema": CSV_SCHEMA}
        return response

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {
                        "application/json": {"schema": ERROR_SCHEMA},
                        # An error for a `?format=csv` request is rendered as CSV.
                        CSV_MEDIA_TYPE: {"schema": {"type": "string"}},
                    },
                },
            )
        return responses

    def _map_basic_serializer(self, serializer, direction) -> dict:
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, serializers.ModelSerializer) and schema.get("properties"):
            # The API is read-only and renders every field of a row, blank or not.
            schema["required"] = sorted(schema["properties"])
        return schema
