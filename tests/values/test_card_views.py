"""Thank-you card pages, role by role: who sends, reads and moderates, and what each sees."""

from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from people.models import StaffProfile
from tests.factories import BehaviourFactory, ThankYouCardFactory, UserFactory
from tests.html import parse
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("card")</script>\nSecond line & <b>bold</b>'


def send_url(world):
    return f"{reverse('values:card_send')}?to={world.recipient.pk}"


def card_data(world, **overrides):
    return {
        "value": world.value.pk,
        "behaviour": world.listen.pk,
        "story": "You listened.",
        "publish_consent": "on",
        **overrides,
    }


@pytest.mark.parametrize("name", ["card_send", "cards_received", "cards_sent", "card_moderation"])
def test_anonymous_visitors_are_sent_to_log_in(cards_world, name):
    response = cards_world.clients["anonymous"].get(reverse(name.join(["values:", ""])))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["staff", "editor", "lead", "superuser"])
def test_every_member_of_staff_sends_cards_and_reads_theirs(cards_world, role):
    client = cards_world.clients[role]
    for name in ["values:card_send", "values:cards_received", "values:cards_sent"]:
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 403), ("lead", 403), ("editor", 200), ("superuser", 200)]
)
def test_only_editors_see_the_moderation_page(cards_world, role, status):
    card = ThankYouCardFactory(publish_consent=True)
    client = cards_world.clients[role]
    assert client.get(reverse("values:card_moderation")).status_code == status
    assert client.get(reverse("values:card_hide", args=[card.pk])).status_code == status
    response = client.post(reverse("values:card_approve", args=[card.pk]))
    assert response.status_code == (302 if status == 200 else 403)
    card.refresh_from_db()
    assert (card.approved_at is not None) == (status == 200)


def find(client, typed, **params):
    return client.get(reverse("values:card_send"), {"to-name": typed, **params})


def suggested(client, typed):
    """Whom the card's type-ahead suggests for what was typed: its picker's search, asked as
    the page names it."""
    picker = parse(client.get(reverse("values:card_send"))).find("div", data_name="to")
    answer = client.get(f"{picker.attrs['data-search-url']}&{urlencode({'q': typed})}").json()
    return [person["id"] for person in answer["results"]]


def test_a_colleague_is_found_by_name_and_the_card_is_addressed_to_them(cards_world):
    client = cards_world.clients["staff"]
    recipient = cards_world.recipient

    response = find(client, recipient.get_full_name(), value="7")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('values:card_send')}?to={recipient.pk}&value=7"


def test_the_colleague_search_offers_a_few_namesakes_and_never_the_sender(cards_world):
    client = cards_world.clients["staff"]
    for number in range(15):
        UserFactory(first_name="Rhiannon", last_name=f"Jones {number}")
    zebedee = UserFactory(first_name="Rhiannon", last_name="Zebedee")
    UserFactory(first_name="Rhiannon", last_name="Gone", is_active=False)
    StaffProfile.objects.create(user=zebedee, job_title="Porter", department="Estates")
    twin = UserFactory(first_name="Rhiannon", last_name="Zebedee")

    page = find(client, "rhi").content.decode()
    assert "More than 10 people match “rhi”: enter more of their name" in page
    assert "Rhiannon Gone" not in page

    response = find(client, "rhiannon zebedee")
    page = response.content.decode()
    assert "Select one of these people for “rhiannon zebedee”" in page
    assert "Porter, Estates" in page
    assert {box.attrs["value"] for box in parse(response).find_all("input", name="to")} == {
        str(zebedee.pk),
        str(twin.pk),
    }
    assert find(client, "rhiannon zebedee", to=twin.pk)["Location"].endswith(f"?to={twin.pk}")

    page = find(client, "Xanthe Quixote").content.decode()
    assert "No colleague you can thank matches “Xanthe Quixote”" in page
    page = find(client, cards_world.sender.get_full_name()).content.decode()
    assert "No colleague you can thank matches" in page


