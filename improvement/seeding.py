from core.ordering import vacate
from goals.models import Organisation, Site


def load_improvement_document(document):
    """Write whatever one improvement seed file holds; see core.seeding for the rules."""
    if "sites" in document:
        load_sites(document)


def load_sites(document):
    """The organisation's sites, numbered in the document's order; sites an editor added
    follow them, in their order."""
    organisation = Organisation.objects.get(slug=document["organisation"])
    documented = document["sites"]
    added = list(organisation.sites.exclude(slug__in=[site["slug"] for site in documented]))
    # Each site is numbered afresh, so each first moves out of the way of the new numbers.
    existing = organisation.sites.all()
    numbers = range(1, len(documented) + len(added) + 1)
    vacate(existing, list(existing.values_list("pk", flat=True)), keep=numbers)
    for order, site in enumerate(documented, start=1):
        site = dict(site)
        Site.objects.update_or_create(
            slug=site.pop("slug"), defaults={**site, "organisation": organisation, "order": order}
        )
    for order, site in enumerate(added, start=len(documented) + 1):
        site.order = order
        site.save()
