from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("nations/", views.nation_list, name="nation_list"),
    path("nations/<slug:code>/", views.nation_detail, name="nation_detail"),
]
