import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from goals.models import Goal, Objective, Organisation, Section, SectionItem, Site, Strategy
from people.models import StaffProfile
from values.models import Behaviour, GuidingPrinciple, ThankYouCard, Value

# Order numbers are unique in each list: a factory's start above the seeded content's, so
# that records made for a seeded parent never take a seeded record's number.
FIRST_ORDER = 100


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@nhs.example")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} NHS Trust")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.FOUNDATION_TRUST
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.LazyAttribute(lambda strategy: f"{strategy.organisation.name} strategy")
    vision = "A healthier community."
    summary = "How we will get there."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    description = "What the goal means."
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        # The goals are linked, not saved on the objective: no second save.
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory)
    year = 2023
    number = factory.Sequence(lambda n: n + 1)
    statement = factory.Sequence(lambda n: f"We will deliver objective {n}.")

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    strategy = factory.SubFactory(StrategyFactory)
    kind = Section.Kind.PRIORITIES
    heading = "Our priorities"
    introduction = "What we will focus on."
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class SectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionItem

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "Why it matters."
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class ValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Value

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Value {n}")
    slug = factory.Sequence(lambda n: f"value-{n}")
    summary = "What this value means to us."
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class BehaviourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Behaviour

    value = factory.SubFactory(ValueFactory)
    statement = factory.Sequence(lambda n: f"I do the right thing, number {n}")
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class GuidingPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingPrinciple

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Principle {n}")
    description = "How we work together."
    order = factory.Sequence(lambda n: FIRST_ORDER + n)


class ThankYouCardFactory(factory.django.DjangoModelFactory):
    """A card as the service writes it; pass approved=True for one on its value's wall."""

    class Meta:
        model = ThankYouCard

    class Params:
        approved = factory.Trait(
            publish_consent=True,
            approved_at=factory.LazyFunction(timezone.now),
            approved_by=factory.SubFactory(UserFactory),
        )

    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    value = factory.SubFactory(ValueFactory)
    behaviour = None
    story = factory.Sequence(lambda n: f"Thank you for listening, story {n}.")
    publish_consent = False


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n} Hospital")
    short_name = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    # Above the seeded sites' numbers, which a test may give the same organisation.
    order = factory.Sequence(lambda n: n + 100)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    job_title = "Matron"


def staff_with_job_title(job_title, **user_fields):
    """A member of staff whose profile records their job title."""
    return StaffProfileFactory(user=UserFactory(**user_fields), job_title=job_title).user
