"""etl.countries: UN spellings of Member States -> ISO 3166-1 alpha-3."""

import pytest

from etl.countries import UN_SPELLINGS, country_code, fold

CODES = [
    # Türkiye, in every spelling the UN's lists use
    ("T\u00dcRK\u0130YE", "TUR"), ("TURKEY", "TUR"), ("TURKIYE", "TUR"), ("T\u00dcRKIYE", "TUR"),
    ("T\u00dcRK\u00ddYE", "TUR"), ("T\u00fcrkiye", "TUR"),
    # Côte d'Ivoire, with and without accent, straight and curly apostrophe
    ("C\u00d4TE D'IVOIRE", "CIV"), ("COTE D'IVOIRE", "CIV"), ("C\u00f4te d\u2019Ivoire", "CIV"),
    # the UN's short names with the qualifier in brackets
    ("BOLIVIA (PLURINATIONAL STATE OF)", "BOL"), ("MICRONESIA (FEDERATED STATES OF)", "FSM"),
    ("IRAN (ISLAMIC REPUBLIC OF)", "IRN"), ("VENEZUELA (BOLIVARIAN REPUBLIC OF)", "VEN"),
    ("NETHERLANDS (KINGDOM OF THE)", "NLD"), ("Bahamas (The)", "BHS"),
    # ISO's inverted names the UN way round
    ("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "PRK"), ("REPUBLIC OF KOREA", "KOR"),
    ("UNITED REPUBLIC OF TANZANIA", "TZA"), ("DEMOCRATIC REPUBLIC OF THE CONGO", "COD"), ("CONGO", "COG"),
    ("REPUBLIC OF MOLDOVA", "MDA"), ("State of Palestine", "PSE"), ("LAO PEOPLE'S DEMOCRATIC REPUBLIC", "LAO"),
    # names that hold "and"
    ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "GBR"), ("United Kingdom", "GBR"),
    ("TRINIDAD AND TOBAGO", "TTO"), ("Saint Vincent and the Grenadines", "VCT"),
    ("Sao Tome and Principe", "STP"), ("Heard Island and McDonald Islands", "HMD"),
    # others printed in the corpus
    ("UNITED STATES OF AMERICA", "USA"), ("United States", "USA"), ("CZECHIA", "CZE"), ("ESWATINI", "SWZ"),
    ("NORTH MACEDONIA", "MKD"), ("VIET NAM", "VNM"), ("CABO VERDE", "CPV"), ("GAMBIA", "GMB"),
    ("Holy See", "VAT"), ("GUINEA-BISSAU", "GNB"), ("TIMOR-LESTE", "TLS"), ("Guinea Bissau", "GNB"),
    ("Guinea -Bissau", "GNB"),
    # how sentences print them
    ("the Lao People's Democratic Republic", "LAO"), ("Democratic People\u2019's Republic of Korea", "PRK"),
    ("  VIET\u00a0NAM ", "VNM"),
]


@pytest.mark.parametrize("name, code", CODES)
def test_country_code(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["", "   ", "ATLANTIS", "Korea", "European Union", "Canad a",
                                  "United Kingdomand Uruguay", "Group of 77 and China"])
def test_no_code_is_guessed(name):
    assert country_code(name) is None


def test_fold_brings_variants_together():
    assert fold("T\u00dcRK\u0130YE") == fold("TURKIYE") == "turkiye"
    assert fold("IRAN (ISLAMIC REPUBLIC OF)") == fold("Iran, Islamic Republic of")


def test_un_spellings_are_few_and_point_at_real_codes():
    # the hand-written list only bridges what the library cannot
    assert len(UN_SPELLINGS) <= 5
    assert all(country_code(name) == code for name, code in UN_SPELLINGS.items())


def test_every_member_state_name_of_the_corpus_maps():
    """Each name in the vote lists of the corpus has a code (names are English in every language)."""
    import re
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    archives = sorted((root / "sources" / "akn").glob("*English.zip"))
    assert archives
    organization = re.compile(rb"<organization[^>]*>([^<]*)</organization>")
    names = set()
    for archive in archives:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                names.update(n.decode("utf-8").strip() for n in organization.findall(zf.read(info)))
    names.discard("")
    assert len(names) >= 190
    assert sorted(name for name in names if country_code(name) is None) == []
    # the spellings of one state share its code
    turkiye = {name for name in names if country_code(name) == "TUR"}
    assert len(turkiye) >= 3
