"""A synthetic edition for the benchmark: deterministic, valid, and as rich as a real one.

Large editions have tens of thousands of letters; the seven documents of a
real edition say nothing about how the toolkit scales.  This module writes an
edition of any size from a seed, so every run of the benchmark (and every
machine) measures the same files.  Its documents use all the markup the
encoding conventions define (witnesses with nested shelfmarks, correspondence
metadata, heading blocks, openers and closers with signatures, ordered lists,
quotations, speaker turns, minutes items, transmission notes, editorial notes,
gaps and emphasis with their editor, corrections, page breaks, printed page
numbers, additions, deletions, unclear and supplied text) and mention register
entries with a skewed (Zipf-like) frequency, as real correspondence does: a
few persons appear in thousands of documents, most in a handful.

Everything is invented; the names are built from syllables.  Text is built as
strings (lxml would be ten times slower for a hundred megabytes) from values
that never contain markup characters, and every file is written through
:func:`toolkit.xmlio.write_if_changed`, so generating the same edition twice
leaves the files (and their times) untouched.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from ..xmlio import write_if_changed

PERSONS, PLACES, ORGANISATIONS = 3000, 1000, 500
MIN_SIZE, MAX_SIZE = 2_000, 40_000

MODEL_PIS = (
    '<?xml-model href="../{up}schema/edition.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    '<?xml-model href="../{up}schema/edition.sch" type="application/xml" '
    'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)

_WORDS = (
    "the committee government question territory border district council delegation commission "
    "agreement proposal decision population troops railway supply grain telegram report order "
    "conference treaty negotiation settlement boundary frontier province village town region "
    "matter position view opinion instruction measure situation representative comrade member "
    "chairman secretary minister office authority administration request reply answer protest "
    "statement declaration resolution session meeting vote majority minority peace war army "
    "detachment garrison refugees harvest winter spring summer autumn road bridge river valley "
    "mountain pass station line copy original text draft note letter note list item point "
    "must should would could will shall may have has had been being was were is are "
    "immediately urgently again further also only already still not never always now "
    "and or but because although while since therefore however moreover thus hence "
    "of in on at by for with from into upon under over between against towards without "
    "this that these those such every each all some any no other same whole "
    "new old great small important necessary possible impossible final provisional general "
    "local central neutral mixed joint separate special political economic military civil "
    "send receive inform consider propose accept reject demand insist agree refuse "
    "withdraw advance occupy evacuate hold keep maintain restore establish settle transfer"
).split()
_SYLLABLES = ("ka ra mi lo ve tan bor sel nik ol an ev dro pa shin gur lev mar tes vol "
              "zan ber kov rin dal sar tel gor min ost pel var dun hal ked lam nor pir rus").split()
_SUFFIXES = ("ov", "ev", "in", "ski", "yan", "adze", "enko", "ich", "er", "sen")
_PLACE_SUFFIXES = ("sk", "grad", "abad", "pol", "ovo", "an", "ets", "ino", "kert", "lu")
_FIRST = ("Anton Boris Daria Elena Fyodor Gleb Irina Karen Lev Marta Nina Oleg Roman Rafael Sona "
          "Taras Vera Yakov Zara Arsen Hrant Gevorg Ruben Samvel Tigran Ashot Rashid Fuad").split()
_OFFICES = ("Chairman of the Regional Council", "Commissar for Foreign Affairs", "Plenipotentiary Representative",
            "Secretary of the Central Committee", "Commander of the Eleventh Division", "Member of the Commission",
            "Head of the Railway Administration", "Consul General", "Minister of the Interior",
            "Chief of Staff")
_ORG_KINDS = ("Council", "Committee", "Commission", "Bureau", "Administration", "Delegation", "Society",
              "Directorate", "Assembly", "Union")
_ORG_FIELDS = ("Foreign Affairs", "Land Questions", "Refugees", "Railways", "Supply", "Frontier Questions",
               "Public Education", "Military Affairs", "Labour", "Justice")
_TYPES = (("letter", 50), ("telegram", 25), ("minutes", 15), ("report", 10))
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_RENDS = ("italic", "bold", "spaced", "underline")


def _capital(text: str) -> str:
    """The text with its first letter upper-cased (``str.capitalize`` would lower-case the markup)."""
    return text[:1].upper() + text[1:]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Entry:
    id: str
    name: str
    variant: str
    extra: str = ""


@dataclass
class Registers:
    """The invented persons, places and organisations, with a skewed choice among them."""

    persons: list[Entry]
    places: list[Entry]
    orgs: list[Entry]
    repositories: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._weights = {kind: _zipf_cumulative(len(getattr(self, kind))) for kind in ("persons", "places", "orgs")}
        self.repositories = self.orgs[:12]

    def pick(self, rng: random.Random, kind: str) -> Entry:
        """An entry, the first ones far more often than the last (Zipf, s = 1)."""
        cumulative = self._weights[kind]
        index = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
        return getattr(self, kind)[min(index, len(cumulative) - 1)]


def _zipf_cumulative(count: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) for rank in range(count)))


def make_registers(rng: random.Random, persons: int = PERSONS, places: int = PLACES,
                   orgs: int = ORGANISATIONS) -> Registers:
    people = []
    for number in range(1, persons + 1):
        surname = _name(rng) + rng.choice(_SUFFIXES)
        first = rng.choice(_FIRST)
        people.append(Entry(f"person-{number:04d}", f"{surname}, {first}", f"{first[0]}. {surname}",
                            rng.choice(_OFFICES)))
    towns = []
    for number in range(1, places + 1):
        name = _name(rng) + rng.choice(_PLACE_SUFFIXES)
        towns.append(Entry(f"place-{number:04d}", name, name.replace("a", "o", 1)))
    bodies = []
    for number in range(1, orgs + 1):
        kind, topic = rng.choice(_ORG_KINDS), rng.choice(_ORG_FIELDS)
        where = _name(rng) + rng.choice(_PLACE_SUFFIXES)
        name = f"{kind} for {topic} of {where}" if number > 12 else f"State Archive of {where}"
        short = "".join(word[0] for word in name.split() if word[0].isupper())
        bodies.append(Entry(f"org-{number:04d}", name, short))
    return Registers(people, towns, bodies)


class Text:
    """Builds the markup of one document's text, numbering the citable anchors as it goes."""

    def __init__(self, rng: random.Random, doc_id: str, registers: Registers) -> None:
        self.rng = rng
        self.doc = doc_id
        self.registers = registers
        self.counters: dict[str, int] = {}

    def anchor(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f'xml:id="{self.doc}-{prefix}{self.counters[prefix]}"'

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high)))

    def mention(self) -> str:
        kind = self.rng.choices(("persons", "places", "orgs"), (5, 3, 2))[0]
        entry = self.registers.pick(self.rng, kind)
        element, register = {"persons": ("persName", "persons"), "places": ("placeName", "places"),
                             "orgs": ("orgName", "organisations")}[kind]
        label = entry.variant if self.rng.random() < 0.6 else entry.name.split(",")[0]
        return f'<{element} ref="../registers/{register}.xml#{entry.id}">{escape(label)}</{element}>'

    def phrase(self) -> str:
        """A stretch of running text with, now and then, one piece of inline markup."""
        roll = self.rng.random()
        text = self.words(3, 9)
        if roll < 0.35:
            return f"{text} {self.mention()}"
        if roll < 0.42:
            rend = self.rng.choice(_RENDS)
            return f'{text} <emph rend="{rend}" resp="../edition.xml#ED">{self.words(1, 4)}</emph>'
        if roll < 0.46:
            return f'{text} <gap reason="omitted" resp="../edition.xml#ED"/>'
        if roll < 0.49:
            word = self.rng.choice(_WORDS)
            return (f"{text} <choice><sic>{word[:-1] or word}</sic>"
                    f'<corr resp="../edition.xml#DE">{word}</corr></choice>')
        if roll < 0.52:
            return (f'{text}<note type="editorial" resp="../edition.xml#DE" {self.anchor("n")}>'
                    f"{self.words(6, 20)} {self.mention()}.</note>")
        if roll < 0.54:
            return f'{text} <unclear reason="illegible">{self.words(1, 2)}</unclear>'
        if roll < 0.56:
            return f'{text} <supplied resp="../edition.xml#DE" reason="omitted-in-source">{self.words(1, 2)}</supplied>'
        if roll < 0.58:
            return f'{text} <add place="above">{self.words(1, 3)}</add> <del>{self.words(1, 2)}</del>'
        if roll < 0.59:
            person = self.registers.pick(self.rng, "persons")
            return f'{text} <rs type="person" ref="../registers/persons.xml#{person.id}">the {self.words(1, 2)}</rs>'
        if roll < 0.61:
            return f"{text} “<quote {self.anchor('q')}>{self.words(5, 15)}</quote>”"
        return text

    def paragraph(self, page: list[int]) -> str:
        parts = [self.phrase() for _ in range(self.rng.randint(3, 9))]
        if self.rng.random() < 0.15:
            page[0] += 1
            parts.insert(self.rng.randint(1, len(parts)), f'<pb n="{page[0]}" edRef="../bibliography.xml#collection"/>')
        return f"<p {self.anchor('p')}>{_capital(' '.join(parts))}.</p>"

    def ordered_list(self) -> str:
        items = "".join(f"<label>{n}.</label><item {self.anchor('i')}>{self.words(6, 20).capitalize()} "
                        f"{self.mention()}.</item>" for n in range(1, self.rng.randint(3, 6)))
        return f'<list type="ordered" {self.anchor("list")}>{items}</list>'

    def turn(self) -> str:
        person, addressee = self.registers.pick(self.rng, "persons"), self.registers.pick(self.rng, "persons")
        surname = person.name.split(",")[0]
        return (f'<sp who="../registers/persons.xml#{person.id}" {self.anchor("s")}>'
                f"<speaker>{escape(surname)}:</speaker><p {self.anchor('p')}>"
                f'<seg type="address">To <persName ref="../registers/persons.xml#{addressee.id}">'
                f"{escape(addressee.variant)}</persName>:</seg> {self.words(8, 30)} {self.mention()}.</p></sp>")


