"""Toolkit and edition apart: nothing in toolkit/ or xslt/ names this repository's edition.

The forbidden words are derived from the edition itself (its edition.toml, the
names in its registers and bibliography, the archives its documents cite), so
the check grows with the edition instead of trusting a hand-written list.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from toolkit.xmlio import NS, parse_file

from .conftest import REPO

SCANNED = ("toolkit", "xslt")

#: Ordinary English the edition happens never to write in lower case (months, languages,
#: words of institutions' names): a toolkit may say "July", "Russian" or "Committee".
GENERIC = {
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "english", "german", "french", "russian", "latin",
    "branch", "bureau", "committee", "communist", "council", "federation", "foreign", "global", "history",
    "institute", "politics", "republic", "revolutionary", "secretary", "socio",
    "armenian", "azerbaijani", "georgian",
}

#: Typefaces named like places: a stylesheet's font list may name them.
TYPEFACES = {"Georgia"}

#: Words of this edition that the sources above may not yield (the compiler of the print
#: collection is named in the edition header, its abbreviation in the source notes).
BY_HAND = ("Barsegov", "Y.B.")


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    word: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: names the edition: {self.word!r}"


def _texts(path: Path, xpath: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in parse_file(path).xpath(xpath, namespaces=NS)]


def lower_case_words(sources: Path) -> set[str]:
    """Words the edition's own prose writes in lower case: capitalised, they are ordinary words, not names."""
    prose = " ".join(text for path in sources.rglob("*.xml") for text in _texts(path, "/*"))
    return set(re.findall(r"\b[a-z][a-z-]+\b", prose))


@functools.cache
def edition_names() -> tuple[set[str], set[str]]:
    """Phrases (whole names and titles) and distinctive single words of this repository's edition.

    A word is distinctive when it is capitalised (or a year) and the edition never writes it
    in lower case: "Karabakh" is, "Committee" is not.
    """
    settings = tomllib.loads((REPO / "edition.toml").read_text(encoding="utf-8"))
    edition = settings.get("edition", {})
    titles = {edition.get("title", ""), edition.get("short_title", ""),
              settings.get("oai", {}).get("repository_name", "")}
    titles |= {part for part in edition.get("base_url", "").split("/") if "-" in part}
    sources = REPO / settings.get("paths", {}).get("sources", "tei")
    names: set[str] = set()
    for register in sorted((sources / "registers").glob("*.xml")):
        names.update(_texts(register, "//tei:persName | //tei:placeName | //tei:orgName"))
    if (sources / "bibliography.xml").is_file():
        names.update(_texts(sources / "bibliography.xml", "//tei:title"))
    for document in sorted((sources / "documents").glob("*.xml")):
        names.update(_texts(document, "//tei:msIdentifier/tei:repository"))
    ordinary = lower_case_words(sources) | GENERIC
    words = set(BY_HAND)
    for text in titles | names:
        for token in re.findall(r"[\w.’'-]+", text):
            for candidate in {token.strip(".’'-"), *token.split("-")}:
                if re.fullmatch(r"1[0-9]{3}", candidate) or (
                        len(candidate) >= 4 and candidate[0].isupper() and candidate.lower() not in ordinary):
                    words.add(candidate)
    phrases = {text for text in titles | names
               if len(text.split()) > 1 and any(word in text for word in words)} | titles
    return phrases - {""}, words


def scanned_files() -> list[Path]:
    files = []
    for folder in SCANNED:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append(path)
    return files


def _pattern(*terms: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w])", re.IGNORECASE)


def find_hits(files: list[Path], phrases: set[str], words: set[str], base: Path = REPO) -> list[Hit]:
    terms = sorted(phrases | words)
    anywhere = _pattern(*terms)           # one pass over each file; the terms one by one only on a hit
    patterns = [(term, _pattern(term)) for term in terms]
    hits = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue                      # fonts and other binary package data
        if not anywhere.search(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for term, pattern in patterns if anywhere.search(line) else ():
                if pattern.search(line) and not (path.suffix == ".css" and term in TYPEFACES):
                    hits.append(Hit(path.relative_to(base).as_posix(), number, term))
    return hits


def test_derived_words_cover_the_edition() -> None:
    phrases, words = edition_names()
    settings = tomllib.loads((REPO / "edition.toml").read_text(encoding="utf-8"))
    assert settings["edition"]["title"] in phrases
    registers = REPO / "tei" / "registers"
    if any(registers.glob("*.xml")):
        # Names from the registers are in: the surname of every person entry "Surname, Forename".
        persons = _texts(registers / "persons.xml", "//tei:person/tei:persName[@type='main'][contains(., ',')]")
        assert persons, "the person register has main names"
        for name in persons:
            assert name.split(",")[0].split()[-1] in words, name


def test_nothing_in_the_toolkit_names_this_edition() -> None:
    phrases, words = edition_names()
    hits = find_hits(scanned_files(), phrases, words)
    assert not hits, "move these into the edition (tei/, edition.toml):\n" + "\n".join(map(str, hits))


def test_the_check_finds_a_name_where_one_is_planted(tmp_path: Path) -> None:
    phrases, words = edition_names()
    planted = tmp_path / "planted.xsl"
    word = sorted(words - set(BY_HAND))[0]
    planted.write_text(f"<!-- about {word.lower()} -->\n", encoding="utf-8")
    hits = find_hits([planted], phrases, words, tmp_path)
    assert hits and hits[0].line == 1


def parent_hops(line: str) -> int:
    """How many folders up from a module's own file a ``Path(__file__)`` expression climbs."""
    hops = line.count(".parent")
    indexed = re.search(r"\.parents\[(\d+)\]", line)
    return hops + (int(indexed.group(1)) + 1 if indexed else 0)


def test_the_toolkit_reads_no_repository_paths() -> None:
    """Package code finds its files inside the package (toolkit.resources), never in the source tree."""
    offenders = []
    for path in scanned_files():
        if path.suffix != ".py":
            continue
        depth = len(path.relative_to(REPO).parts) - 1        # toolkit/x.py: 1 folder up is toolkit/
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            leaves_package = "__file__" in line and parent_hops(line) > depth
            if leaves_package or re.search(r"\.\./shared|/work/", line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
