from django.urls import path

from .views import evidence, ideas, meetings, process

app_name = "edp"

urlpatterns = [
    path("", process.edp_list, name="list"),
    path("new/", process.edp_create, name="create"),
    path("invitations/<str:token>/", process.invitation, name="invitation"),
    path("<slug:slug>/", process.edp_detail, name="detail"),
    path("<slug:slug>/settings/", process.edp_settings, name="settings"),
    path("<slug:slug>/stage/", process.edp_stage, name="stage"),
    path("<slug:slug>/roles/", process.edp_roles, name="roles"),
    path("<slug:slug>/roles/<int:role_pk>/revoke/", process.edp_role_revoke, name="role_revoke"),
    path(
        "<slug:slug>/invitations/<int:invitation_pk>/revoke/", process.edp_invitation_revoke, name="invitation_revoke"
    ),
    # Evidence base
    path("<slug:slug>/assets/", evidence.asset_list, name="assets"),
    path("<slug:slug>/assets/new/", evidence.asset_edit, name="asset_create"),
    path("<slug:slug>/assets/<int:pk>/edit/", evidence.asset_edit, name="asset_edit"),
    path("<slug:slug>/assets/<int:pk>/delete/", evidence.asset_delete, name="asset_delete"),
    path("<slug:slug>/swot/", evidence.swot_board, name="swot"),
    path("<slug:slug>/swot/<int:pk>/curate/", evidence.swot_curate, name="swot_curate"),
    path("<slug:slug>/facts/", evidence.fact_list, name="facts"),
    # Meetings
    path("<slug:slug>/meetings/", meetings.meeting_list, name="meetings"),
    path("<slug:slug>/meetings/new/", meetings.meeting_edit, name="meeting_create"),
    path("<slug:slug>/meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("<slug:slug>/meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/meetings/<int:pk>/register/", meetings.meeting_register, name="meeting_register"),
    path("<slug:slug>/meetings/<int:pk>/unregister/", meetings.meeting_unregister, name="meeting_unregister"),
    path("<slug:slug>/meetings/<int:pk>/calendar.ics", meetings.meeting_calendar, name="meeting_calendar"),
    path("<slug:slug>/meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("<slug:slug>/meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    # Ideas
    path("<slug:slug>/ideas/", ideas.idea_list, name="ideas"),
    path("<slug:slug>/ideas/new/", ideas.idea_edit, name="idea_create"),
    path("<slug:slug>/ideas/manage/", ideas.idea_manage, name="idea_manage"),
    path("<slug:slug>/ideas/export.<str:fmt>", ideas.idea_export, name="idea_export"),
    path("<slug:slug>/ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("<slug:slug>/ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("<slug:slug>/ideas/<int:pk>/submit/", ideas.idea_submit, name="idea_submit"),
    path("<slug:slug>/ideas/<int:pk>/withdraw/", ideas.idea_withdraw, name="idea_withdraw"),
    path("<slug:slug>/ideas/<int:pk>/attachments/", ideas.attachment_upload, name="attachment_upload"),
    path(
        "<slug:slug>/ideas/<int:pk>/attachments/<int:attachment_pk>/",
        ideas.attachment_download,
        name="attachment",
    ),
    path(
        "<slug:slug>/ideas/<int:pk>/attachments/<int:attachment_pk>/delete/",
        ideas.attachment_delete,
        name="attachment_delete",
    ),
]
