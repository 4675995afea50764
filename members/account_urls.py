from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    # Before django.contrib.auth's own, which confed/urls.py includes after these.
    path("password_reset/", views.password_reset, name="password_reset"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
