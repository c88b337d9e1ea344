"""The training pages as learners, supporters, facilitators and programme leads use them."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peersupport.core.pillars import FACILITATOR, standings_of
from peersupport.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.groups.factories import make_group
from tests.training.factories import complete, make_module, right_answers, wrong_answers
from training import kinds
from training.models import Certificate, Module, ModuleProgress, PracticeResponse, QuizAttempt
from training.services import certificates, learning, supporters

pytestmark = pytest.mark.django_db


def _quiz_post(answers):
    return {f"q{question}": options for question, options in answers.items()}


def test_a_draft_module_is_a_404_to_learners_and_a_preview_for_programme_leads(
    client, employee, programme_lead
):
    draft = make_module(publish=False)
    lesson = draft.lessons.first()
    sign_in(client, employee)
    assert client.get(reverse("training:module", args=[draft.public_id])).status_code == 404
    assert client.get(reverse("training:lesson", args=[draft.public_id, lesson.public_id])).status_code == 404
    client = sign_in(Client(), programme_lead)
    page = client.get(reverse("training:module", args=[draft.public_id]))
    assert "Preview: this module is a draft" in page.content.decode()
    # A preview records nothing.
    client.post(reverse("training:lesson", args=[draft.public_id, lesson.public_id]))
    assert not ModuleProgress.objects.exists()


def test_an_unanswered_question_reshows_the_quiz_with_the_other_choices_kept(client, employee):
    module = make_module(questions=2)
    answers = right_answers(module)
    first, _second = list(answers)
    sign_in(client, employee)
    response = client.post(
        reverse("training:quiz", args=[module.public_id]), _quiz_post({first: answers[first]})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an answer." in html
    assert f'value="{answers[first][0]}" id="id_q{first}_0" checked' in html
    assert not QuizAttempt.objects.exists()


def test_a_failed_quiz_explains_every_option_and_offers_another_try(client, employee):
    module = make_module(questions=2)
    sign_in(client, employee)
    response = client.post(
        reverse("training:quiz", args=[module.public_id]), _quiz_post(wrong_answers(module))
    )
    attempt = QuizAttempt.objects.get(user=employee)
    assert response["Location"] == reverse("training:attempt", args=[attempt.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "You scored 0%." in page
    assert "Not yet: the pass mark is 80%" in page
    assert page.count("Not quite: this puts your view first.") == 4  # every option's explanation
    assert page.count("Yes: it leaves room for them.") == 2
    assert "Try again" in page


def test_practice_shows_the_coach_and_the_model_answer_after_submitting(client, employee):
    module = make_module()
    url = reverse("training:practice", args=[module.public_id])
    sign_in(client, employee)
    before = client.get(url).content.decode()
    assert "That sounds humiliating. How are you feeling now?" not in before  # the model answer waits
    client.post(url, {"text": "You should just tell HR. At least he did not hit you."})
    page = client.get(url).content.decode()
    assert "can sound like an instruction" in page  # "you should"
    assert "make someone" in page and "feelings seem smaller" in page  # "at least"
    assert "That sounds humiliating. How are you feeling now?" in page


def test_a_too_short_practice_reply_keeps_the_text_and_says_why(client, employee):
    module = make_module()
    sign_in(client, employee)
    response = client.post(reverse("training:practice", args=[module.public_id]), {"text": "Oh no."})
    assert response.status_code == 400
    assert "Write a few sentences" in response.content.decode()
    assert "Oh no." in response.content.decode()
    assert not PracticeResponse.objects.exists()


def test_nobody_else_sees_a_learners_attempt_or_practice(
    client, employee, member, facilitator, site_admin, hr_admin
):
    module = make_module()
    complete(employee, module)
    attempt = QuizAttempt.objects.get(user=employee)
    practice_url = reverse("training:practice", args=[module.public_id])
    for other in (member, facilitator, site_admin, hr_admin):
        client = sign_in(Client(), other)
        assert client.get(reverse("training:attempt", args=[attempt.public_id])).status_code == 404
        assert "That sounds really hard. What happened next?" not in client.get(practice_url).content.decode()
        assert "best quiz score" not in client.get(reverse("training:list")).content.decode()


def test_the_verification_link_shows_the_holder_only_while_they_allow_it(client, supporter):
    complete(supporter, make_module())
    certificate = Certificate.objects.get(user=supporter)
    assert client.get(reverse("training:verify", args=[certificate.code])).status_code == 404
    certificate = certificates.certificate_sharing_set(actor=supporter, allowed=True)
    url = reverse("training:verify", args=[certificate.code])
    page = client.get(url)
    assert page.status_code == 200
    assert supporter.display_name in page.content.decode()
    assert "Valid" in page.content.decode()
    with time_machine.travel(certificate.expires_at + timedelta(days=1)):
        assert "Expired" in client.get(url).content.decode()
    certificates.certificate_sharing_set(actor=supporter, allowed=False)
    assert client.get(url).status_code == 404
    # Switched on again, the link is a new one: the one passed on before stays dead.
    again = certificates.certificate_sharing_set(actor=supporter, allowed=True)
    assert client.get(url).status_code == 404
    assert client.get(reverse("training:verify", args=[again.code])).status_code == 200
    assert client.get(reverse("training:verify", args=["made-up-code"])).status_code == 404


def test_the_directory_lists_only_current_supporters_who_opted_in_and_an_expired_one_learns_why(
    client, supporter, employee
):
    module = make_module()
    complete(supporter, module)
    hidden = UserFactory(display_name="Quiet Supporter")  # a supporter who did not opt in
    complete(hidden, module)
    supporters.supporter_profile_update(
        actor=supporter, show_badge=True, in_directory=True, topics=["bullying"], available=True
    )
    sign_in(client, employee)
    directory = client.get(reverse("training:directory")).content.decode()
    assert supporter.display_name in directory
    assert "Bullying and harassment" in directory
    assert "Quiet Supporter" not in directory
    assert (
        supporter.display_name
        not in client.get(reverse("training:directory") + "?topic=stress").content.decode()
    )
    expires = Certificate.objects.get(user=supporter).expires_at
    with time_machine.travel(expires + timedelta(minutes=5)):
        assert supporter.display_name not in client.get(reverse("training:directory")).content.decode()
        client = sign_in(Client(), supporter)
        page = client.get(reverse("training:supporter")).content.decode()
        assert "Your certificate expired on" in page
        assert "not shown as a peer supporter or listed in the directory" in page


def test_only_a_current_supporter_can_join_the_directory(client, employee):
    sign_in(client, employee)
    response = client.post(reverse("training:supporter"), {"in_directory": "on", "available": "on"})
    assert response.status_code == 400
    assert "Only peer supporters with a current certificate" in response.content.decode()


def test_a_pause_with_a_return_date_shows_in_the_directory(client, supporter, employee):
    complete(supporter, make_module())
    sign_in(client, supporter)
    back = (Certificate.objects.get(user=supporter).issued_at + timedelta(days=10)).date()
    response = client.post(
        reverse("training:supporter"),
        {"in_directory": "on", "paused_until": back.isoformat(), "topics": ["stress"]},
    )
    assert response.status_code == 302
    client = sign_in(Client(), employee)
    page = client.get(reverse("training:directory")).content.decode()
    assert "Taking a break" in page
    assert f"back on {back.day} {back:%b}" in page


def test_the_roster_shows_current_supporters_with_expiry_to_facilitators(client, supporter, facilitator):
    complete(supporter, make_module())
    make_group(facilitator=facilitator)
    assert FACILITATOR in standings_of(facilitator)
    sign_in(client, facilitator)
    page = client.get(reverse("training:roster")).content.decode()
    assert supporter.display_name in page
    assert Certificate.objects.get(user=supporter).expires_at.strftime("%Y") in page
    assert "best" not in page.lower()


def test_the_home_page_offers_the_module_to_continue(client, employee):
    module = make_module(lessons=3)
    sign_in(client, employee)
    assert f"Start “{module.title}”" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("training:lesson", args=[module.public_id, module.lessons.first().public_id]))
    home = client.get(reverse("core:home")).content.decode()
    assert "Continue your training" in home
    second = list(module.lessons.all())[1]
    assert reverse("training:lesson", args=[module.public_id, second.public_id]) in home


def test_reading_the_last_lesson_goes_on_to_the_quiz(client, employee):
    module = make_module(lessons=1)
    sign_in(client, employee)
    response = client.post(
        reverse("training:lesson", args=[module.public_id, module.lessons.first().public_id])
    )
    assert response["Location"] == reverse("training:quiz", args=[module.public_id])


def test_a_supporter_who_shows_the_badge_has_it_by_their_name_in_their_groups(client, supporter, facilitator):
    complete(supporter, make_module())
    group = make_group(facilitator=facilitator, members=[supporter])
    client = sign_in(Client(), facilitator)
    url = reverse("groups:detail", args=[group.public_id])
    badge = '<span class="badge text-bg-light border">Peer supporter</span>'
    supporters.supporter_profile_update(
        actor=supporter, show_badge=False, in_directory=True, topics=[], available=True
    )
    assert badge not in client.get(url).content.decode()  # not shown until they choose
    supporters.supporter_profile_update(
        actor=supporter, show_badge=True, in_directory=False, topics=[], available=True
    )
    assert badge in client.get(url).content.decode()
    with time_machine.travel(Certificate.objects.get(user=supporter).expires_at + timedelta(minutes=1)):
        assert badge not in client.get(url).content.decode()


def test_a_pause_ends_on_its_return_date(client, supporter, employee):
    complete(supporter, make_module())
    back = timezone.localdate() + timedelta(days=3)
    supporters.supporter_profile_update(
        actor=supporter, show_badge=False, in_directory=True, topics=[], available=False, paused_until=back
    )
    client = sign_in(Client(), employee)
    assert "Taking a break" in client.get(reverse("training:directory")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        client = sign_in(Client(), employee)  # days later: a new session
        page = client.get(reverse("training:directory")).content.decode()
        assert "Taking a break" not in page
        assert "Available" in page


def test_the_refresher_is_offered_only_when_the_certificate_needs_renewing(client, supporter):
    complete(supporter, make_module())
    make_module(title="Refresher", required=False, refresher=True, lessons=1, questions=1)
    client = sign_in(Client(), supporter)
    assert "Renew your certificate" not in client.get(reverse("training:list")).content.decode()
    assert "Renew your peer-supporter certificate" not in client.get(reverse("core:home")).content.decode()
    expires = Certificate.objects.get(user=supporter).expires_at
    with time_machine.travel(expires - timedelta(days=30)):
        client = sign_in(Client(), supporter)
        assert "Renew your certificate" in client.get(reverse("training:list")).content.decode()
        home = client.get(reverse("core:home")).content.decode()
        assert "Renew your peer-supporter certificate" in home
        assert "Start the refresher" in home
    with time_machine.travel(expires + timedelta(days=1)):
        client = sign_in(Client(), supporter)
        assert "Your certificate has expired" in client.get(reverse("core:home")).content.decode()


def test_the_roster_is_linked_for_those_who_may_read_it(client, facilitator, employee):
    make_module()
    make_group(facilitator=facilitator)
    assert (
        "Current peer supporters"
        in sign_in(Client(), facilitator).get(reverse("training:list")).content.decode()
    )
    assert (
        "Current peer supporters"
        not in sign_in(Client(), employee).get(reverse("training:list")).content.decode()
    )


def test_the_curriculum_editor_lists_modules_in_their_order(programme_lead):
    modules = [make_module(title=title) for title in ("Alpha", "Bravo", "Charlie", "Delta")]
    from training.services import authoring

    authoring.module_move(actor=programme_lead, module=modules[3], up=True)
    authoring.module_move(actor=programme_lead, module=modules[3], up=True)
    page = sign_in(Client(), programme_lead).get(reverse("training:manage")).content.decode()
    positions = [page.index(title) for title in ("Alpha", "Delta", "Bravo", "Charlie")]
    assert positions == sorted(positions)


def test_a_csrf_failure_gets_the_products_page(employee):
    client = sign_in(Client(), employee)
    client.handler.enforce_csrf_checks = True  # as a browser whose token went stale
    response = client.post(reverse("training:supporter"), {"available": "on"})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()


def test_a_return_date_while_available_is_refused_not_dropped(client, supporter):
    complete(supporter, make_module())
    client = sign_in(Client(), supporter)
    back = timezone.localdate() + timedelta(days=5)
    response = client.post(
        reverse("training:supporter"), {"available": "on", "paused_until": back.isoformat()}
    )
    assert response.status_code == 400
    assert "Untick “I am available to colleagues now”" in response.content.decode()
    assert f'value="{back.isoformat()}"' in response.content.decode()  # kept, in the date box's format


def test_finishing_the_last_step_says_you_are_now_a_peer_supporter_and_home_asks_how_to_be_found(supporter):
    module = make_module(questions=0)
    client = sign_in(Client(), supporter)
    for lesson in module.lessons.all():
        client.post(reverse("training:lesson", args=[module.public_id, lesson.public_id]))
    response = client.post(
        reverse("training:practice", args=[module.public_id]),
        {"text": "That sounds hard. What happened?"},
        follow=True,
    )
    page = response.content.decode()
    assert "you are now a peer supporter" in page
    assert "See your certificate" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "You are a peer supporter" in home
    assert reverse("training:supporter") in home


def test_unpublishing_asks_first_and_says_how_many_it_affects(programme_lead, employee):
    module = make_module(lessons=2)
    learning.lesson_read(actor=employee, lesson=module.lessons.first())
    client = sign_in(Client(), programme_lead)
    page = client.get(reverse("training:module_publish", args=[module.public_id])).content.decode()
    assert "Unpublish this module?" in page
    assert "1 person has started or finished it." in page
    assert Module.objects.get(pk=module.pk).is_published


def test_the_reminder_to_finish_names_the_module(employee):
    module = make_module(title="Empathy at work", lessons=2)
    learning.lesson_read(actor=employee, lesson=module.lessons.first())
    nudge = Notification.objects.filter(recipient=employee, kind=kinds.MODULE_NUDGE.key).first()
    assert "Empathy at work" in nudge.context["message"]
    assert nudge.url == reverse("training:module", args=[module.public_id])
