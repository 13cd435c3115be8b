import pytest
from django.core.exceptions import ValidationError

from core.errors import DomainError
from stakeholders import services
from stakeholders.choices import Helix, OrganisationKind
from stakeholders.models import Membership, Organisation
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

VALID_BIN = "040140001008"


def _register(user, **overrides):
    data = {
        "creator": user,
        "name_en": "Steppe Robotics",
        "helix": Helix.INDUSTRY,
        "kind": OrganisationKind.SME,
        "region": region(),
    }
    data.update(overrides)
    return services.organisation_register(**data)


@pytest.mark.django_db
def test_register_makes_the_creator_representative_and_leaves_it_unverified(citizen):
    org = _register(citizen, bin=VALID_BIN, name_kk="Дала Роботикс")
    assert org.verification == Organisation.Verification.UNVERIFIED
    assert org.created_by == citizen
    assert org.name_en == "Steppe Robotics" and org.name_kk == "Дала Роботикс"
    assert org.name_ru == "Steppe Robotics"  # a name given once stands in for the others
    membership = Membership.objects.get(organisation=org)
    assert (membership.user, membership.role, membership.status) == (citizen, "representative", "active")


@pytest.mark.django_db
def test_register_with_a_kind_outside_the_helix_is_refused(citizen):
    with pytest.raises(DomainError) as exc:
        _register(citizen, helix=Helix.ACADEMIA, kind=OrganisationKind.SME)
    assert exc.value.field == "kind"
    assert not Organisation.objects.exists() and not Membership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["12345", "04014000100X", "040140001009"])
def test_register_with_an_invalid_bin_is_refused(citizen, bad):
    with pytest.raises(ValidationError):
        _register(citizen, bin=bad)
    assert not Organisation.objects.exists() and not Membership.objects.exists()


@pytest.mark.django_db
def test_same_bin_is_a_duplicate_anywhere(citizen):
    existing = OrganisationFactory(bin=VALID_BIN, region=region("kyzylorda"))
    with pytest.raises(services.DuplicateOrganisation) as exc:
        _register(citizen, bin=VALID_BIN, name_en="Another name")
    assert exc.value.existing == existing and exc.value.field == "bin"
    assert Organisation.objects.count() == 1 and not Membership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["STEPPE robotics", "  steppe robotics "])
def test_same_name_in_the_same_region_ignoring_case_is_a_duplicate(citizen, name):
    existing = _register(UserFactory())
    with pytest.raises(services.DuplicateOrganisation) as exc:
        _register(citizen, name_en=name)
    assert exc.value.existing == existing
    assert Organisation.objects.count() == 1 and Membership.objects.count() == 1


@pytest.mark.django_db
def test_a_name_in_another_language_matches_too(citizen):
    existing = _register(UserFactory(), name_ru="Степь Роботикс")
    with pytest.raises(services.DuplicateOrganisation) as exc:
        _register(citizen, name_en="", name_ru="степь роботикс")
    assert exc.value.existing == existing


@pytest.mark.django_db
def test_same_name_in_another_region_is_a_different_organisation(citizen):
    _register(UserFactory())
    other = _register(citizen, region=region("kyzylorda"))
    assert other.region.code == "kyzylorda"


@pytest.mark.django_db
def test_a_name_is_required(citizen):
    with pytest.raises(DomainError):
        _register(citizen, name_en=" ")


@pytest.mark.django_db
def test_join_request_then_representative_approves(org, people):
    citizen, rep = people["citizen"], people["representative"]
    membership = services.membership_request(user=citizen, organisation=org)
    assert membership.status == "pending" and membership.role == "member"
    with pytest.raises(DomainError, match="already waiting"):
        services.membership_request(user=citizen, organisation=org)
    services.membership_decide(actor=rep, membership=membership, approve=True)
    membership.refresh_from_db()
    assert membership.status == "active" and membership.decided_by == rep
    with pytest.raises(DomainError, match="already a member"):
        services.membership_request(user=citizen, organisation=org)
    with pytest.raises(DomainError, match="already decided"):
        services.membership_decide(actor=rep, membership=membership, approve=False)


@pytest.mark.django_db
def test_declined_person_may_ask_again(org, people):
    membership = services.membership_request(user=people["citizen"], organisation=org)
    services.membership_decide(actor=people["staff"], membership=membership, approve=False)
    membership.refresh_from_db()
    assert membership.status == "declined"
    again = services.membership_request(user=people["citizen"], organisation=org)
    assert again.pk == membership.pk and again.status == "pending" and again.decided_by is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "member"])
def test_a_non_representative_cannot_decide(org, people, role):
    membership = services.membership_request(user=UserFactory(), organisation=org)
    with pytest.raises(DomainError, match="Only a representative of Ertis Agro"):
        services.membership_decide(actor=people[role], membership=membership, approve=True)
    membership.refresh_from_db()
    assert membership.status == "pending" and membership.decided_by is None


@pytest.mark.django_db
def test_representative_of_another_organisation_cannot_decide(org):
    other_rep = MembershipFactory(role="representative").user
    membership = services.membership_request(user=UserFactory(), organisation=org)
    with pytest.raises(DomainError):
        services.membership_decide(actor=other_rep, membership=membership, approve=True)


@pytest.mark.django_db
def test_the_last_representative_cannot_leave_but_a_member_can(org, people):
    with pytest.raises(DomainError, match="only representative"):
        services.membership_leave(user=people["representative"], organisation=org)
    services.membership_leave(user=people["member"], organisation=org)
    assert not Membership.objects.filter(user=people["member"]).exists()
    with pytest.raises(DomainError, match="not a member"):
        services.membership_leave(user=people["citizen"], organisation=org)


@pytest.mark.django_db
def test_only_staff_verify(org, people):
    org.verification = "unverified"
    org.save()
    with pytest.raises(DomainError):
        services.organisation_verify(actor=people["representative"], organisation=org, verified=True)
    services.organisation_verify(actor=people["staff"], organisation=org, verified=False)
    org.refresh_from_db()
    assert org.verification == "rejected" and org.verified_by == people["staff"]
    services.organisation_verify(actor=people["staff"], organisation=org, verified=True)
    org.refresh_from_db()
    assert org.is_verified


@pytest.mark.django_db
def test_coordinators_verify_only_in_their_region(org, people):
    with pytest.raises(DomainError, match="coordinator of an EDP in Pavlodar"):
        services.organisation_verify(actor=people["coordinator_other"], organisation=org, verified=True)
    services.organisation_verify(actor=people["coordinator"], organisation=org, verified=True)
    org.refresh_from_db()
    assert org.verified_by == people["coordinator"]


@pytest.mark.django_db
def test_update_by_a_non_representative_is_refused(org, people):
    with pytest.raises(DomainError, match="Only a representative"):
        services.organisation_update(
            actor=people["member"],
            organisation=org,
            name_en="Hijacked",
            helix="industry",
            kind="sme",
            region=org.region,
        )
    org.refresh_from_db()
    assert org.name_en == "Ertis Agro"
