# Each site's order number becomes unique among its organisation's sites. Organisations
# holding a number twice are renumbered first, keeping the order the pages showed their
# sites in (order, then name), changing only the sites from the first repeat on.

from django.db import migrations, models


def renumber(apps, schema_editor):
    Site = apps.get_model("goals", "Site")
    sites = Site.objects.using(schema_editor.connection.alias)
    changed = []
    previous = {}
    for site in sites.order_by("organisation", "order", "name"):
        if site.organisation_id in previous and site.order <= previous[site.organisation_id]:
            site.order = previous[site.organisation_id] + 1
            changed.append(site)
        previous[site.organisation_id] = site.order
    sites.bulk_update(changed, ["order"])


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0007_history_everywhere"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="site",
            options={"ordering": ["organisation__order", "order", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.UniqueConstraint(
                fields=("organisation", "order"), name="site_order_unique"
            ),
        ),
    ]