@dataclass
class Generated:
    """What the generator wrote: the edition root and its size."""

    root: Path
    documents: int
    bytes: int


def _date(rng: random.Random, index: int, total: int) -> tuple[str, str]:
    """Dates over thirty years, in the order of the document numbers (as an edition numbers them)."""
    day = 10957 + int(index * (365 * 30) / max(total, 1)) + rng.randint(0, 3)  # days since 1900-01-01
    year, rest = divmod(day, 365)
    month, mday = min(rest // 31, 11), rest % 28 + 1
    return f"{1900 + year}-{month + 1:02d}-{mday:02d}", f"{_MONTHS[month]} {mday}, {1900 + year}"


def document(rng: random.Random, index: int, total: int, registers: Registers) -> str:
    """One document, aimed at a size between 2 and 40 KB (log-uniform, so most are small)."""
    doc_id = f"d{index:05d}"
    size = int(math.exp(rng.uniform(math.log(MIN_SIZE), math.log(MAX_SIZE))))
    kind = rng.choices([t for t, _ in _TYPES], [w for _, w in _TYPES])[0]
    iso, shown = _date(rng, index, total)
    sender, recipient = registers.pick(rng, "persons"), registers.pick(rng, "persons")
    place = registers.pick(rng, "places")
    repository = rng.choice(registers.repositories)
    text = Text(rng, doc_id, registers)
    title = f"{kind.capitalize()} from {sender.variant} <lb/>To {recipient.variant}"
    summary = f"On the {rng.choice(_WORDS)} {rng.choice(_WORDS)} and the {rng.choice(_WORDS)}"
    fond, opis, delo = rng.randint(1, 900), rng.randint(1, 12), rng.randint(1, 2000)
    folio = rng.randint(1, 300)
    folios = f"{folio}–{folio + rng.randint(0, 4)}" + (" verso" if rng.random() < 0.3 else "")
    witness = rng.choice(("original", "copy", "certified-copy"))
    witness_history = ""
    form = rng.choice(("autograph", "typescript"))
    reference = f"No. {rng.randint(1, 999)}"
    operator = registers.pick(rng, "persons")
    transmitted = (f'<correspAction type="transmitted"><persName ref="../registers/persons.xml#{operator.id}">'
                   f"{escape(operator.variant)}</persName></correspAction>\n        " if kind == "telegram" else "")
    page = [rng.randint(1, 900)]
    source_note = escape(f"{repository.variant}, f. {fond}, op. {opis}, d. {delo}, ll. {folios}. "
                         f"{witness.replace('-', ' ').capitalize()}. {form.capitalize()}.")
    secondary = ""
    if rng.random() < 0.1:
        other = rng.choice(registers.repositories)
        secondary = _other_witness(f"{doc_id}-w2", "copy-source", other, fond + 3, opis, delo, folio)
        witness_history = (f'<history><p>The source note gives this witness as a copy of '
                           f'<ref target="#{doc_id}-w2">{doc_id}-w2</ref>.</p></history>')
    elif rng.random() < 0.25:
        other = rng.choice(registers.repositories)
        secondary = _other_witness(f"{doc_id}-w2", "secondary", other, fond + 1, opis, delo + 7, folio + 2)
    header = f"""<teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">{title}</title>
        <title type="desc">{escape(summary)}</title>
      </titleStmt>
      <publicationStmt>
        <publisher>The benchmark</publisher>
        <idno type="document">{doc_id}</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
        <ref target="../edition.xml">Part of the edition described in edition.xml.</ref>
      </publicationStmt>
      <notesStmt>
        <note type="source" xml:id="{doc_id}-source">{source_note} <fw type="pageNum" place="bottom">{page[0]}</fw></note>
      </notesStmt>
      <sourceDesc>
        <msDesc xml:id="{doc_id}-w1" type="{witness}">
          <msIdentifier>
            <repository ref="../registers/organisations.xml#{repository.id}">{escape(repository.variant)}</repository>
            <idno type="shelfmark">f. <idno type="fond">{fond}</idno>, op. <idno type="opis">{opis}</idno>, d. <idno type="delo">{delo}</idno>, ll. <idno type="folios">{folios}</idno></idno>
            <altIdentifier type="reference"><idno type="reference">{reference}</idno></altIdentifier>
          </msIdentifier>
          <physDesc><objectDesc form="{form}"/></physDesc>{witness_history}
        </msDesc>{secondary}
        <bibl type="publication"><ptr target="../bibliography.xml#printed"/><citedRange unit="document">{index}</citedRange></bibl>
        <bibl type="collection"><ptr target="../bibliography.xml#collection"/><citedRange unit="page">{page[0]}</citedRange></bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <p>The text follows the printed collection; emphasis added by its compiler is encoded where the source shows it.</p>
      </editorialDecl>
    </encodingDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent">
          <persName ref="../registers/persons.xml#{sender.id}"><roleName>{escape(sender.extra)}</roleName>, {escape(sender.variant)}</persName>
          <placeName ref="../registers/places.xml#{place.id}">{escape(place.name)}</placeName>
          <date when="{iso}">{shown}</date>
        </correspAction>
        {transmitted}<correspAction type="received">
          <persName ref="../registers/persons.xml#{recipient.id}">{escape(recipient.variant)}</persName>
        </correspAction>
      </correspDesc>
      <langUsage>
        <language ident="en">English (translation)</language>
        <language ident="ru">Russian (original)</language>
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when="2024-01-15" who="../edition.xml#DE">Generated for the benchmark.</change>
    </revisionDesc>
  </teiHeader>"""
    front = f"""<front>
      <docTitle>
        <titlePart type="main">{escape(kind.capitalize())} from <persName ref="../registers/persons.xml#{sender.id}">{escape(sender.variant)}</persName> <lb/>To <persName ref="../registers/persons.xml#{recipient.id}">{escape(recipient.variant)}</persName></titlePart>
        <titlePart type="desc">{escape(summary)}</titlePart>
      </docTitle>
      <docDate when="{iso}"><idno type="reference">{reference}</idno> — {shown}</docDate>
    </front>"""
    budget = size - len(header) - len(front) - 600
    body = _body(text, kind, budget, page, sender, recipient, place)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{MODEL_PIS.format(up="../")}'
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{doc_id}" xml:lang="en">\n  {header}\n'
            f'  <text type="{kind}">\n    {front}\n    <body>\n{body}\n    </body>\n  </text>\n</TEI>\n')


