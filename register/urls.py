"""The quality register's pages."""

from django.urls import path

from register import views

app_name = "register"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("providers/<int:pk>/", views.provider_items, name="provider"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/<slug:step>/", views.item_step, name="item_step"),
]
