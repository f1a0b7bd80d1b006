"""The interactive explorer: one self-contained, offline HTML file per graph.

Why it is built this way (see docs/internals.md and docs/explorer.md):

* **One file, no requests.** vis-network's JS and CSS are read from pyvis's package data
  (the honest reason graphkit depends on pyvis) and inlined, licence header included.
  graphkit's own template, script and style sheet replace pyvis's page: no Bootstrap,
  no CDN, no web fonts. A Content-Security-Policy in the page forbids every fetch and
  every script except the two inlined ones (pinned by their SHA-256), so even a mistake
  elsewhere could not make the page phone home or run injected code.
* **Data only as JSON.** The graph goes into ``<script type="application/json">``,
  serialised with ``json.dumps`` and with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped,
  and is read with ``JSON.parse``. The page script writes every data string with
  ``textContent`` and DOM calls, never ``innerHTML``; tooltips are plain text. The
  template is rendered by jinja2 with autoescape on, so the title and headings are
  escaped too.
* **Drawn from finished positions.** Node positions come from the ``x``/``y`` node
  attributes when every node has them (the pipeline stores them), else from
  :func:`graphkit.analyse.layout.compute_layout`. Physics is off by default above
  :data:`PHYSICS_MAX_NODES` nodes, with a toggle in the page.
* **Deterministic.** Nodes and edges are written sorted by id, floats rounded, no
  timestamps: the same graph gives the same bytes.

The graph given is never modified.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import importlib.util
import json
import math
import os
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from graphkit.dates import partial_date_or_none, span
from graphkit.errors import ExportError, UsageError
from graphkit.export.atomic import atomic_write
from graphkit.export.quotes import QuoteBudget, cited_quotes
from graphkit.metrics import METRICS
from graphkit.names import skeleton, skeleton_spec
from graphkit.text import fold, shorten

__all__ = ["write_html", "render_html", "explorer_data", "METRIC_LABELS", "PHYSICS_MAX_NODES",
           "DEFAULT_MAX_NODES"]

#: Above this many drawn nodes the page opens with physics off (positions are final).
PHYSICS_MAX_NODES = 300
#: Actors the explorer draws when the caller does not say (``max_nodes="auto"``): a
#: browser stays responsive with a few thousand nodes, not with a hundred thousand.
DEFAULT_MAX_NODES = 5_000

#: Node metrics the page offers for sizing, with their labels (graphkit.metrics' titles).
#: PageRank first: the page's default size. ``claims`` is the count of claims an actor is
#: in, offered only for a graph built without the analysis layer's metrics.
METRIC_LABELS: dict[str, str] = {
    **{m.attribute: m.title for m in sorted(METRICS, key=lambda m: m.key != "pagerank")},
    "claims": "Claims (count)",
}
_MEANINGS: dict[str, str] = {m.attribute: m.meaning for m in METRICS}

#: Longest text the page holds for one value (names, descriptions, notes).
PAGE_TEXT_LIMIT = 2_000

#: Median drawn link length in pixels; positions from any source are scaled to it.
_LINK_PX = 140.0
_VIS_PACKAGE = "pyvis"
_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_EPOCH_ORDINAL = 719163  # datetime.date(1970, 1, 1).toordinal()
_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    max_nodes: int | None | str = "auto",
    title: str | None = None,
    size_metric: str | None = None,
    archive: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the explorer for ``graph`` to ``path`` (atomically, UTF-8); return the path.

    Parameters
    ----------
    graph : the claim graph (docs/internals.md); metrics and x/y are used when present
    path : where to write the page
    max_nodes : keep only the N most central actors (by ``size_metric``, else the page's
        default metric) and say so on the page; ``"auto"`` (default) keeps
        :data:`DEFAULT_MAX_NODES` when the graph is larger, None keeps everyone
    title : page title and heading; defaults to "<data folder name>: network explorer"
    size_metric : node attribute that sizes nodes by default (must be numeric on the nodes)
    archive : folder of the archived source texts; the page then carries the cited lines
        of each evidence item as its quotation (bounded: :class:`QuoteBudget`)

    Raises
    ------
    UsageError
        ``max_nodes`` below 1 or an unknown ``size_metric``.
    ExportError
        The file cannot be written.
    """
    if max_nodes == "auto":
        max_nodes = DEFAULT_MAX_NODES if graph.number_of_nodes() > DEFAULT_MAX_NODES else None
    page = render_html(graph, max_nodes=max_nodes,  # type: ignore[arg-type]
                       title=title, size_metric=size_metric, archive=archive)
    target = Path(path)
    with atomic_write(target, "w") as handle:
        handle.write(page)
    return target


