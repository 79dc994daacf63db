from django.shortcuts import get_object_or_404

from .models import EmailChoice, Kind, Notification


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_of(user):
    return Notification.objects.filter(recipient=user)


def notification_of(user, pk):
    """One of the user's own notifications; anyone else's is not found."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def emailed_kinds(user):
    choice = EmailChoice.objects.filter(person=user).first()
    not_emailed = set(choice.not_emailed) if choice else set()
    return [kind for kind in Kind.values if kind not in not_emailed]
