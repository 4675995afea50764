from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.library, name="library"),
    path("documents/<int:pk>/", views.download, name="download"),
    path("documents/<int:pk>/v<int:number>/", views.download, name="download_version"),
]
