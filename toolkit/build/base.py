"""What every builder shares: the build context and the builder protocol.

As in Sphinx, reading is done before any builder runs: a builder receives the
corpus model in its :class:`BuildContext` and writes one output target (a
folder below ``output/``).  It writes into the staging folder it is given
(which holds the previous output, for incremental work) and only through
``xmlio.write_if_changed``/``write_atomic``, never in place.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..console import Reporter
from ..corpus import Corpus
from ..diagnostics import Diagnostic
from ..edition import Edition


@dataclass
class BuildContext:
    edition: Edition
    reporter: Reporter
    jobs: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def corpus(self) -> Corpus:
        return self.edition.corpus

    @property
    def output(self) -> Path:
        return self.edition.config.output


def build_date(edition: Edition) -> str:
    """The date a build states (ISO): SOURCE_DATE_EPOCH, else the configured edition date,
    else the latest revision date in the edition header, so that the same sources
    always give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    configured = edition.config.get("edition", "date")
    if configured:
        return configured
    header = edition.corpus.edition_header()
    if header is not None:
        dates = [d for d in header.root.xpath("//*[local-name()='change']/@when") if isinstance(d, str)]
        if dates:
            return max(dates)[:10]
    return "1970-01-01"


class Builder:
    """One output target.  Subclasses set ``name`` and implement :meth:`build`."""

    name: ClassVar[str] = ""
    #: Targets whose output this builder reads (built first).
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: BuildContext) -> None:
        self.context = context

    def build(self, out: Path) -> list[Diagnostic]:
        """Write the target into ``out``; return the problems found on the way."""
        raise NotImplementedError
