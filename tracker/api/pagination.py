from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page, 1 or more; at most 500 are sent (default 50)."
    max_page_size = 500

    def get_page_size(self, request) -> int:
        # DRF falls back to the default for `page_size=abc` or `0`; a client that asked for
        # something else should hear it was not understood.
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw:
            try:
                valid = int(raw) >= 1
            except ValueError:
                valid = False
            if not valid:
                raise ValidationError(
                    {self.page_size_query_param: ["Give a whole number, 1 or more."]}
                )
        return super().get_page_size(request)
