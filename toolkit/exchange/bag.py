"""``edition export bagit``: the whole edition as a BagIt package for deposit in a repository.

BagIt (RFC 8493) is the packaging repositories take for deposit and long-term
preservation: a folder with the payload in ``data/``, manifests of checksums
(here SHA-256 and SHA-512) for every payload file, tag manifests for the
metadata files and ``bag-info.txt``.  The bag is made with the Library of
Congress's ``bagit`` library, which writes ``BagIt-Version: 0.97`` (the version
RFC 8493 describes as 1.0 differs only in details every validator accepts).

The payload holds everything a repository should keep::

    data/tei/...            the TEI sources (as the ``tei`` export)
    data/schema/...         the ODD and the schemas compiled from it
    data/corpus.xml         the edition as one teiCorpus
    data/html/...           the HTML edition (output/html)
    data/pdf/...            the PDFs (output/pdf)
    data/metadata/datacite.xml, data/metadata/cmif.xml, data/metadata/dc/<id>.xml
    data/.zenodo.json, data/CITATION.cff

HTML and PDF are taken from ``output/``; when they are missing they are built
first.  The bag is made in a temporary folder and moved into place, and the
export is published atomically; beside the bag folder a ZIP of it is written
for upload.  The same sources give the same bytes: ``Bagging-Date`` is the
build date, manifests are sorted and the ZIP has fixed timestamps.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import bagit

from .. import __version__
from ..build import BUILDERS, run
from ..console import Reporter
from ..config import CONFIG_NAME
from ..diagnostics import Diagnostic, EditionError, error, warning
from ..edition import Edition
from ..xmlio import write_atomic
from . import cff, zenodo
from .cmif import CMIF_NAME, cmif_document, letters
from .datacite import DATACITE_NAME, datacite_document
from .dc import write_records
from .metadata import EditionMeta, edition_meta, slug
from .teiexport import CORPUS_NAME, copy_sources, corpus_document

CHECKSUMS = ("sha256", "sha512")
#: Build targets whose output the bag carries.
BUILT = ("html", "pdf")


def bag_name(meta: EditionMeta) -> str:
    """A file-system-safe name for the bag, from the edition's short title."""
    return slug(meta.short_title) or "edition"


def bag_info(meta: EditionMeta) -> dict[str, str]:
    """The ``bag-info.txt`` fields (bagit adds ``Payload-Oxum``)."""
    info = {
        "Source-Organization": meta.publisher,
        "Contact-Name": meta.contact_name,
        "Contact-Email": meta.contact_email,
        "External-Description": meta.description,
        "External-Identifier": meta.doi_url or meta.base_url,
        "Bagging-Date": meta.date,
        "Bag-Software-Agent": f"tei-edition-toolkit {__version__} (bagit.py {bagit.VERSION})",
        "Internal-Sender-Description": f"{meta.title}: TEI sources, schema, HTML and PDF editions, metadata",
    }
    return {key: value for key, value in info.items() if value}


def ensure_built(edition: Edition) -> list[Diagnostic]:
    """Build HTML and PDF when ``output/`` lacks them."""
    missing = [target for target in BUILT if not (edition.config.output / target).is_dir()]
    unknown = [target for target in missing if target not in BUILDERS]
    if unknown:
        raise EditionError(*(error(edition.rel(edition.config.output / t), f"no {t} output to put into the bag, "
                                                                          f"and no '{t}' builder to make it",
                                   rule="bag-missing-output", hint=f"build it with 'edition build {t}' first")
                             for t in unknown))
    return run(edition, missing, Reporter(quiet=True)) if missing else []


def fill_payload(edition: Edition, meta: EditionMeta, payload: Path) -> list[Diagnostic]:
    """Write everything the bag carries into ``payload`` (which becomes ``data/``)."""
    copy_sources(edition, payload)
    write_atomic(payload / CORPUS_NAME, corpus_document(edition))
    for target in BUILT:
        # The bag is assembled in a private temporary folder and published whole, so plain copies suffice.
        shutil.copytree(edition.config.output / target, payload / target, copy_function=shutil.copyfile)
    metadata = payload / "metadata"
    datacite, problems = datacite_document(edition, meta)
    write_atomic(metadata / DATACITE_NAME, datacite)
    if letters(edition.corpus.documents):
        cmif, cmif_problems = cmif_document(edition, meta)
        write_atomic(metadata / CMIF_NAME, cmif)
        problems += cmif_problems
    write_records(meta, metadata / "dc")
    write_atomic(payload / zenodo.ZENODO_NAME, zenodo.document(meta))
    write_atomic(payload / cff.CFF_NAME, cff.document(meta))
    return problems


def sort_tag_manifests(bag: Path) -> None:
    """bagit lists tag files in directory order; sort them so the same bag gives the same bytes."""
    for manifest in bag.glob("tagmanifest-*.txt"):
        lines = manifest.read_text(encoding="utf-8").splitlines()
        write_atomic(manifest, "".join(f"{line}\n" for line in sorted(lines, key=lambda l: l.split(" ", 1)[1]))
                     .encode("utf-8"))


def make_bag(payload: Path, meta: EditionMeta) -> None:
    """Turn ``payload`` into a bag in place (bagit moves its content into ``data/``)."""
    payload.chmod(0o755)
    bagit.make_bag(str(payload), bag_info(meta), checksums=list(CHECKSUMS))
    sort_tag_manifests(payload)


def zip_bag(bag: Path, target: Path, date: str) -> None:
    """A ZIP of the bag (its folder as the top entry), with fixed timestamps and modes."""
    stamp = tuple(int(part) for part in date.split("-")) + (0, 0, 0)
    stamp = (max(stamp[0], 1980),) + stamp[1:]          # the ZIP format starts in 1980
    files = sorted(p for p in bag.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{bag.name}/{path.relative_to(bag).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def write(edition: Edition, out: Path) -> list[Diagnostic]:
    problems = ensure_built(edition)
    meta = edition_meta(edition)
    if not (meta.contact_name and meta.contact_email):
        problems.append(warning(CONFIG_NAME, "bag-info.txt gets no Contact-Name or Contact-Email: [contact] is "
                                             "incomplete", rule="bag-contact",
                                hint='repositories ask whom to contact about a deposit: set name = "…" and '
                                     'email = "…" in [contact]'))
    name = bag_name(meta)
    with tempfile.TemporaryDirectory(dir=out, prefix=".bag-") as tmp:
        payload = Path(tmp) / name
        payload.mkdir()
        problems += fill_payload(edition, meta, payload)
        make_bag(payload, meta)
        os.rename(payload, out / name)
    zip_bag(out / name, out / f"{name}.zip", meta.date)
    return problems
