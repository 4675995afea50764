from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("elections/", views.calls, name="calls"),
    path("elections/<int:pk>/", views.call, name="call"),
    path("elections/answer/<uuid:token>/", views.answer, name="answer"),
    path("elections/candidatures/", views.candidatures, name="candidatures"),
]
