from django.urls import path

from . import two_factor, views

urlpatterns = [
    path("", views.account, name="account"),
    # Before django.contrib.auth's own, which confed/urls.py includes after these.
    path("password_reset/", views.password_reset, name="password_reset"),
    path("two-factor/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/code/", two_factor.verify, name="two_factor_verify"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
