"""Sentences for readers, computed from the data: every figure in them comes from arguments.

Each builder names whose statistics it uses, carries the source's hedge ("over", "nearly") into
the wording and rounds a bound only in its safe direction (see ``analysis.formatting``). The notebooks
and the report's index page build every sentence here (they define no functions of their own); the
builders are grouped by the notebook that uses them first. Money is US dollars throughout, except in
``narrate.latest`` (China customs' yuan as published, every conversion stated).
"""

from __future__ import annotations

from analysis.narrate.claims import (
    claim_reasons,
    failed_claims,
    out_of_scope,
    rules_note,
    statements_against_imf,
    unchecked_claims,
    verdict_counts,
)
from analysis.narrate.common import (
    IMF_PUBLISHER_PREFIX,
    by_statistics,
    capitalised,
    combined_bound,
    growth_sentence,
    publisher,
    source_footer,
    two_sides_sentence,
    whose,
)
from analysis.narrate.pair import (
    base_year_range,
    case_study_note,
    claim_reading,
    data_notes,
    first_year_sides,
    headline,
    latest_sides,
    level_sentence,
    mirror_directions,
    statements_ratio,
    totals_window,
    two_first_years,
)
from analysis.narrate.park import (
    ADDITIONS_NOTE,
    conflicts_sentence,
    institutes_sentence,
    investment_and_profit,
    only_article_sentence,
    residents_sentence,
    students_sentence,
    visits_sentence,
)
from analysis.narrate.world import (
    both_views,
    importer_position,
    intensity_sentence,
    mirror_positions,
    partner_rank,
    share_text,
    world_matrix_note,
)

__all__ = [
    "ADDITIONS_NOTE",
    "IMF_PUBLISHER_PREFIX",
    "base_year_range",
    "both_views",
    "by_statistics",
    "capitalised",
    "case_study_note",
    "claim_reading",
    "claim_reasons",
    "combined_bound",
    "conflicts_sentence",
    "data_notes",
    "failed_claims",
    "first_year_sides",
    "growth_sentence",
    "headline",
    "importer_position",
    "institutes_sentence",
    "intensity_sentence",
    "investment_and_profit",
    "latest_sides",
    "level_sentence",
    "mirror_directions",
    "mirror_positions",
    "only_article_sentence",
    "out_of_scope",
    "partner_rank",
    "publisher",
    "residents_sentence",
    "rules_note",
    "share_text",
    "source_footer",
    "statements_against_imf",
    "statements_ratio",
    "students_sentence",
    "totals_window",
    "two_first_years",
    "two_sides_sentence",
    "unchecked_claims",
    "verdict_counts",
    "visits_sentence",
    "whose",
    "world_matrix_note",
]
