from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import caching
from core.forms import add_service_errors
from core.pagination import paginate
from core.presenters import person_name
from core.roles import requires

from . import presenters, selectors, services
from .forms import HideCardForm, RecipientForm, ThankYouCardForm
from .roles import MODERATE_CARDS

WALL_SIZE = 12


def value_list(request):
    return render(
        request,
        "values/value_list.html",
        {
            "organisations": selectors.organisations_with_values(),
            # The organisations' names and order are strategy's.
            "fragment_key": caching.fragment_key("values", ["values", "strategy"]),
        },
    )


def value_detail(request, organisation, slug):
    value = selectors.value_with_behaviours(organisation, slug)
    page = presenters.ValuePage(value, signed_in=request.user.is_authenticated, wall_size=WALL_SIZE)
    return render(request, "values/value_detail.html", {"value": value, "page": page})


def behaviour_detail(request, organisation, slug, pk):
    behaviour = selectors.behaviour_page(organisation, slug, pk)
    wall = (
        presenters.wall(behaviour=behaviour, limit=WALL_SIZE)
        if request.user.is_authenticated
        else []
    )
    return render(request, "values/behaviour_detail.html", {"behaviour": behaviour, "wall": wall})


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def chosen_colleague(request):
    to = request.GET.get("to", "")
    # isdecimal, not isdigit: "¹" is a digit that int() refuses.
    return selectors.colleague(int(to), exclude=request.user) if to.isdecimal() else None


def card_address(recipient, value_pk):
    """The card form's address: it names the colleague thanked (and the value, if chosen)."""
    query = {"to": recipient.pk, **({"value": value_pk} if value_pk.isdecimal() else {})}
    return f"{reverse('values:card_send')}?{urlencode(query)}"


@login_required
def card_send(request):
    """Thank a colleague in two steps that work without JavaScript: find them by name (a
    people picker: with JavaScript, a type-ahead), then write the card."""
    value_pk = request.GET.get("value", "")
    finding = "to-name" in request.GET
    recipient = None if finding else chosen_colleague(request)
    if recipient is None:
        search = RecipientForm(request.GET if finding else None, sender=request.user)
        if search.is_valid():
            return redirect(card_address(search.cleaned_data["to"], value_pk))
        return render(request, "values/cards/search.html", {"search": search, "value_pk": value_pk})
    has_line_manager = selectors.line_manager_of(recipient) is not None
    if request.method != "POST":
        form = ThankYouCardForm(
            initial={"value": value_pk} if value_pk.isdecimal() else {},
            recipient=recipient,
            has_line_manager=has_line_manager,
        )
    else:
        form = ThankYouCardForm(
            request.POST, recipient=recipient, has_line_manager=has_line_manager
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.send_card(
                    sender=request.user,
                    recipient=recipient,
                    value=data["value"],
                    behaviour=data["behaviour"],
                    story=data["story"],
                    publish_consent=data["publish_consent"],
                    copy_line_manager=data.get("copy_line_manager", False),
                    site_url=site_url(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Your thank-you card to {person_name(recipient)} has been sent."
                )
                return redirect("values:cards_sent")
    return render(
        request,
        "values/cards/send.html",
        {"form": form, "recipient": recipient, "has_line_manager": has_line_manager},
    )


@login_required
def cards_received(request):
    page = paginate(request, selectors.received_cards(request.user))
    return render(
        request,
        "values/cards/received.html",
        {"page_obj": page, "cards": presenters.shown_cards(page.object_list)},
    )


@login_required
def cards_sent(request):
    page = paginate(request, selectors.sent_cards(request.user))
    return render(
        request,
        "values/cards/sent.html",
        {"page_obj": page, "cards": presenters.sent_cards(page.object_list)},
    )


@login_required
@requires(MODERATE_CARDS)
def card_moderation(request):
    page = paginate(
        request, selectors.moderation_queue(), count=selectors.moderation_queue_length()
    )
    return render(
        request,
        "values/cards/moderation.html",
        {"page_obj": page, "cards": presenters.shown_cards(page.object_list)},
    )


@login_required
@require_POST
@requires(MODERATE_CARDS)
def card_approve(request, pk):
    card = selectors.card_to_approve(pk)
    try:
        services.approve_card(card=card, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The card is on the {card.value.name} wall.")
    return redirect("values:card_moderation")


@login_required
@requires(MODERATE_CARDS)
def card_hide(request, pk):
    card = selectors.card_to_hide(pk)
    form = HideCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_card(
                card=card,
                hidden_by=request.user,
                reason=form.cleaned_data["reason"],
                site_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The card is hidden and its sender has been told why.")
            return redirect("values:card_moderation")
    return render(request, "values/cards/hide.html", {"form": form, "card": card})
