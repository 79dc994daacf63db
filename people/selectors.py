from django.contrib.auth import get_user_model

from core.roles import IMPROVEMENT_LEADS


def improvement_leads(site=None):
    """The active improvement leads who work at the site, or every one of them when none
    is recorded there (or no site is given), so that somebody is always told."""
    leads = get_user_model().objects.filter(groups__name=IMPROVEMENT_LEADS, is_active=True)
    if site is not None:
        at_site = list(leads.filter(staff_profile__site=site))
        if at_site:
            return at_site
    return list(leads)
