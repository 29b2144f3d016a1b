"""Self-assessment URLs: sign-off, history, verification and reopening."""

from django.urls import path

from assessments.signoff import views

urlpatterns = [
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/signed/<int:version>/", views.signed_version, name="signed_version"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]
