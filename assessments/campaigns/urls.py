"""Self-assessment URLs: campaigns, their dashboard and extensions."""

from django.urls import path

from assessments.campaigns import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("open/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/", views.campaign_dashboard, name="campaign_dashboard"),
    path("submission/<int:pk>/extend/", views.submission_extend, name="submission_extend"),
]
