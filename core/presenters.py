"""Display logic the apps share."""


def person_name(user):
    """A person's name as staff know it: full name, else username; blank for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
