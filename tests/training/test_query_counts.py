"""The training pages make as many queries with 50 modules or lessons as with one."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.conftest import sign_in
from tests.queries import assert_queries_constant
from tests.training.factories import complete, make_module
from training.models import Certificate
from training.services import authoring, learning, supporters

pytestmark = pytest.mark.django_db


def test_the_module_list_is_constant_in_the_number_of_modules(client, employee):
    sign_in(client, employee)
    made = []

    def add(n):
        for _ in range(n):
            made.append(make_module(title=f"Module {len(made)}", lessons=2, questions=1))
            complete(employee, made[-1])  # progress rows too

    assert_queries_constant(client, reverse("training:list"), add=add)


def test_a_module_page_is_constant_in_the_number_of_lessons(client, employee):
    module = make_module(lessons=0, questions=1, publish=False)
    sign_in(client, employee)

    def add(n):
        for number in range(n):
            lesson = authoring.lesson_save(actor=None, module=module, title=f"Lesson {number}", body="Text.")
            authoring.module_publish(actor=None, module=module, publish=True)
            learning.lesson_read(actor=employee, lesson=lesson)

    assert_queries_constant(client, reverse("training:module", args=[module.public_id]), add=add)


def test_the_directory_and_roster_are_constant_in_the_number_of_supporters(client, programme_lead):
    module = make_module()
    sign_in(client, programme_lead)

    def add(n):
        for _ in range(n):
            person = UserFactory()
            complete(person, module)
            supporters.supporter_profile_update(
                actor=person,
                show_badge=True,
                in_directory=True,
                topics=["stress", "bullying"],
                available=True,
            )

    assert_queries_constant(client, reverse("training:directory"), add=add)
    assert Certificate.objects.count() == 50
    assert_queries_constant(client, reverse("training:roster"), add=lambda n: add(n))
