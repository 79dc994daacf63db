from goals.models import Organisation, Site


def load_improvement_document(document):
    """Write whatever one improvement seed file holds; see core.seeding for the rules."""
    if "sites" in document:
        load_sites(document)


def load_sites(document):
    organisation = Organisation.objects.get(slug=document["organisation"])
    for order, site in enumerate(document["sites"], start=1):
        site = dict(site)
        Site.objects.update_or_create(
            slug=site.pop("slug"), defaults={**site, "organisation": organisation, "order": order}
        )
