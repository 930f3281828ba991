from django.urls import path
from rest_framework.routers import DefaultRouter

from tracker.api import views

router = DefaultRouter()
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
