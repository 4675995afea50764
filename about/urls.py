from django.urls import path

from . import views

app_name = "about"

urlpatterns = [
    path("about/", views.index, name="index"),
    path("about/<slug:code>/", views.confederation, name="confederation"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
]
