"""Time to first draw and to a settled layout in headless Chromium: graphkit vs pyvis.

    python benchmarks/html_bench.py                  # 500, 2,000 and 5,000 actors, best of 2 (~70 min)
    python benchmarks/html_bench.py --sizes 500 --repeat 1 --settle 30
    python benchmarks/html_bench.py --explorer       # the explorer alone: first draw of the
                                                     # default case and of 5,000 actors, and how
                                                     # fast focus, filter, path, time window and
                                                     # a story's next step answer

With ``--explorer`` (issue #14's measured points) pyvis is left out. The default case
(data/, built by the pipeline) and a synthetic case of ``--sizes`` actors are opened,
the first draw is read from the page's own timings, and each interaction is timed inside
the page from the call that makes it (what a click runs) to the end of the next frame
vis-network draws (``afterDrawing``): focusing the most central actor (depth 1, its
neighbourhood fitted), unticking a status, the chains between two actors four steps or so
apart, moving the date window's start, and (on a page with stories) stepping from one
step of the first story to the next. Each is repeated ``--repeat`` times on different
actors, values or steps and the median and the worst are reported.

For each size a synthetic case (benchmarks/generate.py, three claims per actor) is built
and written twice: by graphkit's explorer and by pyvis 0.3.2's default export of the same
simple graph (``Network(cdn_resources="in_line", directed=True).from_nx(...)`` then
``generate_html()``: vis-network inlined, default barnesHut physics with 1,000
stabilization iterations and dynamic smooth edges, which add one physics body per edge).
pyvis's page still links Bootstrap's CSS and JS from jsDelivr; those two requests are
aborted like every other non-file request, which only logs two console errors: its graph
code does not use Bootstrap.

The table also gives the Python time to write each page: graphkit's includes its seeded
layout (the synthetic graph has no stored positions), which its page then draws as is.

Both pages are opened from file:// in Debian's Chromium with the network blocked, and the
times are ``performance.now()`` (milliseconds since navigation) taken inside the page at
vis-network's first ``afterDrawing`` and first ``stabilized`` events. graphkit's page
records them itself (``window.graphkitExplorer.timings``; with physics off, as at these
sizes, its settled time is its first draw). The pyvis page gets the same listeners
injected right after its ``new vis.Network`` (which assigns the global ``network`` inside
its ``drawGraph()``), plus ones on ``stabilizationProgress`` and
``stabilizationIterationsDone``; they write ``window.__t`` and log each time to the console.

vis-network does not draw pyvis's canvas until its stabilization iterations are done (the
loading bar shows meanwhile), and runs them in batches of 50 that hold the page's main
thread, tens of seconds each at 5,000 actors; the load event waits for the first batches
and ``page.evaluate`` waits for the current batch. So the harness does not wait for
``load`` and does not ask the pyvis page anything: it navigates up to the first response
and collects the hook's console messages, which arrive as they are logged. It waits up to
``--timeout`` seconds (default 1,200) from navigation for the first draw, then up to
``--settle`` seconds (default 120) more for ``stabilized``; a page that missed either is
reported as such, with pyvis's last stabilization progress if it never drew. Each page is
loaded ``--repeat`` times, each in a fresh browser context, and the lowest time of each
column is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

import networkx as nx  # noqa: E402
from browser import browser  # noqa: E402
from generate import generate  # noqa: E402

from graphkit.build import build_graph  # noqa: E402
from graphkit.export.html import write_html  # noqa: E402
from graphkit.load import load_dataset  # noqa: E402

MARKER = "network = new vis.Network(container, data, options);"
HOOK = MARKER + """
window.__t = {firstDraw: null, settled: null, iterationsDone: null, progress: null};
(function () {
  function mark(name, extra) {
    var now = performance.now();
    if (name === "progress") window.__t.progress = extra;
    else if (window.__t[name] === null) window.__t[name] = now;
    console.log("html_bench " + name + " " + now + (extra ? " " + extra : ""));
  }
  network.once("afterDrawing", function () { mark("firstDraw"); });
  network.once("stabilized", function () { mark("settled"); });
  network.once("stabilizationIterationsDone", function () { mark("iterationsDone"); });
  network.on("stabilizationProgress", function (p) { mark("progress", p.iterations + "/" + p.total); });
})();"""

GRAPHKIT_PROBE = "window.graphkitExplorer && window.graphkitExplorer.timings"
CONSOLE = re.compile(r"html_bench (\w+) ([\d.]+)(?: (\S+))?$")


@dataclass
class Run:
    first: float | None = None  # ms since navigation
    settled: float | None = None
    iterations_done: float | None = None  # pyvis only: end of the stabilization iterations
    progress: str | None = None  # pyvis only: last stabilization progress, "iterations/total"


def pyvis_page(graph: nx.MultiDiGraph, path: Path) -> None:
    from pyvis.network import Network

    simple = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        simple.add_node(node, label=data["label"], title=data["label"])
    simple.add_edges_from((u, v) for u, v in graph.edges())
    net = Network(cdn_resources="in_line", directed=True)
    net.from_nx(simple)
    html = net.generate_html()
    assert html.count(MARKER) == 1 and "var network;" in html, "pyvis template changed"
    path.write_text(html.replace(MARKER, HOOK, 1), encoding="utf-8")


def measure(b, path: Path, probe: str | None, timeout: float, settle: float) -> Run:
    """One page load; ``probe`` reads graphkit's own timings, None listens to the pyvis hook."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    run = Run()
    context = b.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    url = path.as_uri()
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.on("pageerror", lambda error: print(f"  page error in {path.name}: {error}", file=sys.stderr))

    def on_console(message) -> None:
        found = CONSOLE.match(message.text)
        if not found:
            return
        name, ms, extra = found.group(1), float(found.group(2)), found.group(3)
        if name == "progress":
            run.progress = extra
        elif name == "firstDraw" and run.first is None:
            run.first = ms
        elif name == "settled" and run.settled is None:
            run.settled = ms
        elif name == "iterationsDone" and run.iterations_done is None:
            run.iterations_done = ms

    def wait(key: str, deadline: float) -> bool:
        """Until the page has reported ``key`` or the deadline (monotonic) has passed."""
        if probe is None:  # console messages are dispatched to on_console while Playwright waits
            field = {"firstDraw": "first", "settled": "settled"}[key]
            while getattr(run, field) is None and time.monotonic() < deadline:
                page.wait_for_timeout(250)
            return getattr(run, field) is not None
        left = (deadline - time.monotonic()) * 1000
        try:
            page.wait_for_function(f"() => {{ const t = {probe}; return t && t.{key} !== null; }}",
                                   timeout=max(left, 1), polling=100)
        except PlaywrightTimeout:
            return False
        return True

    page.on("console", on_console)
    started = time.monotonic()
    try:
        page.goto(url, wait_until="commit", timeout=timeout * 1000)
    except PlaywrightTimeout:
        context.close()
        return run
    if wait("firstDraw", started + timeout):
        wait("settled", time.monotonic() + settle)
    if probe is not None:  # graphkit's page is idle once drawn (it draws once with physics off)
        run.first, run.settled = page.evaluate(f"() => {{ const t = {probe}; "
                                               "return t ? [t.firstDraw, t.settled] : [null, null]; }")
    context.close()
    return run


