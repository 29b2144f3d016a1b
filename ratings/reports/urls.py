"""URLs of the reports pages; included by ratings/urls.py."""

from django.urls import path

from ratings.reports import views

urlpatterns = [
    path("matrix/", views.matrix, name="matrix"),
    path("provider/<int:pk>/", views.provider, name="provider"),
    path("provider/<int:pk>/pdf/", views.provider_pdf, name="provider_pdf"),
    path("programme/<int:pk>/", views.programme, name="programme"),
    path("public/", views.public, name="public"),
    path("public/provider/<int:pk>/", views.public_provider, name="public_provider"),
]
