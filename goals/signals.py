"""What happens to a progress update that waits for approval, for the apps above goals that
tell people of it (notifications): goals never imports them.

Each is sent inside the service's transaction, with the update as saved."""

from django.dispatch import Signal

# An update was written, or written again, and waits for an editor's approval: `update`.
update_awaiting_approval = Signal()
# An editor approved the update, or returned it to its writer with the reason: `update`.
update_approved = Signal()
update_returned = Signal()
