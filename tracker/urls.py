from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

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
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/", include("tracker.api.urls")),
]
