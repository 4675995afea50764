from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.index, name="index"),
    path("awards/<slug:slug>/", views.roll, name="roll"),
    path("awards/<slug:slug>/nominate/", views.nominate, name="nominate"),
]
