"""``graphkit lint``: likely duplicate actors and other gaps, with suggested fixes."""

from __future__ import annotations

import json
import sys

import click

from graphkit.cli.options import data_option, format_option

__all__ = ["lint"]


@click.command()
@data_option
@format_option(("table", "json"))
@click.option("--fix", is_flag=True,
              help="Merge near-certain duplicate actors (same type, same name after "
                   "transliteration) in entities.yaml and edges.yaml, keeping comments. "
                   "Both files are replaced together; a --fix killed half way is completed "
                   "by the next --fix.")
@click.option("--all", "show_all", is_flag=True,
              help="Also list the findings case.yaml marks as reviewed (lint.reviewed).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None,
              help="Only report likely duplicates scoring at least this (default 0.8).")
def lint(data: str, fmt: str, fix: bool, show_all: bool, min_score: float | None) -> None:
    """Find likely duplicate actors and other gaps left by many hands.

    Duplicates are found after folding case, accents and mis-decoded text,
    transliterating Cyrillic and normalising Kazakh/Russian romanisation variants
    (zh/j, kh/h, ou/u, y/i, ye/e, doubled letters, -yev/-ev), word order, initials and
    the vowels of long words (Zhanaozen/Zhenaozen); each is ranked by a score, with the
    spellings that matched. Also reported: claims stated twice (duplicate-claim), the
    same source, relation and target again with other dates or attributes for a tie or
    an act nothing tells apart (repeated-claim), statuses that contradict with no
    distinct claimants (contradicting-claims), claimed_by on a confirmed claim
    (confirmed-with-claimant), actors in no claim, sources never cited, evidence
    without lines, and claims whose direction the vocabulary contradicts.

    Findings a curator checked and kept (namesakes, an institution and its members) go
    into case.yaml under lint.reviewed, each with the reason: they are then not
    reported (--all lists them) and --fix never merges them; a review that matches
    nothing any more is reported (stale-review).

    Exit code 0 when there is nothing to report, 1 when there are findings or the data
    has errors lint cannot work around (run `graphkit validate`).

    \b
    Examples:
      graphkit lint
      graphkit lint --format json | jq '.[] | select(.code == "duplicate-actor")'
      graphkit lint --fix
    """
    from pathlib import Path

    from graphkit.cli import report_issues
    from graphkit.lint import LINT_CODES, lint_dataset, set_reviewed_aside
    from graphkit.lintfix import apply_merges, safe_merges
    from graphkit.load import read_dataset

    if fix:  # a --fix killed half way is completed before the folder is read
        from graphkit.export.commit import complete_interrupted

        done = complete_interrupted(Path(data))
        if done:
            click.echo(done, err=True)
    dataset = read_dataset(data)
    blocking = [i for i in dataset.warnings if i.severity == "error" and i.code not in LINT_CODES]
    if blocking:
        report_issues(blocking)
        click.echo("lint needs data that validates; fix the errors above first.", err=True)
        sys.exit(1)
    findings = lint_dataset(dataset, dataset.warnings)
    if min_score is not None:
        findings = [f for f in findings
                    if f.code != "duplicate-actor" or (f.score or 0) >= min_score]
    findings, reviewed = set_reviewed_aside(findings, dataset)
    if fix:
        merges = safe_merges(findings, {e.id: e.type for e in dataset.entities.values()})
        done = apply_merges(Path(data), merges)
        for drop, keep in merges:
            click.echo(f"merged '{drop}' into '{keep}'", err=True)
        if done:
            dataset = read_dataset(data)
            findings, reviewed = set_reviewed_aside(lint_dataset(dataset, dataset.warnings),
                                                    dataset)
    shown = findings + (reviewed if show_all else [])
    if fmt == "json":
        click.echo(json.dumps([{**f.to_dict(), **({"reviewed": True} if f in reviewed else {})}
                               for f in shown], ensure_ascii=False, indent=2))
    else:
        for finding in shown:
            click.echo(finding.format() + (" (reviewed in case.yaml)" if finding in reviewed else ""))
    note = f", {len(reviewed)} reviewed in case.yaml" if reviewed else ""
    click.echo(f"{len(findings)} finding(s){note}", err=True)
    if findings:
        sys.exit(1)
