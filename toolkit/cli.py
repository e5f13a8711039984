"""The ``edition`` command line.

Each command only parses its arguments and calls the module that does the
work; diagnostics and exit codes are handled here, in one place:

* 0: success;
* 1: the documents (or the edition's configuration) have errors;
* 2: the command was used wrongly (bad option, no edition found);
* 3: an internal error of the toolkit (set ``EDITION_DEBUG=1`` for the traceback);
* 130: interrupted.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .console import Reporter, printable, summarise
from .diagnostics import EditionError, error, has_errors
from .edition import Edition, open_edition

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
USAGE_RULES = {"usage", "config-missing"}


class Context:
    """What every command gets: the reporter and a way to open the edition."""

    def __init__(self, root: Path | None, fmt: str, quiet: bool) -> None:
        self.root = root
        self.reporter = Reporter(fmt, quiet).activate()

    def edition(self) -> Edition:
        return open_edition(self.root)


def edition_command(group: click.Group, name: str, *, root_option: bool = True, **settings: Any) -> Callable:
    """Declare a subcommand with the options every command shares and one error handler.

    ``root_option=False`` leaves out ``--root`` for a command that does not work
    inside an existing edition (``edition init``).
    """

    def decorate(function: Callable) -> click.Command:
        @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Diagnostics as text for people or JSON for tools.")
        @click.option("-q", "--quiet", is_flag=True, help="Print only diagnostics.")
        @functools.wraps(function)
        def command(fmt: str, quiet: bool, root: Path | None = None, **kwargs: Any) -> None:
            ctx = Context(root, fmt, quiet)
            try:
                code = function(ctx, **kwargs)
            except EditionError as exc:
                ctx.reporter.diagnostics(exc.diagnostics)
                usage = all(d.rule in USAGE_RULES for d in exc.diagnostics)
                code = EXIT_USAGE if usage else EXIT_INVALID
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                code = 130
            except Exception as exc:  # noqa: BLE001 - the one place that turns crashes into a message
                if os.environ.get("EDITION_DEBUG"):
                    raise
                click.echo(printable(f"edition: internal error: {type(exc).__name__}: {exc}"), err=True)
                click.echo("  hint: this is a bug in the toolkit; run again with EDITION_DEBUG=1 "
                           "and report the traceback", err=True)
                code = EXIT_INTERNAL
            sys.exit(code or EXIT_OK)

        if root_option:
            command = click.option("--root", type=click.Path(path_type=Path, file_okay=False),
                                   help="Edition folder (default: the nearest folder upward holding "
                                        "edition.toml).")(command)
        return group.command(name, **settings)(command)

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="edition")
def main() -> None:
    """Validate, publish and exchange a TEI P5 documentary edition.

    Run a command inside an edition folder (one holding edition.toml) or pass
    --root. Exit codes: 0 success, 1 the documents have errors, 2 wrong usage.
    """


def finish(ctx: Context, diagnostics: list, what: str) -> int:
    ctx.reporter.diagnostics(diagnostics, summarise(diagnostics, what))
    return EXIT_INVALID if has_errors(diagnostics) else EXIT_OK


@edition_command(main, "validate", short_help="Check the edition: XML, schema, rules, ids and pointers.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--external", is_flag=True,
              help="PATHS are TEI files from outside the edition: check them against the edition's schema "
                   "and count each kind of problem.")
def validate_command(ctx: Context, paths: tuple[Path, ...], external: bool) -> int:
    """Check the whole edition, or only the files PATHS, and report every problem.

    Each problem is printed as path:line:col: severity: message [rule].
    """
    from .validate import validate

    edition = ctx.edition()
    if external:
        from .schema import validate_foreign

        if not paths:
            raise EditionError(error("edition validate", "--external needs the files to check", rule="usage",
                                     hint="edition validate --external letter.xml other.xml"))
        diagnostics = validate_foreign(edition.root, list(paths))
        return finish(ctx, diagnostics, f"checked {len(paths)} external file{'s' * (len(paths) != 1)}")
    only = None
    if paths:
        only = {edition.corpus.rel(p.absolute()) for p in paths}
        known = set(edition.corpus.files) | edition.corpus.refused
        missing = sorted(p for p in only if p not in known)
        if missing:
            raise EditionError(*(error(p, "no such file in the edition", rule="usage",
                                       hint="name XML files below the edition's source folder; to check a "
                                            "file from elsewhere against the schema, add --external")
                                 for p in missing))
    diagnostics = validate(edition.corpus, only)
    count = len(only) if only is not None else len(edition.corpus.files)
    return finish(ctx, diagnostics, f"validated {count} file{'s' * (count != 1)}")


@edition_command(main, "schema", short_help="Compile the edition's ODD: RELAX NG, Schematron, XSD, manual.")
@click.option("--check", is_flag=True, help="Write nothing; fail if a compiled file is out of date with the ODD.")
@click.option("--p5subset", type=click.Path(path_type=Path, dir_okay=False),
              help="The TEI Guidelines' p5subset.xml, for an ODD that builds on TEI itself "
                   "(default: $EDITION_P5SUBSET).")
@click.option("--toolkit-base", is_flag=True, hidden=True, help="Compile the toolkit's own base ODD.")
def schema_command(ctx: Context, check: bool, p5subset: Path | None, toolkit_base: bool) -> int:
    """Compile schema/edition.odd (chained onto the toolkit's base ODD) into schema/edition.rng,
    edition.sch, edition.xsd, edition.compiled.odd and manual.html.

    Commit the ODD together with the compiled files. Running the command again
    without changes to the ODD changes no file.
    """
    from .schema import EDITION_ODD, build_schema, locate, toolkit_set

    target = toolkit_set() if toolkit_base else locate(ctx.edition().config.schema_dir)
    if not toolkit_base and target == toolkit_set():
        raise EditionError(error(str(ctx.edition().rel(ctx.edition().config.schema_dir / EDITION_ODD)),
                                 "the edition has no ODD of its own: it uses the toolkit's base schema",
                                 rule="usage", hint='create it with <schemaSpec ident="edition" '
                                                   'source="toolkit:base"> and the moduleRefs of the base'))
    changed, diagnostics = build_schema(target, p5subset, check_only=check)
    verb = "out of date" if check else "written"
    if ctx.reporter.format == "text":
        for path in changed:
            ctx.reporter.info(f"{verb}: {path.name}")
    return finish(ctx, diagnostics, f"schema {target.odd.name}: {len(changed)} file{'s' * (len(changed) != 1)} {verb}")


@edition_command(main, "init", root_option=False, short_help="Start a new edition in a new or empty folder.")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", required=True, help="Title of the edition.")
@click.option("--editor", "editors", multiple=True, required=True,
              help="Name of an editor of the edition (repeat the option for several).")
@click.option("--language", default="en", show_default=True, help="Language of the edition's texts (BCP 47).")
@click.option("--interface-language", default="en", show_default=True,
              help="Language of the interface labels of the HTML edition and the PDF (en or de).")
@click.option("--base-url", default="", help="Public address of the HTML edition, ending in / (can be set later "
                                             "in edition.toml; exports need it).")
def init_command(ctx: Context, path: Path, title: str, editors: tuple[str, ...], language: str,
                 interface_language: str, base_url: str) -> int:
    """Create a new edition in PATH: edition.toml, the TEI sources with one example
    document, the edition's ODD chained onto the toolkit's, and a README.

    PATH must not exist or be empty: init never overwrites a file.
    """
    from .scaffold import create

    written, warnings = create(path, title, editors, language, interface_language, base_url)
    if ctx.reporter.format == "json":
        click.echo(json.dumps({"created": str(path), "files": written}))
        return EXIT_OK
    ctx.reporter.diagnostics(warnings)
    ctx.reporter.info(f"created the edition {title!r} in {path} ({len(written)} files)")
    ctx.reporter.info(f"next: cd {path} && edition validate && edition build")
    return EXIT_OK


@edition_command(main, "new", short_help="Create a new document from the template, with the next free id.")
@click.argument("title")
@click.option("--date", required=True, help="Date of the document, ISO 8601 (e.g. 1848-03-18).")
@click.option("--type", "doc_type", default="letter", show_default=True,
              help="Document type (letter, telegram, minutes, ...).")
def new_command(ctx: Context, title: str, date: str, doc_type: str) -> int:
    """Create tei/documents/dNNN.xml for a new document titled TITLE; never overwrites a file."""
    from .newdoc import create

    edition = ctx.edition()
    path = create(edition, title, date, doc_type)
    click.echo(json.dumps({"created": edition.rel(path)}) if ctx.reporter.format == "json" else edition.rel(path))
    return EXIT_OK


@edition_command(main, "build", short_help="Build the HTML edition and the PDFs into output/.")
@click.argument("targets", nargs=-1)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per core).")
def build_command(ctx: Context, targets: tuple[str, ...], jobs: int | None) -> int:
    """Build TARGETS (default: all of them) into the output folder.

    Each target is published atomically when it is complete; a failing
    document is reported and the others are still built (exit code 1).
    """
    from .build import BUILDERS, run

    unknown = [t for t in targets if t not in BUILDERS]
    if unknown:
        raise EditionError(*(error("edition build", f"unknown target {t!r}", rule="usage",
                                   hint="targets: " + ", ".join(BUILDERS)) for t in unknown))
    edition = ctx.edition()
    diagnostics = run(edition, list(targets or BUILDERS), ctx.reporter, jobs or os.cpu_count() or 1)
    return finish(ctx, diagnostics, "build")


@edition_command(main, "serve", short_help="Serve the HTML edition locally, rebuilt when a source changes.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--interval", type=click.FloatRange(0.1, 60), default=1.0, show_default=True,
              help="Seconds between two looks at the sources.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes for a build (default: one per core).")
def serve_command(ctx: Context, port: int, interval: float, jobs: int | None) -> int:
    """Build the HTML edition, serve output/html on http://127.0.0.1:PORT/ and build it
    again whenever a source file, edition.toml or an override is saved (Ctrl-C stops).

    The full-text search needs the site served over http, as here or on any web server.
    """
    from .serve import serve

    return serve(ctx.edition().root, port, ctx.reporter, interval, jobs or os.cpu_count() or 1)


@edition_command(main, "export", short_help="Export the edition for repositories and aggregators.")
@click.argument("export_format", metavar="FORMAT")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write into (default: output/export/FORMAT); it is replaced as a whole.")
def export_command(ctx: Context, export_format: str, output: Path | None) -> int:
    """Write the edition as FORMAT, atomically.

    \b
    tei       the TEI sources with their schema, and the edition as one teiCorpus
    cmif      the letters' metadata for correspSearch (CMIF)
    dc        one Dublin Core (oai_dc) record per document
    datacite  the edition's DataCite 4.6 record
    oai       the OAI-PMH responses a harvester asks for, as static files
    bagit     a BagIt package for deposit: sources, schema, HTML, PDF and all metadata

    Only a valid edition is exported; warnings (e.g. letters whose parties
    have no authority identifier) are printed and do not stop the export.
    """
    from .exchange import export

    edition = ctx.edition()
    target, diagnostics = export(edition, export_format, output)
    ctx.reporter.info(f"exported {export_format} to {edition.rel(target)}")
    return finish(ctx, diagnostics, f"export {export_format}")


@edition_command(main, "import", short_help="Check TEI made elsewhere; with --adopt, bring in what conforms.")
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("--adopt", is_flag=True,
              help="Add the conforming documents to the edition (default: only report).")
def import_command(ctx: Context, source: Path, adopt: bool) -> int:
    """Check the TEI documents in SOURCE (a file, a folder or a BagIt package) against the
    edition's rules and report what does not conform, grouped and counted.

    Without --adopt nothing changes. With --adopt the conforming documents are
    added with the next free ids, their persons, places, organisations and works
    merged into the registers and the bibliography; the edition is validated
    before the change is made, and stays as it was if it would not be valid.
    Exit code 0 when every document conforms (and, with --adopt, was adopted).
    """
    from .exchange.importer import run_import

    edition = ctx.edition()
    report = run_import(edition, source, adopt)
    if ctx.reporter.format == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        ctx.reporter.diagnostics(report.notes + report.problems)
        for line in report.lines():
            click.echo(printable(line))
    return EXIT_OK if report.ok else EXIT_INVALID
