# Each course's order number becomes unique. When two courses hold a number, they are
# renumbered first, keeping the order the pages showed them in (order, then name), changing
# only the courses from the first repeat on.

from django.db import migrations, models


def renumber(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    courses = Course.objects.using(schema_editor.connection.alias)
    changed = []
    previous = None
    for course in courses.order_by("order", "name"):
        if previous is not None and course.order <= previous:
            course.order = previous + 1
            changed.append(course)
        previous = course.order
    courses.bulk_update(changed, ["order"])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_history_everywhere"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="course",
            options={"ordering": ["order"]},
        ),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.UniqueConstraint(fields=("order",), name="course_order_unique"),
        ),
    ]
