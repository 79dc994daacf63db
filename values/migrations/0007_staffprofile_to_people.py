# Line managers are kept by people.StaffProfile now; people's 0002 copied every row there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_staff_data_from_values_and_improvement"),
        ("values", "0006_training_values_indexes"),
    ]

    operations = [
        migrations.DeleteModel(name="StaffProfile"),
    ]
