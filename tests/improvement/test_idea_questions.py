"""Questions and answers on an idea: its submitter, its followers and the improvement leads
ask and answer them, everyone who reads the idea reads them, and the others in the
conversation are told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.models import IdeaMessage
from notifications.models import Kind, Notification
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.html import error_summary, field_value, text
from tests.improvement.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(staff_user):
    idea = IdeaFactory(submitted_by=staff_user, title="Night lights in bay 3")
    idea.followers.add(staff_user)
    return idea


def post(client, idea, words):
    return client.post(f"/improvement/ideas/{idea.pk}/questions/", {"text": words})


def told():
    return {
        (notification.recipient.username, notification.body)
        for notification in Notification.objects.filter(kind=Kind.IDEA_MESSAGE).select_related(
            "recipient"
        )
    }


def test_a_follower_asks_and_the_submitter_and_leads_are_told_and_everyone_reads_it(
    idea, staff_user, lead_user
):
    follower = UserFactory(username="follower", first_name="Fay", last_name="Follower")
    idea.followers.add(follower)

    response = post(logged_in(follower), idea, "Which bays would get them first?")

    assert response["Location"] == f"{idea.get_absolute_url()}#questions"
    assert told() == {
        (staff_user.username, "Which bays would get them first?"),
        (lead_user.username, "Which bays would get them first?"),
    }
    title = Notification.objects.filter(recipient=staff_user).get().title
    assert title == f"Fay Follower wrote on {idea.reference}: Night lights in bay 3"
    # Anyone who reads the idea reads the conversation.
    page = text(logged_in(UserFactory()).get(idea.get_absolute_url()))
    assert "Fay Follower" in page and "Which bays would get them first?" in page
    assert "Follow this idea to ask a question about it or answer one." in page


def test_the_submitter_and_a_lead_answer_and_the_thread_keeps_its_order(
    idea, staff_client, lead_client, staff_user
):
    post(lead_client, idea, "Have you asked estates about the wiring?")
    post(staff_client, idea, "Yes: they can fit them in March.")

    page = text(staff_client.get(idea.get_absolute_url()))
    first = page.index("Have you asked estates about the wiring?")
    second = page.index("Yes: they can fit them in March.")
    assert first < second
    assert f"{staff_user.get_full_name()} (submitted the idea)" in page
    assert list(IdeaMessage.objects.values_list("author__username", flat=True)) == [
        "lead",
        staff_user.username,
    ]


def test_someone_outside_the_conversation_cannot_post_to_it(idea, other_staff_client):
    response = post(other_staff_client, idea, "Can I join in?")

    assert response.status_code == 403
    assert not IdeaMessage.objects.exists()
    assert not Notification.objects.filter(kind=Kind.IDEA_MESSAGE).exists()


@pytest.mark.parametrize(
    "words, message",
    [
        ("   ", "Enter your question or answer"),
        ("x" * 2001, "Your question or answer must be 2,000 characters or fewer"),
    ],
)
def test_a_message_refused_is_shown_again_with_what_was_typed(idea, staff_client, words, message):
    response = post(staff_client, idea, words)

    assert response.status_code == 200
    assert [found for found, _ in error_summary(response)] == [message]
    if words.strip():
        assert field_value(response, "text") == words
    assert not IdeaMessage.objects.exists()


def test_a_message_is_shown_as_text_never_as_markup(idea, staff_client):
    post(staff_client, idea, "<script>alert('hi')</script>")

    page = staff_client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page


def queries_for(client, idea):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(idea.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_idea_page_reads_the_same_queries_whatever_the_conversations_length(idea, staff_client):
    post(staff_client, idea, "A first question.")
    few = queries_for(staff_client, idea)
    for number in range(10):
        author = UserFactory()
        idea.followers.add(author)
        post(logged_in(author), idea, f"Question {number}.")

    assert queries_for(staff_client, idea) == few
