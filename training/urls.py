from django.urls import path

from training.views import authoring, learning, supporters

app_name = "training"

urlpatterns = [
    path("", learning.module_list, name="list"),
    path("certificate/", supporters.certificate, name="certificate"),
    path("certificate/sharing/", supporters.certificate_sharing, name="certificate_sharing"),
    path("verify/<str:code>/", supporters.verify, name="verify"),
    path("supporter/", supporters.supporter_settings, name="supporter"),
    path("supporters/", supporters.directory, name="directory"),
    path("roster/", supporters.roster, name="roster"),
    path("attempts/<str:attempt_id>/", learning.attempt_detail, name="attempt"),
    path("manage/", authoring.manage, name="manage"),
    path("manage/new/", authoring.module_create, name="module_create"),
    path("manage/<str:module_id>/", authoring.module_edit, name="module_edit"),
    path("manage/<str:module_id>/publish/", authoring.module_publish, name="module_publish"),
    path("manage/<str:module_id>/move/", authoring.module_move, name="module_move"),
    path("manage/<str:module_id>/lessons/new/", authoring.lesson_form, name="lesson_create"),
    path("manage/<str:module_id>/lessons/<str:lesson_id>/", authoring.lesson_form, name="lesson_edit"),
    path(
        "manage/<str:module_id>/lessons/<str:lesson_id>/delete/",
        authoring.lesson_delete,
        name="lesson_delete",
    ),
    path("manage/<str:module_id>/lessons/<str:lesson_id>/move/", authoring.lesson_move, name="lesson_move"),
    path("manage/<str:module_id>/questions/new/", authoring.question_form, name="question_create"),
    path(
        "manage/<str:module_id>/questions/<str:question_id>/", authoring.question_form, name="question_edit"
    ),
    path(
        "manage/<str:module_id>/questions/<str:question_id>/delete/",
        authoring.question_delete,
        name="question_delete",
    ),
    path(
        "manage/<str:module_id>/questions/<str:question_id>/move/",
        authoring.question_move,
        name="question_move",
    ),
    path("manage/<str:module_id>/practice/", authoring.practice_form, name="practice_edit"),
    path("<str:module_id>/", learning.module_detail, name="module"),
    path("<str:module_id>/lessons/<str:lesson_id>/", learning.lesson_detail, name="lesson"),
    path("<str:module_id>/quiz/", learning.quiz, name="quiz"),
    path("<str:module_id>/practice/", learning.practice, name="practice"),
]
