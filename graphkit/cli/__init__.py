"""The ``graphkit`` command: a thin click shell over the library.

Each module in ``COMMAND_MODULES`` defines click commands at module level; they are
collected here. Library errors become a one-line message (or a list of ``file:line``
issues) on stderr with exit code 1 (bad data) or 2 (bad usage); any other exception
is reported as an internal error, with the traceback only under ``--debug``.

While a command runs, stdout and stderr are :mod:`graphkit.cli.safeio` wrappers, so no
control sequence from the data reaches a terminal, whichever code path prints it; the
library's warnings (an unsafe cache folder, say) are shown once, as one line each.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
import warnings
from typing import Any

import click

from graphkit import __version__

__all__ = ["main", "COMMAND_MODULES"]

#: Modules whose module-level click commands become sub-commands of ``graphkit``.
COMMAND_MODULES = [
    "graphkit.cli.core",
    "graphkit.cli.analysis",
    "graphkit.cli.export",
    "graphkit.cli.lint",
    "graphkit.cli.sheets",
    "graphkit.cli.diff",
    "graphkit.cli.story",
]


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["graphkit.debug"] = True
    return value


def _debug_option() -> click.Option:
    return click.Option(["--debug"], is_flag=True, expose_value=False, is_eager=True,
                        callback=_set_debug, help="Show a full traceback on errors.")


class GraphkitGroup(click.Group):
    """A group that gives every command ``--debug`` and turns errors into messages."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(p.name == "debug" for p in cmd.params):
            cmd.params.append(_debug_option())
        super().add_command(cmd, name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command with escaping stdout/stderr and one-line warnings."""
        from graphkit.cli.safeio import SafeText

        out, err, show = sys.stdout, sys.stderr, warnings.showwarning
        sys.stdout, sys.stderr = SafeText(out), SafeText(err)

        def show_warning(message: Warning | str, category: type[Warning], *args: Any,
                         **kwargs: Any) -> None:
            if issubclass(category, _graphkit_warning()):
                click.echo(f"graphkit: warning: {message}", err=True)
            else:
                show(message, category, *args, **kwargs)

        warnings.showwarning = show_warning
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("once", _graphkit_warning())
                return super().main(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr, warnings.showwarning = out, err, show

    def invoke(self, ctx: click.Context) -> Any:
        from graphkit.errors import DataError, GraphkitError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except DataError as exc:
            if ctx.meta.get("graphkit.debug"):
                traceback.print_exc()
            report_issues(exc.issues)
            ctx.exit(1)
        except GraphkitError as exc:
            if ctx.meta.get("graphkit.debug"):
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            candidates = getattr(exc, "candidates", None)
            if candidates:
                click.echo("Closest matches: " + ", ".join(candidates), err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            # A command that writes says what state it left (graphkit.export.commit).
            click.echo(getattr(exc, "state", None) or
                       "Interrupted; every file is as it was or complete (files are replaced "
                       "whole, never half-written).", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `graphkit ... | head`: the reader left; not an error worth a message.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if ctx.meta.get("graphkit.debug") or os.environ.get("GRAPHKIT_DEBUG"):
                traceback.print_exc()
            else:
                click.echo(f"Internal error: {type(exc).__name__}: {exc}\n"
                           "This is a bug in graphkit; run again with --debug and report the "
                           "traceback.", err=True)
            ctx.exit(3)


def _graphkit_warning() -> type[Warning]:
    from graphkit.errors import GraphkitWarning

    return GraphkitWarning


def report_issues(issues: list[Any], stream: Any = None) -> None:
    """Print issues one per line, then a count, on stderr (or ``stream``)."""
    out = stream or sys.stderr
    for issue in issues:
        click.echo(issue.format(), file=out)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", file=out)


@click.group(cls=GraphkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
              help="Show a full traceback on errors.")
def main() -> None:
    """Turn curated, sourced YAML case files into a network to explore and analyse.

    A data folder holds sources.yaml, entities.yaml and edges.yaml (and optionally
    vocabulary.yaml). Start with `graphkit validate`, then `graphkit build`, which
    writes output/graph.html and the Gephi files.

    \b
    Exit codes: 0 ok; 1 invalid data, failed output, or no answer (path: the
    actors are not connected; lint: findings); 2 usage error (a bad option, an
    unknown actor or metric); 3 internal error.
    """


for _module_name in COMMAND_MODULES:
    _module = importlib.import_module(_module_name)
    for _value in vars(_module).values():
        if isinstance(_value, click.Command) and _value.name:
            main.add_command(_value)
