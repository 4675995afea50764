from django.urls import path

from . import views

app_name = "delegations"

prefix = "delegations/<int:association>/<slug:event>/"
urlpatterns = [
    path("delegations/", views.area, name="area"),
    path("delegations/calendar/renew/", views.renew_private_feed, name="renew_private_feed"),
    path("delegations/calendar/<str:token>.ics", views.private_feed, name="private_feed"),
    path(prefix, views.delegation_detail, name="delegation_detail"),
    path(prefix + "members/", views.add_member, name="add_member"),
    path(prefix + "members/<int:member>/remove/", views.remove_member, name="remove_member"),
    path(prefix + "copy-previous/", views.copy_previous, name="copy_previous"),
    path(prefix + "submit/", views.submit, name="submit"),
    path(prefix + "reopen/", views.reopen, name="reopen"),
]
