from django.urls import path
from rest_framework.routers import DefaultRouter

from tracker.api import views

# Beyond the viewsets, the API root lists these pages by their URL names, so a visitor of
# /api/ finds the statistics, the schema and its docs too.
ROOT_LINKS = {
    "stats/commitments": "stats-commitments",
    "stats/compliance": "stats-compliance",
    "schema": "schema",
    "docs": "api-docs",
    "redoc": "api-redoc",
}


class Router(DefaultRouter):
    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename)
            for prefix, _viewset, basename in self.registry
        }
        return self.APIRootView.as_view(api_root_dict=api_root_dict | ROOT_LINKS)


router = Router()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("parties", views.PartyViewSet, basename="party")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    path("stats/commitments/", views.CommitmentCountsView.as_view(), name="stats-commitments"),
    path("stats/compliance/", views.ComplianceView.as_view(), name="stats-compliance"),
    *router.urls,
]
