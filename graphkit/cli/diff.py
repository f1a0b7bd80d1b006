"""``graphkit diff``: what changed between two versions of a case, for people and reviews."""

from __future__ import annotations

import sys

import click

from graphkit.cli.options import cache_option, cache_wanted, data_option, format_option

__all__ = ["diff"]


@click.command()
@click.argument("old", required=False, metavar="OLD")
@click.argument("new", required=False, metavar="NEW")
@click.option("--git", "revisions", metavar="REV..REV",
              help="Compare the data folder (--data) at two git revisions: A..B, A.. (A to "
                   "HEAD), or A alone (A to the folder as it is now).")
@data_option
@format_option(("text", "markdown", "json"))
@cache_option
def diff(old: str | None, new: str | None, revisions: str | None, data: str,
         fmt: str) -> None:
    """Show what changed between two versions of a case.

    OLD and NEW are data folders, or spreadsheets in the layout of `graphkit import`
    (an .xlsx workbook or a folder of CSV files); with --git, two revisions of the data
    folder in its git repository. Lists actors, claims, sources and stories added,
    removed and changed, field by field (a story step by step); status changes (alleged →
    confirmed) come first; an actor whose id changed but whose name or an alias stayed is
    shown as renamed, and its claims and the stories naming it follow it. --format
    markdown reads well as a pull-request comment; json holds every value.

    Exit code 0 when the cases are equal (nothing printed, as diff(1)), 1 when they
    differ, 2 on trouble (a missing folder, invalid data, an unknown revision).

    \b
    Examples:
      graphkit diff docs/examples/strike docs/examples/strike-reviewed
      graphkit diff docs/examples/strike docs/examples/strike-reviewed --format markdown
      graphkit diff --git HEAD~1..HEAD --format markdown
      graphkit diff --git HEAD --format json
    """
    from graphkit.cli import report_issues
    from graphkit.diff import diff_datasets, load_revision, load_side, parse_revisions, render
    from graphkit.errors import DataError, GraphkitError

    try:
        if revisions is not None:
            if old is not None or new is not None:
                raise click.UsageError("give OLD and NEW, or --git REV..REV, not both")
            first, second = parse_revisions(revisions)
            before = load_revision(data, first)
            after = load_revision(data, second) if second is not None else \
                load_side(data, use_cache=cache_wanted())
            names = (f"{first}:{data}", f"{second}:{data}" if second else data)
        elif old is None or new is None:
            raise click.UsageError("give two versions to compare: OLD NEW, or --git REV..REV")
        else:
            before = load_side(old, use_cache=cache_wanted())
            after = load_side(new, use_cache=cache_wanted())
            names = (old, new)
    except DataError as exc:
        report_issues(exc.issues)
        sys.exit(2)
    except GraphkitError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    changes = diff_datasets(before, after, *names)
    render(changes, fmt, sys.stdout)
    sys.exit(0 if changes.equal else 1)
