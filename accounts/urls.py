from django.urls import path

from accounts import views
from accounts.second_factor import views as two_step

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
    path("two-step/", two_step.overview, name="two_step"),
    path("two-step/set-up/", two_step.set_up, name="two_step_set_up"),
    path("two-step/verify/", two_step.verify, name="two_step_verify"),
    path("two-step/recovery-codes/", two_step.recovery_codes, name="two_step_recovery_codes"),
]
