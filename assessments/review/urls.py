"""Self-assessment URLs: the regional review and questions to providers."""

from django.urls import path

from assessments.review import views

urlpatterns = [
    path("review/", views.review_list, name="review_list"),
    path("<int:pk>/review/", views.review_submission, name="review"),
    path("review/notes/<int:pk>/close/", views.note_close, name="review_note_close"),
    path("<int:pk>/clarifications/", views.clarifications, name="clarifications"),
]
