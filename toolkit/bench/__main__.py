"""``python -m toolkit.bench``: run the benchmark (``make bench BENCH_ARGS="--docs 2000"``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from .harness import STEPS, Bench, Options, save, table, targets_table


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--docs", "documents", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True,
              help="Documents in the generated edition.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generator.")
@click.option("--workdir", type=click.Path(path_type=Path, file_okay=False), default=Path("output/bench"),
              show_default=True, help="Folder for the generated edition, its outputs and results.json.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes for the builds (default: one per core).")
@click.option("--volume", type=click.IntRange(1, 1_000_000), default=500, show_default=True,
              help="Documents in the PDF volume.")
@click.option("--steps", default="", help="Comma-separated steps to run (default: all): " + ", ".join(STEPS))
def main(documents: int, seed: int, workdir: Path, jobs: int | None, volume: int, steps: str) -> None:
    """Generate a synthetic edition and measure validate, the builds and the rebuilds against the floor."""
    chosen = tuple(s.strip() for s in steps.split(",") if s.strip())
    unknown = [s for s in chosen if s not in STEPS]
    if unknown:
        raise click.BadParameter(f"unknown steps {', '.join(unknown)}; steps: {', '.join(STEPS)}",
                                 param_hint="--steps")
    console = Console(width=max(Console().width, 110))   # a pipe gets 80 columns: too narrow for the table
    options = Options(documents=documents, seed=seed, workdir=workdir.resolve(), jobs=jobs, volume=volume,
                      steps=chosen)
    results = Bench(options, lambda text: console.print(f"[dim]{text}[/]")).run()
    console.print(table(results))
    console.print(targets_table(results))
    path = workdir / "results.json"
    save(results, path)
    console.print(f"written {path}")
    sys.exit(1 if any(row.status == "failed" for row in results.rows) else 0)


if __name__ == "__main__":
    main()
