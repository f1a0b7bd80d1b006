"""Time spreadsheets in and out, and the diff of two versions, on a generated case.

    python benchmarks/generate.py M && python benchmarks/sheets_bench.py benchmarks/cases/M

Each stage is timed in wall and CPU seconds: every stage runs on one core, so the CPU
time is what it takes on an idle machine, while the wall time also counts whatever else
the machine runs. Stages:

* reading + validating the YAML case (what the same case costs in YAML, the reference
  of an import);
* ``export --format xlsx`` and ``--format sheets``;
* openpyxl reading the workbook's cells bare (read-only, values only): the floor of the
  import's first stage;
* importing the workbook and the CSV folder, whole (``import_sheets``) and by stage:
  reading the cells, checking them (documents + the validators), writing the YAML, reading
  it back with the normal loader;
* ``diff`` of the case and a second version (1% of claims' statuses moved, 1% of actors
  renamed, 1% of claims removed and 1% added), both folders read without the cache; and
  ``diff --git`` of the same two versions committed in a repository.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from graphkit._gc import paused_gc  # noqa: E402
from graphkit.diff import diff_datasets, load_revision, render  # noqa: E402
from graphkit.load import load_dataset  # noqa: E402
from graphkit.sheets import check_sheets, export_sheets, import_sheets  # noqa: E402
from graphkit.sheets.documents import yaml_items  # noqa: E402
from graphkit.sheets.importer import HEADER  # noqa: E402
from graphkit.yamlwrite import write_documents  # noqa: E402

ROWS: list[tuple[str, float, float]] = []


def timed(label: str, func):
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    ROWS.append((label, wall, cpu))
    print(f"{label:<52} {wall:8.2f} s wall {cpu:8.2f} s cpu", file=sys.stderr)
    return value


def second_version(case: Path, out: Path) -> None:
    """The case a week later: statuses moved, actors renamed, claims removed and added."""
    shutil.copytree(case, out)
    items = (out / "edges.yaml").read_text(encoding="utf-8").split("\n- source:")
    head, claims = items[0], items[1:]
    step = 100
    moved = 0
    for index in range(0, len(claims), step):
        if "status: alleged" in claims[index]:
            claims[index] = claims[index].replace("status: alleged", "status: confirmed")
            moved += 1
    removed = claims[1::step]
    claims = [c for i, c in enumerate(claims) if i % step != 1]
    added = [c.replace("Synthetic note.", "A second source says so.") for c in claims[2::step]]
    text = head + "".join("\n- source:" + c for c in claims + added)
    entities = (out / "entities.yaml").read_text(encoding="utf-8")
    renamed = [f"a{i}" for i in range(0, entities.count("- id: "), step)]
    for ident in renamed:
        pattern = re.compile(rf"(?<=[ \[]){ident}(?=[\n\],])")
        text = pattern.sub("r" + ident[1:], text)
        entities = entities.replace(f"- id: {ident}\n", f"- id: r{ident[1:]}\n")
    (out / "edges.yaml").write_text(text, encoding="utf-8")
    (out / "entities.yaml").write_text(entities, encoding="utf-8")
    print(f"second version: {moved} statuses moved, {len(renamed)} actors renamed, "
          f"{len(removed)} claims removed, {len(added)} added", file=sys.stderr)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path, help="a data folder (benchmarks/generate.py M)")
    args = parser.parse_args()
    os.environ["GRAPHKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="graphkit-bench-cache-")
    work = Path(tempfile.mkdtemp(prefix="graphkit-sheets-bench-"))
    try:
        dataset = timed("read + validate the YAML case (reference)",
                        lambda: load_dataset(args.case, use_cache=False))
        print(f"{len(dataset.entities):,} actors, {len(dataset.claims):,} claims",
              file=sys.stderr)
        book = work / "case.xlsx"
        timed("export --format xlsx", lambda: export_sheets(dataset, book, "xlsx"))
        timed("export --format sheets (CSV)",
              lambda: export_sheets(dataset, work / "sheets", "sheets"))
        print(f"workbook: {book.stat().st_size / 1e6:.1f} MB", file=sys.stderr)

        def bare_read() -> int:
            with paused_gc():   # as graphkit reads it
                loaded = openpyxl.load_workbook(book, read_only=True)
                count = sum(1 for sheet in loaded for _ in sheet.iter_rows(values_only=True))
                loaded.close()
            return count
        timed("openpyxl reading the workbook's cells bare (floor)", bare_read)

        for name, source in (("xlsx", book), ("CSV", work / "sheets")):
            case = timed(f"import {name}: read the cells and check them",
                         lambda source=source: check_sheets(source))
            assert case.ok, case.issues[:3]
            out = work / f"by-stage-{name}"
            out.mkdir()
            items = yaml_items(case.documents, case.index)

            def write(items=items, out=out) -> None:
                for kind, file in (("sources", "sources.yaml"), ("entities", "entities.yaml"),
                                   ("claims", "edges.yaml")):
                    write_documents(out / file, items[kind], HEADER)
            timed(f"import {name}: write the YAML", write)
            timed(f"import {name}: read it back (normal loader, no cache)",
                  lambda out=out: load_dataset(out, use_cache=False))
            result = timed(f"import {name}: whole (graphkit import, cache written)",
                           lambda source=source, name=name: import_sheets(
                               source, work / f"imported-{name}"))
            assert len(result.dataset.claims) == len(dataset.claims)

        second_version(args.case, work / "v2")
        old = timed("diff: read + validate the first version",
                    lambda: load_dataset(args.case, use_cache=False))
        new = timed("diff: read + validate the second version",
                    lambda: load_dataset(work / "v2", use_cache=False))
        changes = timed("diff: compare", lambda: diff_datasets(old, new))
        summary = changes.summary()
        print(f"found: {summary}", file=sys.stderr)
        for fmt in ("text", "markdown", "json"):
            timed(f"diff: render {fmt}", lambda fmt=fmt: render(changes, fmt, io.StringIO()))
        repo = work / "repo"
        shutil.copytree(args.case, repo / "data")
        git(repo, "init", "-q")
        git(repo, "-c", "user.email=b@e", "-c", "user.name=b", "add", ".")
        git(repo, "-c", "user.email=b@e", "-c", "user.name=b", "commit", "-qm", "one")
        for file in ("entities.yaml", "edges.yaml"):
            shutil.copyfile(work / "v2" / file, repo / "data" / file)
        git(repo, "-c", "user.email=b@e", "-c", "user.name=b", "commit", "-qam", "two")
        timed("diff --git HEAD~1..HEAD: whole", lambda: diff_datasets(
            load_revision(repo / "data", "HEAD~1"), load_revision(repo / "data", "HEAD")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(os.environ["GRAPHKIT_CACHE_DIR"], ignore_errors=True)
    print(f"\n{platform.python_implementation()} {platform.python_version()}, "
          f"openpyxl {openpyxl.__version__}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| stage | wall s | cpu s |\n| --- | ---: | ---: |")
    for label, wall, cpu in ROWS:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
