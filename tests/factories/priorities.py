import factory

from priorities.models import CandidatePriority, PrioritySelection, SelectionVote, SteeringCommitteeMember

from .accounts import UserFactory
from .edp import EDPFactory


class CandidatePriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidatePriority

    edp = factory.SubFactory(EDPFactory)
    title = factory.Sequence(lambda n: f"Candidate priority {n}")
    summary = "Built on the region's strengths."


class SelectedPriorityFactory(CandidatePriorityFactory):
    decision = CandidatePriority.Decision.SELECTED
    rationale = "Strong evidence and support."


class PrioritySelectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrioritySelection

    edp = factory.SubFactory(EDPFactory)


class SteeringCommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringCommitteeMember

    edp = factory.SubFactory(EDPFactory)
    user = factory.SubFactory(UserFactory)
    has_vote = True


class SelectionVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionVote

    candidate = factory.SubFactory(CandidatePriorityFactory)
    voter = factory.SubFactory(UserFactory)
    choice = SelectionVote.Choice.SELECT
    rationale = "Convincing."
