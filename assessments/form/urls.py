"""Self-assessment URLs: the form (overview, domain pages, autosave, actions, evidence)."""

from django.urls import path

from assessments.form import views, views_question, views_setup

urlpatterns = [
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/domain/<int:number>/", views.form_domain, name="form_domain"),
    path("<int:pk>/answer/", views.answer_autosave, name="answer_autosave"),
    path("<int:pk>/check/", views.check_answers, name="check_answers"),
    path("<int:pk>/assign/", views_setup.assign, name="assign"),
    path("<int:pk>/copy-last-year/", views_setup.copy_previous, name="copy_previous"),
    path("<int:pk>/question/<int:question>/action/", views_question.action_add, name="action_add"),
    path("<int:pk>/action/<int:action>/", views_question.action_edit, name="action_edit"),
    path(
        "<int:pk>/action/<int:action>/remove/", views_question.action_remove, name="action_remove"
    ),
    path(
        "<int:pk>/question/<int:question>/evidence/",
        views_question.evidence_add,
        name="evidence_add",
    ),
    path(
        "<int:pk>/evidence/<int:evidence>/remove/",
        views_question.evidence_remove,
        name="evidence_remove",
    ),
    path("evidence/<int:pk>/", views_question.evidence_download, name="evidence_download"),
]
