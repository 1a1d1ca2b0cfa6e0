"""Leading phrases of each language, derived from the XML corpus.

    python -m etl.lang.vocabulary [--sources sources/akn] [--output etl/lang/data]

The XML marks every phrase that opens a paragraph: a preambular paragraph is
a `container` whose @name is its opening phrase ("Recalling also", "又回顾"),
and an operative paragraph opens with an italic (English) or bold (Chinese)
`span`. This script collects those phrases from sources/akn/*.zip and writes
one sorted file per language (etl/lang/data/leading_<code>.txt, one phrase a
line). The text parser reads them (etl.lang.leading_phrases) and takes the
longest phrase that opens a paragraph. For English it also writes the words
that extend any phrase ("with deep concern", "once again": see
`select_tails`) to etl/lang/data/leading_tails_en.txt (etl.lang.leading_tails).

A phrase is kept when it opens at least `MIN_USES` paragraphs in the corpus,
or extends such a phrase (see `select`): that drops one-off markup slips
while keeping every phrase the drafters use. The output depends only on the
corpus: same zips, same files.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"

# Corpus folder name -> ISO 639-1 code, for the languages the text parser reads.
LANGUAGES = {"Chinese": "zh", "English": "en"}
MIN_USES = 2
# A prefix phrase used this many times less often than its longer phrases is
# a span that closed too early; a phrase used this many times less often
# than a phrase it starts with, one that closed too late (see `select`).
EARLY_CLOSE_RATIO = 20
LATE_CLOSE_RATIO = 100
# Longer spans are markup slips (a whole clause in italics), not phrases.
MAX_CHARS = {"zh": 16, "en": 60}
MAX_WORDS_EN = 7

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_SPACE = re.compile(r"\s+")
_ROMAN = re.compile(r"[IVXLC]+")
# A phrase ends before its punctuation; a stray trailing comma or colon in the
# markup is not part of it.
_TRAILING = re.compile(r"[\s,，:：;；.。]+$")


def clean_phrase(text: str, code: str) -> str | None:
    """One marked phrase as the parser will match it, or None if it is not one."""
    phrase = _TRAILING.sub("", _SPACE.sub(" ", text).strip())
    if code == "zh":
        phrase = phrase.replace(" ", "")
    if not phrase or len(phrase) > MAX_CHARS[code]:
        return None
    if code == "en":
        if len(phrase.split()) > MAX_WORDS_EN:
            return None
        if not re.fullmatch(r"[A-Z][A-Za-z ,\-’']*", phrase) or _ROMAN.fullmatch(phrase):
            return None  # a heading number ("XII") or a sub-paragraph letter
    elif not re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
        return None
    return phrase


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def phrases_of(tree, code: str):
    """The marked opening phrases of one XML document."""
    for phrase, _ in openings_of(tree, code):
        yield phrase


def _opening_text(text: str, code: str) -> str:
    """A paragraph's opening as the parser sees it, long enough to hold any phrase."""
    text = _SPACE.sub(" ", text).strip()
    if code == "zh":
        text = text.replace(" ", "")
    return text[:MAX_CHARS[code] + 1]


def openings_of(tree, code: str):
    """(marked phrase, the paragraph's opening text) for each phrase of one
    XML document; the text starts with the phrase and goes on past it, so
    that the words after a phrase can be told from the phrase."""
    for container in tree.iter(_AKN + "container"):
        name = container.get("name")
        if name:
            phrase = clean_phrase(name, code)
            if phrase:
                p = next(container.iter(_AKN + "p"), None)
                text = _opening_text("".join(p.itertext()) if p is not None else "", code)
                yield phrase, text if text.startswith(phrase) else phrase
    for paragraph in tree.iter(_AKN + "paragraph", _AKN + "intro", _AKN + "crossHeading"):
        if _local(paragraph.tag) == "crossHeading":
            p = paragraph
        else:
            p = next(paragraph.iter(_AKN + "p"), None)
        if p is None or (p.text or "").strip():
            continue  # the paragraph does not open with a marked span
        first = next(iter(p), None)
        if first is None or _local(first.tag) != "span":
            continue
        if not set((first.get("class") or "").split()) & {"italic", "bold"}:
            continue
        phrase = clean_phrase("".join(first.itertext()), code)
        if phrase:
            text = _opening_text("".join(p.itertext()), code)
            yield phrase, text if text.startswith(phrase) else phrase


