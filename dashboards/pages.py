"""The board's pages, in order: what each is called, what question it answers, and its charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.chart import Chart
from dashboards.data import BoardData
from dashboards.figures import (
    accommodation,
    children,
    data_quality,
    equality,
    health,
    journeys,
    marac,
    overview,
    people_who_harm,
    police,
)
from dashboards.filters import Filters


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    question: str  # what the page answers, shown under its heading
    charts: Callable[[BoardData, Filters], list[Chart]]


def _journeys_and_health(board: BoardData, filters: Filters) -> list[Chart]:
    return [*journeys.charts(board, filters), health.iris_referrals(board, filters)]


PAGES = [
    Page(
        "overview",
        "Overview",
        "What changed this year, and how do we compare with the standards?",
        overview.charts,
    ),
    Page(
        "incidents",
        "Police incidents",
        "Are incidents rising, where, and of what kind?",
        police.charts,
    ),
    Page(
        "marac-cases",
        "MARAC",
        "Is MARAC hearing the cases it should, for everyone, with enough IDVAs?",
        marac.charts,
    ),
    Page(
        "equality",
        "Equality and reach",
        "Who is reaching each service, and who is not recorded?",
        equality.charts,
    ),
    Page(
        "accommodation",
        "Safe accommodation and housing",
        "Can people find safe accommodation, and move on safely?",
        accommodation.charts,
    ),
    Page(
        "children",
        "Children and families",
        "Which children live with domestic abuse, and where?",
        children.charts,
    ),
    Page(
        "people-who-harm",
        "People who harm",
        "Are people who harm being identified and challenged?",
        people_who_harm.charts,
    ),
    Page(
        "journeys",
        "Cross-agency journeys",
        "Do victims known to one service reach the others?",
        _journeys_and_health,
    ),
    Page(
        "data-quality",
        "Data quality",
        "How far can we trust these figures, agency by agency?",
        data_quality.charts,
    ),
]