def test_a_member_of_staff_thanks_a_colleague_and_the_colleague_sees_it(cards_world):
    client = cards_world.clients["staff"]
    page = client.get(send_url(cards_world)).content.decode()
    assert "Send a copy to Rhys Recipient&#x27;s line manager" in page
    response = client.post(send_url(cards_world), card_data(cards_world))
    assert response.status_code == 302
    card = ThankYouCard.objects.get()
    assert (card.sender, card.recipient, card.behaviour) == (
        cards_world.sender,
        cards_world.recipient,
        cards_world.listen,
    )
    received = UserFactory._meta.model.objects.get(pk=cards_world.recipient.pk)
    from django.test import Client

    colleague = Client()
    colleague.force_login(received)
    page = colleague.get(reverse("values:cards_received")).content.decode()
    assert "From Sana Sender" in page and "You listened." in page
    page = client.get(reverse("values:cards_sent")).content.decode()
    assert "Waiting for a check" in page


def test_the_card_page_does_not_name_the_colleagues_line_manager(cards_world):
    client = cards_world.clients["staff"]
    page = client.get(send_url(cards_world)).content.decode()
    assert "Mona" not in page and "Manager" not in page
    page = client.post(send_url(cards_world), card_data(cards_world, story="")).content.decode()
    assert "There is a problem" in page
    assert "Mona" not in page and "Manager" not in page


@pytest.mark.parametrize("account", ["admin", "editor"])
def test_an_admin_account_is_neither_found_nor_shown_nor_thanked(
    cards_world, account, django_capture_on_commit_callbacks
):
    administrator = getattr(cards_world, account)
    administrator.first_name, administrator.last_name = "Alex", "Administrator"
    administrator.save()
    client = cards_world.clients["staff"]
    # The full name, so that no colleague the factories named at random matches it.
    assert suggested(client, "Alex Administrator") == []
    found = find(client, "Alex Administrator").content.decode()
    assert "No colleague you can thank matches “Alex Administrator”" in found
    url = f"{reverse('values:card_send')}?to={administrator.pk}"
    page = client.get(url).content.decode()
    assert "Who do you want to thank?" in page
    assert "Alex" not in page and "Administrator" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, card_data(cards_world))
    assert not ThankYouCard.objects.exists()
    assert mail.outbox == []


def test_an_administrator_with_a_staff_profile_is_a_colleague_to_thank(cards_world):
    editor = cards_world.editor
    editor.first_name, editor.last_name = "Esme", "Editor"
    editor.save()
    StaffProfile.objects.create(user=editor)
    client = cards_world.clients["staff"]
    assert suggested(client, "Esme Editor") == [editor.pk]
    found = find(client, "Esme Editor")
    assert found["Location"].endswith(f"?to={editor.pk}")
    url = f"{reverse('values:card_send')}?to={editor.pk}"
    assert client.post(url, card_data(cards_world)).status_code == 302
    assert ThankYouCard.objects.get().recipient == editor


def test_a_posted_sender_is_ignored(cards_world):
    client = cards_world.clients["staff"]
    data = card_data(cards_world, sender=cards_world.editor.pk, sender_id=cards_world.editor.pk)
    client.post(send_url(cards_world), data)
    assert ThankYouCard.objects.get().sender == cards_world.sender


def test_nobody_can_open_a_card_to_themself(cards_world):
    client = cards_world.clients["staff"]
    url = f"{reverse('values:card_send')}?to={cards_world.sender.pk}"
    response = client.post(url, card_data(cards_world))
    assert response.status_code == 200
    assert "Who do you want to thank?" in response.content.decode()
    assert not ThankYouCard.objects.exists()


def test_the_colleague_picker_does_not_suggest_the_sender(cards_world):
    """The form refuses a card to its sender, so its type-ahead never offers them: the
    search it asks leaves out whoever is signed in."""
    client = cards_world.clients["staff"]
    picker = parse(client.get(reverse("values:card_send"))).find("div", data_name="to")

    assert picker.attrs["data-search-url"] == "/people/search/?among=members-of-staff&not_me=1"
    suggested = client.get(f"{picker.attrs['data-search-url']}&q=Sana Sender").json()
    assert suggested["results"] == []
    suggested = client.get(f"{picker.attrs['data-search-url']}&q=Rhys").json()
    assert [person["id"] for person in suggested["results"]] == [cards_world.recipient.pk]
    # Typed without the type-ahead, the sender's own name finds no colleague to thank.
    found = find(client, "Sana Sender").content.decode()
    assert "No colleague you can thank matches “Sana Sender”" in found


@pytest.mark.parametrize("to", ["¹", "²3", "abc", "-1"])
def test_a_colleague_id_that_is_not_a_number_shows_the_search(cards_world, to):
    client = cards_world.clients["staff"]
    response = client.get(reverse("values:card_send"), {"to": to, "value": to})
    assert response.status_code == 200
    assert "Who do you want to thank?" in response.content.decode()


