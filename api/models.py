"""Pydantic models of the API, built at the edge from the records (never instead of them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_type_hints

from pydantic import BaseModel, Field, create_model, model_validator

from api.limits import PERIODS
from index.parse.records import ChunkKind, Citation, IndicatorValues
from index.store import Document
from index.uploads import Prepared
from search.context import PassageContext
from search.engine import Hit, SearchResult
from search.goals import GoalShare
from search.indicators import IndicatorRow
from search.query import Interpretation
from summarise.draft import Draft, to_markdown
from summarise.related import Member, Related
from summarise.timeline import Timeline, TimelineEntry


class _ShownCitation(BaseModel):
    """A `Citation` as the API shows it: its page is the exact one, else the estimated one."""

    @model_validator(mode="before")
    @classmethod
    def _of_record(cls, data: Any) -> Any:
        if isinstance(data, Citation):
            shown = {name: getattr(data, name) for name in cls.model_fields}
            return shown | {"page": data.page if data.page is not None else data.page_approx}
        return data

    @classmethod
    def of(cls, c: Citation) -> CitationModel:
        return cls.model_validate(c)


# The record's fields, declared once (`index.parse.records.Citation`), less `page_approx`: the
# page shown already falls back to it.
CitationModel = create_model(
    "CitationModel",
    __base__=_ShownCitation,
    **{name: (kind, ...) for name, kind in get_type_hints(Citation).items() if name != "page_approx"},
)


class IndicatorValuesModel(BaseModel):
    """An indicator passage's figures by column, as the parser read them."""

    outcome: float | None = None
    outcome_men: float | None = None
    outcome_women: float | None = None
    previous: float | None = None
    previous_label: str | None = None  # what the previous outcome is ("VB 2019"); None: the previous period
    target: float | None = None
    kf_target: float | None = None
    target_note: str | None = None
    kf_target_note: str | None = None
    period: str | None = None
    unit: str | None = None
    band: bool = False  # the targets are a tolerance either side of zero ("+/- 1 %")

    @classmethod
    def of(cls, v: IndicatorValues) -> IndicatorValuesModel:
        return cls(**{name: getattr(v, name) for name in cls.model_fields})


class HitModel(BaseModel):
    id: str
    score: float
    kind: str
    text: str
    highlights: list[str]
    citation: CitationModel
    # A goal's level (1 inriktningsmål, 2 verksamhetsområdesmål, 3 nämndmål), where the parser read
    # it: a list of goals under a goal mixes levels, and a user could not tell them apart.
    goal_level: int | None = None
    # Whether the passage is clearly about the question, where the answer's `clear` counts fewer
    # than its hits; None otherwise (every hit is).
    clear: bool | None = None
    # An indicator's figures by column: a row printed as bare cells cannot be read without them.
    values: IndicatorValuesModel | None = None

    @classmethod
    def of(cls, hit: Hit) -> HitModel:
        level = hit.chunk.level if hit.chunk.kind is ChunkKind.GOAL else None
        return cls(
            id=hit.id,
            score=round(hit.score, 6),
            kind=hit.chunk.kind.value,
            goal_level=level.depth if level is not None else None,
            text=hit.chunk.text,
            highlights=list(hit.highlights),
            citation=CitationModel.of(hit.citation),
            clear=hit.clear,
            values=IndicatorValuesModel.of(hit.chunk.values) if hit.chunk.values is not None else None,
        )


def _report_of(c: Citation) -> dict[str, Any]:
    """A row's report, from its citation: flat in a row's JSON, as the page and the CLI's JSON read it."""
    return {"namnd": c.namnd, "report": c.report, "year": c.year, "period": c.period}


