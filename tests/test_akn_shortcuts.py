"""The XML reader's shortcuts give what the plain forms give.

text_of is "".join(itertext()), first_child is find(tag), the language
sample holds the characters text_language reads, and a language without a
citation grammar is cited by its links only.
"""

from lxml import etree

from etl.akn import identity
from etl.akn.flatten import AKN_NS, Tags, first_child, text_of
from etl.akn.reader import _PARSER, _sample
from etl.citations import find_citations, has_grammar

_DOC = f"""<akomaNtoso xmlns="{AKN_NS}"><statement>
  <preamble><container><p>Recalling its resolution 74/1<authorialNote marker="1"><p>See
    A/74/1.</p></authorialNote>, <i>also</i> <!-- a comment --> and <?pi x?>&amp; more</p>
  </container></preamble>
  <mainBody><paragraph><num>1.</num><content><p>Decides <b>to</b> act;</p></content>
    <num>2.</num></paragraph><paragraph/></mainBody>
</statement></akomaNtoso>""".encode()


def _root():
    return etree.fromstring(_DOC, _PARSER)


def test_text_of_is_the_joined_text_nodes_without_the_tail():
    root = _root()
    for el in root.iter():
        assert text_of(el) == "".join(el.itertext())
        assert type(text_of(el)) is str


def test_first_child_is_find():
    root = _root()
    t = Tags(AKN_NS)
    for el in root.iter():
        for tag in (t.num, t.content, t.p, t.preamble, t.mainBody, t.authorialNote):
            assert first_child(el, tag) is el.find(tag)


def test_language_sample_holds_what_text_language_reads():
    words = " ".join(["the General Assembly recalls its resolutions and decisions"] * 80)
    root = etree.fromstring(
        f'<akomaNtoso xmlns="{AKN_NS}"><statement><preamble>'
        + "".join(f"<p>{w} </p>" for w in words.split()) + "</preamble></statement></akomaNtoso>",
        _PARSER)
    statement = root[0]
    t = Tags(AKN_NS)
    pieces = [s for el in statement.iterchildren(t.preamble, t.mainBody) for s in el.itertext()]
    whole = " ".join(pieces)
    sample = _sample(statement, t)
    assert len(sample) >= identity.SCRIPT_SAMPLE
    assert whole.startswith(sample)
    assert identity.text_language(sample) == identity.text_language(whole)


def test_languages_without_a_grammar_find_no_citation():
    text = "Recalling its resolution 74/1 of 10 October 2019 and document A/74/100"
    assert has_grammar("en") and has_grammar("zh")
    assert find_citations(text, language="en")
    for language in ("fr", "es", "ru", "ar", "de"):
        assert not has_grammar(language)
        assert find_citations(text, language=language) == []