def render_html(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int | None = None,
    title: str | None = None,
    size_metric: str | None = None,
    archive: str | os.PathLike[str] | None = None,
) -> str:
    """The explorer page as a string (what :func:`write_html` writes; notebooks embed it)."""
    data = explorer_data(graph, max_nodes=max_nodes, title=title, size_metric=size_metric,
                         archive=archive)
    assets = _assets()
    scripts = [assets["vis_js"], assets["explorer_js"]]
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(f"'sha256-{_sha256(s)}'" for s in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    template = _environment().get_template("explorer.html.j2")
    return template.render(
        title=data["title"],
        csp=csp,
        vis_css=Markup(assets["vis_css"]),
        explorer_css=Markup(assets["explorer_css"]),
        vis_js=Markup(assets["vis_js"]),
        explorer_js=Markup(assets["explorer_js"]),
        data_json=Markup(dumps_for_script(data)),
    )


def dumps_for_script(value: Any) -> str:
    """JSON that cannot end or confuse the ``<script>`` element it is placed in.

    Escaping ``<`` ``>`` ``&`` as ``\\u003c`` etc. keeps ``</script>`` and ``<!--`` out of
    the HTML parser's sight; U+2028/U+2029 are escaped for old JS engines. JSON.parse
    reads all of them back unchanged.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def explorer_data(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int | None = None,
    title: str | None = None,
    size_metric: str | None = None,
    archive: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Everything the page draws, as plain JSON-ready data (sorted, rounded, no None keys lost).

    Split out so that tests and other front ends can read exactly what the page is given.
    """
    if max_nodes is not None and max_nodes < 1:
        raise UsageError("max_nodes must be at least 1")
    metrics = _metrics(graph)
    view = dict(graph.graph.get("view") or {})
    if size_metric is None and view.get("metric") in metrics:
        size_metric = view["metric"]
    default_metric = _default_metric(metrics, size_metric)
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()

    nodes = sorted(graph.nodes, key=str)
    note = None
    if max_nodes is not None and max_nodes < total_nodes:
        values = metrics[default_metric]
        nodes = sorted(nodes, key=lambda n: (-values.get(n, 0.0), str(n)))[:max_nodes]
        nodes.sort(key=str)
    kept = set(nodes)
    edges = sorted(
        ((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if u in kept and v in kept),
        key=lambda e: str(e[2]),
    )
    if len(nodes) < total_nodes:
        note = (
            f"Showing the {len(nodes):,} most central of {total_nodes:,} actors "
            f"(by {METRIC_LABELS.get(default_metric, default_metric)}) and the "
            f"{len(edges):,} of {total_edges:,} claims among them; graph.graphml, "
            "graph.gexf and graph.json hold them all."
        )

    vocab = graph.graph.get("vocabulary")
    positions = _positions(graph, nodes, edges)
    name = str(graph.graph.get("name") or "graph")
    page_title = title if title is not None else f"{name}: network explorer"

    type_counts: dict[str, int] = defaultdict(int)
    for n in nodes:
        type_counts[str(graph.nodes[n].get("type"))] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    status_counts: dict[str, int] = defaultdict(int)
    cited: set[str] = set()
    for _u, _v, _k, d in edges:
        relation_counts[str(d.get("relation"))] += 1
        status_counts[str(d.get("status") or "confirmed")] += 1
        cited.update(str(e.get("source")) for e in d.get("evidence") or [])

    node_rows = []
    for n in nodes:
        d = graph.nodes[n]
        x, y = positions[n]
        row: dict[str, Any] = {
            "id": str(n),
            "label": _text(d.get("label")) or str(n),
            "type": str(d.get("type")),
            "aliases": [_text(a) for a in d.get("aliases") or []],
            "keys": _name_keys(_text(d.get("label")) or str(n), d.get("aliases") or []),
            "x": x,
            "y": y,
            "m": {m: _round(metrics[m].get(n, 0.0)) for m in metrics},
        }
        for key in ("description", "country", "date", "start", "end"):
            if d.get(key) not in (None, ""):
                row[key] = _text(d.get(key))
        days = _span(d.get("date"), d.get("start"), d.get("end"))
        if days is not None:
            row["t"] = days
        node_rows.append(row)

    curves = _curves(edges)
    sources = graph.graph.get("sources") or {}
    budget = QuoteBudget()
    quotes = cited_quotes(edges, sources, Path(archive), budget) if archive is not None else {}
    edge_rows = []
    for u, v, k, d in edges:
        row = {
            "id": str(k),
            "from": str(u),
            "to": str(v),
            "relation": str(d.get("relation")),
            "directed": bool(d.get("directed", True)),
            "status": str(d.get("status") or "confirmed"),
            "claimed_by": [str(c) for c in d.get("claimed_by") or []],
            "evidence": [_evidence(e, quotes.get((str(k), i)))
                         for i, e in enumerate(d.get("evidence") or [])],
        }
        if d.get("label"):
            row["label"] = _text(d.get("label"))
        for key in ("date", "start", "end"):
            if d.get(key):
                row[key] = _text(d.get(key))
        attributes = d.get("attributes") or {}
        if attributes:
            row["attributes"] = {str(a): _scalar(attributes[a]) for a in sorted(attributes, key=str)}
        days = _span(d.get("date"), d.get("start"), d.get("end"))
        if days is not None:
            row["t"] = days
        else:
            reported = _reported(d, sources)
            if reported is not None:
                row["reported"], row["rt"] = reported
        if curves.get(k):
            row["curve"] = curves[k]
        edge_rows.append(row)

    spans = [r["t"] for r in node_rows + edge_rows if "t" in r]
    spans += [r["rt"] for r in edge_rows if "rt" in r]
    bounds = [b for s in spans for b in s if b is not None]
    kept_ids = {row["id"] for row in node_rows}
    return {
        "title": page_title,
        "name": name,
        "filter": graph.graph.get("filter"),
        "note": note,
        "total": {"nodes": total_nodes, "edges": total_edges},
        "physics": len(nodes) <= PHYSICS_MAX_NODES,
        "metrics": [{"key": m, "label": METRIC_LABELS.get(m, m), "meaning": _MEANINGS.get(m, "")}
                    for m in metrics],
        "metric": default_metric,
        "types": _legend_types(vocab, type_counts),
        "relations": _legend_relations(vocab, relation_counts),
        "statuses": _legend_statuses(vocab, status_counts),
        "sources": {
            sid: {k: _text(v) for k, v in sorted(sources[sid].items()) if v not in (None, "")}
            for sid in sorted(cited)
            if sid in sources
        },
        "span": [min(bounds), max(bounds)] if bounds else None,
        "view": {
            "set_aside": [str(n) for n in view.get("set_aside") or [] if str(n) in kept_ids],
            "depth": int(view.get("depth") or 1),
        },
        "quotes": budget.summary() if archive is not None else None,
        "stories": _stories(graph, kept_ids, {row["id"] for row in edge_rows}),
        "sensitivity": _sensitivity(graph, kept_ids),
        "skeleton": skeleton_spec(),
        "nodes": node_rows,
        "edges": edge_rows,
    }


# ---------------------------------------------------------------------------- metrics


def _metrics(graph: nx.MultiDiGraph) -> dict[str, dict[Hashable, float]]:
    """Numeric node metrics present on the graph, in menu order; degree always offered.

    The pipeline's ``annotate`` adds the metrics; a bare graph still gets its claim
    counts (the multigraph degree, labelled as such) so that size means something.
    """
    found: dict[str, dict[Hashable, float]] = {}
    candidates = list(METRIC_LABELS)
    extra = sorted(
        {
            k
            for _, d in graph.nodes(data=True)
            for k, v in d.items()
            if k not in METRIC_LABELS and k not in ("x", "y", "community") and _is_number(v)
        }
    )
    for key in candidates + extra:
        values = {n: float(d[key]) for n, d in graph.nodes(data=True) if _is_number(d.get(key))}
        if values and (key in METRIC_LABELS or len(values) == graph.number_of_nodes()):
            found[key] = values
    if not found.keys() & {m.attribute for m in METRICS}:
        found = {"claims": {n: float(deg) for n, deg in graph.degree()}, **found}
    return found


def _default_metric(metrics: Mapping[str, Any], requested: str | None) -> str:
    if requested is not None:
        if requested not in metrics:
            raise UsageError(
                f"size metric {requested!r} is not a numeric node attribute of this graph; "
                f"available: {', '.join(metrics)}"
            )
        return requested
    return "pagerank" if "pagerank" in metrics else next(iter(metrics))


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _round(value: float) -> float:
    """Six significant digits: plenty for sizing, and stable across platforms."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    return float(f"{value:.6g}")


# ---------------------------------------------------------------------------- layout


def _positions(
    graph: nx.MultiDiGraph, nodes: list[Hashable], edges: list[tuple[Any, Any, Any, Any]]
) -> dict[Hashable, tuple[float, float]]:
    """Pixel positions: stored x/y if every drawn node has them, else a fresh layout.

    Whatever their origin (layout units, spring_layout's [-1, 1] box, Gephi pixels),
    positions are scaled so the median drawn link is about ``_LINK_PX`` long, which suits
    vis-network's node sizes and its physics when switched on.
    """
    stored = {
        n: (float(graph.nodes[n]["x"]), float(graph.nodes[n]["y"]))
        for n in nodes
        if _is_number(graph.nodes[n].get("x")) and _is_number(graph.nodes[n].get("y"))
    }
    if len(stored) == len(nodes):
        raw = stored
    else:
        # Layout lives in the analysis layer; imported lazily so exporting a graph that
        # already carries positions never needs it.
        from graphkit.analyse.layout import compute_layout

        raw = dict(compute_layout(graph.subgraph(nodes), seed=42))
    lengths = sorted(
        math.dist(raw[u], raw[v]) for u, v, _k, _d in edges if u != v and raw[u] != raw[v]
    )
    if lengths:
        median = lengths[len(lengths) // 2]
    else:
        xs = [p[0] for p in raw.values()] or [0.0]
        ys = [p[1] for p in raw.values()] or [0.0]
        extent = max(max(xs) - min(xs), max(ys) - min(ys))
        median = extent / max(1.0, math.sqrt(len(raw))) if extent else 1.0
    scale = _LINK_PX / median if median > 0 else _LINK_PX
    return {n: (round(x * scale, 1) + 0.0, round(y * scale, 1) + 0.0) for n, (x, y) in raw.items()}


def _curves(edges: list[tuple[Any, Any, Any, Any]]) -> dict[Any, list[Any]]:
    """Bend parallel claims between the same two actors apart so each stays readable.

    Claims of one pair (either direction) get evenly spread signed offsets; the sign is
    taken relative to the pair's sorted order, so A->B and B->A claims bend to opposite
    sides instead of overlapping. Self-loops get growing loop sizes. Returned per claim:
    ``["cw" | "ccw", roundness]`` or ``["loop", size]``; single claims are drawn straight.
    """
    pairs: dict[tuple[str, str], list[tuple[Any, Any, Any]]] = defaultdict(list)
    for u, v, k, _d in edges:
        a, b = sorted((str(u), str(v)))
        pairs[(a, b)].append((str(u), str(v), k))
    curves: dict[Any, list[Any]] = {}
    for (a, b), claims in pairs.items():
        if a == b:
            for i, (_u, _v, k) in enumerate(claims):
                curves[k] = ["loop", 14 + 8 * i]
            continue
        count = len(claims)
        if count == 1:
            continue
        step = min(0.22, 0.9 / (count - 1))
        for i, (u, _v, k) in enumerate(claims):
            offset = (i - (count - 1) / 2) * step
            if abs(offset) < 1e-9:
                continue
            clockwise = (offset > 0) == (u == a)
            curves[k] = ["cw" if clockwise else "ccw", round(abs(offset), 3)]
    return curves


# ---------------------------------------------------------------------------- dates


def _span(date: Any, start: Any, end: Any) -> list[int | None] | None:
    """:func:`graphkit.dates.span` as days since 1970-01-01, the page's unit."""
    days = span(date, start, end)
    if days is None:
        return None
    return [d.toordinal() - _EPOCH_ORDINAL if d else None for d in days]


# ---------------------------------------------------------------------------- legend


def _legend_types(vocab: Any, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Entity types present in the drawn graph, in vocabulary order, unknown ones last."""
    known = getattr(vocab, "types", {}) or {}
    rows = []
    for key in list(known) + sorted(k for k in counts if k not in known):
        if not counts.get(key):
            continue
        t = known.get(key)
        rows.append({
            "key": key,
            "label": t.label if t else key,
            "plural": t.plural if t else key,
            "color": t.color if t else "#888888",
            "shape": t.shape if t else "dot",
            "description": (t.description if t else "") or "",
            "count": counts[key],
        })
    return rows


def _legend_relations(vocab: Any, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    known = getattr(vocab, "relations", {}) or {}
    rows = []
    for key in list(known) + sorted(k for k in counts if k not in known):
        if not counts.get(key):
            continue
        r = known.get(key)
        rows.append({
            "key": key,
            "label": r.label if r else key,
            "inverse": r.inverse if r else key,
            "directed": bool(r.directed) if r else True,
            "color": r.color if r else "#888888",
            "description": (r.description if r else "") or "",
            "count": counts[key],
        })
    return rows


def _legend_statuses(vocab: Any, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Statuses present, each with its own line (``dash``), ``mark`` and badge ``color``."""
    known = getattr(vocab, "statuses", {}) or {}
    rows = []
    for key in list(known) + sorted(k for k in counts if k not in known):
        if not counts.get(key):
            continue
        s = known.get(key)
        rows.append({
            "key": key,
            "label": s.label if s else key,
            "dashes": bool(s.dashes) if s else key != "confirmed",
            "dash": list(s.dash) if s else ([] if key == "confirmed" else [7, 5]),
            "mark": s.mark if s else "none",
            "color": s.color if s else "#444444",
            "description": (s.description if s else "") or "",
            "standing": s.standing if s else ("established" if key == "confirmed" else "contested"),
            "count": counts[key],
        })
    return rows


# ---------------------------------------------------------------------------- stories


def _stories(graph: nx.MultiDiGraph, drawn_nodes: set[str], drawn_edges: set[str]
             ) -> list[dict[str, Any]]:
    """The stories of ``graph.graph["stories"]`` as the page tells them.

    A step keeps only the actors and claims the page draws: a page cut to the most
    central actors (``max_nodes``), or a graph built with a filter, may lack some. What
    it lacks is not dropped silently: each step lists the names of the actors left out
    and counts the claims, and the page says so under the step's text.
    """
    stories = []
    for story in graph.graph.get("stories") or []:
        steps = []
        for number, step in enumerate(story.get("steps") or [], 1):
            actors = [str(a) for a in step.get("actors") or []]
            claims = [str(c) for c in step.get("claims") or []]
            focus = step.get("focus")
            view = step.get("view") or {}
            window = step.get("window") or None
            steps.append({
                "number": int(step.get("number") or number),
                "title": _text(step.get("title")),
                "text": _text(step.get("text")),
                "focus": str(focus) if focus is not None and str(focus) in drawn_nodes else None,
                "actors": [a for a in actors if a in drawn_nodes],
                "claims": [c for c in claims if c in drawn_edges],
                "window": {"from": _text(window.get("from")) or None,
                           "to": _text(window.get("to")) or None} if window else None,
                "view": {"depth": int(view["depth"]) if view.get("depth") else None,
                         "statuses": [str(s) for s in view.get("statuses") or []]},
                "missing": {
                    "actors": [_text(graph.nodes[a].get("label")) or a if a in graph else a
                               for a in actors if a not in drawn_nodes],
                    "claims": sum(1 for c in claims if c not in drawn_edges),
                },
            })
        stories.append({"id": _text(story.get("id")), "title": _text(story.get("title")),
                        "summary": _text(story.get("summary")),
                        "lead": _text(story.get("lead")), "steps": steps})
    return stories


def _sensitivity(graph: nx.MultiDiGraph, kept: set[str]) -> dict[str, Any] | None:
    """What rests on contested claims or one source, for the panels: the rows the pipeline
    recorded (``graph.graph["sensitivity"]``, see graphkit.analyse.sensitivity.summarise)
    for the actors and sources the page draws. None for a graph built without them."""
    recorded = graph.graph.get("sensitivity")
    if not recorded:
        return None
    metrics = {}
    for metric, found in (recorded.get("by_status") or {}).items():
        actors = {}
        for row in found.get("rows") or []:
            if str(row["id"]) not in kept:
                continue
            actors[str(row["id"])] = {
                "all": row["rank_all"], "established": row["rank_established"],
                "contested": row["rank_contested"], "depends_on": row.get("depends_on"),
                "claims_of": row.get("claims_of"), "claims": [str(c) for c in row.get("claims") or []]}
        metrics[metric] = {"top": found.get("top"), "label": METRIC_LABELS.get(metric, metric),
                           "actors": actors}
    sources = recorded.get("sources") or {}
    return {"metrics": metrics,
            "claims": sources.get("claims"), "actors": sources.get("actors"),
            "single_source_claims": sources.get("single_source_claims"),
            "single_source_actors": sources.get("single_source_actors"),
            "support": {str(row["id"]): {k: row[k] for k in ("claims", "only_claims", "only_ties",
                                                             "only_actors", "share_claims",
                                                             "share_actors")}
                        for row in sources.get("support") or []}}


# ---------------------------------------------------------------------------- values


def _evidence(item: Mapping[str, Any], quote: Mapping[str, Any] | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"source": str(item.get("source"))}
    lines = [str(x) for x in item.get("lines") or []]
    if lines:
        row["lines"] = lines
    if item.get("note"):
        row["note"] = _text(item.get("note"))
    if quote is not None:
        row["quote"] = dict(quote)
    return row


def _name_keys(label: str, aliases: list[Any]) -> list[list[str]]:
    """For the name and each alias, in order: its folded form and its skeleton.

    The page's search compares a typed query with these, so that it finds what the
    CLI's name lookup finds (Tuletayeva, Janaozen, Cyrillic spellings); computing them
    here keeps graphkit's one folding (graphkit.text, graphkit.names) the only one.
    """
    return [[fold(name), skeleton(name)] for name in [label, *(_text(a) for a in aliases)]]


def _reported(claim: Mapping[str, Any], sources: Mapping[str, Any]) -> tuple[str, list[int | None]] | None:
    """Where an undated claim sits in time: at the date its earliest source reported it.

    A claim without a date of its own is still known *by* a date: the day it was
    published. The page places it there, says "reported <date>", and its date window
    uses that placement; a claim whose sources carry no date either stays undated.
    """
    dates = []
    for source in claim.get("sources") or [e.get("source") for e in claim.get("evidence") or []]:
        iso = (sources.get(source) or {}).get("date")
        parsed = partial_date_or_none(iso)
        if parsed is not None:
            dates.append((parsed.first_day(), str(iso)))
    if not dates:
        return None
    _first, iso = min(dates)
    days = _span(iso, None, None)
    return (iso, days) if days is not None else None


def _text(value: Any) -> str:
    """A string for the page, cut at :data:`PAGE_TEXT_LIMIT` characters (the exports keep
    it whole): one actor with a 1,000,000-character name froze the page for 100 s."""
    return "" if value is None else shorten(str(value), PAGE_TEXT_LIMIT)


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


# ---------------------------------------------------------------------------- assets


def _environment() -> jinja2.Environment:
    """graphkit's own templates, always autoescaped, from the package (works when zipped)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _package_dir(name: str) -> Path:
    """Where an installed package's files lie, found without importing it.

    ``importlib.resources.files("pyvis")`` would import pyvis, and pyvis imports IPython
    at import time: a quarter of a second of every build spent on a notebook shell.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _assets() -> dict[str, str]:
    """vis-network 9.1.2 from pyvis's package data, and the explorer's own script and CSS.

    Each is checked so that it cannot close the element it is inlined into.
    """
    try:
        vis = _package_dir(_VIS_PACKAGE).joinpath(*_VIS_DIR)
        vis_js = vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        vis_css = vis.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExportError(
            "vis-network is missing: graphkit reads it from pyvis 0.3.2's package data "
            "(pip install 'pyvis==0.3.2')"
        ) from exc
    own = importlib.resources.files("graphkit.export").joinpath("templates")
    assets = {
        "vis_js": vis_js,
        "vis_css": vis_css,
        "explorer_js": own.joinpath("explorer.js").read_text(encoding="utf-8"),
        "explorer_css": own.joinpath("explorer.css").read_text(encoding="utf-8"),
    }
    for key, text in assets.items():
        closing = "</script" if key.endswith("js") else "</style"
        if closing in text.lower() or "<!--" in text:
            raise ExportError(f"asset {key} contains {closing!r} or '<!--'; cannot inline it")
    return assets


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
