from goals.models import Organisation

from .models import Site


def load_sites_document(document):
    """Write a trust's hospital sites; see goals.seeding for the rules."""
    organisation = Organisation.objects.get(slug=document["organisation"])
    for order, site in enumerate(document["sites"], start=1):
        site = dict(site)
        Site.objects.update_or_create(
            slug=site.pop("slug"), defaults={**site, "organisation": organisation, "order": order}
        )
