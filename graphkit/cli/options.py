"""Options and helpers shared by every command, so they read the same everywhere."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

__all__ = ["data_option", "out_option", "format_option", "filter_options", "verbose_option",
           "load_graph", "cache_option", "cache_wanted", "seed_option", "DEFAULT_SEED",
           "explained_if_filtered", "emit_rows"]

#: The seed of every randomised step (Louvain, layout, samples) unless --seed says otherwise.
DEFAULT_SEED = 42

F = TypeVar("F", bound=Callable[..., Any])


def data_option(func: F) -> F:
    """``--data DIR``: the data folder (default ``data``)."""
    return click.option(
        "--data", "data", default="data", show_default=True, metavar="DIR",
        type=click.Path(file_okay=False, path_type=str),
        help="Data folder with sources.yaml, entities.yaml and edges.yaml.")(func)


def out_option(default: str = "output", help_text: str = "Output folder.") -> Callable[[F], F]:
    """``--out DIR``."""
    def decorate(func: F) -> F:
        return click.option("--out", "out", default=default, show_default=True, metavar="DIR",
                            type=click.Path(path_type=str), help=help_text)(func)
    return decorate


def format_option(choices: tuple[str, ...] = ("table", "csv", "json"),
                  default: str | None = None) -> Callable[[F], F]:
    """``--format``, with the first choice as the default."""
    def decorate(func: F) -> F:
        return click.option("--format", "fmt", type=click.Choice(choices),
                            default=default or choices[0], show_default=True,
                            help="Output format.")(func)
    return decorate


def _remember_no_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["graphkit.no_cache"] = True
    return value


def seed_option(what: str = "communities and layout") -> Callable[[F], F]:
    """``--seed N``: the seed of ``what``; the same seed gives the same output."""
    def decorate(func: F) -> F:
        return click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                            help=f"Seed for {what} (same seed, same output).")(func)
    return decorate


def cache_option(func: F) -> F:
    """``--no-cache``: re-read the data even when it is unchanged since the last run.

    Every command that reads a data folder takes it; :func:`load_graph` and
    :func:`cache_wanted` read it from the click context, so commands need not pass it on.
    """
    return click.option("--no-cache", is_flag=True, expose_value=False,
                        callback=_remember_no_cache,
                        help="Re-read and re-validate the data even if it is unchanged "
                             "(also: GRAPHKIT_NO_CACHE=1).")(func)


def cache_wanted() -> bool:
    """False when the running command was given ``--no-cache``."""
    ctx = click.get_current_context(silent=True)
    return not (ctx is not None and ctx.meta.get("graphkit.no_cache"))


def verbose_option(func: F) -> F:
    """``--verbose/-v``: progress (also when stderr is not a terminal) and data warnings."""
    return click.option("-v", "--verbose", is_flag=True,
                        help="Print progress and data warnings on stderr, also when it is "
                             "not a terminal.")(func)


def _filter_from(kwargs: dict[str, Any]) -> Any:
    from graphkit.filters import GraphFilter, parse_list

    return GraphFilter(
        types=parse_list(kwargs.pop("types", ())),
        relations=parse_list(kwargs.pop("relations", ())),
        statuses=parse_list(kwargs.pop("statuses", ())),
        since=kwargs.pop("since", None), until=kwargs.pop("until", None),
        keep_undated=not kwargs.pop("dated_only", False))


def filter_options(func: F) -> F:
    """``--type``, ``--relation``, ``--status`` (repeatable or comma-separated),
    ``--since``, ``--until``, ``--dated-only``; passed on as ``graph_filter``."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["graph_filter"] = _filter_from(kwargs)
        return func(*args, **kwargs)

    options = [
        click.option("--type", "-t", "types", multiple=True, metavar="TYPE",
                     help="Keep only actors of this entity type (repeatable)."),
        click.option("--relation", "-r", "relations", multiple=True, metavar="REL",
                     help="Keep only claims of this relation (repeatable)."),
        click.option("--status", "-s", "statuses", multiple=True, metavar="STATUS",
                     help="Keep only claims with this status (repeatable)."),
        click.option("--since", metavar="DATE", help="Keep claims on or after DATE (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Keep claims on or before DATE."),
        click.option("--dated-only", is_flag=True,
                     help="With --since/--until, drop claims that carry no date."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def load_graph(data: str, graph_filter: Any = None, *, verbose: bool = False,
               archive: str | None = None) -> tuple[Any, Any]:
    """Load, validate and build; bad data raises DataError, which the group reports.

    Honours ``--no-cache`` (see :func:`cache_option`).
    """
    from graphkit.build import build_graph
    from graphkit.load import load_dataset

    dataset = load_dataset(data, archive=archive, use_cache=cache_wanted())
    if verbose:
        for issue in dataset.warnings:
            click.echo(issue.format(), err=True)
    return dataset, build_graph(dataset, graph_filter)


@contextlib.contextmanager
def explained_if_filtered(dataset: Any, graph: Any, *names: str) -> Iterator[None]:
    """Turn "no actor called X" into "X is left out by the filter" where that is why.

    An actor the filter dropped is no usage error (exit 2, as for a typo) but a question
    with no answer in this view (exit 1, as for actors that are not connected).
    """
    from graphkit.errors import NoPath, NotFound

    try:
        yield
    except NotFound:
        from graphkit.analyse.resolve import left_out

        for name in names:
            why = left_out(graph, name, dataset.entities.values())
            if why:
                raise NoPath(why) from None
        raise


def emit_rows(rows: Any, columns: Any, fmt: str) -> None:
    """Rows to stdout in ``fmt``; a table for a terminal is cut to the terminal's width
    (and stderr says so once), a table for a pipe or a file stays whole."""
    import shutil
    import sys

    from graphkit.render import emit

    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    if emit(rows, columns, fmt, sys.stdout, width):
        click.echo(f"(long cells cut to fit {width} columns; --format csv or json, or a pipe, "
                   "gives them whole)", err=True)
