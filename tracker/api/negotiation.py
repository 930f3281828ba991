from rest_framework.negotiation import DefaultContentNegotiation


class FormatAwareNegotiation(DefaultContentNegotiation):
    """`?format=` picks a renderer only when it names one (csv, json, api), and then wins.

    Meetings are also filtered by their own `format` (online, in_person, ...), which must not
    be mistaken for an output format and answered with 404. A named format is what the client
    asked for in so many words: a generic `Accept: application/json` that an HTTP library
    sends by default must not turn `?format=csv` into a 406.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested:
            for renderer in renderers:
                if renderer.format == requested:
                    return renderer, renderer.media_type
            if not format_suffix:
                self.settings = _IgnoreFormatParam(self.settings)
        return super().select_renderer(request, renderers, format_suffix)


class _IgnoreFormatParam:
    def __init__(self, settings) -> None:
        self._settings = settings

    def __getattr__(self, name):
        if name == "URL_FORMAT_OVERRIDE":
            return None
        return getattr(self._settings, name)
