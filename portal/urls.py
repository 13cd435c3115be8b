from django.urls import path

from . import views

# No namespace: every page links to {% url "home" %}.
urlpatterns = [
    path("", views.home, name="home"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
]
