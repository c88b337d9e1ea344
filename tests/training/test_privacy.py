"""A learner's answers, attempts and practice are theirs alone: not in the Django admin, in their export,
gone with their erasure."""

import pytest
from django.contrib import admin
from django.test import Client

from peersupport.accounts.services import account_erase
from peersupport.core.personal_data import export_everything
from tests.accounts.factories import UserFactory, give_second_factor
from tests.conftest import sign_in
from tests.training.factories import complete, make_module
from training.models import Certificate, ModuleProgress, PracticeResponse, QuizAttempt, SupporterProfile
from training.services import supporters

pytestmark = pytest.mark.django_db

PRACTICE_TEXT = "That sounds really hard. What happened next?"


def test_the_django_admin_registers_no_learning_records():
    registered = set(admin.site._registry)
    assert not registered & {ModuleProgress, QuizAttempt, PracticeResponse, SupporterProfile}


def test_a_site_admin_finds_no_answers_or_practice_anywhere_in_the_admin(site_admin, employee):
    complete(employee, make_module())
    client = sign_in(Client(), site_admin)
    page = client.get("/admin/").content.decode()
    assert "Quiz attempt" not in page and "Practice response" not in page
    assert client.get("/admin/training/quizattempt/").status_code == 404
    assert client.get("/admin/training/practiceresponse/").status_code == 404
    # Site admins read certificates (holder, expiry) on the roster; the admin's read-only list is for
    # superusers, and takes only the filters it offers (not ?code__startswith=, which would spell out a
    # verification code a character at a time).
    assert client.get("/admin/training/certificate/").status_code == 403
    roster = client.get("/training/roster/").content.decode()
    assert employee.display_name in roster
    assert PRACTICE_TEXT not in roster and "best" not in roster.lower()


def test_the_certificate_admin_refuses_filters_it_does_not_offer(employee):
    root = UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    give_second_factor(root)
    admin_client = sign_in(Client(), root)
    complete(employee, make_module())
    code = Certificate.objects.get(user=employee).code
    assert admin_client.get("/admin/training/certificate/").status_code == 200
    assert admin_client.get(f"/admin/training/certificate/?code__startswith={code[:3]}").status_code == 400


def test_the_export_holds_the_learners_answers_and_practice(employee):
    complete(employee, make_module())
    supporters.supporter_profile_update(
        actor=employee, show_badge=False, in_directory=True, topics=["stress"], available=True
    )
    data = export_everything(employee)
    assert data["training"]["practice_replies"][0]["text"] == PRACTICE_TEXT
    assert data["training"]["quiz_attempts"][0]["answers"][0]["your_answers"] == ["Reflect what you heard"]
    assert data["peer_supporter"]["certificate"]["expires"]
    assert data["peer_supporter"]["supporter_choices"]["topics"] == ["Stress and workload"]


def test_erasure_removes_learning_certificate_and_choices(employee):
    complete(employee, make_module())
    supporters.supporter_profile_update(
        actor=employee, show_badge=True, in_directory=True, topics=["stress"], available=True
    )
    account_erase(actor=employee, keep_posts=False)
    for model in (ModuleProgress, QuizAttempt, PracticeResponse, Certificate, SupporterProfile):
        assert not model.objects.exists(), model
