from django.urls import path

from accounts import views

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
]
