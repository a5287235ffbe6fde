"""The API's response models are built from the records: the interpretation's schema is its dataclass."""

from __future__ import annotations

import dataclasses

from api.models import SearchResponse
from index.parse.records import ChunkKind, GoalStatus
from search.engine import SearchResult
from search.query import Interpretation, understand
from search.spelling import Correction


def test_the_interpretation_schema_is_the_dataclass() -> None:
    schema = SearchResponse.model_json_schema()
    assert schema["properties"]["interpretation"] == {"$ref": "#/$defs/Interpretation"}
    properties = schema["$defs"]["Interpretation"]["properties"]
    assert list(properties) == [f.name for f in dataclasses.fields(Interpretation)]
    assert schema["$defs"]["ChunkKind"]["enum"] == [k.value for k in ChunkKind]


def test_the_response_carries_the_same_json_as_the_cli() -> None:
    reading = Interpretation(
        kind=(ChunkKind.GOAL,),
        deviation=False,
        status=(GoalStatus.DELVIS,),
        year=(2021,),
        topic="hemlöshet",
        searched=(Correction("hemloshet", "hemlöshet"),),
        compare=("2020", "2021"),
    )
    result = SearchResult("hemloshet", reading, 0, ())
    body = SearchResponse.of(result).model_dump(mode="json")
    assert body["interpretation"] == reading.to_dict()
    assert reading.to_dict()["status"] == ["uppfylls delvis"] and reading.to_dict()["deviation"] is False


def test_a_question_read_into_its_interpretation() -> None:
    reading = understand("vilka aktiviteter har avvikelser om pandemin", ["Kommunstyrelsen"], years=[2020])
    assert reading.interpretation() == Interpretation(
        kind=(ChunkKind.ACTIVITY,), deviation=True, topic="pandemin", list=True, language="sv"
    )
