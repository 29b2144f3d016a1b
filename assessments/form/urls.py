"""Self-assessment URLs: the form (overview, domain pages, autosave, actions, evidence)."""

from django.urls import path

from assessments.form import views

urlpatterns = [
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/domain/<int:number>/", views.form_domain, name="form_domain"),
    path("<int:pk>/answer/", views.answer_autosave, name="answer_autosave"),
    path("<int:pk>/check/", views.check_answers, name="check_answers"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/copy-last-year/", views.copy_previous, name="copy_previous"),
    path("<int:pk>/question/<int:question>/action/", views.action_add, name="action_add"),
    path("<int:pk>/action/<int:action>/", views.action_edit, name="action_edit"),
    path("<int:pk>/action/<int:action>/remove/", views.action_remove, name="action_remove"),
    path("<int:pk>/question/<int:question>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/evidence/<int:evidence>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
