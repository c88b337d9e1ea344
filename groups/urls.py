from django.urls import path

from groups.views import discussions, groups, membership, moderation, sessions

app_name = "groups"

urlpatterns = [
    path("", groups.group_list, name="list"),
    path("themes/", groups.theme_list, name="theme_list"),
    path("themes/<str:theme_id>/edit/", groups.theme_edit, name="theme_edit"),
    path("new/", groups.group_create, name="create"),
    path(
        "appointments/<str:appointment_id>/withdraw/",
        groups.appointment_withdraw,
        name="appointment_withdraw",
    ),
    path("moderation/", moderation.moderation_all, name="moderation_all"),
    path("safeguarding/", moderation.safeguarding_list, name="safeguarding"),
    path("risk/<str:flag_id>/", moderation.risk_detail, name="risk"),
    path("risk/<str:flag_id>/handled/", moderation.risk_handled, name="risk_handled"),
    path("risk/<str:flag_id>/check-in/", moderation.risk_check_in, name="risk_check_in"),
    path("safeguarding/<str:request_id>/", moderation.safeguarding_detail, name="safeguarding_detail"),
    path("<str:public_id>/", groups.group_detail, name="detail"),
    path("<str:public_id>/edit/", groups.group_edit, name="edit"),
    path("<str:public_id>/agreement/accept/", groups.agreement_accept, name="agreement_accept"),
    path("<str:public_id>/join/", membership.group_join, name="join"),
    path("<str:public_id>/leave/", membership.group_leave, name="leave"),
    path("<str:public_id>/me/", membership.membership_preferences, name="preferences"),
    path("<str:public_id>/manage/", membership.group_manage, name="manage"),
    path(
        "<str:public_id>/manage/requests/<str:membership_id>/",
        membership.request_decide,
        name="request_decide",
    ),
    path(
        "<str:public_id>/manage/members/<str:membership_id>/remove/",
        membership.member_remove,
        name="member_remove",
    ),
    path("<str:public_id>/facilitators/", groups.facilitator_appoint, name="appoint"),
    path("<str:public_id>/moderation/", moderation.moderation_queue, name="moderation"),
    path("<str:public_id>/moderation/act/", moderation.moderate, name="moderate"),
    path("<str:public_id>/moderation/unmask/", moderation.unmask_create, name="unmask"),
    path("<str:public_id>/sessions/new/", sessions.session_create, name="session_create"),
    path("<str:public_id>/sessions/<str:session_id>/", sessions.session_detail, name="session"),
    path("<str:public_id>/sessions/<str:session_id>/rsvp/", sessions.session_rsvp, name="session_rsvp"),
    path(
        "<str:public_id>/sessions/<str:session_id>/reschedule/",
        sessions.session_reschedule,
        name="session_reschedule",
    ),
    path("<str:public_id>/sessions/<str:session_id>/edit/", sessions.session_edit, name="session_edit"),
    path("<str:public_id>/sessions/<str:session_id>/cancel/", sessions.session_cancel, name="session_cancel"),
    path(
        "<str:public_id>/sessions/<str:session_id>/attendance/",
        sessions.session_attendance,
        name="session_attendance",
    ),
    path(
        "<str:public_id>/sessions/<str:session_id>/calendar.ics",
        sessions.session_calendar,
        name="session_calendar",
    ),
    path("<str:public_id>/threads/new/", discussions.thread_create, name="thread_create"),
    path("<str:public_id>/threads/<str:thread_id>/report/", moderation.report_item, name="thread_report"),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/report/",
        moderation.report_item,
        name="post_report",
    ),
    path("<str:public_id>/threads/<str:thread_id>/", discussions.thread_detail, name="thread"),
    path("<str:public_id>/threads/<str:thread_id>/edit/", discussions.item_edit, name="thread_edit"),
    path("<str:public_id>/threads/<str:thread_id>/delete/", discussions.item_delete, name="thread_delete"),
    path("<str:public_id>/threads/<str:thread_id>/react/", discussions.react, name="react"),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/edit/",
        discussions.item_edit,
        name="post_edit",
    ),
    path(
        "<str:public_id>/threads/<str:thread_id>/replies/<str:post_id>/delete/",
        discussions.item_delete,
        name="post_delete",
    ),
]
