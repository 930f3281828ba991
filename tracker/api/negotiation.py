from rest_framework.negotiation import DefaultContentNegotiation


class FormatAwareNegotiation(DefaultContentNegotiation):
    """`?format=` picks a renderer only when it names one (csv, json, api).

    Meetings are also filtered by their own `format` (online, in_person, ...), which must not
    be mistaken for an output format and answered with 404.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if not format_suffix and requested and requested not in {r.format for r in renderers}:
            self.settings = _IgnoreFormatParam(self.settings)
        return super().select_renderer(request, renderers, format_suffix)


class _IgnoreFormatParam:
    def __init__(self, settings) -> None:
        self._settings = settings

    def __getattr__(self, name):
        if name == "URL_FORMAT_OVERRIDE":
            return None
        return getattr(self._settings, name)