def collect(sources: Path) -> dict[str, Counter]:
    """Per language, how often each (phrase, opening text) pair is marked."""
    counts = {code: Counter() for code in LANGUAGES.values()}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    for archive in sorted(sources.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for member in sorted(z.namelist()):
                code = LANGUAGES.get(member.split("/", 1)[0])
                if code is None or not member.endswith(".xml"):
                    continue
                data = z.read(member)
                if not data.strip():
                    continue
                try:
                    tree = etree.fromstring(data, parser)
                except etree.XMLSyntaxError:
                    continue  # the corpus notes list the few broken files
                counts[code].update(openings_of(tree, code))
    return counts


def select(counter: Counter, code: str = "zh", openings: Counter | None = None) -> list[str]:
    """The phrases to keep, sorted.

    A phrase that is the start of a longer phrase used far more often ("又"
    against "又回顾", "表示" against "表示注意到") is a span that closed too
    early, not a phrase of its own: with the longest match it would cut
    every unknown continuation short. A phrase that a far more frequent
    phrase starts ("回顾其" after "回顾", "重申承诺" after "重申") is a span
    that closed too late: it would take the verb's object into the phrase.
    Where words are separated by spaces a span cannot close inside a word,
    and a one-word phrase ("Expresses") is as good as its longer forms: the
    first rule applies to Chinese only.

    With `openings` (how often each (phrase, opening text) pair is marked),
    a phrase is also dropped when the paragraphs that open with its words
    mark a shorter phrase more often than they mark it ("深信确定……" marked
    "深信", "Reiterates its call for" marked "Reiterates its call"): the
    longest match would take the words after the phrase into it.
    """
    early_close = code == "zh"
    used = sorted(p for p, n in counter.items() if n >= MIN_USES)
    # A phrase marked once is kept when it extends a phrase marked more
    # often ("Expresses full solidarity and sympathy" after "Expresses"):
    # that keeps the drafters' one-off phrasings and drops one-off markup
    # (a bold subheading "Climate finance", a stray "A").
    heads = set(used)
    sep = " " if code == "en" else ""
    once = [p for p, n in counter.items() if n < MIN_USES
            and any(p.startswith(h + sep) for h in _prefixes(p, sep) if h in heads)]
    used = sorted(used + once)
    longer_uses: Counter = Counter()
    shorter_uses: Counter = Counter()
    for i, p in enumerate(used):
        # Sorted order puts every longer phrase that starts with p right after it.
        for q in used[i + 1:]:
            if not q.startswith(p):
                break
            longer_uses[p] = max(longer_uses[p], counter[q])
            shorter_uses[q] = max(shorter_uses[q], counter[p])
    kept = [p for p in used
            if (not early_close or longer_uses[p] <= EARLY_CLOSE_RATIO * counter[p])
            and shorter_uses[p] <= LATE_CLOSE_RATIO * counter[p]]
    if openings is None:
        return kept
    texts: dict[str, Counter] = defaultdict(Counter)
    for (phrase, text), n in openings.items():
        texts[phrase][text] += n
    chosen = set(kept)
    return [p for p in kept
            if _marked_shorter(p, texts, chosen, sep) <= counter[p]]


def _marked_shorter(phrase: str, texts: dict[str, Counter], chosen: set[str], sep: str) -> int:
    """How often a paragraph opening with `phrase`'s words marks a shorter phrase."""
    total = 0
    for head in _prefixes(phrase, sep):
        if head not in chosen:
            continue
        for text, n in texts.get(head, {}).items():
            # Where words are separated by spaces the phrase must end a word.
            runs_on = sep and text[len(phrase):len(phrase) + 1].isalpha()
            if text.startswith(phrase) and not runs_on:
                total += n
    return total


def _prefixes(phrase: str, sep: str):
    """Every proper prefix of the phrase that ends at a word boundary."""
    if sep:
        words = phrase.split(sep)
        return [sep.join(words[:i]) for i in range(1, len(words))]
    return [phrase[:i] for i in range(1, len(phrase))]


def phrase_counts(openings: Counter) -> Counter:
    """How often each phrase is marked, from (phrase, opening text) counts."""
    counts: Counter = Counter()
    for (phrase, _), n in openings.items():
        counts[phrase] += n
    return counts


def render(openings: Counter, code: str) -> str:
    return "".join(p + "\n" for p in select(phrase_counts(openings), code, openings))


# A tail is kept when it follows at least this many different phrases, and
# the paragraphs whose words go on with it mark it this many times more often
# than they stop before it.
MIN_TAIL_HEADS = 2
TAIL_PRECISION = 4


def select_tails(openings: Counter, chosen: list[str], code: str) -> list[str]:
    """The words that extend a phrase of the vocabulary in the corpus's
    marked phrases, whatever the phrase: "with deep concern" (after
    "Noting", "Notes", "Recalling" ...), "once again", "in particular".

    A drafter's one-off phrasing ("Notes with deep regret") is marked once,
    too rarely to enter the vocabulary, but its words after the verb are the
    ones other phrases are marked with. Where words are separated by spaces
    only: a Chinese span has no word boundary to tell a tail from an object.
    """
    if code != "en":
        return []
    sep = " "
    heads = set(chosen)
    marked: Counter = Counter()
    heads_of: dict[str, set] = defaultdict(set)
    # Only where the vocabulary does not already hold the longer phrase is a
    # tail needed, and only there is it counted, for and against.
    for (phrase, _), n in openings.items():
        head = next((h for h in reversed(_prefixes(phrase, sep)) if h in heads), None)
        if head is not None and phrase not in heads:
            tail = phrase[len(head):]
            marked[tail] += n
            heads_of[tail].add(head)
    candidates = sorted(t for t in marked if len(heads_of[t]) >= MIN_TAIL_HEADS)
    stopped_before: Counter = Counter()
    for (phrase, text), n in openings.items():
        rest = text[len(phrase):]
        for tail in candidates:
            if rest.startswith(tail) and not rest[len(tail):len(tail) + 1].isalpha() \
                    and phrase + tail not in heads:
                stopped_before[tail] += n
    return sorted(t.strip() for t in candidates
                  if marked[t] >= TAIL_PRECISION * stopped_before[t])


def render_tails(openings: Counter, code: str) -> str:
    chosen = select(phrase_counts(openings), code, openings)
    return "".join(t + "\n" for t in select_tails(openings, chosen, code))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m etl.lang.vocabulary", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=Path, default=ROOT / "sources" / "akn")
    ap.add_argument("--output", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if not any(args.sources.glob("*.zip")):
        print(f"{args.sources}: no *.zip archives", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    for code, openings in collect(args.sources).items():
        target = args.output / f"leading_{code}.txt"
        text = render(openings, code)
        target.write_text(text, encoding="utf-8")
        print(f"{target}: {text.count(chr(10))} phrases")
        tails = render_tails(openings, code)
        if tails:
            target = args.output / f"leading_tails_{code}.txt"
            target.write_text(tails, encoding="utf-8")
            print(f"{target}: {tails.count(chr(10))} tails")
    return 0


if __name__ == "__main__":
    sys.exit(main())
