from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("themes/", views.theme_list, name="theme_list"),
    path("new/", views.group_create, name="create"),
    path("safeguarding/", views.safeguarding_list, name="safeguarding"),
    path("safeguarding/<str:request_id>/", views.safeguarding_detail, name="safeguarding_detail"),
    path("<str:public_id>/", views.group_detail, name="detail"),
    path("<str:public_id>/join/", views.group_join, name="join"),
    path("<str:public_id>/leave/", views.group_leave, name="leave"),
    path("<str:public_id>/me/", views.membership_preferences, name="preferences"),
    path("<str:public_id>/manage/", views.group_manage, name="manage"),
    path("<str:public_id>/manage/requests/<str:membership_id>/", views.request_decide, name="request_decide"),
    path(
        "<str:public_id>/manage/members/<str:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<str:public_id>/facilitators/", views.facilitator_appoint, name="appoint"),
    path("<str:public_id>/moderation/", views.moderation_queue, name="moderation"),
    path("<str:public_id>/moderation/act/", views.moderate, name="moderate"),
    path("<str:public_id>/moderation/unmask/", views.unmask_create, name="unmask"),
    path("<str:public_id>/sessions/new/", views.session_create, name="session_create"),
    path("<str:public_id>/sessions/<str:session_id>/", views.session_detail, name="session"),
    path("<str:public_id>/sessions/<str:session_id>/rsvp/", views.session_rsvp, name="session_rsvp"),
    path(
        "<str:public_id>/sessions/<str:session_id>/reschedule/",
        views.session_reschedule,
        name="session_reschedule",
    ),
    path("<str:public_id>/sessions/<str:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        "<str:public_id>/sessions/<str:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(
        "<str:public_id>/sessions/<str:session_id>/calendar.ics",
        views.session_calendar,
        name="session_calendar",
    ),
    path("<str:public_id>/threads/new/", views.thread_create, name="thread_create"),
    path("<str:public_id>/threads/<str:thread_id>/report/", views.report_item, name="thread_report"),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/report/",
        views.report_item,
        name="post_report",
    ),
    path("<str:public_id>/threads/<str:thread_id>/", views.thread_detail, name="thread"),
    path("<str:public_id>/threads/<str:thread_id>/edit/", views.item_edit, name="thread_edit"),
    path("<str:public_id>/threads/<str:thread_id>/delete/", views.item_delete, name="thread_delete"),
    path("<str:public_id>/threads/<str:thread_id>/react/", views.react, name="react"),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/edit/",
        views.item_edit,
        name="post_edit",
    ),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/delete/",
        views.item_delete,
        name="post_delete",
    ),
]
