"""``graphkit story``: list the case's stories, or print one as a sourced narrative."""

from __future__ import annotations

import json

import click

from graphkit.cli.options import cache_option, data_option, load_graph

__all__ = ["story"]

LIST_FORMATS = ("table", "csv", "json", "markdown")
STORY_FORMATS = ("markdown", "text", "json")


@click.command()
@click.argument("story_id", metavar="[ID]", required=False)
@data_option
@click.option("--format", "fmt", type=click.Choice(sorted({*LIST_FORMATS, *STORY_FORMATS})),
              default=None,
              help="The list: table (default), csv, json or markdown. A story: markdown "
                   "(default), text or json.")
@click.option("--archive", metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Folder of archived source texts: quote the exact cited lines with each "
                   "citation (at most 6 lines and 600 characters each).")
@cache_option
def story(story_id: str | None, data: str, fmt: str | None, archive: str | None) -> None:
    """List the case's stories, or print the story ID as a sourced narrative.

    Stories are written in DIR/stories.yaml (see docs/stories.md). Without ID: one row
    per story with its id, title, number of steps and the first sentence of its
    summary. With ID: the title and summary, then each step's text and its claims as
    plain statements ("Zhanaozen City Court sentenced Roza Tuletaeva (June 2012)"), each
    with its status where it is not confirmed, who claims it, and footnoted evidence:
    source, author, date, lines and the curator's note (a note, never a quotation).
    An unknown ID is a usage error (exit 2) that lists the closest ids.

    \b
    Examples:
      graphkit story
      graphkit story --format json
      graphkit story zhanaozen > story.md
      graphkit story sokolova --format text
      graphkit story zhanaozen --format json | jq '.steps[].title'
      graphkit story zhanaozen --archive ../shared/seeds
    """
    from graphkit.errors import UsageError

    if story_id is None:
        if fmt not in (None, *LIST_FORMATS):
            raise UsageError(f"the list of stories is written as {', '.join(LIST_FORMATS)}; "
                             f"--format {fmt} is for one story (graphkit story ID)")
        if archive:
            raise UsageError("--archive quotes the evidence of one story: graphkit story ID "
                             "--archive DIR")
    elif fmt not in (None, *STORY_FORMATS):
        raise UsageError(f"a story is written as {', '.join(STORY_FORMATS)}; --format {fmt} "
                         "is for the list of stories (graphkit story)")
    dataset, graph = load_graph(data)
    if story_id is None:
        _list(graph, data, fmt or "table")
    else:
        _print(graph, dataset, story_id, fmt or "markdown", archive)


def _list(graph: object, data: str, fmt: str) -> None:
    from graphkit.analyse.story import story_rows
    from graphkit.cli.options import emit_rows

    rows = story_rows(graph)  # type: ignore[arg-type]
    if not rows:
        click.echo(f"graphkit: no stories in {data} (write them in stories.yaml; see "
                   "docs/stories.md)", err=True)
    emit_rows(rows, ["id", "title", "steps", "lead"], fmt)


def _print(graph: object, dataset: object, story_id: str, fmt: str,
           archive: str | None) -> None:
    from graphkit.analyse.story import narrate, narrative_json
    from graphkit.analyse.story_render import narrative_markdown, narrative_text

    texts = None
    if archive:
        from graphkit.archive import ArchiveTexts

        texts = ArchiveTexts(archive, {s.id: s.archive
                                       for s in dataset.sources.values()})  # type: ignore[attr-defined]
    narrative = narrate(graph, story_id, texts.cited if texts else None)  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps(narrative_json(narrative), ensure_ascii=False, indent=2))
    elif fmt == "text":
        click.echo(narrative_text(narrative), nl=False)
    else:
        click.echo(narrative_markdown(narrative), nl=False)
    if texts and texts.missing:
        click.echo(f"graphkit: no archived text in {archive} for "
                   f"{', '.join(sorted(texts.missing))}; their citations are not quoted",
                   err=True)
