from django.urls import path

from .views import councils, meetings, opinions, selection

app_name = "councils"

urlpatterns = [
    path("", councils.council_list, name="list"),
    path("new/", councils.council_create, name="create"),
    path("<slug:slug>/", councils.council_detail, name="detail"),
    path("<slug:slug>/settings/", councils.council_edit, name="edit"),
    path("<slug:slug>/terms/add/", councils.term_add, name="term_add"),
    path("<slug:slug>/follow/", councils.council_follow, name="follow"),
    path("<slug:slug>/members/", councils.members_manage, name="members"),
    path("<slug:slug>/members/<int:pk>/leave/", councils.member_leave, name="member_leave"),
    path("<slug:slug>/interests/", councils.conflict_declare, name="conflict_declare"),
    # Selection by lot
    path("<slug:slug>/calls/new/", selection.call_create, name="call_create"),
    path("<slug:slug>/calls/<int:pk>/", selection.call_detail, name="call"),
    path("<slug:slug>/calls/<int:pk>/volunteer/", selection.volunteer, name="volunteer"),
    path("<slug:slug>/calls/<int:pk>/withdraw/", selection.volunteer_withdraw, name="withdraw"),
    path("<slug:slug>/calls/<int:pk>/commission/", selection.commission, name="commission"),
    path(
        "<slug:slug>/calls/<int:pk>/commission/<int:seat_pk>/remove/",
        selection.commission_remove,
        name="commission_remove",
    ),
    path("<slug:slug>/calls/<int:pk>/quotas/", selection.quotas, name="quotas"),
    path("<slug:slug>/calls/<int:pk>/public-value/", selection.public_value, name="public_value"),
    path("<slug:slug>/calls/<int:pk>/draw/", selection.draw_start, name="draw"),
    path("<slug:slug>/calls/<int:pk>/pool/", selection.pool, name="pool"),
    path("<slug:slug>/calls/<int:pk>/record.json", selection.draw_record, name="record"),
    path("<slug:slug>/calls/<int:pk>/vacancy/", selection.vacancy_fill, name="vacancy"),
    path("<slug:slug>/calls/<int:pk>/<str:transition>/", selection.call_transition, name="call_transition"),
    # Meetings, hearings, office hours
    path("<slug:slug>/meetings/new/", meetings.meeting_edit, name="meeting_create"),
    path("<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/meetings/<int:pk>/register/", meetings.meeting_register, name="meeting_register"),
    path("<slug:slug>/meetings/<int:pk>/unregister/", meetings.meeting_unregister, name="meeting_unregister"),
    path("<slug:slug>/meetings/<int:pk>/calendar.ics", meetings.meeting_calendar, name="meeting_calendar"),
    path("<slug:slug>/meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("<slug:slug>/meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("<slug:slug>/meetings/<int:pk>/questions/", meetings.question_ask, name="question_ask"),
    path(
        "<slug:slug>/meetings/<int:pk>/questions/<int:question_pk>/answer/",
        meetings.question_answer,
        name="question_answer",
    ),
    # Opinions
    path("<slug:slug>/opinions/request/", opinions.opinion_request, name="opinion_request"),
    path("<slug:slug>/opinions/new/", opinions.opinion_edit, name="opinion_create"),
    path("<slug:slug>/opinions/<int:pk>/", opinions.opinion_detail, name="opinion"),
    path("<slug:slug>/opinions/<int:pk>/edit/", opinions.opinion_edit, name="opinion_edit"),
    path("<slug:slug>/opinions/<int:pk>/publish/", opinions.opinion_publish, name="opinion_publish"),
    path(
        "<slug:slug>/opinions/<int:pk>/recommendations/<int:recommendation_pk>/answer/",
        opinions.recommendation_answer,
        name="recommendation_answer",
    ),
]
