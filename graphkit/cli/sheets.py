"""``graphkit import``: a spreadsheet (an .xlsx workbook or a folder of CSV files) -> a data folder."""

from __future__ import annotations

import sys

import click

from graphkit.cli.options import verbose_option

__all__ = ["import_command"]


@click.command("import")
@click.argument("sheets", metavar="SHEETS", type=click.Path(path_type=str))
@click.option("--out", "-o", "out", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=str),
              help="Data folder to write sources.yaml, entities.yaml and edges.yaml into.")
@click.option("--force", is_flag=True,
              help="Replace the case DIR already holds (its other files are kept; a "
                   "stories.yaml citing what the new case lacks is moved aside).")
@click.option("--keep-invalid", is_flag=True,
              help="Write DIR even when the sheets hold errors (every row that could be "
                   "read), to go on fixing them in YAML; still exits 1.")
@click.option("--vocabulary", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="A vocabulary.yaml to check against and copy into DIR. Default: the "
                   "vocabulary.yaml beside the CSV files, else DIR's own, else graphkit's.")
@verbose_option
def import_command(sheets: str, out: str, force: bool, keep_invalid: bool,
                   vocabulary: str | None, verbose: bool) -> None:
    """Turn a spreadsheet into a data folder, checked as YAML is checked.

    SHEETS is an .xlsx workbook with the sheets Actors, Claims and Sources, or a folder
    holding actors.csv, claims.csv and sources.csv (docs/sheets.md shows the columns).
    Ids left blank are made from names; actors may be named by name or alias in the
    claims. Each problem points at its cell, with the codes and hints of `graphkit
    validate` (`[case.xlsx]Claims!C14: error [unknown-relation] ...` or
    `claims.csv:14:relation: ...`). Nothing is written when the sheets hold an error
    (exit 1), and a folder that already holds a case is only replaced with --force.
    Prints the files written.

    \b
    Examples:
      graphkit import docs/examples/strike.xlsx --out strike
      graphkit import docs/examples/strike --out data --force
      graphkit import docs/examples/strike-reviewed --out draft --keep-invalid -v
    """
    from graphkit.cli import report_issues
    from graphkit.sheets import import_sheets

    result = import_sheets(sheets, out, force=force, keep_invalid=keep_invalid,
                           vocabulary=vocabulary)
    if not result.ok:
        report_issues(result.issues)
        for path in result.written:
            click.echo(str(path))
        click.echo(f"wrote {out} with the errors above (--keep-invalid): fix them in the "
                   "sheets or in the YAML", err=True)
        sys.exit(1)
    if verbose:
        for issue in result.issues:
            click.echo(issue.format(), err=True)
    for path in result.written:
        click.echo(str(path))
    if result.stories_moved:
        old, new = result.stories_moved
        click.echo(f"graphkit: {old} holds the stories of the case replaced (they cite "
                   f"actors or claims this case lacks): moved to {new}", err=True)
    if verbose and result.dataset is not None:
        dataset = result.dataset
        click.echo(f"{out}: {len(dataset.sources)} sources, {len(dataset.entities)} actors, "
                   f"{len(dataset.claims)} claims", err=True)
