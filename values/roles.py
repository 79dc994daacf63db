"""Who may do what with thank-you cards, asked of the user's permissions.

Any logged-in member of staff sends cards and reads the walls; the "Strategy editors" group
(given the permission by a migration) and superusers moderate them.
"""


def can_moderate_cards(user):
    return user.is_authenticated and user.has_perm("values.moderate_thankyoucard")
