"""Headless Debian Chromium for the explorer tests, with the network shut and watched.

Shared by tests/test_html_*.py and benchmarks/html_bench.py. Never runs
``playwright install``: it drives the system browser at /usr/bin/chromium (override with
GRAPHKIT_CHROMIUM) and fails, not skips, with the command to install it when missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    """The Chromium binary, or an AssertionError that says how to install it."""
    candidate = os.environ.get("GRAPHKIT_CHROMIUM") or "/usr/bin/chromium"
    found = candidate if Path(candidate).exists() else shutil.which("chromium")
    if not found:
        raise AssertionError(
            f"Chromium not found at {candidate}; the browser tests need it. Install it with "
            "`apt-get install -y chromium` (or run tests/setup.sh), or point GRAPHKIT_CHROMIUM "
            "at a Chromium binary. Do not use `playwright install`."
        )
    return found


@dataclass
class PageLog:
    """Everything the page tried to do that a self-contained page must not."""

    requests: list[str] = field(default_factory=list)  # every URL other than the page itself
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser(**launch: Any) -> Iterator[Any]:
    """A Playwright Chromium browser (system binary, headless, hardened flags)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, **launch
        )
        try:
            yield b
        finally:
            b.close()


def open_page(b: Any, path: Path, *, width: int = 1400, height: int = 900,
              wait: bool = True, fragment: str = "") -> tuple[Any, PageLog]:
    """Open ``path`` from file:// with every other request aborted and recorded.

    ``fragment`` (``"#actor=x&depth=2"``) is added to the address, as a shared link is.

    Console errors, uncaught page errors and dialogs (alert/confirm/prompt) are recorded
    in the returned log; dialogs are dismissed. With ``wait``, returns once the explorer
    has drawn for the first time.
    """
    log = PageLog()
    context = b.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    url = Path(path).resolve().as_uri()

    def route(r: Any) -> None:
        if r.request.url.split("#")[0] == url:
            r.continue_()
        else:
            log.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url + fragment)
    if wait:
        wait_drawn(page)
    return page, log


class Opened:
    """Open pages, and check on close that none of them misbehaved."""

    def __init__(self, chromium: Any) -> None:
        self.chromium = chromium
        self.logs: list[Any] = []
        self.pages: list[Any] = []

    def __call__(self, path: Path, **kw: Any) -> Any:
        page, log = open_page(self.chromium, path, **kw)
        self.logs.append(log)
        self.pages.append(page)
        return page

    def close(self) -> None:
        for page in self.pages:
            page.context.close()
        for log in self.logs:
            assert log.requests == [], log.requests
            assert log.console_errors == [] and log.page_errors == [], (log.console_errors,
                                                                         log.page_errors)
            assert log.dialogs == []


def ex(page: Any, expr: str, arg: Any = None) -> Any:
    """Evaluate ``expr`` with ``x`` bound to window.graphkitExplorer."""
    return page.evaluate(f"(arg) => {{ const x = window.graphkitExplorer; return ({expr}); }}", arg)


def wait_drawn(page: Any, timeout: float = 60_000) -> None:
    """Until the explorer exists and vis-network has drawn once."""
    page.wait_for_function(
        "() => window.graphkitExplorer && window.graphkitExplorer.timings.firstDraw !== null",
        timeout=timeout,
    )


def drawn_counts(page: Any) -> dict[str, int]:
    """Node and edge counts as vis-network holds them (all, and currently shown)."""
    return page.evaluate(
        """() => { const x = window.graphkitExplorer;
        return {nodes: x.nodes.length, edges: x.edges.length,
                visibleNodes: x.nodesView.length, visibleEdges: x.edgesView.length,
                networkNodes: Object.keys(x.network.body.nodes).filter(
                    id => x.network.body.nodes[id].options && !id.startsWith('edgeId:')).length}; }"""
    )


# ------------------------------------------------------------------ a case for the explorer

#: Sources: one ordinary with an https URL, one hostile with a javascript: URL.
EXPLORER_SOURCES = """\
- id: levy-2012
  title: "Zhanaozen: worker organisation and repression"
  author: Gabriel Levy
  publisher: People & Nature
  date: 2012-12
  url: https://example.org/levy-2012
- id: hostile-source
  title: "</script><script>window.__pwned=1</script>"
  author: "<img src=x onerror=\\"window.__pwned=1;alert(1)\\">"
  url: "javascript:alert(1)"
"""

HOSTILE_SCRIPT = "</script><script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE_TEMPLATE = "{{ 7*7 }}"

