"""URLs of the rating rounds, the rating explanation page and the workflow; included by
ratings/urls.py. The reports pages link to ``ratings:rating`` by its single ``pk``."""

from django.urls import path

from ratings.workflow import rating_views, views

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/compute/", views.round_compute, name="round_compute"),
    # A region's round of a year: /ratings/rounds/2025/lon/ (the region's code, any case).
    path("rounds/<int:year>/<slug:region>/", views.round_detail, name="round_detail"),
    path(
        "rounds/<int:year>/<slug:region>/step/<slug:transition>/",
        views.round_transition,
        name="round_transition",
    ),
    path(
        "rounds/<int:year>/<slug:region>/reply/<int:provider>/",
        views.round_reply,
        name="round_reply",
    ),
    path("rating/<int:pk>/", rating_views.rating, name="rating"),
    path("rating/<int:pk>/query/", rating_views.rating_query, name="rating_query"),
    path("rating/<int:pk>/correct/", rating_views.rating_correct, name="rating_correct"),
    path("queries/<int:pk>/answer/", rating_views.rating_query_answer, name="rating_query_answer"),
    path(
        "follow-ups/<int:pk>/actions/add/",
        rating_views.rating_follow_up_action,
        name="rating_follow_up_action",
    ),
    path(
        "follow-up-actions/<int:pk>/done/",
        rating_views.rating_follow_up_action_done,
        name="rating_follow_up_action_done",
    ),
    path(
        "follow-ups/<int:pk>/close/",
        rating_views.rating_follow_up_close,
        name="rating_follow_up_close",
    ),
]
