"""``python -m toolkit`` is the ``edition`` command."""

from .cli import main

main()
