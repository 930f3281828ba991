from django.contrib import admin
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseNotFound
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tracker import dashboard
from tracker.api.views import health

urlpatterns = [
    path("", dashboard.index, name="dashboard"),
    path("parties/<str:code>/", dashboard.party, name="dashboard-party"),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, which the CSP (no inline scripts) allows.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Redoc needs a web font, a worker from a blob: URL and a logo that the CSP (no CDN, no
    # blob:) refuses; the self-hosted Swagger UI shows the same schema, so old links go there.
    path("api/redoc/", RedirectView.as_view(pattern_name="api-docs"), name="api-redoc"),
    path("api/", include("tracker.api.urls")),
]


PLAIN = "text/plain; charset=utf-8"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponseBadRequest:
    """A 400 that says what was wrong: our own `BadRequest` messages name the parameter.
    Other causes (a forbidden host, a suspicious operation) stay unexplained."""
    reason = str(exception) if type(exception) is BadRequest else "the request cannot be served"
    return HttpResponseBadRequest(f"Bad request: {reason}\n", content_type=PLAIN)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponseNotFound:
    """A 404 with the view's reason ("No article has the id 'abc'."); an unknown address
    gets none, so the URL patterns tried are never shown."""
    reason = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    return HttpResponseNotFound(f"Not found: {reason or request.path}\n", content_type=PLAIN)


handler400 = bad_request
handler404 = page_not_found