def best(runs: list[Run]) -> Run:
    def low(values: list[float | None]) -> float | None:
        seen = [v for v in values if v is not None]
        return min(seen) if seen else None

    progress = max((r.progress for r in runs if r.progress), default=None,
                   key=lambda p: int(p.split("/")[0]))
    return Run(low([r.first for r in runs]), low([r.settled for r in runs]),
               low([r.iterations_done for r in runs]), progress)


TIME_FRAME = """(action) => new Promise(done => {
    const x = window.graphkitExplorer;
    const t0 = performance.now();
    x.network.once("afterDrawing", () => done(performance.now() - t0));
    new Function("x", action)(x);
})"""

ACTIONS = {
    "focus": "x.selectNode(x.data.nodes.slice().sort((a, b) => b.m[x.state.metric] - a.m[x.state.metric])"
             "[{i} * 7].id)",
    "filter": "document.querySelectorAll('input[data-group=statuses]')[{i} % 2 ? 0 : 1].click()",
    "path": "x.selectPath(x.data.nodes[{i} * 101 % x.data.nodes.length].id,"
            " x.data.nodes[({i} * 577 + 250) % x.data.nodes.length].id)",
    "time window": "(() => {{ const r = document.getElementById('gk-from');"
                   " r.value = x.data.span[0] + ({i} + 1) * (x.data.span[1] - x.data.span[0]) / 12;"
                   " r.dispatchEvent(new Event('input')); }})()",
    # The next step of the page's first story, from step {i} (what Next and the right
    # arrow key run): its filters, highlight, panel with the evidence, and fit.
    "story step": "x.stepStory(1)",
}
#: Run (untimed) before each timed "story step": open the first story at step {i}.
STORY_SETUP = ("() => {{ const x = window.graphkitExplorer;"
               " x.openStory(x.data.stories[0].id, {i}); }}")


def interactions(b, path: Path, repeat: int) -> dict[str, list[float]]:
    """Milliseconds per interaction, from the call to the end of the next drawn frame."""
    context = b.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    url = path.as_uri()
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url)
    page.wait_for_function(f"() => {GRAPHKIT_PROBE} && {GRAPHKIT_PROBE}.firstDraw !== null",
                           timeout=600_000)
    first = page.evaluate(f"() => {GRAPHKIT_PROBE}.firstDraw")
    times: dict[str, list[float]] = {"first draw": [first]}
    stories = page.evaluate("() => window.graphkitExplorer.data.stories.length")
    for name, action in ACTIONS.items():
        times[name] = []
        if name == "story step" and not stories:
            continue
        for i in range(repeat):
            if name == "story step":
                page.evaluate(STORY_SETUP.format(i=i + 1))
                page.wait_for_timeout(600)
            elif name != "filter":
                page.evaluate("() => { window.graphkitExplorer.clearSelection();"
                              " window.graphkitExplorer.resetFilters(); }")
                page.wait_for_timeout(300)
            times[name].append(page.evaluate(TIME_FRAME, "return " + action.format(i=i + 1)))
            page.wait_for_timeout(500)  # let a fit's animation end before the next one
    context.close()
    return times


