"""Page furniture, page numbers and broken words, on the real extractions."""

from __future__ import annotations

import pytest

from index.parse.ingest import parse_file
from index.read.layout import clean_lines, join_lines
from index.read.readers import read_text
from tests.conftest import AVST_2024, CORPUS, NORRMALM_2021, T2_2021, VP_2013


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["kommunalt finansie-", "rad service"], "kommunalt finansierad service"),
        (["trygghets- och", "säkerhetsfrågor"], "trygghets- och säkerhetsfrågor"),
        (["stads-", "och landstingsförbund"], "stads- och landstingsförbund"),
        (["process för risk- ", "och sårbarhetsanalyser"], "process för risk- och sårbarhetsanalyser"),
        (["arbetet med", "covid-", "19"], "arbetet med covid-19"),
        (["individuellt IT-", "stöd"], "individuellt IT-stöd"),
        (["ökad e-", "handel"], "ökad e-handel"),
        (["ersättningsinvesteringar inom it-", "området"], "ersättningsinvesteringar inom it-området"),
        (["ak-", "tiviteter inom tv-", "sändning"], "aktiviteter inom tv-sändning"),
        (["Stock-", "holms stad"], "Stockholms stad"),
        (["a\tb\t", "", "c"], "a b c"),
    ],
)
def test_join_lines_mends_broken_words(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_verksamhetsplan_hyphenation_on_real_lines() -> None:
    lines = clean_lines(read_text(CORPUS / VP_2013))
    by_number = {line.number: line.text for line in lines}
    assert by_number[32].endswith("finansie-") and by_number[34].startswith("rad service")
    assert "kommunalt finansierad service" in join_lines([by_number[32], by_number[34]])


def test_page_furniture_removed_and_pages_known() -> None:
    lines = clean_lines(read_text(CORPUS / AVST_2024))
    texts = [line.text.strip() for line in lines]
    assert "Sida 5 (59)" not in texts and "Tjänsteutlåtande" not in texts and "Dnr KS 2023/1199" not in texts
    # Only two markers (pages 5 and 46): no line's page is certain, all are estimated.
    assert all(line.page is None for line in lines)
    after_marker = next(line for line in lines if line.number > 237)
    assert after_marker.page_approx == 5
    assert next(line for line in lines if line.number > 3544).page_approx == 46
    approx = [line.page_approx for line in lines]
    assert approx == sorted(approx) and min(approx) >= 1 and max(approx) <= 59


def test_norrmalm_header_block_removed() -> None:
    lines = clean_lines(read_text(CORPUS / NORRMALM_2021))
    texts = {line.text.strip() for line in lines}
    assert not {"Sid 14 (116)", "Sankt Eriksgatan 117", "start.stockholm", "50809014"} & texts


def test_a_page_number_inside_a_running_sentence_is_furniture() -> None:
    # Read in the 2013 plan: "… klimatsmarta och kunna" / "6" / "efterfrågas av alla." (line 490) and
    # "… om 2 miljoner kronor" / "24" / "för 2013 ." (line 2240): the footer where the page broke.
    lines = clean_lines(read_text(CORPUS / VP_2013))
    assert not {490, 2240} & {line.number for line in lines}
    # A table's lone cell stays: T2 2021's "0" (line 1457) stands between cells, not inside a sentence.
    assert 1457 in {line.number for line in clean_lines(read_text(CORPUS / T2_2021))}
    assert [line.text for line in clean_lines(_lines(["Antal platser", "8", "st per år", "Analys"]))] == [
        "Antal platser",
        "8",
        "st per år",
        "Analys",
    ]


def _lines(texts: list[str]) -> list:
    from index.parse.records import Line

    return [Line(text, number) for number, text in enumerate(texts, 1)]


def test_exact_page_between_consecutive_markers(tmp_path) -> None:
    text = "Inledning\nSid 3 (9)\nFörsta raden på sidan tre.\nAndra raden.\nSid 4 (9)\nSidan fyra.\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    lines = clean_lines(read_text(path))
    pages = {line.text: (line.page, line.page_approx) for line in lines}
    assert pages["Första raden på sidan tre."] == (3, 3)
    assert pages["Andra raden."] == (3, 3)
    assert pages["Sidan fyra."][0] is None  # after the last marker: only estimated
    assert pages["Sidan fyra."][1] == 4


def test_t2_2021_markers() -> None:
    lines = clean_lines(read_text(CORPUS / T2_2021))
    assert not any(line.text.strip() in {"Sid 19 (48)", "Bilaga 1", "start.stockholm"} for line in lines)
    # Text that mentions start.stockholm in a sentence stays.
    assert any("start.stockholm med övergripande information" in line.text for line in lines)


def test_date_wrapped_at_a_line_end_is_mended(tmp_path) -> None:
    # LibreOffice printing the text extraction wraps Norrmalm's only deviation row inside a date.
    text = (
        "Nämndmål: 1.5.1 Äldre är trygga\n"
        "Aktivitet Startdatum Slutdatum Avvikelse\n"
        "  Team för psykisk ohälsa startas upp i hemtjänst i egen regi 2021-01-01 2021-\n"
        "12-31 Avvikelse\n"
    )
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    lines = clean_lines(read_text(path))
    assert [line.text.strip() for line in lines][2] == (
        "Team för psykisk ohälsa startas upp i hemtjänst i egen regi 2021-01-01 2021-12-31 Avvikelse"
    )
    (team,) = parse_file(path).activities
    assert (team.text, team.end, team.deviation) == (
        "Team för psykisk ohälsa startas upp i hemtjänst i egen regi",
        "2021-12-31",
        True,
    )