class IndicatorRowModel(BaseModel):
    indicator: str
    namnd: str
    report: str
    year: int | None
    period: str | None = Field(description="The report's period: T1, T2, helår")
    row_period: str | None = Field(description="The row's own period cell, as printed")
    outcome: float | None = Field(description="Periodens utfall")
    target: float | None = Field(description="Årsmål")
    kf_target: float | None = Field(description="KF:s årsmål")
    target_note: str | None = Field(default=None, description="Årsmål as printed where it is words, not a number")
    kf_target_note: str | None = Field(
        default=None, description="KF:s årsmål as printed where it is words ('Tas fram av nämnd/styrelse')"
    )
    unit: str | None
    band: bool = Field(default=False, description="The targets are a tolerance either side of zero ('+/- 1 %')")
    direction: str = Field(description="högre är bättre, or lägre är bättre")
    met: bool | None = Field(description="Whether the outcome meets the target, direction-aware; null: no numbers")
    compared_with: str | None = Field(description="The target met was decided against: årsmål or KF:s årsmål")
    stated: bool = Field(description="met is the report's own word, from the indicator's Analys ('Målet uppnås ej')")
    early: bool = Field(description="A count in a tertial report: judged at the year's end, so met is null")
    partly: bool = Field(default=False, description="met is false and the Analys's light is Gul: partly met")
    forecast: float | None = Field(default=None, description="Prognos helår: the report's forecast for the year")
    by_forecast: bool = Field(
        default=False, description="A tertial's row judged by its forecast for the year, not the period's outcome"
    )
    basis: str = Field(
        description="What met rests on: enligt rapportens analys, lägre är bättre, antaget: högre är bättre"
    )
    goal: str | None
    passage_id: str
    citation: CitationModel

    @classmethod
    def of(cls, row: IndicatorRow) -> IndicatorRowModel:
        c, v = row.citation, row.values
        return cls(
            indicator=row.indicator,
            **_report_of(c),
            row_period=v.period,
            outcome=v.outcome,
            target=v.target,
            kf_target=v.kf_target,
            band=v.band,
            target_note=v.target_note,
            kf_target_note=v.kf_target_note,
            unit=v.unit,
            direction=row.direction.value,
            met=row.met,
            compared_with=row.compared_with.value if row.compared_with else None,
            stated=row.stated,
            early=row.early,
            partly=row.partly,
            forecast=v.forecast,
            by_forecast=row.by_forecast,
            basis=row.basis,
            goal=c.goal,
            passage_id=row.passage_id,
            citation=CitationModel.of(c),
        )


class IndicatorsResponse(BaseModel):
    total: int
    met: int
    not_met: int
    rows: list[IndicatorRowModel]

    @classmethod
    def of(cls, rows: Sequence[IndicatorRow]) -> IndicatorsResponse:
        return cls(
            total=len(rows),
            met=sum(r.met is True for r in rows),
            not_met=sum(r.met is False for r in rows),
            rows=[IndicatorRowModel.of(r) for r in rows],
        )


class GoalShareModel(BaseModel):
    file: str
    report: str
    goal: str = Field(description="The goal as cited: its number and title")
    number: str | None
    kind: str
    listed: int = Field(description="The goal's rows of this kind in the list")
    total: int = Field(description="The goal's rows of this kind that the question's filters admit")

    @classmethod
    def of(cls, share: GoalShare) -> GoalShareModel:
        return cls(**{name: getattr(share, name) for name in cls.model_fields} | {"kind": share.kind.value})


class SearchResponse(BaseModel):
    query: str
    interpretation: Interpretation
    total: int
    hits: list[HitModel]
    suggestions: list[HitModel] = Field(
        default_factory=list, description="When total is 0: the nearest passages, not answers and not counted"
    )
    indicators: list[IndicatorRowModel] | None = Field(
        default=None, description="A question about indicators and targets: the rows that answer it (else null)"
    )
    indicators_met: bool | None = Field(
        default=None,
        description="The indicator rows are those the question selected by their target: true those that "
        "meet it, false those that miss it; null: every row of the question's subject",
    )
    unknown_words: list[str] = Field(
        default_factory=list,
        description="The question's topic words that no passage has: with total 0, why nothing answers; "
        "with hits, those hits are near in meaning but do not contain these words",
    )
    clear: int | None = Field(
        default=None,
        description="Of total, the passages clearly about the question (the rest rank on weaker evidence); "
        "null when all are",
    )
    goals: list[GoalShareModel] = Field(
        default_factory=list,
        description="A list's activities or indicators by the goal they sit under, where the goal has more "
        "such rows than the list holds (rows that name the subject only through their goal are not listed)",
    )

    @classmethod
    def of(cls, result: SearchResult) -> SearchResponse:
        return cls(
            query=result.query,
            interpretation=result.interpretation,
            total=result.total,
            hits=[HitModel.of(h) for h in result.hits],
            suggestions=[HitModel.of(h) for h in result.suggestions],
            indicators=[IndicatorRowModel.of(r) for r in result.indicators] if result.indicators is not None else None,
            indicators_met=result.indicators_met,
            unknown_words=list(result.unknown_words),
            clear=result.clear,
            goals=[GoalShareModel.of(g) for g in result.goals],
        )


