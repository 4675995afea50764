"""Valid objects with no surprises. Nations default to NATO members since 1949."""

import datetime

import factory
from django.contrib.auth import get_user_model

from events.models import Event, EventKind, EventStatus
from governance.models import (
    Committee,
    CouncilDecision,
    Office,
    OfficeKind,
    Presidency,
    PresidencyAppointment,
    Term,
)
from members.models import (
    Confederation,
    MembershipCategory,
    MembershipChange,
    MembershipStatus,
    Nation,
    NationalAssociation,
    Person,
)

# Country codes handed out in turn, so that every nation a factory makes is distinct.
COUNTRY_CODES = ["BE", "FR", "NL", "LU", "DK", "GR", "US", "IT", "DE", "GB", "CA", "NO", "ES",
                 "EE", "PL", "CZ", "BG", "RO", "SI", "PT", "MK", "FI", "SE", "LV", "LT", "SK",
                 "HU", "HR", "AL", "ME", "TR", "IS"]  # fmt: skip
NON_NATO_CODES = ["AT", "CH", "ZA", "SG", "UA", "IE", "MT", "GE", "JP", "AU"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")


class ConfederationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Confederation
        django_get_or_create = ["code"]

    code = "cior"
    acronym = factory.LazyAttribute(lambda c: c.code.upper())
    name_en = "Interallied Confederation of Reserve Officers"
    name_fr = "Confédération Interalliée des Officiers de Réserve"
    founded_year = 1948
    governing_body_en = "Executive Council"
    governing_body_fr = "Conseil exécutif"


class NationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nation
        django_get_or_create = ["country"]

    country = factory.Sequence(lambda n: COUNTRY_CODES[n % len(COUNTRY_CODES)])
    nato_member_since = datetime.date(1949, 8, 24)


class NonNatoNationFactory(NationFactory):
    country = factory.Sequence(lambda n: NON_NATO_CODES[n % len(NON_NATO_CODES)])
    nato_member_since = None
    partnership = "pfp"


class NationalAssociationFactory(factory.django.DjangoModelFactory):
    """An active member with its admission recorded, as admit_association leaves it."""

    class Meta:
        model = NationalAssociation
        skip_postgeneration_save = True

    confederation = factory.SubFactory(ConfederationFactory)
    nation = factory.SubFactory(NationFactory)
    name = factory.LazyAttribute(lambda a: f"Reserve Officers Association of {a.nation}")
    acronym = factory.Sequence(lambda n: f"ROA{n}")
    category = MembershipCategory.FULL
    status = MembershipStatus.ACTIVE
    admission = factory.RelatedFactory(
        "tests.factories.MembershipChangeFactory",
        factory_related_name="association",
        category=factory.SelfAttribute("..category"),
        status=factory.SelfAttribute("..status"),
    )


class MembershipChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipChange

    association = factory.SubFactory(NationalAssociationFactory, admission=None)
    effective_on = datetime.date(1990, 1, 1)
    category = MembershipCategory.FULL
    status = MembershipStatus.ACTIVE
    note = "Admitted"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    rank = "Major"
    nato_rank = "OF-3"
    nation = factory.SubFactory(NationFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class CouncilDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilDecision

    confederation = factory.SubFactory(ConfederationFactory)
    decided_on = datetime.date(2020, 2, 1)
    meeting = "Mid-Winter Meeting 2020"
    kind = CouncilDecision.Kind.PRESIDENCY
    outcome = CouncilDecision.Outcome.APPROVED
    summary = "Approved"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ["confederation", "code"]

    confederation = factory.SubFactory(ConfederationFactory)
    kind = OfficeKind.PRESIDENT
    code = factory.LazyAttribute(lambda o: o.kind)
    title_en = factory.LazyAttribute(lambda o: OfficeKind(o.kind).label)
    term_years = 2


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    office = factory.SubFactory(OfficeFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = datetime.date(2020, 8, 1)
    ends_on = datetime.date(2022, 8, 1)
    began_by = Term.BeganBy.ELECTED


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    confederation = factory.SubFactory(ConfederationFactory)
    code = factory.Sequence(lambda n: f"C{n}-C")
    slug = factory.LazyAttribute(lambda c: c.code.lower())
    name_en = factory.LazyAttribute(lambda c: f"Committee {c.code}")
    name_fr = factory.LazyAttribute(lambda c: f"Commission {c.code}")
    mission_en = "Works on things."
    products_en = "A workshop\nA seminar"


def presidency_with_team(confederation, association, offices, starts_on, *, approved=True):
    """A presidency of `association` with a designated holder for each team office."""
    decision = (
        CouncilDecisionFactory(confederation=confederation, decided_on=starts_on.replace(month=2))
        if approved
        else None
    )
    presidency = Presidency.objects.create(
        confederation=confederation,
        association=association,
        starts_on=starts_on,
        decision=decision,
    )
    for office in offices.values():
        PresidencyAppointment.objects.create(
            presidency=presidency,
            office=office,
            person=PersonFactory(nation=association.nation, association=association),
        )
    return presidency


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.SUMMER_CONGRESS
    title_en = factory.Sequence(lambda n: f"Event {n}")
    title_fr = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    starts_on = datetime.date(2027, 7, 26)
    ends_on = factory.LazyAttribute(lambda e: e.starts_on + datetime.timedelta(days=4))
    status = EventStatus.CONFIRMED
    is_public = True
    city = "Tallinn"

    @factory.post_generation
    def confederations(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.confederations.set(extracted or [ConfederationFactory()])
