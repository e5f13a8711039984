"""OAI-PMH 2.0: the edition's documents as ``oai_dc`` records for harvesters.

:func:`respond` is the whole protocol as a pure function: a :class:`Repository`
(built once from the edition), a query string and the response date go in, the
response document comes out, with the protocol's error conditions (``badVerb``,
``badArgument``, ``badResumptionToken``, ``cannotDisseminateFormat``,
``idDoesNotExist``, ``noRecordsMatch``).  ``edition serve`` mounts it at
``/oai``; ``edition export oai`` writes the responses to the requests a
harvester makes (Identify, ListMetadataFormats, ListSets, ListIdentifiers,
ListRecords and GetRecord for each record) as a static response set.

The repository is small, so lists are answered whole (no resumption tokens);
datestamps have day granularity (the latest ``revisionDesc/change/@when`` of a
document); sets are the document types; deleted records are not kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from ..config import CONFIG_NAME
from ..diagnostics import Diagnostic, EditionError, error
from ..edition import Edition
from ..xmlio import detached, serialize, write_atomic
from .dc import OAI_DC_NS, OAI_DC_SCHEMA, XSI_NS, records
from .metadata import EditionMeta, edition_meta

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
METADATA_PREFIX = "oai_dc"
GRANULARITY = "YYYY-MM-DD"

#: Arguments each verb takes: (required, optional).  resumptionToken is exclusive where allowed.
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
_SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")


@dataclass(frozen=True)
class Record:
    identifier: str
    datestamp: str
    sets: tuple[str, ...]
    metadata: etree._Element


@dataclass(frozen=True)
class Repository:
    """What the responder needs to know, gathered once from the edition."""

    name: str
    base_url: str
    admin_emails: tuple[str, ...]
    records: tuple[Record, ...]
    sets: tuple[tuple[str, str], ...]      # (setSpec, setName)

    @property
    def earliest(self) -> str:
        return min((r.datestamp for r in self.records), default="1970-01-01")

    def record(self, identifier: str) -> Record | None:
        return next((r for r in self.records if r.identifier == identifier), None)


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def identifier(meta: EditionMeta, doc_id: str) -> str:
    return f"oai:{meta.host}:{doc_id}"


def repository(edition: Edition, meta: EditionMeta | None = None) -> Repository:
    """The edition as an OAI-PMH repository; an edition without an administrator address cannot be one."""
    meta = meta or edition_meta(edition)
    email = edition.config.get("oai", "admin_email") or meta.contact_email
    if not email:
        raise EditionError(error(CONFIG_NAME, "OAI-PMH needs an administrator e-mail address (Identify)",
                                 rule="oai-admin-email",
                                 hint='set email = "…" in [contact] or admin_email = "…" in [oai]'))
    dc = records(meta)
    return Repository(
        name=edition.config.get("oai", "repository_name") or meta.title,
        base_url=f"{meta.base_url}oai" if meta.base_url else "http://localhost/oai",
        admin_emails=(email,),
        records=tuple(Record(identifier(meta, d.id), d.datestamp, (d.type,) if d.type else (), dc[d.id])
                      for d in meta.documents),
        sets=tuple((t, f"Documents of type {t}") for t in sorted({d.type for d in meta.documents if d.type})),
    )


# -- the protocol ----------------------------------------------------------

def _e(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{OAI_NS}}}{name}", attributes)
    if text:
        element.text = text
    return element


def parse_arguments(query: str) -> dict[str, str]:
    """The request's arguments; a repeated argument or verb is an error of the protocol."""
    pairs = parse_qsl(query, keep_blank_values=True)
    names = [name for name, _ in pairs]
    if names.count("verb") > 1:
        raise OAIError("badVerb", "the verb argument is repeated")
    repeated = sorted({n for n in names if names.count(n) > 1})
    arguments = dict(pairs)
    verb = arguments.get("verb")
    if not verb:
        raise OAIError("badVerb", "the request has no verb")
    if verb not in VERBS:
        raise OAIError("badVerb", f"{verb!r} is not an OAI-PMH verb")
    if repeated:
        raise OAIError("badArgument", f"repeated argument: {', '.join(repeated)}")
    return arguments