def _other_witness(xml_id: str, kind: str, repository: Entry, fond: int, opis: int, delo: int, folio: int) -> str:
    """A further witness of a document (a copy's source, a secondary copy): one folio of a file."""
    return (f'<msDesc xml:id="{xml_id}" type="{kind}"><msIdentifier>'
            f'<repository ref="../registers/organisations.xml#{repository.id}">{escape(repository.variant)}</repository>'
            f'<idno type="shelfmark">f. <idno type="fond">{fond}</idno>, op. <idno type="opis">{opis}</idno>, '
            f'd. <idno type="delo">{delo}</idno>, l. <idno type="folios">{folio}</idno></idno>'
            f"</msIdentifier></msDesc>")


def _body(text: Text, kind: str, budget: int, page: list[int], sender: Entry, recipient: Entry,
          place: Entry) -> str:
    rng = text.rng
    parts = [] if kind == "minutes" else [        # minutes open with their items, not a salutation
        f'<opener {text.anchor("o")}><dateline><placeName ref="../registers/places.xml#{place.id}">'
        f"{escape(place.name)}</placeName></dateline><salute>Dear "
        f'<persName ref="../registers/persons.xml#{recipient.id}">{escape(recipient.variant)}</persName>,'
        f"</salute></opener>"]
    used = sum(map(len, parts))
    items = 0
    while used < budget or not items:
        roll = rng.random()
        if kind == "minutes":                    # items only: a div holds its paragraphs before its divs
            items += 1
            turns = "".join(text.turn() for _ in range(rng.randint(1, 4)))
            block = (f'<div type="item" n="{items}" {text.anchor("item")}><head {text.anchor("h")}>{items}. '
                     f"On the {text.words(2, 6)}</head>{turns}{text.paragraph(page)}</div>")
        elif roll < 0.12:
            block = text.ordered_list()
        else:
            items += 1
            block = text.paragraph(page)
        parts.append(block)
        used += len(block)
    if kind == "telegram":
        parts.append(f'<note type="transmission" place="inline" {text.anchor("n")}>Transmitted by direct line; '
                     f"{text.words(3, 8)}.</note>")
    parts.append(f'<closer {text.anchor("c")}><signed><roleName>{escape(sender.extra)}</roleName> '
                 f'<persName ref="../registers/persons.xml#{sender.id}">{escape(sender.variant)}</persName></signed></closer>')
    blocks = "\n        ".join(parts)
    return f'      <div type="{kind}">\n        {blocks}\n      </div>'


def register_file(title: str, list_element: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{MODEL_PIS.format(up="../")}'
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">\n  <teiHeader>\n    <fileDesc>\n'
            f"      <titleStmt><title>{title}</title></titleStmt>\n"
            f"      <publicationStmt><ab>Part of the edition described in "
            f'<ref target="../edition.xml">edition.xml</ref>.</ab></publicationStmt>\n'
            f"      <sourceDesc><p>Compiled for the benchmark edition.</p></sourceDesc>\n"
            f"    </fileDesc>\n  </teiHeader>\n  <text>\n    <body>\n      <{list_element}>\n{body}\n"
            f"      </{list_element}>\n    </body>\n  </text>\n</TEI>\n")


def registers_xml(registers: Registers) -> dict[str, str]:
    persons = "\n".join(
        f'        <person xml:id="{p.id}"><persName type="main">{escape(p.name)}</persName>'
        f'<persName type="variant">{escape(p.variant)}</persName><occupation>{escape(p.extra)}</occupation></person>'
        for p in registers.persons)
    places = "\n".join(
        f'        <place xml:id="{p.id}"><placeName type="main">{escape(p.name)}</placeName>'
        f'<placeName type="variant">{escape(p.variant)}</placeName></place>' for p in registers.places)
    orgs = "\n".join(
        f'        <org xml:id="{o.id}"><orgName type="main">{escape(o.name)}</orgName>'
        f'<orgName type="variant">{escape(o.variant)}</orgName></org>' for o in registers.orgs)
    return {
        "registers/persons.xml": register_file("Persons", "listPerson", persons),
        "registers/places.xml": register_file("Places", "listPlace", places),
        "registers/organisations.xml": register_file("Organisations", "listOrg", orgs),
    }


BIBLIOGRAPHY = f"""<?xml version="1.0" encoding="UTF-8"?>
{MODEL_PIS.format(up="")}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Bibliography</title></titleStmt>
      <publicationStmt><ab>Part of the edition described in <ref target="edition.xml">edition.xml</ref>.</ab></publicationStmt>
      <sourceDesc><p>Compiled for the benchmark edition.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <listBibl>
        <biblStruct xml:id="collection">
          <monogr>
            <title level="m">A Synthetic Documentary Collection</title>
            <editor>Compiler of the collection</editor>
            <imprint><pubPlace>Nowhere</pubPlace><publisher>Benchmark Press</publisher><date when="2001">2001</date></imprint>
          </monogr>
        </biblStruct>
        <biblStruct xml:id="printed">
          <monogr>
            <title level="m">Documents of the Invented Republics</title>
            <imprint><pubPlace>Elsewhere</pubPlace><publisher>Benchmark Press</publisher><date when="1992">1992</date></imprint>
          </monogr>
        </biblStruct>
      </listBibl>
    </body>
  </text>
</TEI>
"""

EDITION_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
{MODEL_PIS.format(up="")}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="edition" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">A Synthetic Edition for the Benchmark</title>
        <editor xml:id="ED" role="compiler"><persName>Compiler of the collection</persName></editor>
        <respStmt xml:id="DE"><resp>Digital edition</resp><name>The benchmark</name></respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>The benchmark</publisher>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
        <date when="2024-01-15">2024</date>
      </publicationStmt>
      <sourceDesc>
        <bibl><ptr target="bibliography.xml#collection"/></bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <projectDesc><p>Invented documents that exercise every part of the toolkit at scale.</p></projectDesc>
      <editorialDecl><p>The documents follow the encoding conventions of the toolkit.</p></editorialDecl>
    </encodingDesc>
    <revisionDesc>
      <change when="2024-01-15">Generated.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <front>
      <div type="introduction"><head>Introduction</head><p>This edition is generated for measuring the toolkit.</p></div>
      <div type="principles"><head>Editorial principles</head><p>Omissions are marked, emphasis is encoded with its editor.</p></div>
    </front>
    <body><p>The documents are in the documents folder.</p></body>
  </text>