#: 12 actors: one with no claims (isolated-observer), three with hostile names.
EXPLORER_ENTITIES = """\
- id: almaty-court
  name: Almaty City Court
  type: court
- id: roza-tuletaeva
  name: Roza Tuletaeva
  type: person
  aliases: [Roza Tuletayeva, Роза Тулетаева]
  description: Strike spokesperson; jailed in 2012.
  country: KZ
- id: serik-tuletaev
  name: Serik Tuletaev
  type: person
- id: zhanaozen-police
  name: Zhanaozen police
  type: state_body
  aliases: [Police of Zhanaozen]
- id: ozenmunaigas
  name: Ozenmunaigas
  type: company
  aliases: [ÖzenMunayGaz]
- id: kazmunaigas
  name: KazMunaiGas
  type: company
- id: oil-strike
  name: Zhanaozen oil strike
  type: event
  start: 2011-05
  end: 2011-12-16
- id: massacre
  name: Zhanaozen massacre
  type: event
  date: 2011-12-16
- id: isolated-observer
  name: Isolated Observer
  type: ngo
- id: hostile-script
  name: "</script><script>window.__pwned=1</script>"
  type: person
  aliases: ["<script>alert(1)</script>"]
  description: "</script><script>window.__pwned=1</script> described"
- id: hostile-img
  name: "<img src=x onerror=\\"window.__pwned=1;alert(1)\\">"
  type: person
- id: hostile-template
  name: "{{ 7*7 }}"
  type: media
"""

#: 13 claims; police-roza has three parallel claims in both directions.
EXPLORER_EDGES = """\
- id: c01-sentenced
  source: almaty-court
  target: roza-tuletaeva
  relation: sentenced
  date: 2012-06-04
  attributes: {years: 7}
  evidence:
    - source: levy-2012
      lines: [49, "51-53"]
      note: Sentenced to seven years for inciting social discord.
- id: c02-employed
  source: roza-tuletaeva
  target: ozenmunaigas
  relation: employed_by
  start: 2008
  evidence: [{source: levy-2012, lines: [12]}]
- id: c03-participated
  source: roza-tuletaeva
  target: oil-strike
  relation: participated_in
  date: 2011
  evidence: [{source: levy-2012, lines: [14]}]
- id: c04-subsidiary
  source: ozenmunaigas
  target: kazmunaigas
  relation: subsidiary_of
  evidence: [{source: levy-2012, lines: [3]}]
- id: c05-police-massacre
  source: zhanaozen-police
  target: massacre
  relation: participated_in
  date: 2011-12-16
  evidence: [{source: levy-2012, lines: [20]}]
- id: c06-detained
  source: zhanaozen-police
  target: roza-tuletaeva
  relation: detained
  date: 2011-12
  status: alleged
  claimed_by: [roza-tuletaeva]
  evidence: [{source: levy-2012, lines: [30]}]
- id: c07-tortured
  source: zhanaozen-police
  target: roza-tuletaeva
  relation: tortured
  date: 2012-01
  status: disputed
  claimed_by: [roza-tuletaeva]
  evidence: [{source: levy-2012, lines: [31], note: She said she was tortured; officials denied it.}]
- id: c08-accuses
  source: roza-tuletaeva
  target: zhanaozen-police
  relation: accuses
  date: 2012-03
  evidence: [{source: levy-2012, lines: [32]}]
- id: c09-family
  source: roza-tuletaeva
  target: serik-tuletaev
  relation: family_of
  evidence: [{source: levy-2012, lines: [5]}]
- id: c10-hostile-criticizes
  source: hostile-script
  target: hostile-img
  relation: criticizes
  status: denied
  evidence:
    - source: hostile-source
      lines: [1]
      note: "</script><script>window.__pwned=1</script>"
- id: c11-hostile-reported
  source: hostile-template
  target: massacre
  relation: reported_on
  date: 2012
  evidence: [{source: hostile-source, note: "<img src=x onerror=\\"window.__pwned=1\\">"}]
- id: c12-hostile-supports
  source: hostile-script
  target: roza-tuletaeva
  relation: supports
  evidence: [{source: hostile-source}]
- id: c13-criticizes
  source: roza-tuletaeva
  target: kazmunaigas
  relation: criticizes
  date: 2011-06
  evidence: [{source: hostile-source, lines: [2]}]
"""


def write_explorer_case(folder: Path) -> Path:
    """Write the explorer's test case (12 actors, 13 claims) as a real data folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("sources.yaml", EXPLORER_SOURCES), ("entities.yaml", EXPLORER_ENTITIES),
                       ("edges.yaml", EXPLORER_EDGES)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder
