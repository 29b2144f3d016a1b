"""Top-level URLs. There is no Django admin: every change goes through the service's own pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("web.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("access.urls")),
    path("organisations/", include("organisations.urls")),
    path("programmes/", include("programmes.urls")),
    path("ratings/", include("ratings.urls")),
    path("self-assessment/", include("assessments.urls")),
    path("register/", include("register.urls")),
]

handler400 = "web.views.bad_request"
handler404 = "web.views.not_found"
handler500 = "web.views.server_error"
