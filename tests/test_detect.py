"""Language detection from the text itself."""

from pathlib import Path

import pytest

from etl.errors import ParseError
from etl.lang.detect import detect_language, language_name
from etl.text.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder, code", [("zh", "zh"), ("en", "en")])
def test_the_samples(folder, code):
    for path in sorted((ROOT / "sources" / folder).glob("*.txt")):
        assert detect_language(path.read_text(encoding="utf-8")) == code, path.name


@pytest.mark.parametrize("text, code", [
    ("L’Assemblée générale, Rappelant ses résolutions sur la question et les décisions de la "
     "Conférence des Parties, prend note du rapport du Secrétaire général", "fr"),
    ("La Asamblea General, Recordando sus resoluciones sobre la cuestión y los informes del "
     "Secretario General, toma nota de las medidas para la aplicación", "es"),
    ("Die Generalversammlung, unter Hinweis auf ihre Resolutionen und die Berichte des "
     "Generalsekretärs, nimmt Kenntnis von dem Bericht der Kommission", "de"),
    ("Генеральная Ассамблея, ссылаясь на свои резолюции, принимает к сведению доклад", "ru"),
    ("إن الجمعية العامة، إذ تشير إلى قراراتها السابقة، تحيط علما بتقرير الأمين العام", "ar"),
    # A Chinese text full of Latin symbols is still Chinese.
    ("回顾其第 A/RES/68/47、A/RES/69/48、A/RES/70/52 号决议和 CD/8/Rev.9 号文件，", "zh"),
    ("12345 67/89 *1621057*", "und"),
])
def test_languages(text, code):
    assert detect_language(text) == code


def test_names():
    assert language_name("fr") == "French" and language_name("zh") == "Chinese"


def test_a_spanish_text_is_rejected_naming_spanish():
    text = ("Resolución aprobada por la Asamblea General el 7 de diciembre de 2020\n"
            "75/999. Resolución de prueba\n"
            "La Asamblea General,\n"
            "Recordando sus resoluciones sobre la cuestión y los informes del Secretario "
            "General,\n"
            "1. Decide seguir examinando la cuestión.\n")
    with pytest.raises(ParseError) as e:
        parse_bytes(text.encode("utf-8"), "es.txt")
    assert e.value.message == "es.txt: Spanish text: no text profile for es; profiles: en, zh"