def explorer_main(args: argparse.Namespace) -> None:
    """The explorer's measured points (issue #14): first draws and interaction times."""
    from graphkit.pipeline import run

    rows = []
    with tempfile.TemporaryDirectory() as tmp, browser() as b:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        pages = []
        run(HERE.parent / "data", out / "default", formats=("html",), report=False)
        actors = build_graph(load_dataset(HERE.parent / "data")).number_of_nodes()
        pages.append((f"default case ({actors:,} actors)", out / "default" / "graph.html"))
        for size in args.sizes:
            case = Path(tmp) / f"case-{size}"
            generate(size, size * 3, case, seed=11)
            run(case, out / f"synthetic-{size}", formats=("html",), report=False)
            pages.append((f"{size:,} actors, {size * 3:,} claims", out / f"synthetic-{size}" / "graph.html"))
        for label, path in pages:
            times = interactions(b, path, args.repeat)
            print(f"{label}: {times}", file=sys.stderr)
            rows.append((label, path.stat().st_size, times))
    print(f"median (worst) of {args.repeat} per interaction, milliseconds from the call to the "
          "next drawn frame")
    names = ["first draw", *ACTIONS]
    print("| page | size | " + " | ".join(names) + " |")
    print("| --- | ---: |" + " ---: |" * len(names))
    for label, size, times in rows:
        cells = []
        for name in names:
            values = sorted(times[name])
            if not values:
                cells.append("–")
                continue
            median = values[len(values) // 2]
            cells.append(f"{median:,.0f}" + (f" ({values[-1]:,.0f})" if len(values) > 1 else ""))
        print(f"| {label} | {size / 1e6:.2f} MB | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--explorer", action="store_true",
                        help="time the explorer alone: first draws and interactions (no pyvis)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--timeout", type=float, default=1200,
                        help="seconds from navigation to wait for the first draw")
    parser.add_argument("--settle", type=float, default=120,
                        help="seconds after the first draw to wait for a settled layout")
    parser.add_argument("--repeat", type=int, default=2, help="loads per page; the best is kept")
    parser.add_argument("--keep", type=Path, help="also keep the generated pages in this folder")
    args = parser.parse_args()
    if args.explorer:
        if args.sizes == [500, 2000, 5000]:
            args.sizes = [5000]
        explorer_main(args)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp, browser() as b:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            case = Path(tmp) / f"case-{size}"
            generate(size, size * 3, case, seed=11)
            graph = build_graph(load_dataset(case))
            ours, theirs = out / f"graphkit-{size}.html", out / f"pyvis-{size}.html"
            began = time.perf_counter()
            write_html(graph, ours)  # includes graphkit's seeded layout, the graph has no x/y
            written = {"graphkit": time.perf_counter() - began}
            began = time.perf_counter()
            pyvis_page(graph, theirs)
            written["pyvis default"] = time.perf_counter() - began
            for name, path, probe in (("graphkit", ours, GRAPHKIT_PROBE), ("pyvis default", theirs, None)):
                runs = []
                for _ in range(args.repeat):
                    runs.append(measure(b, path, probe, args.timeout, args.settle))
                    print(f"{size} {name}: {runs[-1]}", file=sys.stderr)
                rows.append((size, name, best(runs), path.stat().st_size, written[name]))

    print(f"best of {args.repeat}; first draw awaited up to {args.timeout:.0f} s from navigation, "
          f"a settled layout up to {args.settle:.0f} s after it")
    print("| actors | page | written in (Python) | first draw | settled layout | file size |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for size, name, run, bytes_, seconds in rows:
        if run.first is None:
            first = f"not within {args.timeout:.0f} s"
            first += f" (stabilization at {run.progress})" if run.progress else ""
            settled = "-"
        else:
            first = f"{run.first / 1000:.2f} s"
            settled = (f"{run.settled / 1000:.2f} s" if run.settled is not None
                       else f"not settled {args.settle:.0f} s after first draw")
        print(f"| {size:,} | {name} | {seconds:.2f} s | {first} | {settled} | {bytes_ / 1e6:.1f} MB |")
    for size, name, run, *_ in rows:
        if run.iterations_done is not None:
            print(f"{size:,} {name}: stabilizationIterationsDone at {run.iterations_done / 1000:.2f} s")


if __name__ == "__main__":
    main()
