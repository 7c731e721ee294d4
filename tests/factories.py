"""factory-boy factories. All data is synthetic (Faker)."""

from __future__ import annotations

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Case, CaseParty, Gender, PartyRole, Person
from marac.models import Agency, AgencyKind, MaracArea, Membership, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test agency {n}")
    kind = AgencyKind.POLICE


class MaracAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaracArea

    name = factory.Sequence(lambda n: f"Test MARAC area {n}")
    local_authority = factory.Sequence(lambda n: f"Test council {n}")
    code = factory.Sequence(lambda n: f"T{n:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@agency.test")
    full_name = factory.Faker("name", locale="en_GB")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(MaracAreaFactory)
    role = Role.REPRESENTATIVE


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Faker("first_name_female", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=70)
    gender = Gender.WOMAN


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    area = factory.SubFactory(MaracAreaFactory)
    reference = factory.Sequence(lambda n: f"TST-26-{n:05d}")
    victim = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def victim_party(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            CaseParty.objects.create(case=self, person=self.victim, role=PartyRole.VICTIM)
