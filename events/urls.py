from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("events/month/", views.event_month_current, name="event_month_current"),
    path("events/month/<int:year>/<int:month>/", views.event_month, name="event_month"),
    path("events/<slug:slug>.ics", views.event_ical, name="event_ical"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
]
