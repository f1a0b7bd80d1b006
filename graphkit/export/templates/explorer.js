/*
 * graphkit explorer: search, filters, legend and evidence panel around vis-network.
 *
 * Safety rule for this file: every string that comes from the data is written with
 * textContent, DOM calls or as a plain-text tooltip. Never innerHTML, never a string
 * handed to a function that parses markup. Links are only made for http(s) URLs.
 */
(function () {
  "use strict";

  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("gk-data").textContent);
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var INSIDE_SHAPES = { box: 1, ellipse: 1, database: 1, circle: 1, text: 1 };
  var DASH_PATTERNS = { alleged: [7, 5], disputed: [2, 4], denied: [10, 4, 2, 4] };
  var LARGE = DATA.nodes.length > 1000 || DATA.edges.length > 2000;
  var DAY_MS = 86400000;
  var network = null;  // set once the DataSets exist; custom shapes read its zoom

  // ------------------------------------------------------------------ small helpers

  function $(id) {
    return document.getElementById(id);
  }

  /* el("p", {className: "x"}, ["text", childNode]) -- children strings become text nodes. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "dataset") {
          Object.keys(props.dataset).forEach(function (k) { node.dataset[k] = props.dataset[k]; });
        } else if (key === "style") {
          Object.keys(props.style).forEach(function (k) { node.style[k] = props.style[k]; });
        } else if (key.slice(0, 5) === "aria-" || key === "role") {
          node.setAttribute(key, props[key]);
        } else {
          node[key] = props[key];
        }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  var FOLD_EXTRA = { "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae",
    "œ": "oe", "ı": "i", "ə": "a" };

  /* Case- and diacritic-insensitive form: NFD, strip combining marks, lower case. */
  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[øłđðþßæœıə]/g, function (c) { return FOLD_EXTRA[c] || c; })
      .replace(/\s+/g, " ").trim();
  }

  function hexToRgb(hex) {
    var m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(hex || ""));
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [136, 136, 136];
  }

  function rgb(c) {
    return "rgb(" + Math.round(c[0]) + "," + Math.round(c[1]) + "," + Math.round(c[2]) + ")";
  }

  function mix(hex, other, amount) {
    var a = hexToRgb(hex), b = hexToRgb(other);
    return rgb([0, 1, 2].map(function (i) { return a[i] + (b[i] - a[i]) * amount; }));
  }

  function dayToIso(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function isoToDay(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS) : null;
  }

  function when(item) {
    if (item.date && !item.start && !item.end) return item.date;
    if (item.start || item.end) {
      var span = (item.start || "…") + " – " + (item.end || "…");
      return item.date ? item.date + " (" + span + ")" : span;
    }
    return "";
  }

  function plural(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many);
  }

  /* Only http(s) URLs become links; anything else (javascript:, data:, relative) stays text. */
  function safeUrl(text) {
    if (!text) return null;
    try {
      var url = new URL(String(text));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ indexes

  var typeByKey = new Map(), relByKey = new Map(), statusByKey = new Map();
  DATA.types.forEach(function (t) { typeByKey.set(t.key, t); });
  DATA.relations.forEach(function (r) { relByKey.set(r.key, r); });
  DATA.statuses.forEach(function (s) { statusByKey.set(s.key, s); });

  var nodeById = new Map(), edgeById = new Map(), incident = new Map();
  DATA.nodes.forEach(function (n) {
    n.search = [n.label].concat(n.aliases).map(fold);
    nodeById.set(n.id, n);
    incident.set(n.id, []);
  });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  });

  function typeOf(n) {
    return typeByKey.get(n.type) || { key: n.type, label: n.type, color: "#888888", shape: "dot" };
  }

  function relOf(e) {
    return relByKey.get(e.relation) ||
      { key: e.relation, label: e.label || e.relation, inverse: e.relation, directed: e.directed, color: "#888888" };
  }

  function statusOf(e) {
    return statusByKey.get(e.status) || { key: e.status, label: e.status, dashes: e.status !== "confirmed" };
  }

  function nodeName(id) {
    var n = nodeById.get(id);
    return n ? n.label : id;
  }

  // ------------------------------------------------------------------ state

  var state = {
    metric: DATA.metric,
    types: new Set(DATA.types.map(function (t) { return t.key; })),
    relations: new Set(DATA.relations.map(function (r) { return r.key; })),
    statuses: new Set(DATA.statuses.map(function (s) { return s.key; })),
    from: DATA.span ? DATA.span[0] : null,
    to: DATA.span ? DATA.span[1] : null,
    keepUndated: true,
    hideIsolated: false,
    edgeLabels: DATA.edges.length <= 150,
    selected: null,          // {kind: "node" | "edge", id}
    dimmed: null,            // {nodes: Set, edges: Set} kept bright, or null
    visibleNodes: new Set(),
    visibleEdges: new Set()
  };

  // ------------------------------------------------------------------ vis styling

  function nodeTooltip(n) {
    var lines = [n.label, typeOf(n).label + " · " + plural(incident.get(n.id).length, "claim", "claims")];
    if (n.aliases.length) lines.push("Also: " + n.aliases.join("; "));
    if (n.description) lines.push(n.description.length > 160 ? n.description.slice(0, 157) + "…" : n.description);
    lines.push("Click for claims and evidence");
    return lines.join("\n");
  }

  function edgeSentence(e) {
    return nodeName(e.from) + " " + relOf(e).label + " " + nodeName(e.to);
  }

  function edgeTooltip(e) {
    var meta = [when(e), statusOf(e).label].filter(Boolean).join(" · ");
    var titles = e.evidence.map(function (ev) {
      var s = DATA.sources[ev.source];
      return s && s.title ? s.title : ev.source;
    });
    var lines = [edgeSentence(e), meta];
    if (titles.length) lines.push("Sources: " + Array.from(new Set(titles)).join("; "));
    return lines.join("\n");
  }

  /*
   * vis-network draws box, ellipse, database, circle and text nodes around their label,
   * so their size follows the name's length, not the metric. They are drawn here instead
   * as icons of the metric's size with the label below, like every other shape.
   */
  var LABEL = { min: 11, max: 18, maxVisible: 24, drawThreshold: 5 };
  var SIZE = { min: 9, max: 36 };

  function iconPath(ctx, kind, x, y, s) {
    ctx.beginPath();
    if (kind === "box") {
      var w = s * 1.05, h = s * 0.72, r = s * 0.22;
      ctx.moveTo(x - w + r, y - h);
      ctx.arcTo(x + w, y - h, x + w, y + h, r);
      ctx.arcTo(x + w, y + h, x - w, y + h, r);
      ctx.arcTo(x - w, y + h, x - w, y - h, r);
      ctx.arcTo(x - w, y - h, x + w, y - h, r);
      ctx.closePath();
    } else if (kind === "ellipse") {
      ctx.ellipse(x, y, s * 1.1, s * 0.68, 0, 0, Math.PI * 2);
    } else if (kind === "database") {
      var cw = s * 0.85, ch = s * 0.95, e = s * 0.3;
      ctx.moveTo(x - cw, y - ch + e);
      ctx.ellipse(x, y - ch + e, cw, e, 0, Math.PI, 0, false);
      ctx.lineTo(x + cw, y + ch - e);
      ctx.ellipse(x, y + ch - e, cw, e, 0, 0, Math.PI, false);
      ctx.closePath();
    } else {
      ctx.arc(x, y, kind === "text" ? s * 0.35 : s, 0, Math.PI * 2);
    }
  }

  function drawLabel(ctx, text, x, y, size, color) {
    if (!text) return;
    var fontSize = LABEL.min + (LABEL.max - LABEL.min) *
      Math.max(0, Math.min(1, (size - SIZE.min) / (SIZE.max - SIZE.min)));
    var scale = network ? network.getScale() : 1;
    if (fontSize * scale < LABEL.drawThreshold) return;
    if (fontSize * scale > LABEL.maxVisible) fontSize = LABEL.maxVisible / scale;
    ctx.font = fontSize + "px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  function iconRenderer(kind) {
    return function (args) {
      var ctx = args.ctx, st = args.style, s = st.size;
      return {
        drawNode: function () {
          iconPath(ctx, kind, args.x, args.y, s);
          ctx.fillStyle = st.color;
          ctx.fill();
          ctx.lineWidth = st.borderWidth;
          ctx.strokeStyle = st.borderColor;
          ctx.stroke();
          if (kind === "database") {
            ctx.beginPath();
            ctx.ellipse(args.x, args.y - s * 0.95 + s * 0.3, s * 0.85, s * 0.3, 0, 0, Math.PI, false);
            ctx.stroke();
          }
        },
        drawExternalLabel: function () {
          var dim = isDimmed("nodes", args.id);
          drawLabel(ctx, args.label, args.x, args.y + s + 4, s, dim ? "#c9c9c9" : "#1d1d1d");
        },
        nodeDimensions: { width: 2 * s, height: 2 * s }
      };
    };
  }

  var RENDERERS = {};
  Object.keys(INSIDE_SHAPES).forEach(function (k) { RENDERERS[k] = iconRenderer(k); });

  function nodeStyle(n, dim) {
    var t = typeOf(n);
    var base = dim ? mix(t.color, "#ffffff", 0.82) : t.color;
    var border = dim ? mix(t.color, "#ffffff", 0.7) : mix(t.color, "#000000", 0.35);
    var inside = INSIDE_SHAPES[t.shape];
    var fontColor = dim ? "#c9c9c9" : "#1d1d1d";
    return {
      id: n.id,
      label: n.label,
      shape: inside ? "custom" : t.shape,
      ctxRenderer: inside ? RENDERERS[t.shape] : undefined,
      value: n.m[state.metric] || 0,
      x: n.x,
      y: n.y,
      title: nodeTooltip(n),
      color: {
        background: base, border: border,
        highlight: { background: t.color, border: "#111111" },
        hover: { background: t.color, border: "#111111" }
      },
      font: { color: fontColor },
      borderWidth: 1,
      borderWidthSelected: 3
    };
  }

  function smoothOf(e) {
    if (!e.curve || e.curve[0] === "loop") return { enabled: false };
    return { enabled: true, type: e.curve[0] === "cw" ? "curvedCW" : "curvedCCW", roundness: e.curve[1] };
  }

  function edgeStyle(e, dim) {
    var r = relOf(e), s = statusOf(e);
    var muted = s.dashes;
    var color = dim ? "#e6e6e6" : (muted ? mix(r.color, "#ffffff", 0.35) : r.color);
    var style = {
      id: e.id,
      from: e.from,
      to: e.to,
      title: edgeTooltip(e),
      label: state.edgeLabels ? r.label : "",
      color: { color: color, highlight: r.color, hover: r.color, opacity: dim ? 1 : (muted ? 0.75 : 0.95) },
      dashes: muted ? (DASH_PATTERNS[s.key] || [7, 5]) : false,
      width: muted ? 1.3 : 1.8,
      arrows: { to: { enabled: !!e.directed, scaleFactor: 0.55 } },
      smooth: smoothOf(e),
      font: { color: dim ? "#d0d0d0" : "#4a4a4a" }
    };
    if (e.curve && e.curve[0] === "loop") style.selfReference = { size: e.curve[1], angle: Math.PI / 4 };
    return style;
  }

  // ------------------------------------------------------------------ filters

  function overlaps(t) {
    if (state.from === null) return true;
    if (t[1] !== null && t[1] < state.from) return false;
    return !(t[0] !== null && t[0] > state.to);
  }

  function windowNarrowed() {
    return DATA.span && (state.from > DATA.span[0] || state.to < DATA.span[1]);
  }

  function computeVisible() {
    var nodePass = new Set();
    DATA.nodes.forEach(function (n) {
      if (!state.types.has(n.type)) return;
      if (n.t && windowNarrowed() && !overlaps(n.t)) return;
      nodePass.add(n.id);
    });
    var edges = new Set(), degree = new Map();
    DATA.edges.forEach(function (e) {
      if (!state.relations.has(e.relation) || !state.statuses.has(e.status)) return;
      if (e.t ? !overlaps(e.t) : !state.keepUndated) return;
      if (!nodePass.has(e.from) || !nodePass.has(e.to)) return;
      edges.add(e.id);
      degree.set(e.from, (degree.get(e.from) || 0) + 1);
      degree.set(e.to, (degree.get(e.to) || 0) + 1);
    });
    var nodes = state.hideIsolated
      ? new Set(Array.from(nodePass).filter(function (id) { return degree.has(id); }))
      : nodePass;
    state.visibleNodes = nodes;
    state.visibleEdges = edges;
  }

  // ------------------------------------------------------------------ the network

  var nodesDS = new vis.DataSet(DATA.nodes.map(function (n) { return nodeStyle(n, false); }));
  var edgesDS = new vis.DataSet(DATA.edges.map(function (e) { return edgeStyle(e, false); }));
  computeVisible();
  var nodesView = new vis.DataView(nodesDS, { filter: function (item) { return state.visibleNodes.has(item.id); } });
  var edgesView = new vis.DataView(edgesDS, { filter: function (item) { return state.visibleEdges.has(item.id); } });

  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: {
      font: { face: FONT, size: 13, color: "#1d1d1d", strokeWidth: 3, strokeColor: "rgba(255,255,255,0.9)" },
      scaling: {
        min: SIZE.min, max: SIZE.max,
        label: { enabled: true, min: LABEL.min, max: LABEL.max, maxVisible: LABEL.maxVisible, drawThreshold: LABEL.drawThreshold }
      }
    },
    edges: {
      font: { face: FONT, size: 10, color: "#4a4a4a", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      selectionWidth: 1.5,
      hoverWidth: 0.8,
      smooth: { enabled: false }
    },
    interaction: {
      hover: !LARGE,
      tooltipDelay: 250,
      hideEdgesOnDrag: LARGE,
      hideEdgesOnZoom: LARGE,
      multiselect: false,
      keyboard: false
    },
    physics: {
      enabled: DATA.physics,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3500, centralGravity: 0.15, springLength: 140,
        springConstant: 0.03, damping: 0.35, avoidOverlap: 0.15 },
      stabilization: { enabled: true, iterations: 150, updateInterval: 25, fit: true },
      minVelocity: 1.5
    }
  };

  var container = $("gk-network");
  network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  var timings = { script: started, firstDraw: null, settled: null };
  network.once("afterDrawing", function () {
    timings.firstDraw = performance.now();
    if (!DATA.physics) timings.settled = timings.firstDraw;
  });
  network.on("stabilized", function () {
    if (timings.settled === null) timings.settled = performance.now();
  });

  // ------------------------------------------------------------------ highlighting

  /* Dim everything except `keep` (sets of node and edge ids); null restores all. */
  function setDim(keep) {
    var before = state.dimmed;
    state.dimmed = keep;
    var nodeUpdates = [], edgeUpdates = [];
    DATA.nodes.forEach(function (n) {
      var was = before ? !before.nodes.has(n.id) : false;
      var now = keep ? !keep.nodes.has(n.id) : false;
      if (was !== now) nodeUpdates.push(nodeStyle(n, now));
    });
    DATA.edges.forEach(function (e) {
      var was = before ? !before.edges.has(e.id) : false;
      var now = keep ? !keep.edges.has(e.id) : false;
      if (was !== now) edgeUpdates.push(edgeStyle(e, now));
    });
    if (nodeUpdates.length) nodesDS.update(nodeUpdates);
    if (edgeUpdates.length) edgesDS.update(edgeUpdates);
  }

  function isDimmed(kind, id) {
    return state.dimmed ? !state.dimmed[kind].has(id) : false;
  }

  function restyleAll() {
    nodesDS.update(DATA.nodes.map(function (n) { return nodeStyle(n, isDimmed("nodes", n.id)); }));
    edgesDS.update(DATA.edges.map(function (e) { return edgeStyle(e, isDimmed("edges", e.id)); }));
  }

  function neighbourhood(id) {
    var nodes = new Set([id]), edges = new Set();
    incident.get(id).forEach(function (e) {
      if (!state.visibleEdges.has(e.id)) return;
      edges.add(e.id);
      nodes.add(e.from);
      nodes.add(e.to);
    });
    return { nodes: nodes, edges: edges };
  }

  // ------------------------------------------------------------------ selection

  function selectNode(id, focus) {
    if (!nodeById.has(id)) return false;
    state.selected = { kind: "node", id: id };
    showNodePanel(nodeById.get(id));
    if (!state.visibleNodes.has(id)) {
      setDim(null);
      network.unselectAll();
      return false;
    }
    setDim(neighbourhood(id));
    network.selectNodes([id], false);
    if (focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }

  function selectEdge(id) {
    var e = edgeById.get(id);
    if (!e) return false;
    state.selected = { kind: "edge", id: id };
    showEdgePanel(e);
    if (state.visibleEdges.has(id)) {
      setDim({ nodes: new Set([e.from, e.to]), edges: new Set([id]) });
      network.selectEdges([id]);
    }
    return true;
  }

  function clearSelection() {
    state.selected = null;
    setDim(null);
    network.unselectAll();
    $("gk-panel").hidden = true;
  }

  network.on("click", function (params) {
    if (params.nodes.length) selectNode(params.nodes[0], false);
    else if (params.edges.length) selectEdge(params.edges[0]);
    else clearSelection();
  });

  // ------------------------------------------------------------------ the side panel

  function actorButton(id) {
    var n = nodeById.get(id);
    if (!n) return el("span", { className: "gk-actor-missing" }, [id]);
    return el("button", {
      type: "button", className: "gk-actor",
      title: "Show " + n.label,
      onclick: function () { selectNode(id, true); }
    }, [n.label]);
  }

  function statusBadge(e) {
    var s = statusOf(e);
    return el("span", { className: "gk-status gk-status-" + (s.dashes ? "muted" : "solid"), title: s.description || "" }, [s.label]);
  }

  function relationChip(text, color) {
    return el("span", { className: "gk-rel", style: { borderColor: color } }, [text]);
  }

  function evidenceList(e) {
    var list = el("ol", { className: "gk-evidence" });
    e.evidence.forEach(function (ev) {
      var s = DATA.sources[ev.source] || { id: ev.source };
      var href = safeUrl(s.url);
      var title = s.title || ev.source;
      var head = href
        ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", className: "gk-source-title" }, [title])
        : el("span", { className: "gk-source-title" }, [title]);
      var byline = [s.author, s.publisher, s.date].filter(Boolean).join(", ");
      var lines = ev.lines && ev.lines.length
        ? (ev.lines.length === 1 && ev.lines[0].indexOf("-") < 0 ? "line " : "lines ") +
          ev.lines.map(function (l) { return l.replace("-", "–"); }).join(", ")
        : "";
      var archived = s.archive ? "archived text: " + s.archive : "";
      list.appendChild(el("li", null, [
        head,
        byline ? el("span", { className: "gk-byline" }, [byline]) : null,
        lines || archived ? el("span", { className: "gk-lines" }, [[lines, archived].filter(Boolean).join(" · ")]) : null,
        ev.note ? el("q", { className: "gk-note" }, [ev.note]) : null
      ]));
    });
    return list;
  }

  function claimMeta(e) {
    var parts = [];
    var w = when(e);
    if (w) parts.push(el("span", { className: "gk-when" }, [w]));
    parts.push(statusBadge(e));
    var meta = el("p", { className: "gk-claim-meta" }, parts);
    var extra = [];
    if (e.claimed_by.length) {
      var by = el("p", { className: "gk-claimed-by" }, ["Claimed by "]);
      e.claimed_by.forEach(function (id, i) {
        if (i) by.appendChild(document.createTextNode(", "));
        by.appendChild(actorButton(id));
      });
      extra.push(by);
    }
    if (e.attributes) {
      extra.push(el("p", { className: "gk-attributes" }, [Object.keys(e.attributes).map(function (k) {
        return k + ": " + e.attributes[k];
      }).join(" · ")]));
    }
    return [meta].concat(extra);
  }

  /* One claim as seen from actor `me`: "sentenced <B>" or "sentenced by <A>". */
  function claimCard(e, me) {
    var r = relOf(e);
    var outgoing = e.from === me;
    var verb = outgoing || !e.directed ? r.label : r.inverse;
    var other = outgoing ? e.to : e.from;
    var line = el("p", { className: "gk-claim-line" }, [relationChip(verb, r.color), " ", actorButton(other)]);
    var open = el("button", {
      type: "button", className: "gk-link gk-claim-open", title: "Show this claim",
      onclick: function () { selectEdge(e.id); }
    }, ["claim"]);
    line.appendChild(open);
    var card = el("li", { className: "gk-claim" + (state.visibleEdges.has(e.id) ? "" : " gk-claim-hidden"), dataset: { claim: e.id } },
      [line].concat(claimMeta(e), [evidenceList(e)]));
    if (!state.visibleEdges.has(e.id)) card.title = "Hidden by the current filters";
    return card;
  }

  function byDateThenId(a, b) {
    var ta = a.t ? (a.t[0] !== null ? a.t[0] : a.t[1]) : Infinity;
    var tb = b.t ? (b.t[0] !== null ? b.t[0] : b.t[1]) : Infinity;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }

  function typeBadge(n) {
    var t = typeOf(n);
    return el("p", { className: "gk-kind" }, [shapeIcon(t.shape, t.color, 14), " " + t.label]);
  }

  function openPanel(children) {
    var body = $("gk-panel-body");
    clear(body);
    children.forEach(function (c) { if (c) body.appendChild(c); });
    $("gk-panel").hidden = false;
    body.scrollTop = 0;
  }

  function showNodePanel(n) {
    var claims = incident.get(n.id).slice().sort(byDateThenId);
    var facts = [];
    if (n.country) facts.push("Country: " + n.country);
    var w = when(n);
    if (w) facts.push("Date: " + w);
    var hiddenNote = state.visibleNodes.has(n.id) ? null
      : el("p", { className: "gk-warning" }, ["This actor is hidden by the current filters. ",
        el("button", { type: "button", className: "gk-link", onclick: function () { resetFilters(); selectNode(n.id, true); } }, ["Reset filters"])]);
    openPanel([
      typeBadge(n),
      el("h2", { id: "gk-panel-title" }, [n.label]),
      hiddenNote,
      n.aliases.length ? el("p", { className: "gk-aliases" }, ["Also known as: " + n.aliases.join("; ")]) : null,
      n.description ? el("p", { className: "gk-description" }, [n.description]) : null,
      facts.length ? el("p", { className: "gk-facts" }, [facts.join(" · ")]) : null,
      el("h3", null, [plural(claims.length, "claim", "claims")]),
      claims.length ? el("ul", { className: "gk-claims" }, claims.map(function (e) { return claimCard(e, n.id); }))
        : el("p", { className: "gk-hint" }, ["No claims involve this actor."])
    ]);
  }

  function showEdgePanel(e) {
    var r = relOf(e);
    var sentence = el("p", { className: "gk-claim-line gk-claim-sentence" },
      [actorButton(e.from), " ", relationChip(r.label, r.color), " ", actorButton(e.to)]);
    openPanel([
      el("p", { className: "gk-kind" }, [relationIcon(r.color, e.directed, statusOf(e)), " Claim"]),
      el("h2", { id: "gk-panel-title" }, [edgeSentence(e)]),
      state.visibleEdges.has(e.id) ? null : el("p", { className: "gk-warning" }, ["This claim is hidden by the current filters."]),
      sentence
    ].concat(claimMeta(e), [
      el("h3", null, [plural(e.evidence.length, "source", "sources")]),
      evidenceList(e),
      el("p", { className: "gk-claim-id" }, ["Claim id: " + e.id])
    ]));
  }

  $("gk-panel-close").addEventListener("click", clearSelection);

  // ------------------------------------------------------------------ legend icons (SVG via DOM)

  var SVG = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function polygon(points) {
    return points.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join(" ");
  }

  function regular(count, radius, rotate, inner) {
    var pts = [];
    var total = inner ? count * 2 : count;
    for (var i = 0; i < total; i++) {
      var r = inner && i % 2 ? inner : radius;
      var a = rotate + (Math.PI * 2 * i) / total;
      pts.push([8 + r * Math.cos(a), 8 + r * Math.sin(a)]);
    }
    return polygon(pts);
  }

  function shapeIcon(shape, color, size) {
    var svg = svgEl("svg", { width: size || 16, height: size || 16, viewBox: "0 0 16 16", "aria-hidden": "true", "class": "gk-icon" });
    var paint = { fill: color, stroke: mix(color, "#000000", 0.35), "stroke-width": 1 };
    var shapeNode;
    switch (shape) {
      case "square": shapeNode = svgEl("rect", { x: 2.5, y: 2.5, width: 11, height: 11 }); break;
      case "box": shapeNode = svgEl("rect", { x: 1, y: 4, width: 14, height: 8, rx: 2 }); break;
      case "diamond": shapeNode = svgEl("polygon", { points: polygon([[8, 1], [15, 8], [8, 15], [1, 8]]) }); break;
      case "triangle": shapeNode = svgEl("polygon", { points: polygon([[8, 1.5], [15, 14], [1, 14]]) }); break;
      case "triangleDown": shapeNode = svgEl("polygon", { points: polygon([[1, 2], [15, 2], [8, 14.5]]) }); break;
      case "hexagon": shapeNode = svgEl("polygon", { points: regular(6, 7, 0) }); break;
      case "star": shapeNode = svgEl("polygon", { points: regular(5, 7.5, -Math.PI / 2, 3.2) }); break;
      case "ellipse": shapeNode = svgEl("ellipse", { cx: 8, cy: 8, rx: 7, ry: 4.5 }); break;
      case "database":
        shapeNode = svgEl("path", { d: "M2 4.5 C2 1.5 14 1.5 14 4.5 L14 11.5 C14 14.5 2 14.5 2 11.5 Z M2 4.5 C2 7 14 7 14 4.5" });
        break;
      default: shapeNode = svgEl("circle", { cx: 8, cy: 8, r: 6 });
    }
    Object.keys(paint).forEach(function (k) { shapeNode.setAttribute(k, String(paint[k])); });
    svg.appendChild(shapeNode);
    return svg;
  }

  function relationIcon(color, directed, status) {
    var svg = svgEl("svg", { width: 28, height: 12, viewBox: "0 0 28 12", "aria-hidden": "true", "class": "gk-icon" });
    var line = svgEl("line", { x1: 1, y1: 6, x2: directed ? 21 : 27, y2: 6, stroke: color, "stroke-width": 2.2 });
    if (status && status.dashes) {
      line.setAttribute("stroke-dasharray", (DASH_PATTERNS[status.key] || [7, 5]).map(function (v) { return v * 0.6; }).join(" "));
    }
    svg.appendChild(line);
    if (directed) svg.appendChild(svgEl("polygon", { points: "20,1.5 27,6 20,10.5", fill: color }));
    return svg;
  }

  function statusIcon(s) {
    var svg = svgEl("svg", { width: 28, height: 12, viewBox: "0 0 28 12", "aria-hidden": "true", "class": "gk-icon" });
    var line = svgEl("line", { x1: 1, y1: 6, x2: 27, y2: 6, stroke: s.dashes ? "#8a8a8a" : "#444444", "stroke-width": s.dashes ? 1.8 : 2.4 });
    if (s.dashes) line.setAttribute("stroke-dasharray", (DASH_PATTERNS[s.key] || [7, 5]).map(function (v) { return v * 0.6; }).join(" "));
    svg.appendChild(line);
    return svg;
  }

  // ------------------------------------------------------------------ controls

  function refresh() {
    computeVisible();
    nodesView.refresh();
    edgesView.refresh();
    if (state.selected) {
      if (state.selected.kind === "node") selectNode(state.selected.id, false);
      else selectEdge(state.selected.id);
    }
    updateCounts();
  }

  function updateCounts() {
    var n = state.visibleNodes.size, e = state.visibleEdges.size;
    var all = n === DATA.nodes.length && e === DATA.edges.length;
    $("gk-counts").textContent = all
      ? plural(n, "actor", "actors") + " · " + plural(e, "claim", "claims")
      : n.toLocaleString("en") + " of " + plural(DATA.nodes.length, "actor", "actors") + " · " +
        e.toLocaleString("en") + " of " + plural(DATA.edges.length, "claim", "claims");
    $("gk-empty").hidden = n > 0;
  }

  function legendItem(group, key, icon, label, count, description) {
    var box = el("input", { type: "checkbox", checked: true, value: key });
    box.dataset.group = group;
    box.addEventListener("change", function () {
      if (box.checked) state[group].add(key); else state[group].delete(key);
      refresh();
    });
    var text = el("span", { className: "gk-legend-label" }, [label]);
    var row = el("label", { className: "gk-legend-row", title: description || "" },
      [box, icon, text, el("span", { className: "gk-count" }, [count.toLocaleString("en")])]);
    return el("li", null, [row]);
  }

  function buildLegend() {
    var types = $("gk-types");
    DATA.types.forEach(function (t) {
      types.appendChild(legendItem("types", t.key, shapeIcon(t.shape, t.color), t.plural || t.label, t.count, t.description));
    });
    var rels = $("gk-relations");
    DATA.relations.forEach(function (r) {
      var label = r.directed ? r.label : r.label + " (both ways)";
      rels.appendChild(legendItem("relations", r.key, relationIcon(r.color, r.directed, null), label, r.count, r.description));
    });
    var statuses = $("gk-statuses");
    DATA.statuses.forEach(function (s) {
      var item = legendItem("statuses", s.key, statusIcon(s), s.label, s.count, s.description);
      if (s.description) {
        item.appendChild(el("p", { className: "gk-legend-help" }, [s.description + (s.dashes ? " Drawn dashed and faded." : "")]));
      }
      statuses.appendChild(item);
    });
    document.querySelectorAll("[data-all], [data-none]").forEach(function (button) {
      button.addEventListener("click", function () {
        var group = button.dataset.all || button.dataset.none;
        var on = !!button.dataset.all;
        document.querySelectorAll('input[data-group="' + group + '"]').forEach(function (box) {
          box.checked = on;
          if (on) state[group].add(box.value); else state[group].delete(box.value);
        });
        refresh();
      });
    });
    if (!DATA.types.length) $("gk-types-section").hidden = true;
    if (!DATA.relations.length) $("gk-relations-section").hidden = true;
    if (!DATA.statuses.length) $("gk-statuses-section").hidden = true;
  }

  function buildMetricMenu() {
    var select = $("gk-metric");
    DATA.metrics.forEach(function (m) {
      select.appendChild(el("option", { value: m.key, selected: m.key === state.metric }, [m.label]));
    });
    select.value = state.metric;
    select.addEventListener("change", function () {
      state.metric = select.value;
      nodesDS.update(DATA.nodes.map(function (n) { return { id: n.id, value: n.m[state.metric] || 0 }; }));
    });
  }

  function buildDates() {
    if (!DATA.span) return;
    $("gk-date-section").hidden = false;
    var from = $("gk-from"), to = $("gk-to"), fromDate = $("gk-from-date"), toDate = $("gk-to-date");
    [from, to].forEach(function (r) { r.min = DATA.span[0]; r.max = DATA.span[1]; r.step = 1; });
    [fromDate, toDate].forEach(function (d) { d.min = dayToIso(DATA.span[0]); d.max = dayToIso(DATA.span[1]); });
    function show() {
      from.value = state.from; to.value = state.to;
      fromDate.value = dayToIso(state.from); toDate.value = dayToIso(state.to);
    }
    function set(which, day) {
      if (day === null || isNaN(day)) return;
      day = Math.min(DATA.span[1], Math.max(DATA.span[0], day));
      state[which] = day;
      if (state.from > state.to) {
        if (which === "from") state.to = day; else state.from = day;
      }
      show();
      refresh();
    }
    from.addEventListener("input", function () { set("from", +from.value); });
    to.addEventListener("input", function () { set("to", +to.value); });
    fromDate.addEventListener("change", function () { set("from", isoToDay(fromDate.value)); });
    toDate.addEventListener("change", function () { set("to", isoToDay(toDate.value)); });
    $("gk-undated").addEventListener("change", function () { state.keepUndated = $("gk-undated").checked; refresh(); });
    buildDates.show = show;
    show();
  }

  function resetFilters() {
    state.types = new Set(DATA.types.map(function (t) { return t.key; }));
    state.relations = new Set(DATA.relations.map(function (r) { return r.key; }));
    state.statuses = new Set(DATA.statuses.map(function (s) { return s.key; }));
    document.querySelectorAll("input[data-group]").forEach(function (box) { box.checked = true; });
    if (DATA.span) {
      state.from = DATA.span[0];
      state.to = DATA.span[1];
      buildDates.show();
    }
    state.keepUndated = true;
    $("gk-undated").checked = true;
    state.hideIsolated = false;
    $("gk-hide-isolated").checked = false;
    refresh();
  }

  function buildView() {
    var physics = $("gk-physics");
    physics.checked = !!DATA.physics;
    physics.addEventListener("change", function () {
      network.setOptions({ physics: { enabled: physics.checked } });
    });
    var labels = $("gk-edge-labels");
    labels.checked = state.edgeLabels;
    labels.addEventListener("change", function () {
      state.edgeLabels = labels.checked;
      edgesDS.update(DATA.edges.map(function (e) { return { id: e.id, label: state.edgeLabels ? relOf(e).label : "" }; }));
    });
    var isolated = $("gk-hide-isolated");
    isolated.addEventListener("change", function () { state.hideIsolated = isolated.checked; refresh(); });
    $("gk-fit").addEventListener("click", function () { network.fit({ animation: { duration: 400 } }); });
    $("gk-reset").addEventListener("click", resetFilters);
    var toggle = $("gk-toggle-sidebar");
    toggle.addEventListener("click", function () {
      var sidebar = $("gk-sidebar");
      sidebar.hidden = !sidebar.hidden;
      toggle.setAttribute("aria-expanded", String(!sidebar.hidden));
    });
  }

  // ------------------------------------------------------------------ search

  /* Actors whose name, alias or id contains the folded query; prefix matches first. */
  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var hits = [];
    DATA.nodes.forEach(function (n) {
      var best = null;
      n.search.forEach(function (s, i) {
        var at = s.indexOf(q);
        if (at < 0) return;
        var rank = (at === 0 ? 0 : (s.charAt(at - 1) === " " ? 1 : 2)) + (i === 0 ? 0 : 0.5);
        if (best === null || rank < best.rank) best = { rank: rank, alias: i === 0 ? null : n.aliases[i - 1] };
      });
      if (best === null && fold(n.id).indexOf(q) >= 0) best = { rank: 3, alias: null };
      if (best !== null) hits.push({ node: n, rank: best.rank, alias: best.alias });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.node.label.localeCompare(b.node.label, "en") || (a.node.id < b.node.id ? -1 : 1);
    });
    return hits;
  }

  function buildSearch() {
    var input = $("gk-search"), results = $("gk-search-results"), message = $("gk-search-message");
    var current = [];
    function choose(hit) {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.value = hit.node.label;
      var shown = selectNode(hit.node.id, true);
      message.textContent = shown ? "" : hit.node.label + " is hidden by the current filters.";
    }
    function render() {
      current = search(input.value);
      clear(results);
      message.textContent = input.value.trim() && !current.length ? "No actor matches." : "";
      current.slice(0, 12).forEach(function (hit, i) {
        var t = typeOf(hit.node);
        var button = el("button", { type: "button", className: "gk-result", role: "option", onclick: function () { choose(hit); } },
          [shapeIcon(t.shape, t.color, 12), " ", el("span", { className: "gk-result-name" }, [hit.node.label]),
            hit.alias ? el("span", { className: "gk-result-alias" }, [" (" + hit.alias + ")"]) : null]);
        if (i === 0) button.classList.add("gk-result-first");
        results.appendChild(el("li", null, [button]));
      });
      if (current.length > 12) results.appendChild(el("li", { className: "gk-hint" }, ["… " + (current.length - 12) + " more; type more letters"]));
      results.hidden = !current.length;
      input.setAttribute("aria-expanded", String(!results.hidden));
    }
    input.addEventListener("input", render);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && current.length) {
        event.preventDefault();
        choose(current[0]);
      } else if (event.key === "Escape") {
        results.hidden = true;
      }
    });
  }

  // ------------------------------------------------------------------ start

  document.title = DATA.title;
  $("gk-name").textContent = DATA.name;
  if (DATA.note) { $("gk-note").textContent = DATA.note; $("gk-note").hidden = false; }
  if (DATA.filter) { $("gk-filter-note").textContent = "Built with a filter: " + DATA.filter; $("gk-filter-note").hidden = false; }
  buildLegend();
  buildMetricMenu();
  buildDates();
  buildView();
  buildSearch();
  updateCounts();

  window.graphkitExplorer = {
    network: network,
    nodes: nodesDS,
    edges: edgesDS,
    nodesView: nodesView,
    edgesView: edgesView,
    data: DATA,
    state: state,
    timings: timings,
    search: search,
    selectNode: function (id) { return selectNode(id, true); },
    selectEdge: selectEdge,
    resetFilters: resetFilters,
    fold: fold
  };
})();
