"""`edition build html`: the static site, read back as HTML.

This repository's edition is built once per session (``html_site`` in
conftest.py); every page is parsed strictly (html5lib), checked for its
structure and metadata, and every internal link followed.  A small edition
written here shows the editorial markup, hostile input, the interface
languages, the manual, diagnostics, incremental rebuilds and ``edition serve``
(each built with the HTML builder alone, in a second or less).
"""

from __future__ import annotations

import gzip
import json
import re
import urllib.request
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import html5lib
import pytest
from lxml import etree
from lxml import html as lxml_html

from toolkit.build.base import BuildContext
from toolkit.build.facts import initial
from toolkit.build.html import HtmlBuilder
from toolkit.console import Reporter
from toolkit.corpus import Corpus
from toolkit.diagnostics import Diagnostic
from toolkit.edition import open_edition
from toolkit.publish import staged
from toolkit.resources import xslt_dir
from toolkit.serve import Preview
from toolkit.xmlio import NS, XML_NS

from .conftest import REPO, copy_edition, run_edition

XML_ID = f"{{{XML_NS}}}id"
SCRIPT_TYPES_ALLOWED_INLINE = {"application/ld+json"}


# -- reading the site ---------------------------------------------------------------

@lru_cache(maxsize=None)
def page(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def corpus_of(site: Path) -> Corpus:
    return open_edition(site.parent.parent).corpus


def ids(path: Path) -> set[str]:
    return set(page(path).xpath("//@id"))


def internal_links(path: Path) -> list[str]:
    tree = page(path)
    return [v for v in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src | //form/@action")
            if not urlsplit(v).scheme and not v.startswith("//")]


# -- the repository's edition ------------------------------------------------------------

@pytest.fixture(scope="module")
def parts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's edition with its registers in parts (an index and a page per initial),
    as an edition of many entries has them; the HTML target only."""
    root = copy_edition(tmp_path_factory.mktemp("parts") / "edition")
    (root / "edition.toml").write_bytes((root / "edition.toml").read_bytes() + b"\n[html]\nregister_page_entries = 5\n")
    site, diagnostics = build_html(root)
    assert not [d for d in diagnostics if d.is_error], diagnostics
    return site


@pytest.fixture(params=["whole", "parts"])
def any_site(request: pytest.FixtureRequest, html_site: Path, parts_site: Path) -> Path:
    """The site as it is, and with its registers in parts: every check of the site holds for both."""
    return html_site if request.param == "whole" else parts_site


def search_texts(site: Path) -> dict[str, str]:
    """The text the search index holds of each page: Pagefind's fragments (gzip: a signature, then JSON)."""
    texts = {}
    for path in site.glob("pagefind*/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        texts[record["url"].lstrip("/")] = record["content"]
    return texts


def neighbours(tree: lxml_html.HtmlElement) -> list[tuple[etree._Element, etree._Element]]:
    """Pairs of elements that only the stylesheet sets apart: a term and its values, one value and the
    next, a party's name and its office, the parts of a document's kicker, the two forms of a choice."""
    indexed = "[not(ancestor::*[@data-pagefind-ignore])]"
    pairs = []
    for group in tree.xpath(f"//main//dl{indexed} | //main//dl/div{indexed} | //main//p[@class = 'doc-kicker']"):
        items = group.xpath("dt | dd | span")
        pairs += list(zip(items, items[1:]))
    pairs += [(office.getprevious(), office) for office in tree.xpath(f"//main//span[@class = 'office']{indexed}")]
    pairs += [(form, form.getnext()) for form in tree.xpath(f"//main//span[@class = 'choice-source']{indexed}")]
    return pairs


def test_the_search_reads_a_term_and_its_value_as_words_of_their_own(any_site: Path) -> None:
    """Pagefind reads a page without its CSS: a dt, the dd after it, a name and its office would make one
    word (TypeTelegram, KamenevCommander) unless a space stands between them."""
    texts = search_texts(any_site)
    checked = 0
    for name, content in texts.items():
        words = set(re.findall(r"\w+", content))
        for first, second in neighbours(page(any_site / name)):
            left, right = re.findall(r"\w+", first.text_content()), re.findall(r"\w+", second.text_content())
            if left and right:
                joined = left[-1] + right[0]
                assert not [word for word in words if joined in word], f"{name}: {left[-1]}|{right[0]}"
                checked += 1
    assert checked > 50


def test_every_page_of_the_edition_is_written(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    names = {p.name for p in pages(html_site)}
    expected = {"index.html", "documents.html", "persons.html", "places.html", "organisations.html",
                "bibliography.html", "about.html", "search.html", "404.html"}
    expected |= {f"{d.id}.html" for d in corpus.documents}
    assert expected <= names
    for document in corpus.documents:
        tei = html_site / "tei" / Path(document.rel).relative_to("tei")
        assert tei.read_bytes() == (corpus.root / document.rel).read_bytes()
    pdfs = html_site.parent / "pdf"
    for pdf in pdfs.glob("*.pdf"):
        assert (html_site / "pdf" / pdf.name).read_bytes() == pdf.read_bytes()
    for asset in ("edition.css", "edition.js", "search.js", "favicon.svg", "fonts/source-serif-4-regular.woff2"):
        assert (html_site / "assets" / asset).is_file()
    assert (html_site / "pagefind" / "pagefind.js").is_file()


def test_every_page_is_valid_html5(any_site: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path in pages(any_site):
        try:
            parser.parse(path.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{path.name}: {exc}")


def test_every_page_is_one_accessible_document(any_site: Path) -> None:
    for path in pages(any_site):
        tree = page(path)
        name = path.name
        assert tree.get("lang"), name
        assert len(tree.xpath("//h1")) == 1, name
        all_ids = tree.xpath("//@id")
        assert len(all_ids) == len(set(all_ids)), f"{name}: duplicate ids {sorted(i for i in all_ids if all_ids.count(i) > 1)}"
        assert len(tree.xpath("//main")) == 1, name
        for landmark in tree.xpath("//nav | //aside | //section[@aria-labelledby]"):
            label = landmark.get("aria-label") or landmark.get("aria-labelledby")
            assert label, f"{name}: <{landmark.tag}> without a label"
            if landmark.get("aria-labelledby"):
                assert tree.xpath(f"//*[@id='{landmark.get('aria-labelledby')}']"), name
        for control in tree.xpath("//input[not(@type='hidden')] | //select"):
            assert tree.xpath(f"//label[@for='{control.get('id')}']"), f"{name}: unlabelled control"
        heading_levels = [int(h.tag[1]) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
        assert all(b - a <= 1 for a, b in zip(heading_levels, heading_levels[1:])), f"{name}: skips a heading level"


def test_every_page_is_safe_and_self_contained(any_site: Path) -> None:
    for path in pages(any_site):
        tree = page(path)
        name = path.name
        csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "script-src 'self'" in csp[0] and "unsafe-inline" not in csp[0], name
        for script in tree.xpath("//script"):
            assert script.get("src") or script.get("type") in SCRIPT_TYPES_ALLOWED_INLINE, f"{name}: inline script"
        assert not tree.xpath("//@style | //style"), f"{name}: inline style"
        assert not [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")], f"{name}: event handler"
        for url in tree.xpath("//link[@rel='stylesheet' or @rel='icon' or @rel='preload']/@href | //@src"):
            assert not urlsplit(url).scheme and not url.startswith("//"), f"{name}: loads {url}"


def test_every_page_has_dublin_core_and_json_ld(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    base = open_edition(html_site.parent.parent).config.get("edition", "base_url")
    for path in pages(html_site):
        tree = page(path)
        meta = {m.get("name"): m.get("content") for m in tree.xpath("//meta[@name]")}
        assert meta.get("DC.title") and meta.get("DC.identifier") == base + path.name, path.name
        (data,) = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]
        assert data["@context"] == "https://schema.org" and data["url"] == base + path.name
        assert data["name"] == meta["DC.title"]
    for document in corpus.documents:
        tree = page(html_site / f"{document.id}.html")
        data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["dateCreated"] == (document.date.when or document.date.iso)
        assert data["author"] and data["isPartOf"]["name"]
        assert tree.xpath("//meta[@name='DC.creator']/@content")


def test_every_internal_link_resolves(any_site: Path) -> None:
    """Crawl from the home page: every href and src leads to a file, every #fragment to an id."""
    seen: set[Path] = set()
    queue = [any_site / "index.html"]
    broken = []
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        for link in internal_links(current):
            target, fragment = urldefrag(link)
            path = (current.parent / unquote(urlsplit(target).path)).resolve() if target else current
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or not path.is_relative_to(any_site.resolve()):
                broken.append(f"{current.name}: {link}")
                continue
            if fragment and path.suffix == ".html" and unquote(fragment) not in ids(path):
                broken.append(f"{current.name}: {link} (no such id)")
            if path.suffix == ".html" and path not in seen:
                queue.append(path)
    assert not broken, broken
    unreachable = {p.name for p in pages(any_site)} - {p.name for p in seen} - {"404.html"}
    assert not unreachable


def test_documents_table_lists_every_document_in_order(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    rows = page(html_site / "documents.html").xpath("//table[@id='documents-table']/tbody/tr")
    assert [r.xpath(".//td[contains(@class,'col-doc')]/a/@href")[0] for r in rows] == \
        [f"{d.id}.html" for d in corpus.documents]
    assert [r.xpath("string(td[contains(@class,'col-date')]/@data-value)") for r in rows] == \
        [d.date.sort_key for d in corpus.documents]
    header = [th.text_content().strip() for th in page(html_site / "documents.html").xpath("//thead//th")]
    assert header == ["No.", "Date", "Type", "Sender", "Recipient", "Document"]


def test_document_pages_keep_structure_anchors_and_metadata(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    for index, document in enumerate(corpus.documents):
        path = html_site / f"{document.id}.html"
        tree = page(path)
        source = corpus.files[document.rel].root
        text_ids = source.xpath(".//tei:text//@xml:id", namespaces=NS)
        assert set(text_ids) <= ids(path), f"{document.id}: ids of the text missing"
        for anchor in source.xpath(".//tei:text//*[self::tei:p or self::tei:item or self::tei:sp or "
                                   "self::tei:closer][@xml:id]/@xml:id", namespaces=NS):
            assert tree.xpath(f"//a[@class='anchor'][@href='#{anchor}']"), f"{document.id}: no link to {anchor}"
        assert tree.xpath("string(//h1)") == document.title
        aside = tree.xpath("//aside[contains(@class,'doc-aside')]")[0]
        for sender in document.senders:
            assert sender.name in aside.text_content()
        assert f"tei/{Path(document.rel).relative_to('tei').as_posix()}" in aside.xpath(".//a/@href")
        if (html_site / "pdf" / f"{document.id}.pdf").is_file():
            assert f"pdf/{document.id}.pdf" in aside.xpath(".//a/@href")
        assert tree.xpath("//*[@id='citation']") and document.id in tree.xpath("string(//p[@class='stable-url']/a/@href)")
        previous = tree.xpath("//a[@rel='prev']/@href")
        following = tree.xpath("//a[@rel='next']/@href")
        assert previous == ([f"{corpus.documents[index - 1].id}.html"] if index else [])
        assert following == ([f"{corpus.documents[index + 1].id}.html"] if index + 1 < len(corpus.documents) else [])
        for witness in source.xpath(".//tei:sourceDesc/tei:msDesc/@xml:id", namespaces=NS):
            assert tree.xpath(f"//li[@id='{witness}'][contains(@class,'witness')]")


def test_mentions_link_to_their_entries_and_entries_back_to_every_passage(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    pages_of = {"person": "persons.html", "place": "places.html", "org": "organisations.html"}
    for mention in corpus.mentions:
        entry = corpus.entries[mention.entry]
        if entry.kind not in pages_of:
            continue
        register = html_site / pages_of[entry.kind]
        assert mention.entry in ids(register)
        document = page(html_site / f"{mention.document}.html")
        assert document.xpath(f"//a[@href='{pages_of[entry.kind]}#{mention.entry}']"), mention
        target = f"{mention.document}.html" + (f"#{mention.anchor}" if mention.anchor else "")
        links = page(register).xpath(f"//article[@id='{mention.entry}']//a[@class='passage']/@href")
        assert target in links, f"{mention.entry}: no back-link to {target}"


def test_a_register_in_parts_has_an_index_and_a_page_per_initial(parts_site: Path) -> None:
    corpus = corpus_of(parts_site)
    stems = {"person": "persons", "place": "places", "org": "organisations"}
    for kind, stem in stems.items():
        entries = [e for e in corpus.entries.values() if e.kind == kind]
        assert len(entries) > 5
        index = page(parts_site / f"{stem}.html")
        listed = dict(zip(index.xpath("//li[@class='entry']/a/@href"), index.xpath("//li[@class='entry']/a/text()")))
        assert len(listed) == len(entries)
        for entry in entries:
            letter = initial(entry.name)
            part = f"{stem}-{'other' if letter == '#' else letter.lower()}.html"
            assert listed[f"{part}#{entry.id}"] == entry.name
            assert index.xpath(f"//li[@id='{entry.id}']/a/@href") == [f"{part}#{entry.id}"]   # persons.html#id
            shown = page(parts_site / part)
            assert shown.xpath(f"//article[@id='{entry.id}']"), entry.id
            assert shown.xpath("//nav[@class='az']//a[@aria-current='page']/text()") == [letter]
            assert not [a for a in shown.xpath("//article/@id")
                        if initial(corpus.entries[a].name) != letter], part
        for mention in (m for m in corpus.mentions if corpus.entries[m.entry].kind == kind):
            letter = initial(corpus.entries[mention.entry].name)
            href = f"{stem}-{'other' if letter == '#' else letter.lower()}.html#{mention.entry}"
            assert page(parts_site / f"{mention.document}.html").xpath(f"//a[@href='{href}']"), mention
        # the search finds an entry on its initial's page, not a second time in the index
        assert not index.xpath("//main/@data-pagefind-body") and shown.xpath("//main/@data-pagefind-body")


def test_registers_show_names_offices_and_identifiers(html_site: Path) -> None:
    corpus = corpus_of(html_site)
    for source in (f for f in corpus.files.values() if f.kind == "register"):
        for element in source.root.xpath(".//*[@xml:id][tei:idno]", namespaces=NS):
            entry = page(html_site / {"person": "persons.html", "place": "places.html", "org": "organisations.html"}[
                corpus.entries[element.get(XML_ID)].kind]).xpath(f"//article[@id='{element.get(XML_ID)}']")[0]
            assert corpus.entries[element.get(XML_ID)].name in entry.xpath("string(.//h3)")
            links = entry.xpath(".//ul[@class='identifiers']//a/@href")
            assert all(link.startswith("https://") for link in links)


# -- a small edition with every kind of editorial markup ------------------------------------------------

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
HEADER = '<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt><publicationStmt><p>x</p>' \
         '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>'

EDITION_XML = f"""<TEI {TEI} xml:id="edition" xml:lang="en"><teiHeader><fileDesc><titleStmt>
<title type="main">A Test Edition of Letters</title><title type="sub">Two letters</title>
<editor xml:id="YB" role="compiler"><persName>Yuri Compiler</persName></editor>
<respStmt xml:id="DE"><resp>encoding</resp><name>The Digital Team</name></respStmt></titleStmt>
<publicationStmt><publisher>The Digital Team</publisher><availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability></publicationStmt>
<sourceDesc><bibl><ptr target="bibliography.xml#book"/></bibl></sourceDesc></fileDesc>
<revisionDesc><change when="2024-05-01" who="#DE">First version.</change></revisionDesc></teiHeader>
<text><front><div type="introduction" xml:id="intro"><head>Introduction</head><p xml:id="intro-p1">About <persName ref="registers/persons.xml#anna">Anna</persName>.</p></div>
<div type="principles" xml:id="principles"><head>Principles</head><p xml:id="principles-p1">Signs are explained.</p></div></front><body><p/></body></text></TEI>"""

PERSONS_XML = f"""<TEI {TEI} xml:id="persons">{HEADER.format(title="Persons")}<text><body><listPerson>
<person xml:id="anna"><persName type="main"><surname>Muster</surname>, <forename>Anna</forename></persName>
<persName type="variant">A. M.</persName><birth when="1870-02-01"/><death when="1940"/><occupation>Minister</occupation>
<idno type="wikidata">Q42</idno><idno type="gnd">javascript:alert(1)</idno><idno type="viaf">https://viaf.org/viaf/1</idno></person>
<person xml:id="ben"><persName type="main">Ben</persName></person>
</listPerson></body></text></TEI>"""

PLACES_XML = f"""<TEI {TEI} xml:id="places">{HEADER.format(title="Places")}<text><body><listPlace>
<place xml:id="rome"><placeName type="main">Rome</placeName></place></listPlace></body></text></TEI>"""

BIBLIOGRAPHY_XML = f"""<TEI {TEI} xml:id="bibliography">{HEADER.format(title="Bibliography")}<text><body><listBibl>
<biblStruct xml:id="book"><monogr><editor><persName><forename>Yuri</forename> <surname>Compiler</surname></persName></editor>
<title level="m">Collected Letters</title><imprint><pubPlace>Rome</pubPlace><date>1990</date></imprint></monogr></biblStruct>
</listBibl></body></text></TEI>"""

LETTER = """<TEI {tei} xml:id="{id}" xml:lang="en"><teiHeader><fileDesc><titleStmt>
<title type="main">{title}</title><title type="desc">Summary of {id}</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt>
<notesStmt><note type="source"><choice><sic>ARHIV</sic><corr resp="../edition.xml#DE">ARCHIV</corr></choice>, f. 1. <fw type="pageNum">469</fw></note></notesStmt>
<sourceDesc><msDesc xml:id="{id}-w1" type="original"><msIdentifier><repository>Archive</repository>
<idno type="shelfmark">f. <idno type="fond">1</idno>, d. <idno type="delo">2</idno></idno>
<altIdentifier type="reference"><idno type="reference">No. 7</idno></altIdentifier></msIdentifier>
<physDesc><objectDesc form="autograph"/></physDesc></msDesc>
<bibl type="publication"><ptr target="../bibliography.xml#book"/><citedRange unit="page">12</citedRange></bibl></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName ref="../registers/persons.xml#anna"><roleName>Minister</roleName>, A. Muster</persName>
<placeName ref="../registers/places.xml#rome">Rome</placeName><date when="{date}">{date}</date></correspAction>
<correspAction type="received"><persName ref="../registers/persons.xml#ben">Ben</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text type="letter"><front><docTitle><titlePart type="main">{title}</titlePart></docTitle><docDate when="{date}">{date}</docDate></front>
<body><div type="letter">{body}</div></body></text></TEI>"""

MARKUP_BODY = """<opener xml:id="d001-o1"><salute>Dear <persName ref="../registers/persons.xml#ben">Ben</persName>,</salute></opener>
<p xml:id="d001-p1"><gap reason="omitted" resp="../edition.xml#YB"/> We met in <placeName ref="../registers/places.xml#rome">Rome</placeName>
with <emph rend="spaced" resp="../edition.xml#YB">great hopes</emph>.<note type="editorial" resp="../edition.xml#DE" xml:id="d001-n1">A note on
<persName ref="../registers/persons.xml#anna">Anna</persName>.</note> The <add place="above">new</add> plan was <del>never</del>
<unclear reason="illegible">agreed</unclear> by <supplied reason="omitted" resp="../edition.xml#DE">all</supplied>.
<pb n="12" edRef="../bibliography.xml#book"/>Then <choice><sic>teh</sic><corr resp="../edition.xml#DE">the</corr></choice> end.</p>
<list type="ordered" xml:id="d001-l1"><label>1.</label><item xml:id="d001-i1">First, “<quote xml:id="d001-q1">a quote</quote>”.</item>
<label>2.</label><item xml:id="d001-i2">Second.</item></list>
<sp who="../registers/persons.xml#anna" xml:id="d001-sp1"><speaker>Anna:</speaker><p xml:id="d001-p2">Spoken words.</p></sp>
<closer xml:id="d001-c1"><signed><roleName>Minister</roleName>: <persName ref="../registers/persons.xml#anna">A. Muster</persName></signed></closer>"""

HOSTILE_BODY = """<p xml:id="d002-p1">Links: <ref target="javascript:alert(1)">one</ref>, <ref target=" jAvAsCrIpT&#9;:alert(2)">two</ref>,
<ref target="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;">three</ref>, <ref target="vbscript:msgbox(4)">four</ref>,
<ref target="https://example.org/ok">five</ref>, <ref target="mailto:a@example.org">six</ref>, <ref target="#d002-p2">seven</ref>.</p>
<p xml:id="d002-p2" rend="italic;background:url(javascript:alert(5)) bold" style="color:red">&lt;script&gt;alert(6)&lt;/script&gt;
<hi rend="x&quot; onmouseover=&quot;alert(7)">hover</hi> &lt;img src=x onerror=alert(8)&gt;</p>"""


def write_edition(root: Path, **config: str) -> Path:
    """The small edition: two letters (d001 with every kind of markup, d002 with hostile input)."""
    edition_toml = '[edition]\ntitle = "A Test Edition"\nbase_url = "https://example.org/test/"\n'
    edition_toml += "".join(f'{key} = "{value}"\n' for key, value in config.items())
    files = {
        "edition.toml": edition_toml,
        "tei/edition.xml": EDITION_XML,
        "tei/registers/persons.xml": PERSONS_XML,
        "tei/registers/places.xml": PLACES_XML,
        "tei/bibliography.xml": BIBLIOGRAPHY_XML,
        "tei/documents/d001.xml": LETTER.format(tei=TEI, id="d001", title="A letter with markup",
                                                date="1920-06-29", body=MARKUP_BODY),
        "tei/documents/d002.xml": LETTER.format(tei=TEI, id="d002", title="A hostile &lt;/script&gt;&lt;script&gt;alert(9)",
                                                date="1920-07-01", body=HOSTILE_BODY).replace('#{id}', '#d002'),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def build_html(root: Path) -> tuple[Path, list[Diagnostic]]:
    """Build only the HTML target (no PDFs), as ``edition build`` does for it."""
    edition = open_edition(root)
    context = BuildContext(edition=edition, reporter=Reporter("text", quiet=True), jobs=1)
    with staged(edition.config.output / "html") as out:
        diagnostics = HtmlBuilder(context).build(out)
    return edition.config.output / "html", diagnostics


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_edition(tmp_path_factory.mktemp("small") / "edition")
    (root / "schema").mkdir()
    (root / "schema" / "manual.html").write_text(
        "<!DOCTYPE html><html><head><title>m</title><script>alert(1)</script></head><body><nav>x</nav><main>"
        "<h1>The encoding manual</h1><p onclick='alert(2)' style='color:red'>Use <code>&lt;p&gt;</code>.</p>"
        "<script>alert(3)</script><a href='javascript:alert(4)'>bad</a> <a href='#elem-p'>good</a>"
        "<h2 id='elem-p'>p</h2><iframe src='https://example.org'></iframe></main></body></html>", encoding="utf-8")
    site, diagnostics = build_html(root)
    assert not [d for d in diagnostics if d.is_error], diagnostics
    return site


def test_editorial_markup_is_visible_and_explained(small_site: Path) -> None:
    tree = page(small_site / "d001.html")
    text = tree.xpath("//section[@id='text']")[0]
    gap = text.xpath(".//*[contains(@class,'gap')]")[0]
    assert gap.text_content().startswith("[…]") and "omitted by Yuri Compiler" in gap.text_content()
    emph = text.xpath(".//em[contains(@class,'emph-added')]")[0]
    assert "rend-spaced" in emph.get("class") and "emphasis added by Yuri Compiler" in emph.text_content()
    choice = text.xpath(".//*[contains(@class,'choice')]")[0]
    assert choice.xpath("string(.//*[@class='choice-source'])") == "teh"
    assert choice.xpath("string(.//*[@class='choice-edited'])") == "the"
    assert "by The Digital Team" in choice.xpath("string(.//*[@class='tip'])")
    assert choice.get("tabindex") == "0"
    for kind, sign in (("add", "⸢"), ("del", "⟦"), ("unclear", "(?)"), ("supplied", "[")):
        element = text.xpath(f".//*[contains(concat(' ', @class, ' '), ' {kind} ')]")[0]
        assert sign in element.xpath("string(.//*[@class='sign'])"), kind
        assert element.xpath(".//*[@class='tip']"), kind
    assert text.xpath("string(.//*[contains(@class,'pb-n')])") == "12"
    assert "page 12 of Compiler, Collected Letters" in text.xpath("string(.//*[@class='pb'])") or \
        "page 12 of" in text.xpath("string(.//*[@class='pb'])")
    assert text.xpath("string(.//*[contains(@class,'fw-n')])") == "469"
    # footnote and textual notes, linked both ways
    ref = text.xpath(".//a[@role='doc-noteref'][@href='#d001-n1']")[0]
    assert tree.xpath(f"//li[@id='d001-n1']//a[@role='doc-backlink'][@href='#{ref.get('id')}']")
    letters = [a.text for a in tree.xpath("//a[contains(@class,'app-ref')]")]
    assert letters == ["a", "b"]
    assert tree.xpath("string(//li[@id='app-b']/div)").startswith("“ARHIV” in the source")
    # structure: labelled list, quotation, speaker, opener, closer, heading block
    assert [s.text for s in text.xpath(".//ol/li/span[@class='item-label']")] == ["1.", "2."]
    assert text.xpath(".//span[@id='d001-q1'][@class='quote']")
    assert text.xpath(".//div[@id='d001-sp1']/p[@class='speaker']/a[@href='persons.html#anna']")
    assert text.xpath(".//div[@id='d001-o1'][@class='opener']") and text.xpath(".//div[@id='d001-c1'][@class='closer']")
    assert text.xpath("string(.//header[@class='text-head']//p[contains(@class,'doc-date')])") == "1920-06-29"
    # the legend explains each sign the text uses; the switch waits for the script
    legend = tree.xpath("string(//details[@class='legend'])")
    for words in ("Omission", "Emphasis added by Yuri Compiler", "Added in the source", "Deleted in the source",
                  "Unclear reading", "Supplied by the editors", "Page of the print source"):
        assert words in legend, words
    switch = tree.xpath("//*[@class='view-switch']")[0]
    assert switch.get("hidden") is not None and switch.xpath(".//button[@data-view='reading']")


def test_metadata_panel_formats_witnesses_and_citations(small_site: Path) -> None:
    aside = page(small_site / "d001.html").xpath("//aside")[0]
    text = " ".join(aside.text_content().split())
    assert "Archive, f. 1, d. 2. Ref. No. No. 7. Original. Autograph." in text
    assert "Compiler, Yuri (ed.): Collected Letters, Rome 1990, p. 12." in text
    assert "A. Muster" in text and "Minister" in text and "Ben" in text and "Rome" in text
    assert "1920-06-29" in text and "29 June 1920" in text
    assert "https://example.org/test/d001.html" in aside.xpath(".//p[@class='stable-url']/a/@href")


def test_hostile_input_never_becomes_code(small_site: Path) -> None:
    for path in pages(small_site):
        data = path.read_text(encoding="utf-8")
        tree = page(path)
        for url in tree.xpath("//@href | //@src | //@action"):
            assert not re.match(r"^\s*(javascript|data|vbscript):", url, re.I), f"{path.name}: {url}"
        assert not tree.xpath("//@style | //iframe | //@*[starts-with(name(), 'on')]"), path.name
        for script in tree.xpath("//script[not(@src)]"):
            assert "</script" not in script.text and "<" not in script.text, path.name
        assert "alert(" not in " ".join(tree.xpath("//script/@src")), path.name
        assert "<script>alert" not in data and "<img src=x" not in data, path.name
    hostile = page(small_site / "d002.html")
    assert [a.text for a in hostile.xpath("//p[@id='d002-p1']/a[not(@class='anchor')]")] == ["five", "six", "seven"]
    assert hostile.xpath("//p[@id='d002-p1']/a[not(@class='anchor')]/@href") == ["https://example.org/ok", "mailto:a@example.org",
                                                            "#d002-p2"]
    assert hostile.xpath("//p[@id='d002-p2']/@class") == ["par rend-bold"]
    assert "<script>alert(6)</script>" in hostile.xpath("string(//p[@id='d002-p2'])")
    assert hostile.xpath("string(//h1)") == "A hostile </script><script>alert(9)"
    anna = page(small_site / "persons.html").xpath("//article[@id='anna']")[0]
    assert anna.xpath(".//ul[@class='identifiers']//a/@href") == ["https://www.wikidata.org/wiki/Q42",
                                                                  "https://viaf.org/viaf/1"]


def test_the_manual_is_embedded_without_its_scripts(small_site: Path) -> None:
    tree = page(small_site / "manual.html")
    main = tree.xpath("//main")[0]
    assert main.xpath("string(.//h1)") == "The encoding manual" and len(tree.xpath("//h1")) == 1
    assert main.xpath(".//a[@href='#elem-p']") and main.xpath(".//h2[@id='elem-p']")
    assert not main.xpath(".//script | .//iframe | .//@onclick | .//@style | .//a[contains(@href,'javascript')]")
    assert "manual.html" in page(small_site / "index.html").xpath("//nav[@class='site-nav']//a/@href")


def test_home_about_and_bibliography_come_from_the_edition_header(small_site: Path) -> None:
    home = page(small_site / "index.html")
    assert home.xpath("string(//h1)") == "A Test Edition of Letters"
    assert "Yuri Compiler" in home.xpath("string(//p[@class='hero-editors'])")
    assert [h.text for h in home.xpath("//div[contains(@class,'home-text')]//h2")] == ["Introduction", "Principles"]
    about = page(small_site / "about.html")
    assert about.xpath("//li[@id='YB']") and about.xpath("//li[@id='DE']")
    assert "https://creativecommons.org/licenses/by/4.0/" in about.xpath("//a[@rel='license']/@href")
    assert about.xpath("string(//table[@class='revisions']//td[2])") == "First version."
    assert about.xpath("//section[@id='cite']//p[@id='citation']")
    bibliography = page(small_site / "bibliography.html")
    assert bibliography.xpath("//li[@id='book']//a[@href='d001.html']")


def test_search_page_and_index(small_site: Path) -> None:
    tree = page(small_site / "search.html")
    root = tree.xpath("//div[@id='search']")[0]
    assert root.get("data-bundle") == "pagefind/pagefind.js"
    assert root.get("data-filters") == "type sender recipient year"
    assert "wasm-unsafe-eval" in tree.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    document = page(small_site / "d001.html")
    assert document.xpath("//main/@data-pagefind-body") == [""]
    filters = {s.get("data-pagefind-filter"): s.text for s in document.xpath("//*[@data-pagefind-filter]")}
    assert filters == {"type": "Letter", "year": "1920", "sender": "Muster, Anna", "recipient": "Ben"}
    assert (small_site / "pagefind" / "pagefind-entry.json").is_file()


def test_labels_are_complete_in_every_language() -> None:
    def keys(language: str) -> set[str]:
        root = etree.parse(str(xslt_dir() / "common" / "labels" / f"{language}.xml")).getroot()
        return {label.get("key") for label in root}
    english = keys("en")
    assert english == keys("de")
    used = set()
    for path in (xslt_dir() / "html").glob("*.xsl"):
        used |= set(re.findall(r"e:label\('([a-z][a-z0-9.-]*[a-z0-9])'", path.read_text(encoding="utf-8")))
    assert used and used <= english, used - english


def test_interface_language_and_label_overrides(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "edition", interface_language="de")
    (root / "overrides" / "html").mkdir(parents=True)
    (root / "overrides" / "html" / "custom.css").write_text(".par { color: #000; }", encoding="utf-8")
    (root / "overrides" / "labels").mkdir(parents=True)
    (root / "overrides" / "labels" / "de.xml").write_text(
        '<labels xmlns="urn:x-edition-toolkit:labels"><label key="nav.documents">Briefe</label></labels>',
        encoding="utf-8")
    site, _ = build_html(root)
    tree = page(site / "d001.html")
    assert tree.get("lang") == "de" and tree.xpath("//article/@lang") == ["en"]
    assert "Briefe" in tree.xpath("//nav[@class='site-nav']//a/text()")
    assert "29. Juni 1920" in tree.xpath("string(//aside)")
    assert tree.xpath("string(//h2[@id='meta-heading'])") == "Zu diesem Dokument"
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["assets/edition.css", "assets/custom.css"]
    assert (site / "assets" / "custom.css").read_text(encoding="utf-8") == ".par { color: #000; }"


def test_a_register_page_never_takes_a_documents_name(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "edition")
    (root / "edition.toml").write_text((root / "edition.toml").read_text(encoding="utf-8")
                                       + "[html]\nregister_page_entries = 1\n", encoding="utf-8")
    letter = (root / "tei" / "documents" / "d002.xml").read_text(encoding="utf-8")
    (root / "tei" / "documents" / "persons-b.xml").write_text(letter.replace("d002", "persons-b"), encoding="utf-8")
    site, diagnostics = build_html(root)
    (clash,) = [d for d in diagnostics if d.rule == "html-page-name"]
    assert clash.is_error and "persons-b.html" in clash.message
    assert page(site / "persons-b.html").xpath("//article[contains(@class, 'document')]")     # the document's
    assert page(site / "persons-m.html").xpath("//article[@id='anna']")                       # the other initial


def write_html_override(root: Path, templates: str) -> None:
    """The edition's overrides/xslt/html.xsl holding ``templates`` from its second line on (the
    prefixes tei: and e: are bound)."""
    folder = root / "overrides" / "xslt"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "html.xsl").write_text(
        '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0" '
        'xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:e="urn:x-edition-toolkit:xslt">\n'
        f'{templates}</xsl:stylesheet>', encoding="utf-8")


def test_stylesheet_errors_name_the_document_and_the_stylesheet(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "edition")
    write_html_override(root, '<xsl:template match="tei:closer">\n'
                              '  <xsl:message terminate="yes">no closers here</xsl:message>\n</xsl:template>\n'
                              '<xsl:template match="tei:salute"><xsl:message>a salute</xsl:message>'
                              '<xsl:next-match/></xsl:template>\n')
    result = run_edition("build", "html", "--root", str(root))
    assert result.exit_code == 1
    assert re.search(r"tei/documents/d001\.xml: error: html\.xsl: .*no closers here \(xslt/html\.xsl line 3\)",
                     result.output), result.output
    assert "tei/documents/d001.xml: warning: a salute" in result.output
    assert (root / "output" / "html" / "d002.html").is_file(), "the other documents are still built"


def test_a_message_names_the_line_of_the_document_and_the_page_is_unchanged(tmp_path: Path) -> None:
    """A page is made from the document as it is, and again from a copy whose elements carry their
    lines only when the stylesheet has something to say: the message has the line, the page is the
    same as without the message."""
    plain = write_edition(tmp_path / "plain")
    root = write_edition(tmp_path / "edition")
    write_html_override(root, '<xsl:template match="tei:salute"><xsl:message select="\'a salute at \' || '
                              'e:where(.)"/><xsl:next-match/></xsl:template>\n')
    site, diagnostics = build_html(root)
    source = (root / "tei" / "documents" / "d001.xml").read_text(encoding="utf-8")
    line = source[:source.index("<salute")].count("\n") + 1
    assert [(d.path, d.message) for d in diagnostics if d.rule == "xslt-message"] == [
        ("tei/documents/d001.xml", f"a salute at line {line}")]
    plain_site, _ = build_html(plain)
    assert (site / "d001.html").read_bytes() == (plain_site / "d001.html").read_bytes()


def test_a_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "edition")
    site, _ = build_html(root)

    def state() -> dict[str, tuple[int, int]]:
        return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in site.rglob("*") if p.is_file()}

    before = state()
    build_html(root)
    assert state() == before
    letter = root / "tei" / "documents" / "d001.xml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("Spoken words.", "Other words."), encoding="utf-8")
    build_html(root)
    after = state()
    changed = {name for name in after if after[name] != before.get(name)}
    assert "d001.html" in changed and "tei/documents/d001.xml" in changed
    assert not {"d002.html", "index.html", "persons.html"} & changed
    assert "Other words." in (site / "d001.html").read_text(encoding="utf-8")


def test_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    first, _ = build_html(write_edition(tmp_path / "one"))
    second, _ = build_html(write_edition(tmp_path / "two"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_serve_rebuilds_when_a_source_is_saved(tmp_path: Path) -> None:
    root = write_edition(tmp_path / "edition")
    preview = Preview(root, 0, Reporter("text", quiet=True))
    preview.start()
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(preview.url + "d001.html", timeout=10) as response:
            assert b"Spoken words." in response.read()
            assert response.headers["Cache-Control"] == "no-store"
        assert not preview.poll()
        letter = root / "tei" / "documents" / "d001.xml"
        letter.write_text(letter.read_text(encoding="utf-8").replace("Spoken words.", "Saved words."),
                          encoding="utf-8")
        assert preview.poll()
        with urllib.request.urlopen(preview.url + "d001.html", timeout=10) as response:
            assert b"Saved words." in response.read()
    finally:
        preview.stop()


def test_readme_documents_the_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "edition build html" in readme and "edition serve" in readme
