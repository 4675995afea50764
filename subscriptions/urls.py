from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("subscriptions/", views.area, name="area"),
    path("subscriptions/<str:number>.pdf", views.pdf, name="pdf"),
]
