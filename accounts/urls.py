from django.urls import path

from accounts import views, views_people

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("password/reset/", views.ResetRequestView.as_view(), name="reset_request"),
    path("password/reset/sent/", views.ResetSentView.as_view(), name="reset_sent"),
    path(
        "password/set/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="reset_confirm",
    ),
    path("password/set/done/", views.ResetCompleteView.as_view(), name="reset_complete"),
    path("people/", views_people.people, name="people"),
    path("people/invite/", views_people.people_invite, name="people_invite"),
    path("people/<int:pk>/", views_people.person, name="person"),
    path("people/<int:pk>/name/", views_people.person_edit, name="person_edit"),
    path("people/<int:pk>/add-role/", views_people.person_add_role, name="person_add_role"),
    path("people/<int:pk>/switch-off/", views_people.person_switch_off, name="person_switch_off"),
    path("people/<int:pk>/switch-on/", views_people.person_switch_on, name="person_switch_on"),
    path(
        "people/<int:pk>/resend-invitation/",
        views_people.person_resend_invitation,
        name="person_resend_invitation",
    ),
    path(
        "people/roles/<int:pk>/remove/",
        views_people.membership_remove,
        name="membership_remove",
    ),
]