def test_the_card_form_from_a_values_page_offers_only_that_values_behaviours(cards_world):
    client = cards_world.clients["staff"]
    kind = cards_world.listen.value

    page = client.get(f"{send_url(cards_world)}&value={kind.pk}").content.decode()

    assert "I take time to listen" in page
    assert "I speak up" not in page


def test_a_behaviour_of_another_value_is_refused_and_the_form_keeps_the_story(cards_world):
    client = cards_world.clients["staff"]
    data = card_data(cards_world, behaviour=cards_world.speak_up.pk, story="Kept words")
    page = client.post(send_url(cards_world), data).content.decode()
    assert "nhsuk-error-summary" in page
    assert "Choose a behaviour of the value Kind" in page
    assert "Kept words" in page
    assert not ThankYouCard.objects.exists()


def test_an_empty_story_shows_the_error_summary_and_keeps_the_choices(cards_world):
    client = cards_world.clients["staff"]
    page = client.post(send_url(cards_world), card_data(cards_world, story="  ")).content.decode()
    assert "There is a problem" in page
    assert "Write a few words about what your colleague did" in page
    assert f'value="{cards_world.listen.pk}" selected' in page


def test_a_line_manager_copy_is_not_offered_without_one(
    cards_world, django_capture_on_commit_callbacks
):
    client = cards_world.clients["staff"]
    url = f"{reverse('values:card_send')}?to={cards_world.lead.pk}"
    page = client.get(url).content.decode()
    assert "has no line manager recorded" in page
    assert "copy_line_manager" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, card_data(cards_world, copy_line_manager="on"))
    assert [message.to for message in mail.outbox] == [[cards_world.lead.email]]


def test_the_line_manager_gets_a_copy(cards_world, django_capture_on_commit_callbacks):
    client = cards_world.clients["staff"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(cards_world), card_data(cards_world, copy_line_manager="on"))
    assert [message.to for message in mail.outbox][1] == [cards_world.manager.email]


def test_the_rate_limit_shows_as_an_nhs_error(cards_world):
    client = cards_world.clients["staff"]
    client.post(send_url(cards_world), card_data(cards_world))
    page = client.post(send_url(cards_world), card_data(cards_world)).content.decode()
    assert "nhsuk-error-summary" in page
    assert "already thanked this colleague for this value today" in page
    assert ThankYouCard.objects.count() == 1


def test_no_page_edits_a_card():
    for name in ["card_edit", "card_update", "card_change"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"values:{name}", args=[1])


def test_the_admin_shows_cards_read_only(cards_world):
    card = ThankYouCardFactory(story="Original words")
    client = cards_world.clients["superuser"]
    url = reverse("admin:values_thankyoucard_change", args=[card.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"story": "Changed words"})
    card.refresh_from_db()
    assert card.story == "Original words"
    assert client.get(reverse("admin:values_thankyoucard_add")).status_code == 403


def test_moderation_hides_a_card_with_a_reason_and_the_sender_sees_it(
    cards_world, django_capture_on_commit_callbacks
):
    card = ThankYouCardFactory(
        sender=cards_world.sender,
        recipient=cards_world.recipient,
        value=cards_world.value,
        publish_consent=True,
    )
    editor = cards_world.clients["editor"]
    page = editor.get(reverse("values:card_moderation")).content.decode()
    assert card.story in page
    url = reverse("values:card_hide", args=[card.pk])
    page = editor.post(url, {"reason": ""}).content.decode()
    assert "Enter the reason the card is hidden" in page
    with django_capture_on_commit_callbacks(execute=True):
        hidden = editor.post(url, {"reason": "It names a patient."})
    assert hidden.status_code == 302
    assert mail.outbox[-1].to == [cards_world.sender.email]
    page = cards_world.clients["staff"].get(reverse("values:cards_sent")).content.decode()
    assert "It names a patient." in page and "Hidden" in page
    assert card.story not in editor.get(reverse("values:card_moderation")).content.decode()


