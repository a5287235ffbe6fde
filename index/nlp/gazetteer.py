"""The city's own names: stadsdelsområden and places, förvaltningar, bolag.

Kept as data in one place: the entity rules, the compound splitter (which must not
split "Kungsholmen" into "kung" + "holme") and search's nämnd matching all read it.
"""

from __future__ import annotations

# Stockholm's stadsdelsområden (since 2020) and their earlier names, and well-known districts.
STADSDELSOMRADEN = (
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Älvsjö",
    "Hägersten-Älvsjö",
    "Hägersten-Liljeholmen",
    "Skärholmen",
    "Liljeholmen",
    "Hägersten",
)
PLACES = (
    *STADSDELSOMRADEN,
    "Stockholm",
    "Vasastaden",
    "Vasastan",
    "Hagastaden",
    "Kista",
    "Tensta",
    "Rinkeby",
    "Husby",
    "Akalla",
    "Vällingby",
    "Hässelby",
    "Spånga",
    "Årsta",
    "Vantör",
    "Enskede",
    "Gamla stan",
    "Djurgården",
    "Hjorthagen",
    "Norra Djurgårdsstaden",
    "Slussen",
    "Sergels torg",
    "Järva",
    "Söderort",
    "Västerort",
    "Innerstaden",
    "Klara",
    "Sveavägen",
    "Vasaparken",
    "Observatorielunden",
    "Vanadislunden",
    "Tegnérlunden",
    "Hötorget",
    "Norrmalmstorg",
)

# Bodies that are bolag: names the "… AB" rule would miss.
BOLAG = (
    "Stockholms Stadshus AB",
    "Stockholm Vatten och Avfall",
    "Stockholmshem",
    "Svenska Bostäder",
    "Familjebostäder",
    "Micasa Fastigheter",
    "SISAB",
    "Skolfastigheter i Stockholm",
    "Stockholm Exergi",
    "Stockholms Hamn",
    "Stockholm Business Region",
    "Stockholms Stadsteater",
    "Stockholm Parkering",
    "S:t Erik",
    "Stokab",
    "Fastighets AB Stockholmshem",
    "AB Svenska Bostäder",
    "AB Familjebostäder",
)


def place_words() -> frozenset[str]:
    """Lower-cased single words of place names, and their genitives: never split as compounds."""
    words = set()
    for name in PLACES:
        for word in name.replace("-", " ").split():
            words.update({word.lower(), word.lower() + "s"})
    return frozenset(words)


# A förvaltning answers to its nämnd: a question about the förvaltning is about that nämnd's
# reports. Named where the name does not say it; "X stadsdelsförvaltning" → "X stadsdelsnämnd" and
# "…förvaltningen" → "…nämnden" follow from the names (search/names.py).
FORVALTNING_NAMND = {
    "stadsledningskontoret": "Kommunstyrelsen",
    "stadsledningskontor": "Kommunstyrelsen",
    "slk": "Kommunstyrelsen",
    "serviceförvaltningen": "Servicenämnden",
    "socialförvaltningen": "Socialnämnden",
}
# Short forms officials write for nämnder.
NAMND_ABBREVIATIONS = {"ks": "Kommunstyrelsen", "kommunstyrelsen": "Kommunstyrelsen", "sdn": "stadsdelsnämnd"}
