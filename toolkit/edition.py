"""An edition on disk: its root folder, its configuration and its corpus.

Every command opens the edition through :func:`open_edition`, so the way the
root is found (``--root`` or the nearest ``edition.toml`` upward from the
current folder) and the way the sources are read are the same everywhere.
"""

from __future__ import annotations

import gc

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import config as config_module
from .config import Config
from .corpus import Corpus
from .diagnostics import EditionError, error


@dataclass
class Edition:
    config: Config

    @property
    def root(self) -> Path:
        return self.config.root

    @cached_property
    def corpus(self) -> Corpus:
        """The corpus model, with the index of unchanged documents from ``output/.cache/``."""
        from .build.cache import CorpusCache, paused_gc

        cache = CorpusCache(self.config.output / ".cache" / "corpus.pickle")
        with paused_gc():                   # a million objects that all live on: no collection while they come
            corpus = Corpus.load(self.root, self.config.sources, cache=cache)
        cache.save()
        gc.freeze()                         # ... nor after: no later collection walks the model again
        return corpus

    def rel(self, path: Path) -> str:
        """A path as diagnostics show it: relative to the edition root where possible."""
        resolved = path.resolve()
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find(root: Path | None, cwd: Path | None = None) -> Path:
    """The edition root: ``root`` if given, else the nearest folder upward with ``edition.toml``."""
    if root is not None:
        if not (root / config_module.CONFIG_NAME).is_file():
            raise EditionError(error(str(root), "this folder has no edition.toml", rule="config-missing",
                                     hint="pass the folder that holds edition.toml, or create an edition "
                                          "with 'edition init PATH'"))
        return root.resolve()
    found = config_module.find_root(cwd or Path.cwd())
    if found is None:
        raise EditionError(error(str(cwd or Path.cwd()), "not inside an edition: no edition.toml here or above",
                                 rule="config-missing",
                                 hint="change into an edition folder, pass --root PATH, or run 'edition init PATH'"))
    return found


def open_edition(root: Path | None = None) -> Edition:
    return Edition(config_module.load(find(root)))
