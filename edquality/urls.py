"""Top-level URLs. There is no Django admin: every change goes through the service's own pages."""

from django.urls import include, path

from api.v1 import api as api_v1

urlpatterns = [
    path("", include("web.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("access.urls")),
    path("organisations/", include("organisations.urls")),
    path("programmes/", include("programmes.urls")),
    path("ratings/", include("ratings.urls")),
    path("self-assessment/", include("assessments.urls")),
    path("register/", include("register.urls")),
    path("api/", include("api.urls")),
    path("api/v1/", api_v1.urls),
]

handler400 = "web.views.bad_request"
handler404 = "web.views.not_found"
handler500 = "web.views.server_error"
