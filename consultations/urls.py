from django.urls import path

from .views import consultations, items, moderation, record

app_name = "consultations"

urlpatterns = [
    path("", consultations.consultation_list, name="list"),
    path("edp/<slug:edp_slug>/new/", consultations.consultation_create, name="create"),
    path("<int:pk>/", consultations.consultation_detail, name="detail"),
    path("<int:pk>/edit/", consultations.consultation_edit, name="edit"),
    path("<int:pk>/close/", consultations.consultation_close, name="close"),
    path("<int:pk>/hearings/", consultations.hearing_attach, name="hearing_attach"),
    path("hearings/<int:pk>/detach/", consultations.hearing_detach, name="hearing_detach"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path("items/<int:pk>/comments/", items.item_comments, name="item_comments"),
    path("items/<int:pk>/edit/", consultations.item_edit, name="item_edit"),
    path("items/<int:pk>/stance/", items.stance_post, name="stance"),
    path("items/<int:pk>/comment/", items.comment_post, name="comment"),
    path("comments/<int:pk>/edit/", items.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", items.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/helpful/", items.helpful_post, name="helpful"),
    path("comments/<int:pk>/flag/", items.comment_flag, name="flag"),
    path("comments/<int:pk>/moderate/", moderation.comment_moderate, name="comment_moderate"),
    path("<int:pk>/moderation/", moderation.moderation_queue, name="moderation"),
    path("<int:pk>/moderation/log/", moderation.moderation_log, name="moderation_log"),
    path("blocks/<int:pk>/lift/", moderation.block_lift, name="block_lift"),
    path("<int:pk>/answers/", record.answer_list, name="answers"),
    path("<int:pk>/answers/new/", record.answer_create, name="answer_create"),
    path("answers/<int:pk>/edit/", record.answer_edit, name="answer_edit"),
    path("answers/<int:pk>/delete/", record.answer_delete, name="answer_delete"),
    path("<int:pk>/report/", record.report, name="report"),
    path("<int:pk>/report/publish/", record.report_publish, name="report_publish"),
    path("<int:pk>/report/<slug:table>.csv", record.report_csv, name="report_csv"),
    path("<int:pk>/report.xlsx", record.report_xlsx, name="report_xlsx"),
    path("<int:pk>/report.pdf", record.report_pdf, name="report_pdf"),
]
