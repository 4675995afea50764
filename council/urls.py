from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("council/", views.sessions, name="sessions"),
    path("council/<int:pk>/", views.session, name="session"),
    path("council/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("council/<int:pk>/agenda/", views.public_agenda, name="public_agenda"),
    path("council/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("council/<int:pk>/motion/", views.motion, name="motion"),
    path(
        "council/<int:pk>/seat/<int:association>/delegate/",
        views.name_delegate,
        name="name_delegate",
    ),
    path("council/<int:pk>/seat/<int:association>/proxy/", views.give_proxy, name="give_proxy"),
    path("council/<int:pk>/proxies/<int:proxy>/revoke/", views.revoke_proxy, name="revoke_proxy"),
    path("council/polls/<int:pk>/", views.poll, name="poll"),
    path("council/written-vote/", views.written_vote, name="written_vote"),
    path("decisions/<slug:code>/<int:year>/", views.register, name="register"),
]