</TEI>
"""

EDITION_TOML = """# A synthetic edition written by the benchmark (python -m toolkit.bench); do not edit.
[edition]
title = "A Synthetic Edition for the Benchmark"
short_title = "Benchmark edition"
base_url = "https://example.org/benchmark/"
date = "2024-01-15"
"""


def generate(root: Path, documents: int = 10_000, seed: int = 1) -> Generated:
    """Write (or refresh) a synthetic edition of ``documents`` documents below ``root``."""
    rng = random.Random(seed)
    registers = make_registers(rng)
    files = {"edition.xml": EDITION_XML, "bibliography.xml": BIBLIOGRAPHY, **registers_xml(registers)}
    total = 0
    write_if_changed(root / "edition.toml", EDITION_TOML.encode())
    for rel, text in files.items():
        data = text.encode()
        total += len(data)
        write_if_changed(root / "tei" / rel, data)
    folder = root / "tei" / "documents"
    wanted = set()
    for index in range(1, documents + 1):
        data = document(random.Random(f"{seed}-{index}"), index, documents, registers).encode()
        total += len(data)
        wanted.add(f"d{index:05d}.xml")
        write_if_changed(folder / f"d{index:05d}.xml", data)
    for stale in folder.glob("*.xml"):
        if stale.name not in wanted:
            stale.unlink()
    return Generated(root=root, documents=documents, bytes=total)
