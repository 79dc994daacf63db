"""Who may do what in the improvement programme, asked of the user's permissions.

The "Improvement leads" group (made by a migration) holds both permissions; a
superuser has every permission.
"""

IMPROVEMENT_LEADS = "Improvement leads"


def can_triage_ideas(user):
    return user.is_authenticated and user.has_perm("improvement.triage_idea")


def can_manage_projects(user):
    return user.is_authenticated and user.has_perm("improvement.manage_project")


def can_manage_training(user):
    return user.is_authenticated and user.has_perm("improvement.manage_training")
