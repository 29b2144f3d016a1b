"""Self-assessment URLs: the quality framework. Versions are addressed by their code and
domains, standards and questions by their stable reference ids."""

from django.urls import path

from assessments.framework import views

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("domains/<str:ref>/edit/", views.framework_domain_edit, name="framework_domain_edit"),
    path(
        "domains/<str:ref>/remove/", views.framework_domain_remove, name="framework_domain_remove"
    ),
    path(
        "domains/<str:ref>/standards/add/",
        views.framework_standard_add,
        name="framework_standard_add",
    ),
    path(
        "standards/<str:ref>/edit/", views.framework_standard_edit, name="framework_standard_edit"
    ),
    path(
        "standards/<str:ref>/remove/",
        views.framework_standard_remove,
        name="framework_standard_remove",
    ),
    path(
        "standards/<str:ref>/questions/add/",
        views.framework_question_add,
        name="framework_question_add",
    ),
    path(
        "questions/<str:ref>/edit/", views.framework_question_edit, name="framework_question_edit"
    ),
    path(
        "questions/<str:ref>/remove/",
        views.framework_question_remove,
        name="framework_question_remove",
    ),
    path("<str:code>/", views.framework_detail, name="framework_detail"),
    path("<str:code>/clone/", views.framework_clone, name="framework_clone"),
    path("<str:code>/edit/", views.framework_edit, name="framework_edit"),
    path("<str:code>/mapping/", views.framework_mapping, name="framework_mapping"),
    path("<str:code>/download/", views.framework_download, name="framework_download"),
    path("<str:code>/domains/add/", views.framework_domain_add, name="framework_domain_add"),
]