class DocumentModel(BaseModel):
    id: str = Field(description="The document's id: its file name")
    file: str
    namnd: str
    report_type: str
    year: int | None
    period: str | None
    title: str
    dnr: str | None
    chunks: int
    sha256: str
    indexed_at: float
    warnings: list[str]
    source: str = Field(description="URL of the source file")

    @classmethod
    def of(cls, d: Document) -> DocumentModel:
        m = d.meta
        return cls(
            id=d.file,
            file=d.file,
            namnd=m.namnd,
            report_type=m.report_type.value,
            year=m.year,
            period=m.period,
            title=m.title,
            dnr=m.dnr,
            chunks=d.chunks,
            sha256=d.sha256,
            indexed_at=d.indexed_at,
            warnings=list(d.warnings),
            source=f"/documents/{d.file}/source",
        )


class LineModel(BaseModel):
    number: int
    text: str


class PassageResponse(BaseModel):
    passage: HitModel
    document: DocumentModel
    goal: HitModel | None = Field(description="The goal the passage belongs to")
    before: list[LineModel]
    after: list[LineModel]
    source_available: bool

    @classmethod
    def of(cls, c: PassageContext) -> PassageResponse:
        return cls(
            passage=HitModel.of(c.hit),
            document=DocumentModel.of(c.document),
            goal=HitModel.of(c.goal) if c.goal else None,
            before=[LineModel(number=line.number, text=line.text) for line in c.before],
            after=[LineModel(number=line.number, text=line.text) for line in c.after],
            source_available=c.source_available,
        )


class UploadResponse(BaseModel):
    document: DocumentModel
    chunks_embedded: int
    warnings: list[str]

    @classmethod
    def of(cls, indexed: Document, prepared: Prepared) -> UploadResponse:
        return cls(
            document=DocumentModel.of(indexed),
            chunks_embedded=prepared.chunks_embedded,
            warnings=list(prepared.warnings),
        )


class FiltersResponse(BaseModel):
    namnder: list[str]
    years: list[int]
    report_types: list[str]
    kinds: list[str]
    periods: list[str] = Field(default_factory=list, description="T1, T2, T3, helår: those the index has")

    @classmethod
    def of(cls, documents: Sequence[Document]) -> FiltersResponse:
        """The values the indexed documents give each filter (years newest first)."""
        return cls(
            namnder=sorted({d.meta.namnd for d in documents}),
            years=sorted({d.meta.year for d in documents if d.meta.year}, reverse=True),
            report_types=sorted({d.meta.report_type.value for d in documents}),
            periods=[p for p in PERIODS if any(d.meta.period == p for d in documents)],
            kinds=[k.value for k in ChunkKind],
        )


class FacetsResponse(BaseModel):
    total: int
    facets: dict[str, dict[str, int]] = Field(
        description="namnd, year, report_type, kind → value → passages; values as the filters take them"
    )


class HealthResponse(BaseModel):
    status: str
    documents: int
    chunks: int
    generation: int
    model: str
    # The in-memory BM25 of this generation is built (index/store/bm25.py); until it is, above
    # 20,000 passages, FTS5 answers the lexical side, the same answers more slowly.
    lexical_in_memory: bool


class ErrorResponse(BaseModel):
    detail: str


class SummaryRequest(BaseModel):
    namnd: str | None = Field(default=None, max_length=200)
    year: int | None = Field(default=None, ge=1900, le=2100)
    period: str | None = Field(default=None, max_length=20)
    query: str | None = Field(default=None, max_length=500, description="A question: a draft of its passages")
    kind: str | None = Field(default=None, max_length=20)
    deviation: bool | None = None


class SummarySentenceModel(BaseModel):
    section: str
    text: str
    source: int


class SummarySourceModel(BaseModel):
    n: int
    passage_id: str
    citation: CitationModel


class SummarySectionModel(BaseModel):
    heading: str
    note: str | None = Field(default=None, description="A plain line under the heading (counts), citing nothing")


class SummaryResponse(BaseModel):
    title: str
    markdown: str
    backend: str
    sentences: list[SummarySentenceModel]
    sources: list[SummarySourceModel]
    warnings: list[str]
    sections: list[SummarySectionModel] = Field(default_factory=list, description="Headings in order, with notes")

    @classmethod
    def of(cls, draft: Draft) -> SummaryResponse:
        return cls(
            title=draft.title,
            markdown=to_markdown(draft),
            backend=draft.backend,
            sentences=[
                SummarySentenceModel(section=section.heading, text=s.text, source=s.source)
                for section in draft.sections
                for s in section.sentences
            ],
            sources=[
                SummarySourceModel(n=s.n, passage_id=s.passage_id, citation=CitationModel.of(s.citation))
                for s in draft.sources
            ],
            warnings=list(draft.warnings),
            sections=[SummarySectionModel(heading=section.heading, note=section.note) for section in draft.sections],
        )


