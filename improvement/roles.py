"""Who may do what in the improvement programme (the idiom is core.roles')."""

from core.roles import Rule

TRIAGE_IDEAS = Rule("improvement.triage_idea", "Only improvement leads can triage ideas.")
MANAGE_PROJECTS = Rule("improvement.manage_project", "Only improvement leads can change a project.")
