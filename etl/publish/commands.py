"""The command-line commands of etl.publish, registered on `python -m etl`.

    release    dist/unga-resolutions-<version>.zip
    sqlite     one SQLite database with full-text search
    serve      that database in Datasette, on this machine
    parallel   clause-aligned text in several languages (JSON lines, TMX)
    card       the dataset card in README.md and its figures in docs/figures/

Each reads a built package (default output/; `python -m etl build` first).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import schema

DEFAULT_PACKAGE = schema.ROOT / "output"
DEFAULT_DIST = schema.ROOT / "dist"
DEFAULT_DB = DEFAULT_DIST / "unga-resolutions.db"

_package_option = click.option(
    "--package", "package_dir", type=click.Path(path_type=Path), default=DEFAULT_PACKAGE,
    show_default="output/", help="The built package to publish.")


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.command()
@_package_option
@click.option("--dist", type=click.Path(path_type=Path), default=DEFAULT_DIST,
              show_default="dist/", help="Folder to write the archive to.")
def release(package_dir: Path, dist: Path) -> None:
    """Write the versioned release archive dist/unga-resolutions-<version>.zip."""
    from .release import build_release
    from .tables import PackageError
    try:
        made = build_release(package_dir, dist)
    except PackageError as exc:
        _fail(exc)
    click.echo(f"wrote {made.path} (version {made.version}, {made.members} files, "
               f"{made.bytes:,} bytes)")


@click.command()
@_package_option
@click.option("--output", "db", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default="dist/unga-resolutions.db", help="The database file to write.")
def sqlite(package_dir: Path, db: Path) -> None:
    """Write one SQLite database of all tables, with full-text search."""
    from .sqlite import ForeignKeyError, write_database
    from .tables import PackageError
    try:
        made = write_database(package_dir, db)
    except (PackageError, ForeignKeyError) as exc:
        _fail(exc)
    rows = ", ".join(f"{t} {n:,}" for t, n in made.rows.items())
    click.echo(f"wrote {made.path}: {rows}")


@click.command()
@_package_option
@click.option("--db", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default="dist/unga-resolutions.db",
              help="The database to serve (written from the package if missing).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (this machine only by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(package_dir: Path, db: Path, host: str, port: int) -> None:
    """Browse and search the database in Datasette."""
    from . import serve as serving
    from .sqlite import ForeignKeyError, write_database
    from .tables import PackageError
    if not db.is_file():
        try:
            write_database(package_dir, db)
        except (PackageError, ForeignKeyError) as exc:
            _fail(exc)
    click.echo(f"serving {db} on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    # Datasette takes over this process: signals (Ctrl+C, a service manager's
    # SIGTERM) reach the server itself, and no child is left behind.
    command = serving.datasette_command(db, serving.write_metadata(db), host, port)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)


@click.command()
@_package_option
@click.option("--langs", default="en,fr,zh", show_default=True,
              help="Languages to align, comma-separated ISO 639-1 codes.")
@click.option("--out-dir", type=click.Path(path_type=Path), default=DEFAULT_DIST / "parallel",
              show_default="dist/parallel/", help="Folder for the .jsonl and .tmx files.")
def parallel(package_dir: Path, langs: str, out_dir: Path) -> None:
    """Write the clause-aligned text of every resolution present in all LANGS."""
    from .parallel import parse_languages, write_parallel
    from .tables import PackageError
    try:
        languages = parse_languages(langs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--langs") from None
    try:
        result, paths = write_parallel(package_dir, languages, out_dir)
    except PackageError as exc:
        _fail(exc)
    left = ", ".join(f"{lang} {n:,}" for lang, n in result.left_out.items())
    click.echo(f"wrote {paths[0]} and {paths[1]}: {len(result.units):,} aligned clauses of "
               f"{result.resolutions:,} resolutions; {len(result.disagreeing):,} resolutions "
               f"disagree on clause ids (clauses left out: {left})")


@click.command()
@_package_option
@click.option("--readme", type=click.Path(path_type=Path), default=schema.ROOT / "README.md",
              show_default="README.md", help="README to write the card into (between markers).")
@click.option("--figures", "figures_dir", type=click.Path(path_type=Path),
              default=schema.ROOT / "docs" / "figures", show_default="docs/figures/")
def card(package_dir: Path, readme: Path, figures_dir: Path) -> None:
    """Regenerate the dataset card in README.md and its figures from the build."""
    import os
    from . import card as cards
    from .tables import PackageError
    try:
        summary = cards.summarize(package_dir)
        link = Path(os.path.relpath(figures_dir, readme.parent)).as_posix()
        text = cards.readme_with_card(readme.read_text(encoding="utf-8"),
                                      cards.render(summary, link), str(readme))
    except PackageError as exc:
        _fail(exc)
    written = cards.write_figures(summary, figures_dir)
    readme.write_text(text, encoding="utf-8")
    click.echo(f"updated the dataset card in {readme} and {len(written)} figures in {figures_dir}")


COMMANDS: list = [release, sqlite, serve, parallel, card]