def check_arguments(arguments: dict[str, str]) -> None:
    verb = arguments["verb"]
    required, optional = VERBS[verb]
    given = set(arguments) - {"verb"}
    illegal = sorted(given - required - optional)
    if illegal:
        raise OAIError("badArgument", f"{verb} does not take {', '.join(illegal)}")
    if "resumptionToken" in given:
        if given != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument")
        raise OAIError("badResumptionToken", "this repository issues no resumption tokens")
    missing = sorted(required - given)
    if missing:
        raise OAIError("badArgument", f"{verb} requires {', '.join(missing)}")
    if "metadataPrefix" in arguments and not _PREFIX.match(arguments["metadataPrefix"]):
        raise OAIError("badArgument", "the metadataPrefix is malformed")
    if "set" in arguments and not _SET_SPEC.match(arguments["set"]):
        raise OAIError("badArgument", "the set is malformed")
    for name in ("from", "until"):
        if name in arguments:
            _check_day(name, arguments[name])
    if "from" in arguments and "until" in arguments and arguments["from"] > arguments["until"]:
        raise OAIError("badArgument", "from is later than until")


def _check_day(name: str, value: str) -> None:
    if not _DAY.match(value):
        raise OAIError("badArgument", f"{name}={value!r}: this repository's granularity is {GRANULARITY}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise OAIError("badArgument", f"{name}={value!r} is not a date") from None


def _header(parent: etree._Element, record: Record) -> None:
    header = _e(parent, "header")
    _e(header, "identifier", record.identifier)
    _e(header, "datestamp", record.datestamp)
    for spec in record.sets:
        _e(header, "setSpec", spec)


def _record(parent: etree._Element, record: Record) -> None:
    element = _e(parent, "record")
    _header(element, record)
    _e(element, "metadata").append(_copy(record.metadata))


def _copy(element: etree._Element) -> etree._Element:
    return detached(element)


def _selected(repo: Repository, arguments: dict[str, str]) -> list[Record]:
    if arguments["metadataPrefix"] != METADATA_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"records are available as {METADATA_PREFIX} only")
    if "set" in arguments and not repo.sets:
        raise OAIError("noSetHierarchy", "this repository has no sets")
    chosen = [r for r in repo.records
              if arguments.get("from", "") <= r.datestamp <= arguments.get("until", "9999")
              and ("set" not in arguments or arguments["set"] in r.sets)]
    if not chosen:
        raise OAIError("noRecordsMatch", "no record matches these arguments")
    return chosen


def _answer(repo: Repository, arguments: dict[str, str], body: etree._Element, base_url: str) -> None:
    verb = arguments["verb"]
    if verb == "Identify":
        _e(body, "repositoryName", repo.name)
        _e(body, "baseURL", base_url)
        _e(body, "protocolVersion", "2.0")
        for email in repo.admin_emails:
            _e(body, "adminEmail", email)
        _e(body, "earliestDatestamp", repo.earliest)
        _e(body, "deletedRecord", "no")
        _e(body, "granularity", GRANULARITY)
    elif verb == "ListMetadataFormats":
        if "identifier" in arguments and repo.record(arguments["identifier"]) is None:
            raise OAIError("idDoesNotExist", f"no record {arguments['identifier']!r}")
        fmt = _e(body, "metadataFormat")
        _e(fmt, "metadataPrefix", METADATA_PREFIX)
        _e(fmt, "schema", OAI_DC_SCHEMA)
        _e(fmt, "metadataNamespace", OAI_DC_NS)
    elif verb == "ListSets":
        if not repo.sets:
            raise OAIError("noSetHierarchy", "this repository has no sets")
        for spec, name in repo.sets:
            item = _e(body, "set")
            _e(item, "setSpec", spec)
            _e(item, "setName", name)
    elif verb == "GetRecord":
        record = repo.record(arguments["identifier"])
        if record is None:
            raise OAIError("idDoesNotExist", f"no record {arguments['identifier']!r}")
        if arguments["metadataPrefix"] != METADATA_PREFIX:
            raise OAIError("cannotDisseminateFormat", f"records are available as {METADATA_PREFIX} only")
        _record(body, record)
    else:
        for record in _selected(repo, arguments):
            (_header if verb == "ListIdentifiers" else _record)(body, record)


