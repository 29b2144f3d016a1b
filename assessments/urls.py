"""Self-assessment URLs, one module per part of the service so each can grow on its own."""

from django.urls import include, path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("framework/", include("assessments.framework.urls")),
    path("campaigns/", include("assessments.campaigns.urls")),
    path("submissions/", include("assessments.form.urls")),
    path("submissions/", include("assessments.signoff.urls")),
    path("submissions/", include("assessments.review.urls")),
    path("", include("assessments.report.urls")),
]
