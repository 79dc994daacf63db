"""Named filters for thank-you cards: which cards each page may show."""

from django.db import models


class ThankYouCardQuerySet(models.QuerySet):
    def not_hidden(self):
        return self.filter(hidden_at__isnull=True)

    def on_wall(self):
        """Cards colleagues may read on a value's wall: the sender agreed, an editor
        approved it and nobody has hidden it since."""
        return self.not_hidden().filter(publish_consent=True, approved_at__isnull=False)

    def awaiting_moderation(self):
        return self.not_hidden().filter(publish_consent=True, approved_at__isnull=True)

    def received_by(self, user):
        return self.not_hidden().filter(recipient=user)

    def sent_by(self, user):
        return self.filter(sender=user)

    def for_display(self):
        return self.select_related(
            "sender", "recipient", "value__organisation", "behaviour__value__organisation"
        )
