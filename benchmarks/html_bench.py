"""Time to first draw and to a settled layout in headless Chromium: graphkit vs pyvis.

    python benchmarks/html_bench.py                  # 500, 2,000 and 5,000 actors
    python benchmarks/html_bench.py --sizes 500 --timeout 30

For each size a synthetic case (benchmarks/generate.py, three claims per actor) is built
and written twice: by graphkit's explorer and by pyvis's default export of the same
simple graph (``Network().from_nx(...)``, with vis-network inlined so that it can draw
offline at all; its Bootstrap links stay and are blocked like every other request).
Both pages are opened from file:// in Debian's Chromium with the network blocked, and
``performance.now()`` is read at vis-network's first ``afterDrawing`` and first
``stabilized`` events (graphkit's page records them itself; the pyvis page gets the same
two listeners injected after its ``new vis.Network``). A layout that has not settled
within ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
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

HOOK = """network = new vis.Network(container, data, options);
window.__t = {firstDraw: null, settled: null};
network.once("afterDrawing", function () { window.__t.firstDraw = performance.now(); });
network.on("stabilized", function () {
  if (window.__t.settled === null) window.__t.settled = performance.now(); });"""


def pyvis_page(graph: nx.MultiDiGraph, path: Path) -> None:
    from pyvis.network import Network

    simple = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        simple.add_node(node, label=data["label"], title=data["label"])
    simple.add_edges_from((u, v) for u, v in graph.edges())
    net = Network(cdn_resources="in_line", directed=True)
    net.from_nx(simple)
    html = net.generate_html()
    marker = "network = new vis.Network(container, data, options);"
    assert marker in html, "pyvis template changed"
    path.write_text(html.replace(marker, HOOK, 1), encoding="utf-8")


def measure(b, path: Path, probe: str, timeout: float) -> tuple[float | None, float | None]:
    context = b.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else route.abort())
    page.goto(path.as_uri(), wait_until="load", timeout=int(timeout * 1000))
    deadline = time.monotonic() + timeout
    first = settled = None
    while time.monotonic() < deadline:
        first, settled = page.evaluate(f"() => {{ const t = {probe};"
                                       " return t ? [t.firstDraw, t.settled] : [null, null]; }")
        if first is not None and settled is not None:
            break
        time.sleep(0.1)
    context.close()
    return first, settled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, browser() as b:
        for size in args.sizes:
            case = Path(tmp) / f"case-{size}"
            generate(size, size * 3, case, seed=11)
            graph = build_graph(load_dataset(case))
            ours, theirs = Path(tmp) / f"graphkit-{size}.html", Path(tmp) / f"pyvis-{size}.html"
            write_html(graph, ours)
            pyvis_page(graph, theirs)
            for name, path, probe in (("graphkit", ours, "window.graphkitExplorer && "
                                       "window.graphkitExplorer.timings"),
                                      ("pyvis default", theirs, "window.__t")):
                first, settled = measure(b, path, probe, args.timeout)
                rows.append((size, name, first, settled, path.stat().st_size))
                print(rows[-1], file=sys.stderr)

    def ms(value: float | None) -> str:
        return f"{value / 1000:.2f} s" if value is not None else f"not within {args.timeout:.0f} s"

    print("| actors | page | first draw | settled layout | file size |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size, name, first, settled, bytes_ in rows:
        print(f"| {size:,} | {name} | {ms(first)} | {ms(settled)} | {bytes_ / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
