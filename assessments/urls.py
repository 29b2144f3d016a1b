"""Self-assessment URLs, one module per part of the service so each can grow on its own."""

from django.urls import include, path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("framework/", include("assessments.framework.urls")),
    path("campaigns/", include("assessments.urls_campaigns")),
    path("submissions/", include("assessments.urls_form")),
    path("submissions/", include("assessments.urls_signoff")),
    path("submissions/", include("assessments.urls_review")),
    path("", include("assessments.urls_report")),
]
