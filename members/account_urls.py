from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
