"""The people pages: inviting people and giving or removing their roles (under /accounts/)."""

from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/invite/", views.people_invite, name="people_invite"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/name/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/add-role/", views.person_add_role, name="person_add_role"),
    path("people/<int:pk>/switch-off/", views.person_switch_off, name="person_switch_off"),
    path("people/<int:pk>/switch-on/", views.person_switch_on, name="person_switch_on"),
    path(
        "people/<int:pk>/resend-invitation/",
        views.person_resend_invitation,
        name="person_resend_invitation",
    ),
    path(
        "people/<int:pk>/two-step/reset/", views.person_reset_two_step, name="person_two_step_reset"
    ),
    path(
        "people/roles/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
