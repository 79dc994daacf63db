"""A small world for thank-you cards: a value with behaviours, colleagues, a line manager,
and logged-in clients per role."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from core.roles import IMPROVEMENT_LEADS
from people.models import StaffProfile
from tests.conftest import STRATEGY_EDITORS, logged_in
from tests.factories import BehaviourFactory, UserFactory, ValueFactory


@pytest.fixture
def cards_world(db):
    value = ValueFactory(
        organisation__slug="trust", organisation__short_name="TRUST", name="Kind", slug="kind"
    )
    listen = BehaviourFactory(value=value, statement="I take time to listen")
    other_value = ValueFactory(organisation=value.organisation, name="Brave", slug="brave")
    speak_up = BehaviourFactory(value=other_value, statement="I speak up")
    sender = UserFactory(username="sender", first_name="Sana", last_name="Sender")
    recipient = UserFactory(username="recipient", first_name="Rhys", last_name="Recipient")
    manager = UserFactory(username="manager", first_name="Mona", last_name="Manager")
    StaffProfile.objects.create(user=recipient, line_manager=manager)
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    lead = UserFactory(username="lead")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    users = {"staff": sender, "editor": editor, "lead": lead, "superuser": admin}
    clients = {"anonymous": Client(), **{role: logged_in(user) for role, user in users.items()}}
    return SimpleNamespace(
        value=value,
        listen=listen,
        other_value=other_value,
        speak_up=speak_up,
        sender=sender,
        recipient=recipient,
        manager=manager,
        editor=editor,
        lead=lead,
        admin=admin,
        clients=clients,
    )
