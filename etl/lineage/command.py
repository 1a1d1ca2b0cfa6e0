"""`python -m etl diff SYMBOL [OTHER]`: what changed, paragraph by paragraph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import schema


@click.command()
@click.argument("symbol")
@click.argument("other", required=False)
@click.option("--lang", "language", default="en", show_default=True,
              help="Language version to compare (ar, zh, en, fr, ru, es).")
@click.option("--html", "as_html", is_flag=True, help="Write an HTML page instead of text.")
@click.option("--output", "out", type=click.Path(path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--color/--no-color", "colour", default=None,
              help="Colour the changes (default: when writing to a terminal).")
@click.option("--full", is_flag=True, help="Print unchanged clauses whole, not shortened.")
@click.option("--package", "package_dir", type=click.Path(path_type=Path),
              default=schema.ROOT / "output", show_default="output/",
              help="The built package to read.")
def diff(symbol: str, other: str | None, language: str, as_html: bool, out: Path | None,
         colour: bool | None, full: bool, package_dir: Path) -> None:
    """Show how SYMBOL changed from its predecessor (or from OTHER): every
    clause, with inserted and deleted words marked (characters in Chinese)."""
    from .show import NotFound, compare, html, terminal
    try:
        comparison = compare(package_dir, symbol, other, language.lower())
    except NotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if as_html:
        text = html(comparison)
    else:
        if colour is None:
            colour = out is None and sys.stdout.isatty()
        text = terminal(comparison, colour=colour, full=full)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        # Not click.echo: it would strip the colours it did not write itself.
        sys.stdout.write(text)
        sys.stdout.flush()