class MemberModel(BaseModel):
    passage_id: str
    kind: str
    title: str
    citation: CitationModel
    status: str | None
    deviation: bool
    relation: str | None = Field(description="samma uppdrag, nästa steg or samma ämne; null for the asked passage")
    basis: str = Field(description="Why it is listed, in Swedish: the relation, shared words, e5 similarity")
    shared_terms: list[str]
    shared_partners: list[str]
    cosine: float = Field(description="e5 cosine of the two assignment texts")
    overlap: float = Field(description="idf-weighted cosine of the assignments' terms")
    sentence: str | None = Field(
        default=None, description="For a passage of prose: the sentence that relates it, as the report writes it"
    )
    analysis: str | None = Field(default=None, description="The opening of an activity's Analys: how the work went")

    @classmethod
    def of(cls, m: Member) -> MemberModel:
        chunk = m.chunk
        return cls(
            passage_id=chunk.id,
            kind=chunk.kind.value,
            title=m.title,
            citation=CitationModel.of(chunk.citation),
            status=chunk.status.value if chunk.status else None,
            deviation=chunk.deviation,
            relation=m.relation,
            basis=m.basis,
            shared_terms=list(m.shared_terms),
            shared_partners=list(m.shared_partners),
            cosine=m.cosine,
            overlap=m.overlap,
            sentence=m.sentence or None,
            analysis=m.analysis or None,
        )


class RelatedGroupModel(BaseModel):
    relation: str = Field(description="samma uppdrag, nästa steg or samma ämne")
    same: bool = Field(description="The same assignment or goal, followed up in several reports")
    members: list[MemberModel]


class RelatedResponse(BaseModel):
    passage: MemberModel
    assignment: str = Field(description="What was compared: the assignment without actor and partners, or the goal")
    groups: list[RelatedGroupModel] = Field(description="Empty when nothing in other reports qualifies")

    @classmethod
    def of(cls, found: Related) -> RelatedResponse:
        return cls(
            passage=MemberModel.of(found.passage),
            assignment=found.assignment,
            groups=[
                RelatedGroupModel(relation=g.relation, same=g.same, members=[MemberModel.of(m) for m in g.members])
                for g in found.groups
            ],
        )


class TimelineEntryModel(BaseModel):
    year: int | None
    period: str | None
    namnd: str
    report: str
    kind: str
    number: str | None = Field(description="The goal's number in this report (a hint, never the basis alone)")
    title: str = Field(description="The title without its number")
    status: str | None
    value: str | None
    passage_id: str
    citation: CitationModel
    basis: str = Field(description="Why it joined: utgångspunkt, samma rubrik, or liknande rubrik with the evidence")
    overlap: float | None = Field(default=None, description="Idf-weighted share of title words, for a like title")
    cosine: float | None = Field(default=None, description="e5 cosine of the two titles")
    same_number: bool = False
    indicator: IndicatorRowModel | None = None

    @classmethod
    def of(cls, e: TimelineEntry) -> TimelineEntryModel:
        c = e.citation
        return cls(
            **_report_of(c),
            kind=e.kind.value,
            number=e.number,
            title=e.title,
            status=e.status.value if e.status else None,
            value=e.value,
            passage_id=e.passage_id,
            citation=CitationModel.of(c),
            basis=e.basis,
            overlap=e.overlap,
            cosine=e.cosine,
            same_number=e.same_number,
            indicator=IndicatorRowModel.of(e.indicator) if e.indicator else None,
        )


class TimelineResponse(BaseModel):
    name: str
    anchor: TimelineEntryModel | None = Field(default=None, description="The goal or indicator the name named")
    entries: list[TimelineEntryModel]
    others: list[str] = Field(
        default_factory=list,
        description="Other titles of the same kind that the name matched too, each a timeline of its own",
    )

    @classmethod
    def of(cls, found: Timeline) -> TimelineResponse:
        return cls(
            name=found.name,
            anchor=TimelineEntryModel.of(found.anchor) if found.anchor else None,
            entries=[TimelineEntryModel.of(e) for e in found.entries],
            others=list(found.others),
        )
