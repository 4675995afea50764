from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("leadership/", views.leadership, name="leadership"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_thanks, name="apply_thanks"),
]
