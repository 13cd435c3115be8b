from django.urls import path

from .views import panel, results, scoring, setup

app_name = "evaluations"

urlpatterns = [
    path("<slug:slug>/criteria/", setup.criteria, name="criteria"),
    path("<slug:slug>/criteria/defaults/", setup.criteria_defaults, name="criteria_defaults"),
    path("<slug:slug>/settings/", setup.evaluation_settings, name="settings"),
    path("<slug:slug>/panel/", panel.panel, name="panel"),
    path("<slug:slug>/panel/<int:evaluator_id>/cap/", panel.evaluator_cap, name="evaluator_cap"),
    path("<slug:slug>/panel/assign/", panel.assign_auto, name="assign_auto"),
    path("<slug:slug>/panel/assign/manual/", panel.assign_manual, name="assign_manual"),
    path("<slug:slug>/panel/assignments/<int:assignment_id>/release/", panel.release, name="release"),
    path("<slug:slug>/my/", scoring.queue, name="queue"),
    path("<slug:slug>/my/<int:idea_id>/", scoring.score, name="score"),
    path("<slug:slug>/my/<int:idea_id>/conflict/", scoring.declare_conflict, name="declare_conflict"),
    path("<slug:slug>/my/<int:idea_id>/discussion/", scoring.evaluator_post, name="evaluator_post"),
    path("<slug:slug>/ranking/", results.ranking, name="ranking"),
    path("<slug:slug>/ranking.<str:fmt>", results.ranking_export, name="ranking_export"),
    path("<slug:slug>/ideas/<int:idea_id>/", results.idea_detail, name="idea"),
    path("<slug:slug>/ideas/<int:idea_id>/discussion/", results.coordinator_post, name="coordinator_post"),
    path("<slug:slug>/candidates/", results.candidates, name="candidates"),
    path("<slug:slug>/outcome/<int:idea_id>/", results.outcome, name="outcome"),
]
