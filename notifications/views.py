"""A person's notifications and their choice of which come by email; only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.pagination import paginate

from . import selectors, services
from .forms import EmailChoiceForm


@login_required
def notification_list(request):
    page_obj = paginate(request, selectors.notifications_of(request.user))
    return render(request, "notifications/list.html", {"page_obj": page_obj})


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(reader=request.user)
    messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")


@login_required
def email_choices(request):
    # Bound on any POST: a form with every box cleared sends no field at all.
    form = EmailChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"emailed": selectors.emailed_kinds(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        services.choose_emails(person=request.user, **form.cleaned_data)
        messages.success(request, "Your email choices are saved.")
        return redirect("notifications:list")
    return render(request, "notifications/email_choices.html", {"form": form})
