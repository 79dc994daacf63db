# The site a member of staff works at is kept by people.StaffProfile now; people's 0002
# copied every row there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0014_site_in_goals"),
        ("people", "0002_staff_data_from_values_and_improvement"),
    ]

    operations = [
        migrations.DeleteModel(name="StaffSite"),
    ]