def test_the_wall_shows_only_approved_consented_cards_not_hidden_to_logged_in_staff(cards_world):
    value = cards_world.value
    shown = ThankYouCardFactory(value=value, behaviour=cards_world.listen, approved=True)
    pending = ThankYouCardFactory(value=value, publish_consent=True)
    private = ThankYouCardFactory(value=value)
    hidden = ThankYouCardFactory(
        value=value,
        behaviour=cards_world.listen,
        approved=True,
        hidden_at=shown.sent_at,
        hidden_by=cards_world.editor,
        hidden_reason="Spam.",
    )
    for url in [value.get_absolute_url(), cards_world.listen.get_page_url()]:
        page = cards_world.clients["staff"].get(url).content.decode()
        assert shown.story in page
        for card in [pending, private, hidden]:
            assert card.story not in page
        public = cards_world.clients["anonymous"].get(url).content.decode()
        assert shown.story not in public
        assert "Log in to read the cards" in public
    page = cards_world.clients["anonymous"].get(cards_world.listen.get_page_url()).content.decode()
    assert "<strong>1 time</strong>" in page
    page = cards_world.clients["anonymous"].get(value.get_absolute_url()).content.decode()
    assert "Recognised 1 time" in page


def test_a_behaviours_page_is_found_only_at_its_own_values_address(cards_world):
    listen = cards_world.listen
    client = cards_world.clients["staff"]
    assert client.get(listen.get_page_url()).status_code == 200
    for organisation, slug in [("trust", "brave"), ("no-such-trust", "kind"), ("trust", "nope")]:
        url = reverse(
            "values:behaviour", kwargs={"organisation": organisation, "slug": slug, "pk": listen.pk}
        )
        assert client.get(url).status_code == 404


def test_a_hostile_story_is_shown_escaped_with_its_line_breaks(cards_world):
    card = ThankYouCardFactory(
        recipient=cards_world.sender, value=cards_world.value, story=HOSTILE, approved=True
    )
    for url in [
        cards_world.value.get_absolute_url(),
        reverse("values:cards_received"),
    ]:
        page = cards_world.clients["staff"].get(url).content.decode()
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&quot;card&quot;)&lt;/script&gt;<br>Second line &amp;" in page
    page = cards_world.clients["editor"].get(reverse("values:card_hide", args=[card.pk]))
    assert "<script>alert" not in page.content.decode()


def count_queries(client, url):
    """The queries of rendering the page, not of serving it from the cache."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_cards(world, count):
    for number in range(count):
        behaviour = BehaviourFactory(value=world.value)
        ThankYouCardFactory(
            sender=UserFactory(),
            recipient=world.recipient,
            value=world.value,
            behaviour=world.listen if number % 2 else behaviour,
            approved=True,
        )
        ThankYouCardFactory(sender=world.sender, value=world.value, publish_consent=True)


@pytest.mark.parametrize(
    ("page", "role"),
    [
        ("wall", "staff"),
        ("wall", "anonymous"),
        ("behaviour", "staff"),
        ("received", "recipient"),
        ("sent", "staff"),
        ("moderation", "editor"),
    ],
)
def test_card_pages_read_the_database_a_fixed_number_of_times(cards_world, page, role):
    urls = {
        "wall": cards_world.value.get_absolute_url(),
        "behaviour": cards_world.listen.get_page_url(),
        "received": reverse("values:cards_received"),
        "sent": reverse("values:cards_sent"),
        "moderation": reverse("values:card_moderation"),
    }
    from django.test import Client

    client = Client()
    if role == "recipient":
        client.force_login(cards_world.recipient)
    elif role != "anonymous":
        client = cards_world.clients[role]
    add_cards(cards_world, 2)
    small = count_queries(client, urls[page])
    add_cards(cards_world, 20)
    assert count_queries(client, urls[page]) == small


@pytest.mark.parametrize(("page", "role"), [("received", "recipient"), ("sent", "staff")])
def test_the_lists_of_cards_read_them_without_joining_values_and_organisations(
    cards_world, page, role
):
    # Joined to their values, behaviours' values and both's organisations, the cards' query
    # joined eight tables, which PostgreSQL planned on every visit (3 to 6 ms at scale 100).
    from django.test import Client

    client = cards_world.clients["staff"]
    if role == "recipient":
        client = Client()
        client.force_login(cards_world.recipient)
    add_cards(cards_world, 2)
    url = reverse(f"values:cards_{page}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    card_reads = [q["sql"] for q in queries if 'FROM "values_thankyoucard"' in q["sql"]]
    assert card_reads
    assert not any("goals_organisation" in sql for sql in card_reads)
    # Each card still names its value, linked to the value's page.
    assert cards_world.value.get_absolute_url() in response.content.decode()