def respond(repo: Repository, query: str, response_date: str, base_url: str | None = None) -> bytes:
    """The OAI-PMH response to ``query`` (the request's query string or form body).

    ``response_date`` is the UTC time of the response (``YYYY-MM-DDThh:mm:ssZ``);
    ``base_url`` overrides the repository's address (the server's own).
    """
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    _e(root, "responseDate", response_date)
    base_url = base_url or repo.base_url
    request = _e(root, "request", base_url)
    try:
        arguments = parse_arguments(query)
        check_arguments(arguments)
        for name, value in arguments.items():
            request.set(name, value)
        body = etree.Element(f"{{{OAI_NS}}}{arguments['verb']}")
        _answer(repo, arguments, body, base_url)
        root.append(body)
    except OAIError as problem:
        if problem.code in ("badVerb", "badArgument"):
            request.attrib.clear()          # the protocol: echo no arguments with these two errors
        _e(root, "error", problem.message, code=problem.code)
    etree.indent(root)
    return serialize(root)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- mounted in a web server ----------------------------------------------------------

PATH = "/oai"


@dataclass(frozen=True)
class Endpoint:
    """The responder as a web server mounts it: the repository, or why the edition cannot be one."""

    repo: Repository | None
    reason: str = ""

    @classmethod
    def of(cls, edition: Edition) -> "Endpoint":
        try:
            return cls(repository(edition))
        except EditionError as exc:
            return cls(None, "; ".join(f"{d.message} ({d.hint})" for d in exc.diagnostics))

    def answer(self, method: str, target: str, body: bytes, base_url: str) -> tuple[int, str, bytes] | None:
        """(status, content type, body) for a request to ``/oai``; None for any other path.

        GET carries the arguments in the query string, POST in a form-encoded body
        (both are OAI-PMH); ``base_url`` is the server's address of the endpoint.
        """
        parts = urlsplit(target)
        if parts.path.rstrip("/") != PATH:
            return None
        if self.repo is None:
            return 503, "text/plain; charset=utf-8", f"OAI-PMH is not available: {self.reason}\n".encode()
        query = body.decode("utf-8", "replace") if method == "POST" else parts.query
        return 200, "text/xml; charset=utf-8", respond(self.repo, query, now(), base_url)


# -- the static response set --------------------------------------------------

def static_requests(repo: Repository) -> dict[str, str]:
    """File name -> query string of every response a harvester needs."""
    requests = {
        "Identify.xml": "verb=Identify",
        "ListMetadataFormats.xml": "verb=ListMetadataFormats",
        "ListSets.xml": "verb=ListSets",
        "ListIdentifiers.xml": f"verb=ListIdentifiers&metadataPrefix={METADATA_PREFIX}",
        "ListRecords.xml": f"verb=ListRecords&metadataPrefix={METADATA_PREFIX}",
    }
    for record in repo.records:
        local = record.identifier.rsplit(":", 1)[-1]
        requests[f"GetRecord/{local}.xml"] = \
            f"verb=GetRecord&identifier={record.identifier}&metadataPrefix={METADATA_PREFIX}"
    return requests


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    meta = edition_meta(edition)
    repo = repository(edition, meta)
    date = f"{meta.date}T00:00:00Z"
    for name, query in static_requests(repo).items():
        write_atomic(out / name, respond(repo, query, date))
    return []
