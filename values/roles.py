"""Who may do what with thank-you cards (the idiom is core.roles').

Any logged-in member of staff sends cards and reads the walls; the "Strategy editors" group
(given the permission by a migration) and superusers moderate them.
"""

from core.roles import Rule

MODERATE_CARDS = Rule(
    "values.moderate_thankyoucard", "Only strategy editors can moderate thank-you cards."
)
