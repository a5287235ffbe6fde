"""Goals a report sets out in prose: a heading, the goal's description, and the sentence that judges it.

An avstämning of mål och budget prints no goal table. Each goal is its title as a heading, a
paragraph on what the goal means, and the city's standard judgement right under it:
"Stadsledningskontoret bedömer att verksamhetsområdets årsmål kommer att uppnås helt under 2024",
"… sammantaget innebär att inriktningsmålet kommer att uppfyllas helt". Such a section is that
goal: its title is the heading, its level is the one the judgement names, its status the
judgement's verdict. Read as sections, the 2024 avstämning's 19 goals cited no goal, had no
status, and gave an empty timeline for 2024.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from index.nlp.sentences import split_sentences
from index.parse.records import Goal, Section, Source
from index.parse.verdict import assessed_level, assessment_verdict, is_goal_assessment

# The judgement stands under the goal's description, a paragraph (3 to 7 sentences in the 2024
# avstämning); a judgement further down a section is of something the section discusses, not of it.
DESCRIPTION_SENTENCES = 10


def assessed_goals(file: str, sections: Sequence[Section]) -> tuple[list[Goal], list[Section]]:
    """The sections that are goals judged in prose, as goals; and the other sections, unchanged."""
    goals: list[Goal] = []
    rest: list[Section] = []
    above: dict[int, str] = {}  # depth → the title of the last goal read at that level
    for section in sections:
        goal = _goal_of(file, section)
        if goal is None:
            rest.append(section)
            continue
        # Under the goals above it, by title (the report numbers none): a KF-mål follows its
        # inriktningsmål, as the report prints them, so "under inriktningsmålet om …" finds it.
        depth = goal.level.depth
        above = {d: title for d, title in above.items() if d < depth}
        goals.append(replace(goal, parent_numbers=tuple(above[d] for d in sorted(above))))
        above[depth] = goal.title
    return goals, rest


def _goal_of(file: str, section: Section) -> Goal | None:
    if section.heading is None or not section.heading_path:
        return None
    spans = split_sentences(section.text)
    for start, end in spans[:DESCRIPTION_SENTENCES]:
        sentence = section.text[start:end]
        if not is_goal_assessment(sentence):
            continue
        level, status = assessed_level(sentence), assessment_verdict(sentence)
        if level is None or status is None:
            # A judgement of something else ("kommunkoncernen", "budgeten"), or one with no verdict: a section.
            return None
        return Goal(
            level=level,
            number=None,
            title=section.heading_path[-1],
            status=status,
            raw_status=sentence.strip(),  # the report's words for its status (in its text too)
            expected_result="",
            analysis=section.text[end:].strip(),
            description=section.text[:start].strip(),
            parent_numbers=(),
            source=Source.of_lines(file, [section.heading, *section.body]),
            body=section.body,
        )
    return None
