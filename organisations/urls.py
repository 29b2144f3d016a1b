from django.urls import path

from organisations import views, views_import

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("imports/", views_import.imports, name="imports"),
    path("imports/new/", views_import.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views_import.import_confirm, name="import_confirm"),
]
