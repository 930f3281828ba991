from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tracker.api.views import health

urlpatterns = [
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
