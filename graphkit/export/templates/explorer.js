/*
 * graphkit explorer: a readable case around vis-network -- labels placed by importance,
 * focus on an actor's neighbourhood, chains between two actors, evidence shown honestly,
 * a time window that means something, and the view kept in the URL fragment.
 *
 * Safety rule for this file: every string that comes from the data is written with
 * textContent, DOM calls or as a plain-text tooltip. Never innerHTML, never a string
 * handed to a function that parses markup. Links are only made for http(s) URLs. Every
 * lookup keyed by data (ids, statuses, relations, sources, attribute names) goes
 * through a Map, never a plain object, so "__proto__" or "constructor" are just names.
 */
(function () {
  "use strict";

  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("gk-data").textContent);
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var LARGE = DATA.nodes.length > 1000 || DATA.edges.length > 2000;
  var DAY_MS = 86400000;
  var MAX_DEPTH = 3;
  var MAX_CHAINS = 50;
  var network = null;

  // ------------------------------------------------------------------ small helpers

  function $(id) { return document.getElementById(id); }

  /* el("p", {className: "x"}, ["text", childNode]) -- children strings become text nodes. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "dataset") {
          Object.keys(props.dataset).forEach(function (k) { node.dataset[k] = props.dataset[k]; });
        } else if (key === "style") {
          Object.keys(props.style).forEach(function (k) { node.style[k] = props.style[k]; });
        } else if (key.slice(0, 5) === "aria-" || key === "role" || key === "for") {
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

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

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

  function dayToIso(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

  /* An ISO partial date (2011, 2011-05, 2011-05-16) as its first or last day, or null. */
  function partialToDay(iso, last) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(iso || ""));
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : null, d = m[3] ? +m[3] : null;
    if (mo !== null && (mo < 1 || mo > 12)) return null;
    var date;
    if (d !== null) {
      date = Date.UTC(y, mo - 1, d);
      if (new Date(date).getUTCDate() !== d) return null;
    } else if (mo !== null) {
      date = last ? Date.UTC(y, mo, 0) : Date.UTC(y, mo - 1, 1);
    } else {
      date = last ? Date.UTC(y, 11, 31) : Date.UTC(y, 0, 1);
    }
    return Math.round(date / DAY_MS);
  }

  function when(item) {
    if (item.date && !item.start && !item.end) return item.date;
    if (item.start || item.end) {
      var span = (item.start || "…") + " – " + (item.end || "…");
      return item.date ? item.date + " (" + span + ")" : span;
    }
    return "";
  }

  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

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

  function byString(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* vis-network keeps its nodes and edges in plain objects, so an actor or a claim whose
   * id is "constructor" or "__proto__" would meet Object.prototype there. Such ids (and
   * only those, plus any already carrying the prefix) are prefixed for vis-network. */
  var VIS_PREFIX = "\u0000gk:";
  function vid(id) {
    return (id in Object.prototype || id.slice(0, VIS_PREFIX.length) === VIS_PREFIX) ? VIS_PREFIX + id : id;
  }
  function rid(v) {
    v = String(v);
    return v.slice(0, VIS_PREFIX.length) === VIS_PREFIX ? v.slice(VIS_PREFIX.length) : v;
  }

  // ------------------------------------------------------------------ names (as graphkit.names)

  /* Case- and accent-insensitive form, as graphkit.text.fold (mojibake repair aside). */
  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[\u2018\u2019]/g, "'").toLowerCase().replace(/[ßς]/g, function (c) { return CASEFOLD[c]; });
  }
  /* Where Python's casefold goes further than toLowerCase. */
  var CASEFOLD = { "ß": "ss", "ς": "σ" };

  var SK = DATA.skeleton || { kazakh: {}, translit: {}, rules: [] };
  var SK_KAZAKH = new Map(Object.keys(SK.kazakh).map(function (k) { return [k, SK.kazakh[k]]; }));
  var SK_TRANSLIT = new Map(Object.keys(SK.translit).map(function (k) { return [k, SK.translit[k]]; }));
  var SK_RULES = SK.rules.map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });

  /* The transliteration skeleton, step by step as graphkit.names.skeleton_spec says. */
  function skeleton(text) {
    var out = "";
    Array.from(fold(text)).forEach(function (ch) {
      if (SK_KAZAKH.has(ch)) ch = SK_KAZAKH.get(ch);
      out += SK_TRANSLIT.has(ch) ? SK_TRANSLIT.get(ch) : ch;
    });
    out = out.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(" ");
    SK_RULES.forEach(function (r) { out = out.replace(r[0], r[1]); });
    return out;
  }

  // ------------------------------------------------------------------ indexes

  var typeByKey = new Map(), relByKey = new Map(), statusByKey = new Map(), sourceById = new Map();
  DATA.types.forEach(function (t) { typeByKey.set(t.key, t); });
  DATA.relations.forEach(function (r) { relByKey.set(r.key, r); });
  DATA.statuses.forEach(function (s) { statusByKey.set(s.key, s); });
  Object.keys(DATA.sources).forEach(function (k) { sourceById.set(k, DATA.sources[k]); });

  var nodeById = new Map(), edgeById = new Map(), incident = new Map(), bySource = new Map();
  DATA.nodes.forEach(function (n) {
    if (!n.keys) n.keys = [n.label].concat(n.aliases).map(function (s) { return [fold(s), skeleton(s)]; });
    nodeById.set(n.id, n);
    incident.set(n.id, []);
  });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
    e.when = e.t || e.rt || null;   // where the claim sits in time (own date, else reported)
    new Set(e.evidence.map(function (ev) { return ev.source; })).forEach(function (s) {
      if (!bySource.has(s)) bySource.set(s, []);
      bySource.get(s).push(e);
    });
  });

  function typeOf(n) {
    return typeByKey.get(n.type) || { key: n.type, label: n.type, plural: n.type, color: "#888888", shape: "dot" };
  }

  function relOf(e) {
    return relByKey.get(e.relation) ||
      { key: e.relation, label: e.label || e.relation, inverse: e.relation, directed: e.directed, color: "#888888" };
  }

  function statusOf(e) {
    return statusByKey.get(e.status) ||
      { key: e.status, label: e.status, dash: e.status === "confirmed" ? [] : [7, 5], mark: "none", color: "#444444" };
  }

  function nodeName(id) { var n = nodeById.get(id); return n ? n.label : id; }

  function sourceOf(id) { return sourceById.get(id) || { id: id }; }

  var STORIES = DATA.stories || [];
  var storyById = new Map(STORIES.map(function (s) { return [s.id, s]; }));

  // ------------------------------------------------------------------ state (the one view state)

  var metricKeys = new Set(DATA.metrics.map(function (m) { return m.key; }));
  var DEFAULTS = {
    metric: DATA.metric,
    aside: (DATA.view && DATA.view.set_aside || []).filter(function (id) { return nodeById.has(id); }),
    depth: Math.min(MAX_DEPTH, Math.max(1, (DATA.view && DATA.view.depth) || 1))
  };

  var state = {
    metric: DEFAULTS.metric,
    types: new Set(DATA.types.map(function (t) { return t.key; })),
    relations: new Set(DATA.relations.map(function (r) { return r.key; })),
    statuses: new Set(DATA.statuses.map(function (s) { return s.key; })),
    from: DATA.span ? DATA.span[0] : null,
    to: DATA.span ? DATA.span[1] : null,
    keepUndated: true,
    hideIsolated: false,
    aside: new Set(DEFAULTS.aside),
    depth: DEFAULTS.depth,
    rest: "fade",             // what focus does to the rest: "fade" or "hide"
    via: "any",               // paths through any claims, or "confirmed" ones only
    edgeLabels: DATA.edges.length <= 150,
    sel: null,                // {kind: "actor"|"claim"|"source"|"path", id, a, b}
                              // or {kind: "story", id, index} (index from 0)
    storySnapshot: null,      // the free view a story was opened from, restored on leaving
    lastStory: null,          // {id, index}: where the reader last was in a story
    chains: null,             // the path panel's chains, when sel.kind === "path"
    dimmed: null,             // {nodes: Set, edges: Set} kept bright, or null
    visibleNodes: new Set(),
    visibleEdges: new Set(),
    messages: []              // what the last link could not apply
  };

  // ------------------------------------------------------------------ drawing nodes

  var SIZE = { min: 8, max: 34 };

  function polygonPath(ctx, x, y, s, count, rotate, inner) {
    var total = inner ? count * 2 : count;
    for (var i = 0; i < total; i++) {
      var r = inner && i % 2 ? s * inner : s;
      var a = rotate + (Math.PI * 2 * i) / total;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  /* The outline of a type's shape, drawn by the explorer itself for every shape. */
  function shapePath(ctx, kind, x, y, s) {
    ctx.beginPath();
    switch (kind) {
      case "square": ctx.rect(x - s * 0.88, y - s * 0.88, s * 1.76, s * 1.76); break;
      case "diamond": polygonPath(ctx, x, y, s * 1.15, 4, -Math.PI / 2); break;
      case "triangle": polygonPath(ctx, x, y + s * 0.15, s * 1.2, 3, -Math.PI / 2); break;
      case "triangleDown": polygonPath(ctx, x, y - s * 0.15, s * 1.2, 3, Math.PI / 2); break;
      case "hexagon": polygonPath(ctx, x, y, s * 1.05, 6, 0); break;
      case "star": polygonPath(ctx, x, y, s * 1.25, 5, -Math.PI / 2, 0.45); break;
      case "box":
        var w = s * 1.1, h = s * 0.72, r = s * 0.22;
        ctx.moveTo(x - w + r, y - h);
        ctx.arcTo(x + w, y - h, x + w, y + h, r);
        ctx.arcTo(x + w, y + h, x - w, y + h, r);
        ctx.arcTo(x - w, y + h, x - w, y - h, r);
        ctx.arcTo(x - w, y - h, x + w, y - h, r);
        ctx.closePath();
        break;
      case "ellipse": ctx.ellipse(x, y, s * 1.15, s * 0.7, 0, 0, Math.PI * 2); break;
      case "database":
        var cw = s * 0.85, ch = s * 0.95, e = s * 0.3;
        ctx.moveTo(x - cw, y - ch + e);
        ctx.ellipse(x, y - ch + e, cw, e, 0, Math.PI, 0, false);
        ctx.lineTo(x + cw, y + ch - e);
        ctx.ellipse(x, y + ch - e, cw, e, 0, 0, Math.PI, false);
        ctx.closePath();
        break;
      case "text": ctx.arc(x, y, s * 0.4, 0, Math.PI * 2); break;
      default: ctx.arc(x, y, s, 0, Math.PI * 2);
    }
  }

  function isDimmed(kind, id) { return state.dimmed ? !state.dimmed[kind].has(id) : false; }

  /* Every node is a custom shape: it reads the highlight state when drawn, so focusing
   * an actor among thousands costs a redraw, not an update of every node. */
  function renderer(args) {
    var ctx = args.ctx, s = args.style.size, id = rid(args.id);
    return {
      drawNode: function () {
        var n = nodeById.get(id);
        var t = typeOf(n);
        var dim = isDimmed("nodes", id);
        var selected = state.sel && ((state.sel.kind === "actor" && state.sel.id === id) ||
          (state.sel.kind === "story" && storyFocus() === id));
        var ends = state.sel && state.sel.kind === "path" && (state.sel.a === id || state.sel.b === id);
        shapePath(ctx, t.shape, args.x, args.y, s);
        ctx.fillStyle = dim ? mix(t.color, "#ffffff", 0.88) : t.color;
        ctx.fill();
        ctx.lineWidth = selected || ends ? 3.5 : (args.state.hover ? 2.5 : 1);
        ctx.strokeStyle = selected || ends || args.state.hover ? "#111111"
          : (dim ? mix(t.color, "#ffffff", 0.7) : mix(t.color, "#000000", 0.35));
        ctx.stroke();
      },
      nodeDimensions: { width: 2 * s, height: 2 * s }
    };
  }

  function nodeItem(n) {
    return {
      id: vid(n.id), shape: "custom", ctxRenderer: renderer, value: n.m[state.metric] || 0,
      x: n.x, y: n.y, title: nodeTooltip(n)
    };
  }

  function nodeTooltip(n) {
    var lines = [n.label, typeOf(n).label + " · " + plural(incident.get(n.id).length, "claim", "claims")];
    if (n.aliases.length) lines.push("Also: " + n.aliases.join("; "));
    if (n.description) lines.push(n.description.length > 160 ? n.description.slice(0, 157) + "…" : n.description);
    lines.push("Click to see who surrounds this actor");
    return lines.join("\n");
  }

  // ------------------------------------------------------------------ drawing claims

  function edgeSentence(e) { return nodeName(e.from) + " " + relOf(e).label + " " + nodeName(e.to); }

  function reportedText(e) { return e.reported ? "reported " + e.reported : ""; }

  function edgeTooltip(e) {
    var s = statusOf(e);
    var lines = [edgeSentence(e), [when(e) || reportedText(e) || "undated", s.label].join(" · ")];
    if (e.claimed_by.length) lines.push("Claimed by " + e.claimed_by.map(nodeName).join(", "));
    if (s.description && e.status !== "confirmed") lines.push(s.label + ": " + s.description);
    var titles = new Set(e.evidence.map(function (ev) { return sourceOf(ev.source).title || ev.source; }));
    if (titles.size) lines.push("Sources: " + Array.from(titles).join("; "));
    return lines.join("\n");
  }

  function smoothOf(e) {
    if (!e.curve || e.curve[0] === "loop") return { enabled: false };
    return { enabled: true, type: e.curve[0] === "cw" ? "curvedCW" : "curvedCCW", roundness: e.curve[1] };
  }

  function edgeItem(e, dim) {
    var r = relOf(e), s = statusOf(e);
    var solid = !s.dash || !s.dash.length;
    var color = dim ? "#ececec" : r.color;
    var item = {
      id: vid(e.id), from: vid(e.from), to: vid(e.to), title: edgeTooltip(e),
      label: state.edgeLabels ? r.label : "",
      color: { color: color, highlight: r.color, hover: r.color, opacity: dim ? 1 : 0.9 },
      dashes: solid ? false : s.dash,
      width: solid ? 1.9 : 1.6,
      arrows: { to: { enabled: !!e.directed, scaleFactor: 0.55 } },
      smooth: smoothOf(e),
      font: { color: dim ? "#d0d0d0" : "#4a4a4a" }
    };
    if (e.curve && e.curve[0] === "loop") item.selfReference = { size: e.curve[1], angle: Math.PI / 4 };
    return item;
  }

  // ------------------------------------------------------------------ what is visible

  function overlaps(t) {
    if (state.from === null) return true;
    if (t[1] !== null && t[1] < state.from) return false;
    return !(t[0] !== null && t[0] > state.to);
  }

  function windowNarrowed() {
    return !!DATA.span && (state.from > DATA.span[0] || state.to < DATA.span[1]);
  }

  /* Claims and actors passing the filters, before focus: what paths and focus walk on.
   * In a story, the step's own actors and claims always pass (whatever the window,
   * statuses or set-aside hubs), and its window reads claims by their own dates, as
   * `graphkit.filters.GraphFilter` does: a claim without one stays. */
  function computeVisible() {
    var nodePass = new Set();
    var narrowed = windowNarrowed();
    var forced = storyForced();
    var inStory = !!forced;
    DATA.nodes.forEach(function (n) {
      if (forced && forced.nodes.has(n.id)) { nodePass.add(n.id); return; }
      if (!state.types.has(n.type) || state.aside.has(n.id)) return;
      if (n.t && narrowed && !overlaps(n.t)) return;
      nodePass.add(n.id);
    });
    var edges = new Set(), degree = new Set();
    DATA.edges.forEach(function (e) {
      if (forced && forced.edges.has(e.id)) {
        edges.add(e.id); degree.add(e.from); degree.add(e.to);
        return;
      }
      if (!state.relations.has(e.relation) || !state.statuses.has(e.status)) return;
      var t = inStory ? e.t : e.when;
      if (t ? (narrowed && !overlaps(t)) : !state.keepUndated) return;
      if (!nodePass.has(e.from) || !nodePass.has(e.to)) return;
      edges.add(e.id);
      degree.add(e.from);
      degree.add(e.to);
    });
    // A time window is a question about what happened then: actors without a claim in
    // it go, unless they are themselves dated inside it (an event, say).
    var timed = narrowed || !state.keepUndated;
    var nodes = state.hideIsolated || timed
      ? new Set(Array.from(nodePass).filter(function (id) {
        return degree.has(id) || (timed && !state.hideIsolated && !!nodeById.get(id).t && narrowed) ||
          (!!forced && forced.nodes.has(id));
      }))
      : nodePass;
    state.passNodes = nodes;
    state.passEdges = edges;
    // Chains walk the claims in view, so they follow every filter change (and the
    // highlight below reads them).
    if (state.sel && state.sel.kind === "path") state.chains = computeChains(state.sel.a, state.sel.b);
    state.visibleNodes = nodes;
    state.visibleEdges = edges;
    var keep = highlightSet();
    if (keep && state.rest === "hide") {
      state.visibleNodes = new Set(Array.from(nodes).filter(function (id) { return keep.nodes.has(id); }));
      state.visibleEdges = new Set(Array.from(edges).filter(function (id) { return keep.edges.has(id); }));
    }
  }

  /* The actors within `depth` steps of `id` over the claims that pass the filters. */
  function neighbourhood(id, depth) {
    var nodes = new Set([id]), edges = new Set(), frontier = [id];
    if (!state.passNodes.has(id)) return { nodes: nodes, edges: edges };
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (u) {
        incident.get(u).forEach(function (e) {
          if (!state.passEdges.has(e.id)) return;
          var v = e.from === u ? e.to : e.from;
          if (!nodes.has(v)) { nodes.add(v); next.push(v); }
        });
      });
      frontier = next;
    }
    // Every passing claim among the actors shown, so the neighbourhood reads as a whole.
    nodes.forEach(function (u) {
      incident.get(u).forEach(function (e) {
        if (state.passEdges.has(e.id) && nodes.has(e.from) && nodes.has(e.to)) edges.add(e.id);
      });
    });
    return { nodes: nodes, edges: edges };
  }

  /* What the current selection keeps bright (null: everything). */
  function highlightSet() {
    var sel = state.sel;
    if (!sel) return null;
    if (sel.kind === "actor") return nodeById.has(sel.id) ? neighbourhood(sel.id, state.depth) : null;
    if (sel.kind === "claim") {
      var e = edgeById.get(sel.id);
      return e ? { nodes: new Set([e.from, e.to]), edges: new Set([e.id]) } : null;
    }
    if (sel.kind === "source") {
      var keep = { nodes: new Set(), edges: new Set() };
      (bySource.get(sel.id) || []).forEach(function (c) {
        keep.edges.add(c.id); keep.nodes.add(c.from); keep.nodes.add(c.to);
      });
      return keep;
    }
    if (sel.kind === "story") return storyHighlight();
    if (sel.kind === "path") {
      var on = { nodes: new Set([sel.a, sel.b]), edges: new Set() };
      (state.chains || []).forEach(function (chain) {
        chain.nodes.forEach(function (id) { on.nodes.add(id); });
        chain.steps.forEach(function (step) { step.claims.forEach(function (c) { on.edges.add(c.id); }); });
      });
      return on;
    }
    return null;
  }

  // ------------------------------------------------------------------ the network

  computeVisible();
  var nodesDS = new vis.DataSet(DATA.nodes.map(nodeItem));
  var edgesDS = new vis.DataSet(DATA.edges.map(function (e) { return edgeItem(e, false); }));
  /* What is drawn, by real ids (tests and other scripts read these). Every actor and
   * claim stays in vis-network; filters only flip its `hidden` flag (applyVisibility). */
  var nodesView = {
    getIds: function () { return Array.from(state.visibleNodes); },
    get length() { return state.visibleNodes.size; }
  };
  var edgesView = {
    getIds: function () { return Array.from(state.visibleEdges); },
    get length() { return state.visibleEdges.size; }
  };

  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { scaling: { min: SIZE.min, max: SIZE.max, label: { enabled: false } } },
    edges: {
      font: { face: FONT, size: 10, color: "#4a4a4a", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      selectionWidth: 1.5,
      hoverWidth: 0.8,
      smooth: { enabled: false }
    },
    interaction: {
      hover: !LARGE, tooltipDelay: 250, hideEdgesOnDrag: LARGE, hideEdgesOnZoom: LARGE,
      multiselect: false, keyboard: false
    },
    physics: {
      enabled: DATA.physics,
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3500, centralGravity: 0.15, springLength: 140,
        springConstant: 0.03, damping: 0.35, avoidOverlap: 0.15 },
      stabilization: { enabled: true, iterations: 150, updateInterval: 25, fit: false },
      minVelocity: 1.5
    }
  };

  var container = $("gk-network");
  network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  /* Dash patterns are in screen pixels, whatever the zoom: vis-network gives them in
   * drawing units, which at an overview zoom shrink to sub-pixel dashes that are
   * unreadable and cost Chromium most of a frame (0.8 s of 1.2 s at 15,000 claims). */
  (function () {
    var ctx = network.canvas.getContext();
    var native = CanvasRenderingContext2D.prototype.setLineDash;
    ctx.setLineDash = function (pattern) {
      var k = network.getScale() || 1;
      return native.call(this, (pattern || []).map(function (v) { return v / k; }));
    };
  })();
  var timings = { script: started, firstDraw: null, settled: null, lastChange: null };
  network.once("afterDrawing", function () {
    timings.firstDraw = performance.now();
    if (!DATA.physics) timings.settled = timings.firstDraw;
  });
  network.on("stabilized", function () {
    if (timings.settled === null) timings.settled = performance.now();
  });

  // ------------------------------------------------------------------ labels, placed by importance

  /*
   * vis-network draws every label where its node is, so a dense case is a smear of
   * text. Labels are drawn here instead, after each frame, in screen space: actors in
   * order of importance (the chosen metric; the selection and its neighbourhood
   * first), each label placed under its node only where it overlaps no label already
   * placed (a grid of cells keeps the test cheap), and only for actors drawn large
   * enough on screen. Zooming in spreads actors apart and enlarges them, so more
   * labels find room -- the way sigma.js's label grid behaves.
   */
  var LABEL = { minRadius: 3.2, font: [11.5, 15], pad: 3, cell: 64, max: 400 };
  var labelOrder = [];
  var placedLabels = [];
  var widthCache = new Map();
  var measureCtx = document.createElement("canvas").getContext("2d");

  function sortLabelOrder() {
    labelOrder = DATA.nodes.slice().sort(function (a, b) {
      return (b.m[state.metric] || 0) - (a.m[state.metric] || 0) || byString(a.id, b.id);
    });
    var rank = new Map();
    labelOrder.forEach(function (n, i) { rank.set(n.id, i); });
    labelOrder.rank = rank;
  }
  sortLabelOrder();

  /* The font a label is drawn in: the largest names in semibold. */
  function labelFont(size) { return (size >= LABEL.font[1] ? "600 " : "") + size + "px " + FONT; }

  function textWidth(text, size) {
    var key = size + "\u0000" + text;
    var w = widthCache.get(key);
    if (w === undefined) {
      measureCtx.font = labelFont(size);
      w = measureCtx.measureText(text).width;
      widthCache.set(key, w);
    }
    return w;
  }

  function shortLabel(text) { return text.length > 38 ? text.slice(0, 36) + "…" : text; }

  function placeLabels() {
    var view = network.body.view, scale = view.scale, tx = view.translation.x, ty = view.translation.y;
    var width = container.clientWidth, height = container.clientHeight;
    width -= panelCover(width);
    var grid = new Map(), placed = [];
    var keep = state.dimmed;
    var first = [], pin = null;
    if (keep) {
      keep.nodes.forEach(function (id) { if (state.visibleNodes.has(id)) first.push(nodeById.get(id)); });
      first.sort(function (a, b) {
        return labelOrder.rank.get(a.id) - labelOrder.rank.get(b.id);
      });
      pin = state.sel && (state.sel.kind === "actor" ? [state.sel.id] : state.sel.kind === "path" ? [state.sel.a, state.sel.b]
        : state.sel.kind === "story" ? currentStep().actors : []);
      (pin || []).slice().reverse().forEach(function (id) {
        var n = nodeById.get(id);
        if (n && state.visibleNodes.has(id)) { first = first.filter(function (x) { return x !== n; }); first.unshift(n); }
      });
    }
    var candidates = keep ? first : labelOrder;
    var pinned = new Set(pin || []);
    var bodyNodes = network.body.nodes;
    function hits(r) {
      var x0 = Math.floor(r.x / LABEL.cell), x1 = Math.floor((r.x + r.w) / LABEL.cell);
      var y0 = Math.floor(r.y / LABEL.cell), y1 = Math.floor((r.y + r.h) / LABEL.cell);
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var list = grid.get(gx + ":" + gy);
          if (!list) continue;
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (r.x < o.x + o.w + LABEL.pad && o.x < r.x + r.w + LABEL.pad &&
                r.y < o.y + o.h + LABEL.pad && o.y < r.y + r.h + LABEL.pad) return true;
          }
        }
      }
      return false;
    }
    function add(r) {
      var x0 = Math.floor(r.x / LABEL.cell), x1 = Math.floor((r.x + r.w) / LABEL.cell);
      var y0 = Math.floor(r.y / LABEL.cell), y1 = Math.floor((r.y + r.h) / LABEL.cell);
      for (var gx = x0; gx <= x1; gx++) {
        for (var gy = y0; gy <= y1; gy++) {
          var k = gx + ":" + gy;
          if (!grid.has(k)) grid.set(k, []);
          grid.get(k).push(r);
        }
      }
    }
    var total = labelOrder.length;
    for (var i = 0; i < candidates.length && placed.length < LABEL.max; i++) {
      var n = candidates[i];
      if (!state.visibleNodes.has(n.id)) continue;
      var body = bodyNodes[vid(n.id)];
      if (!body) continue;
      var radius = (body.options.size || SIZE.min) * scale;
      if (!keep && radius < LABEL.minRadius) continue;
      var sx = body.x * scale + tx, sy = body.y * scale + ty;
      if (sx < -200 || sy < -50 || sx > width + 200 || sy > height + 50) continue;
      var rank = labelOrder.rank.get(n.id);
      var size = rank < Math.max(8, total * 0.03) || pinned.has(n.id) ? LABEL.font[1] : LABEL.font[0];
      var text = shortLabel(n.label);
      var w = textWidth(text, size), h = size * 1.25;
      var r = { id: n.id, text: text, size: size, x: sx - w / 2, y: sy + Math.max(radius, 3) + 2, w: w, h: h };
      if (sx < 0 || sx > width) continue;
      r.x = Math.max(0, Math.min(r.x, width - r.w));   // a name near the edge slides in
      if (r.x + r.w > width) continue;
      var fits = !(r.y + r.h > height || r.y < 0) && !hits(r);
      if (!fits) {   // else above the actor
        r.y = sy - Math.max(radius, 3) - 2 - h;
        fits = r.y >= 0 && r.y + r.h <= height && !hits(r);
      }
      if (!fits) continue;
      add(r);
      placed.push(r);
    }
    placedLabels = placed;
    return placed;
  }

  function drawLabels(ctx) {
    var placed = placeLabels();
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed.forEach(function (r) {
      ctx.font = labelFont(r.size);
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(r.text, r.x, r.y + 1);
      ctx.fillStyle = "#1d1d1d";
      ctx.fillText(r.text, r.x, r.y + 1);
    });
    ctx.restore();
  }

  /* Status marks: a glyph across the middle of each claim whose status asks for one. */
  function drawMarks(ctx) {
    var scale = network.getScale();
    var marked = DATA.statuses.some(function (s) { return s.mark && s.mark !== "none"; });
    if (!marked) return;
    var edges = network.body.edges;
    var count = 0;
    state.visibleEdges.forEach(function (id) {
      if (count > 3000) return;
      var e = edgeById.get(id), s = statusOf(e);
      if (!s.mark || s.mark === "none" || isDimmed("edges", id)) return;
      var body = edges[vid(id)];
      if (!body || !body.from || !body.to || e.from === e.to) return;
      var dx = body.to.x - body.from.x, dy = body.to.y - body.from.y;
      var len = Math.sqrt(dx * dx + dy * dy);
      if (len * scale < 36) return;
      var p = body.edgeType && body.edgeType.getPoint ? body.edgeType.getPoint(0.5) : { x: body.from.x + dx / 2, y: body.from.y + dy / 2 };
      var ux = dx / len, uy = dy / len, k = 5.5 / scale;
      count++;
      ctx.save();
      ctx.strokeStyle = s.color || "#c0392b";
      ctx.lineWidth = 2.2 / scale;
      ctx.lineCap = "round";
      ctx.beginPath();
      if (s.mark === "cross") {
        ctx.moveTo(p.x - k * (ux + uy), p.y - k * (uy - ux));
        ctx.lineTo(p.x + k * (ux + uy), p.y + k * (uy - ux));
        ctx.moveTo(p.x - k * (ux - uy), p.y - k * (uy + ux));
        ctx.lineTo(p.x + k * (ux - uy), p.y + k * (uy + ux));
      } else {
        var g = 2.2 / scale;
        [-g, g].forEach(function (off) {
          ctx.moveTo(p.x + ux * off - uy * k, p.y + uy * off + ux * k);
          ctx.lineTo(p.x + ux * off + uy * k, p.y + uy * off - ux * k);
        });
      }
      ctx.stroke();
      ctx.restore();
    });
  }

  /* vis-network draws nodes in data order, so a faded actor may cover a highlighted
   * one; the highlighted ones (a focus, a chain) are drawn again on top. */
  function redrawKept(ctx) {
    if (!state.dimmed || state.dimmed.nodes.size > 600) return;
    // The highlighted claims first: faded actors drawn over them would cut them into
    // what looks like a dashed (unconfirmed) line.
    var edgeBodies = network.body.edges;
    state.dimmed.edges.forEach(function (id) {
      var body = edgeBodies[vid(id)];
      if (!body || body.options.hidden || !state.visibleEdges.has(id) || typeof body.draw !== "function") return;
      body.draw(ctx);
      if (typeof body.drawArrows === "function") body.drawArrows(ctx);
    });
    var bodies = network.body.nodes;
    state.dimmed.nodes.forEach(function (id) {
      var body = bodies[vid(id)];
      if (!body || !state.visibleNodes.has(id)) return;
      renderer({ ctx: ctx, id: vid(id), x: body.x, y: body.y, style: { size: body.options.size || SIZE.min },
        state: { hover: false, selected: false } }).drawNode();
    });
  }

  network.on("afterDrawing", function (ctx) {
    var t0 = performance.now();
    redrawKept(ctx);
    var t1 = performance.now();
    drawMarks(ctx);
    var t2 = performance.now();
    drawLabels(ctx);
    timings.overlay = { kept: t1 - t0, marks: t2 - t1, labels: performance.now() - t2 };
  });
  network.on("beforeDrawing", function () { timings.frameStart = performance.now(); });

  // ------------------------------------------------------------------ highlight, fit

  /*
   * Show what passes the filters and fade what the highlight leaves out, by changing the
   * flags and colours vis-network reads when it draws -- never by a DataSet update or a
   * DataView refresh, which at 15,000 claims take seconds (vis-network rebuilds each
   * item). Every actor and claim stays in vis-network; a filtered one is `hidden`. On a
   * large page faded claims are hidden too: a frame of 15,000 claims costs vis-network
   * half a second, a focused neighbourhood's few almost nothing. vis-network gives an
   * item back its DataSet options when the DataSet changes it (the metric, the relation
   * names), so this runs after each such change as well.
   */
  function applyHighlight() {
    state.dimmed = highlightSet();
    var nodeBodies = network.body.nodes, edgeBodies = network.body.edges, changed = false;
    DATA.nodes.forEach(function (n) {
      var body = nodeBodies[vid(n.id)];
      if (!body) return;
      var hide = !state.visibleNodes.has(n.id);
      if (body.options.hidden !== hide) { body.options.hidden = hide; changed = true; }
    });
    DATA.edges.forEach(function (e) {
      var body = edgeBodies[vid(e.id)];
      if (!body) return;
      var shown = state.visibleEdges.has(e.id);
      var dim = shown && !!state.dimmed && !state.dimmed.edges.has(e.id);
      var color = body.options.color;
      color.color = dim ? "#efefef" : relOf(e).color;
      color.opacity = dim ? 1 : 0.9;
      if (body.options.font) body.options.font.color = dim ? "#d0d0d0" : "#4a4a4a";
      var hide = !shown || (LARGE && dim);
      if (body.options.hidden !== hide) { body.options.hidden = hide; changed = true; }
    });
    if (changed) {
      // With physics on, vis-network must also rebuild what it simulates.
      if (network.physics.options.enabled || typeof network._updateVisibleIndices !== "function") {
        network.body.emitter.emit("_dataChanged");
      } else {
        network._updateVisibleIndices();
      }
    }
  }

  /* How much of the drawing's right side the side panel covers (narrow screens only). */
  function panelCover(width) {
    var panel = $("gk-panel");
    if (panel.hidden || getComputedStyle(panel).position !== "absolute" || panelSheet()) return 0;
    return Math.min(panel.offsetWidth, width * 0.6);
  }

  /* On a phone the panel is a sheet over the lower part: the height it covers, else 0. */
  function panelSheet() {
    var panel = $("gk-panel");
    if (panel.hidden || getComputedStyle(panel).position !== "absolute") return 0;
    return panel.offsetWidth >= container.clientWidth - 2 ? panel.offsetHeight : 0;
  }

  /* Zoom and pan so that `ids` (visible actors) fill the drawing, in or out. */
  function fitTo(ids, animate) {
    // The side panel may just have opened: let vis-network take the drawing's new size
    // now, not at its next resize check, which would shift the view after the fit.
    network.setSize("100%", "100%");
    var positions = network.getPositions(ids.filter(function (id) { return state.visibleNodes.has(id); }).map(vid));
    var keys = Object.keys(positions);
    if (!keys.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    keys.forEach(function (k) {
      var p = positions[k];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    });
    var w = Math.max(container.clientWidth, 50), sheet = panelSheet();
    // The first-visit hint lies over the top of the drawing: fit below it while it shows.
    var hint = $("gk-hint"), above = hint.hidden ? 0 : hint.offsetTop + hint.offsetHeight;
    var h = Math.max(container.clientHeight - sheet - above, 50);
    // On a narrow screen the side panel lies over the drawing: fit into what it leaves.
    var cover = panelCover(w);
    var free = Math.max(w - cover, 50);
    var spanX = Math.max(maxX - minX, 1), spanY = Math.max(maxY - minY, 1);
    var scale = Math.min((free - Math.min(140, free * 0.45)) / spanX, (h - 110) / spanY);
    scale = Math.max(0.02, Math.min(1.25, scale));
    network.moveTo({
      position: { x: (minX + maxX) / 2 + cover / 2 / scale, y: (minY + maxY) / 2 + (8 + sheet / 2 - above / 2) / scale }, scale: scale,
      animation: animate ? { duration: 420, easingFunction: "easeInOutQuad" } : false
    });
  }

  function fitVisible(animate) {
    var keep = state.dimmed;
    fitTo(Array.from(keep ? keep.nodes : state.visibleNodes), animate);
  }

  // ------------------------------------------------------------------ refresh

  function refresh(options) {
    options = options || {};
    var t0 = performance.now(), steps = {};
    function lap(name) { var now = performance.now(); steps[name] = now - t0; t0 = now; }
    computeVisible();
    lap("visible");
    applyHighlight();
    lap("visibility");
    updateCounts();
    if (!options.keepPanel) renderPanel();
    lap("panel");
    if (options.fit) fitVisible(options.animate !== false);
    else network.redraw();
    writeFragment();
    lap("fit");
    timings.steps = steps;
  }

  function updateCounts() {
    var n = state.visibleNodes.size, e = state.visibleEdges.size;
    var all = n === DATA.nodes.length && e === DATA.edges.length;
    var text = all
      ? plural(n, "actor", "actors") + " · " + plural(e, "claim", "claims")
      : n.toLocaleString("en") + " of " + plural(DATA.nodes.length, "actor", "actors") + " · " +
        e.toLocaleString("en") + " of " + plural(DATA.edges.length, "claim", "claims");
    $("gk-counts").textContent = text;
    $("gk-empty").hidden = n > 0;
    renderAside();
    renderFilterSummary();
  }

  /* The filters in force, in words (shown in the page and in exported pictures). */
  function filterSummary() {
    var parts = [];
    function missing(all, on, label) {
      if (on.size === all.length) return;
      var kept = all.filter(function (x) { return on.has(x.key); }).map(function (x) { return x.plural || x.label; });
      parts.push(label + ": " + (kept.length ? kept.join(", ") : "none"));
    }
    missing(DATA.statuses, state.statuses, "Status");
    missing(DATA.types, state.types, "Actors");
    missing(DATA.relations, state.relations, "Relations");
    if (windowNarrowed()) parts.push("Dates " + dayToIso(state.from) + " to " + dayToIso(state.to));
    if (!state.keepUndated) parts.push("undated claims hidden");
    if (state.aside.size) parts.push("Set aside: " + Array.from(state.aside).map(nodeName).join(", "));
    if (state.sel && state.sel.kind === "actor") {
      parts.push("Around " + nodeName(state.sel.id) + " (" + plural(state.depth, "step", "steps") + ")");
    }
    if (state.sel && state.sel.kind === "path") {
      parts.push("Chains from " + nodeName(state.sel.a) + " to " + nodeName(state.sel.b) +
        (state.via === "confirmed" ? " (confirmed claims only)" : ""));
    }
    return parts;
  }

  function renderFilterSummary() {
    var parts = filterSummary();
    var note = $("gk-filter-summary");
    var link = state.messages && state.messages.length ? "This link could not be followed in full: " + state.messages.join("; ") + "." : "";
    note.textContent = [parts.length ? "In view: " + parts.join(" · ") : "", link].filter(Boolean).join(" — ");
    note.hidden = !parts.length && !link;
  }

  // ------------------------------------------------------------------ selection

  function select(sel, fit) {
    // Choosing an actor, a claim, a source or a path from inside a story leaves the
    // story: the filters go back to the free view it was opened from.
    var left = inStory() && (!sel || sel.kind !== "story");
    if (left) restoreFreeView(false);
    state.sel = sel;
    state.messages = [];  // what a link could not open no longer describes the view
    if (!sel || sel.kind !== "path") state.chains = null;  // a path's: computeVisible
    dismissHint();
    refresh({ fit: fit && !!sel, animate: true });
    if (!sel) $("gk-panel").hidden = true;
    if (left) renderStoryList();
  }

  function selectNode(id, fit) {
    if (!nodeById.has(id)) return false;
    select({ kind: "actor", id: id }, fit !== false);
    if (fit !== false) network.selectNodes(state.visibleNodes.has(id) ? [vid(id)] : [], false);
    return state.visibleNodes.has(id);
  }

  function selectEdge(id) {
    if (!edgeById.has(id)) return false;
    select({ kind: "claim", id: id }, false);
    if (state.visibleEdges.has(id)) network.selectEdges([vid(id)]);
    return true;
  }

  function selectSource(id) {
    if (!sourceById.has(id)) return false;
    select({ kind: "source", id: id }, true);
    return true;
  }

  function selectPath(a, b) {
    if (!nodeById.has(a) || !nodeById.has(b) || a === b) return false;
    select({ kind: "path", a: a, b: b }, true);
    return true;
  }

  function clearSelection() {
    network.unselectAll();
    select(null, false);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = rid(params.nodes[0]);
      if (pathPick.active) { pickPathEnd(id); return; }
      selectNode(id, true);
    } else if (params.edges.length) selectEdge(rid(params.edges[0]));
    else if (state.sel && !inStory()) clearSelection();   // a stray click never ends a story
  });

  // ------------------------------------------------------------------ paths (as graphkit path)

  /* Every claim between a and b, read from a to b, sorted as graphkit.analyse.paths does. */
  function claimsBetween(a, b, allowed) {
    var found = [];
    incident.get(a).forEach(function (e) {
      if (!allowed.has(e.id)) return;
      var forward = e.from === a && e.to === b;
      var backward = e.from === b && e.to === a;
      if (!forward && !backward) return;
      var r = relOf(e);
      found.push({
        id: e.id, relation: e.relation, forward: forward,
        phrase: forward || !e.directed ? r.label : r.inverse,
        source: e.from, target: e.to, status: e.status, edge: e
      });
    });
    function key(c) {
      var e = c.edge, w = e.date || e.start || e.end || "";
      return [w === "" ? 1 : 0, w, c.id];
    }
    found.sort(function (x, y) {
      var kx = key(x), ky = key(y);
      return kx[0] - ky[0] || byString(kx[1], ky[1]) || byString(kx[2], ky[2]);
    });
    return found;
  }

  /* Every shortest chain between a and b on the undirected projection of the claims in
   * view (set-aside actors never inside a chain; optionally confirmed claims only). */
  function computeChains(a, b) {
    var allowed = new Set();
    var inner = function (id) { return id === a || id === b || (state.passNodes.has(id) && !state.aside.has(id)); };
    var adj = new Map();
    function link(u, v) {
      if (!adj.has(u)) adj.set(u, new Set());
      adj.get(u).add(v);
    }
    DATA.edges.forEach(function (e) {
      var passes = state.passEdges.has(e.id) ||
        ((e.from === a || e.to === a || e.from === b || e.to === b) && edgePassesIgnoringAside(e));
      if (!passes || e.from === e.to) return;
      if (state.via === "confirmed" && e.status !== "confirmed") return;
      if (!inner(e.from) || !inner(e.to)) return;
      allowed.add(e.id);
      link(e.from, e.to);
      link(e.to, e.from);
    });
    var dist = new Map([[a, 0]]), queue = [a];
    for (var qi = 0; qi < queue.length; qi++) {
      var u = queue[qi];
      if (u === b) break;
      (adj.get(u) || new Set()).forEach(function (v) {
        if (!dist.has(v)) { dist.set(v, dist.get(u) + 1); queue.push(v); }
      });
    }
    if (!dist.has(b)) return [];
    var length = dist.get(b);
    // Walk back from b over actors one step nearer to a; then enumerate in id order.
    var back = new Map([[b, length]]), stack = [b];
    while (stack.length) {
      var x = stack.pop();
      (adj.get(x) || new Set()).forEach(function (y) {
        if (dist.get(y) === back.get(x) - 1 && !back.has(y)) { back.set(y, dist.get(y)); stack.push(y); }
      });
    }
    var chains = [];
    function walk(path) {
      if (chains.length >= MAX_CHAINS) return;
      var last = path[path.length - 1];
      if (last === b) { chains.push(path.slice()); return; }
      var next = Array.from(adj.get(last) || []).filter(function (v) {
        return back.has(v) && back.get(v) === path.length;
      }).sort(byString);
      next.forEach(function (v) { path.push(v); walk(path); path.pop(); });
    }
    walk([a]);
    return chains.map(function (nodes) {
      var steps = [];
      for (var i = 0; i + 1 < nodes.length; i++) {
        steps.push({ a: nodes[i], b: nodes[i + 1], claims: claimsBetween(nodes[i], nodes[i + 1], allowed) });
      }
      return { nodes: nodes, steps: steps };
    });
  }

  /* A claim of a path's end passes the other filters even when that end is set aside. */
  function edgePassesIgnoringAside(e) {
    if (!state.relations.has(e.relation) || !state.statuses.has(e.status)) return false;
    if (e.when ? (windowNarrowed() && !overlaps(e.when)) : !state.keepUndated) return false;
    return [e.from, e.to].every(function (id) {
      var n = nodeById.get(id);
      return state.types.has(n.type) && !(n.t && windowNarrowed() && !overlaps(n.t));
    });
  }

  // ------------------------------------------------------------------ the side panel

  function actorButton(id) {
    var n = nodeById.get(id);
    if (!n) return el("span", { className: "gk-actor-missing" }, [id]);
    return el("button", {
      type: "button", className: "gk-actor", title: "Show " + n.label,
      onclick: function () { selectNode(id, true); }
    }, [n.label]);
  }

  function statusBadge(e) {
    var s = statusOf(e);
    var badge = el("span", { className: "gk-status", title: s.description || "",
      style: { color: s.color, borderColor: s.color } }, [statusIcon(s, 18), s.label]);
    badge.dataset.status = s.key;
    return badge;
  }

  function relationChip(text, color) {
    return el("span", { className: "gk-rel", style: { borderColor: color } }, [text]);
  }

  function linesText(lines) {
    if (!lines || !lines.length) return "";
    return (lines.length === 1 && lines[0].indexOf("-") < 0 ? "line " : "lines ") +
      lines.map(function (l) { return l.replace("-", "–"); }).join(", ");
  }

  function sourceButton(id) {
    var s = sourceOf(id);
    return el("button", { type: "button", className: "gk-link gk-source-claims",
      title: "Every claim this source supports", onclick: function () { selectSource(id); } },
    [plural((bySource.get(id) || []).length, "claim", "claims") + " from this source"]);
  }

  function evidenceList(e) {
    var list = el("ol", { className: "gk-evidence" });
    e.evidence.forEach(function (ev) {
      var s = sourceOf(ev.source);
      var href = safeUrl(s.url);
      var title = s.title || ev.source;
      var head = href
        ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", className: "gk-source-title" }, [title])
        : el("span", { className: "gk-source-title" }, [title]);
      var byline = [s.author, s.publisher, s.date].filter(Boolean).join(", ");
      var lines = linesText(ev.lines);
      var archived = s.archive ? "archived text: " + s.archive : "";
      var quote = null;
      if (ev.quote && ev.quote.lines) {
        quote = el("blockquote", { className: "gk-quote" }, ev.quote.lines.map(function (l) {
          return el("p", { className: "gk-quote-line" }, [el("span", { className: "gk-quote-n" }, [String(l[0])]), l[1]]);
        }).concat(ev.quote.cut ? [el("p", { className: "gk-hint" }, ["(cut: the page quotes at most " +
          DATA.quotes.max_lines + " lines and " + DATA.quotes.max_chars.toLocaleString("en") + " characters per citation)"])] : []));
      } else if (ev.quote && ev.quote.left_out) {
        quote = el("p", { className: "gk-hint" }, ["Quotation left out: this page's quotation budget was spent; see " + lines + " of the archived text."]);
      }
      list.appendChild(el("li", null, [
        head,
        byline ? el("span", { className: "gk-byline" }, [byline]) : null,
        lines || archived ? el("span", { className: "gk-lines" }, [[lines, archived].filter(Boolean).join(" · ")]) : null,
        quote,
        ev.note ? el("p", { className: "gk-note" }, [el("span", { className: "gk-note-label" }, ["Curator's note: "]), ev.note]) : null,
        sourceButton(ev.source)
      ]));
    });
    return list;
  }

  function claimMeta(e) {
    var parts = [];
    var w = when(e);
    if (w) parts.push(el("span", { className: "gk-when" }, [w]));
    else if (e.reported) parts.push(el("span", { className: "gk-when gk-reported", title: "This claim has no date of its own; it is placed at the date its source published it." }, [reportedText(e)]));
    else parts.push(el("span", { className: "gk-when gk-undated" }, ["undated"]));
    parts.push(statusBadge(e));
    var out = [el("p", { className: "gk-claim-meta" }, parts)];
    if (e.claimed_by.length) {
      var by = el("p", { className: "gk-claimed-by" }, ["Claimed by "]);
      e.claimed_by.forEach(function (id, i) {
        if (i) by.appendChild(document.createTextNode(", "));
        by.appendChild(actorButton(id));
      });
      out.push(by);
    }
    if (e.attributes) {
      out.push(el("p", { className: "gk-attributes" }, [Object.keys(e.attributes).map(function (k) {
        return k + ": " + e.attributes[k];
      }).join(" · ")]));
    }
    return out;
  }

  /* One claim as seen from actor `me`: "sentenced <B>" or "sentenced by <A>". */
  function claimCard(e, me) {
    var r = relOf(e);
    var outgoing = e.from === me;
    var verb = outgoing || !e.directed ? r.label : r.inverse;
    var other = outgoing ? e.to : e.from;
    var line = el("p", { className: "gk-claim-line" }, [relationChip(verb, r.color), " ", actorButton(other)]);
    line.appendChild(el("button", {
      type: "button", className: "gk-link gk-claim-open", title: "Show this claim",
      onclick: function () { selectEdge(e.id); }
    }, ["claim"]));
    var shown = state.visibleEdges.has(e.id);
    var card = el("li", { className: "gk-claim" + (shown ? "" : " gk-claim-hidden"), dataset: { claim: e.id } },
      [line].concat(claimMeta(e), [evidenceList(e)]));
    if (!shown) card.title = "Hidden by the current filters";
    return card;
  }

  function dayOf(e) { return e.when ? (e.when[0] !== null ? e.when[0] : e.when[1]) : null; }

  function byDate(desc) {
    return function (a, b) {
      var ta = dayOf(a), tb = dayOf(b);
      if (ta !== tb) {
        if (ta === null) return 1;
        if (tb === null) return -1;
        return desc ? tb - ta : ta - tb;
      }
      return byString(a.id, b.id);
    };
  }

  function openPanel(children) {
    var body = $("gk-panel-body");
    clear(body);
    children.forEach(function (c) { if (c) body.appendChild(c); });
    $("gk-panel").hidden = false;
  }

  function typeBadge(n) {
    var t = typeOf(n);
    return el("p", { className: "gk-kind" }, [shapeIcon(t.shape, t.color, 14), " " + t.label]);
  }

  var panelFilter = { text: "", statuses: null, relation: "", order: "asc", forId: null };

  function claimText(e) {
    var parts = [nodeName(e.from), nodeName(e.to), relOf(e).label, relOf(e).inverse, e.date || "", e.reported || ""];
    e.evidence.forEach(function (ev) {
      parts.push(ev.note || "", sourceOf(ev.source).title || "");
      if (ev.quote && ev.quote.lines) ev.quote.lines.forEach(function (l) { parts.push(l[1]); });
    });
    return fold(parts.join(" "));
  }

  function renderClaimList(n, holder) {
    clear(holder);
    var f = panelFilter;
    var q = fold(f.text.trim());
    var all = incident.get(n.id);
    var claims = all.filter(function (e) {
      if (f.statuses && !f.statuses.has(e.status)) return false;
      if (f.relation && e.relation !== f.relation) return false;
      return !q || claimText(e).indexOf(q) >= 0;
    }).sort(byDate(f.order === "desc"));
    var groups = new Map();
    claims.forEach(function (e) {
      var r = relOf(e);
      var verb = e.from === n.id || !e.directed ? r.label : r.inverse;
      if (!groups.has(verb)) groups.set(verb, { color: r.color, claims: [] });
      groups.get(verb).claims.push(e);
    });
    var names = Array.from(groups.keys()).sort(function (x, y) {
      return groups.get(y).claims.length - groups.get(x).claims.length || byString(x, y);
    });
    holder.appendChild(el("p", { className: "gk-hint gk-claim-count" }, [
      claims.length === all.length ? plural(all.length, "claim", "claims") + " in " + plural(names.length, "group", "groups")
        : claims.length + " of " + plural(all.length, "claim", "claims") + " match"]));
    names.forEach(function (verb) {
      var g = groups.get(verb);
      var details = el("details", { className: "gk-group", open: names.length <= 6 || g.claims.length <= 3 },
        [el("summary", null, [relationChip(verb, g.color), " ", el("span", { className: "gk-count" }, [String(g.claims.length)])]),
          el("ul", { className: "gk-claims" }, g.claims.map(function (e) { return claimCard(e, n.id); }))]);
      details.dataset.relation = verb;
      holder.appendChild(details);
    });
  }

  function claimControls(n, holder) {
    var f = panelFilter;
    if (f.forId !== n.id) {
      f.forId = n.id; f.text = ""; f.statuses = null; f.relation = ""; f.order = "asc";
    }
    var present = new Map();
    incident.get(n.id).forEach(function (e) { present.set(e.status, (present.get(e.status) || 0) + 1); });
    var text = el("input", { type: "search", className: "gk-claim-filter", placeholder: "Filter these claims", value: f.text, "aria-label": "Filter claims by text" });
    text.addEventListener("input", function () { f.text = text.value; renderClaimList(n, holder); });
    var chips = el("div", { className: "gk-chips" });
    DATA.statuses.forEach(function (s) {
      if (!present.has(s.key)) return;
      var box = el("input", { type: "checkbox", checked: !f.statuses || f.statuses.has(s.key), value: s.key });
      box.addEventListener("change", function () {
        if (!f.statuses) f.statuses = new Set(present.keys());
        if (box.checked) f.statuses.add(s.key); else f.statuses.delete(s.key);
        renderClaimList(n, holder);
      });
      chips.appendChild(el("label", { className: "gk-chip", style: { borderColor: s.color } },
        [box, s.label + " " + present.get(s.key)]));
    });
    var rels = new Map();
    incident.get(n.id).forEach(function (e) { rels.set(e.relation, (rels.get(e.relation) || 0) + 1); });
    var relation = el("select", { className: "gk-claim-relation", "aria-label": "Only one relation" },
      [el("option", { value: "" }, ["All relations"])].concat(Array.from(rels.keys()).sort().map(function (k) {
        return el("option", { value: k, selected: f.relation === k }, [relOf({ relation: k }).label + " (" + rels.get(k) + ")"]);
      })));
    relation.addEventListener("change", function () { f.relation = relation.value; renderClaimList(n, holder); });
    var order = el("select", { className: "gk-claim-order", "aria-label": "Order" },
      [el("option", { value: "asc", selected: f.order === "asc" }, ["Oldest first"]),
        el("option", { value: "desc", selected: f.order === "desc" }, ["Newest first"])]);
    order.addEventListener("change", function () { f.order = order.value; renderClaimList(n, holder); });
    return el("div", { className: "gk-claim-tools" }, [text, chips, el("div", { className: "gk-row" }, [relation, order])]);
  }

  function depthControl() {
    var select = el("select", { id: "gk-depth", "aria-label": "Neighbourhood depth" }, [1, 2, 3].map(function (d) {
      return el("option", { value: String(d), selected: state.depth === d }, [d === 1 ? "1 step" : d + " steps"]);
    }));
    select.addEventListener("change", function () { state.depth = +select.value; refresh({ fit: true }); });
    var rest = el("select", { id: "gk-rest", "aria-label": "The rest of the network" },
      [el("option", { value: "fade", selected: state.rest === "fade" }, ["fade the rest"]),
        el("option", { value: "hide", selected: state.rest === "hide" }, ["hide the rest"])]);
    rest.addEventListener("change", function () { state.rest = rest.value; refresh({ fit: true }); });
    return el("p", { className: "gk-row gk-focus-tools" }, ["Show ", select, " around, ", rest]);
  }

  function showNodePanel(n) {
    var facts = [];
    if (n.country) facts.push("Country: " + n.country);
    var w = when(n);
    if (w) facts.push("Date: " + w);
    var hidden = !state.visibleNodes.has(n.id);
    var hiddenNote = !hidden ? null : el("p", { className: "gk-warning" }, [
      state.aside.has(n.id) ? "This actor is set aside. " : "This actor is hidden by the current filters. ",
      el("button", { type: "button", className: "gk-link", onclick: function () {
        state.aside.delete(n.id);
        if (!state.passNodes.has(n.id) || hidden) resetFilters(true);
        selectNode(n.id, true);
      } }, [state.aside.has(n.id) ? "Bring it back" : "Reset filters"])]);
    var keep = state.dimmed;
    var around = keep ? keep.nodes.size - 1 : 0;
    var holder = el("div", { className: "gk-claim-groups" });
    var tools = claimControls(n, holder);
    renderClaimList(n, holder);
    var asideButton = el("button", { type: "button", className: "gk-link", title: "Hide this actor and its claims: for hubs that explain nothing",
      onclick: function () { setAside(n.id, true); } }, ["Set aside"]);
    openPanel([
      typeBadge(n),
      el("h2", { id: "gk-panel-title" }, [n.label]),
      hiddenNote,
      n.aliases.length ? el("p", { className: "gk-aliases" }, ["Also known as: " + n.aliases.join("; ")]) : null,
      n.description ? el("p", { className: "gk-description" }, [n.description]) : null,
      facts.length ? el("p", { className: "gk-facts" }, [facts.join(" · ")]) : null,
      prominence(n),
      hidden ? null : depthControl(),
      hidden ? null : el("p", { className: "gk-hint gk-around" }, [plural(around, "actor", "actors") + " within " +
        plural(state.depth, "step", "steps") + ". ",
      el("button", { type: "button", className: "gk-link", onclick: function () { startPath(n.id); } }, ["Path from here…"]),
      " · ", asideButton]),
      el("h3", null, ["Claims"]),
      incident.get(n.id).length ? tools : null,
      incident.get(n.id).length ? holder : el("p", { className: "gk-hint" }, ["No claims involve this actor."])
    ]);
  }

  function ordinal(n) {
    var teen = n % 100 >= 11 && n % 100 <= 13;
    return n + (teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" })[n % 10] || "th");
  }

  /* Whether an actor's place among the most central rests on claims that are not
   * confirmed (graphkit.analyse.sensitivity, recorded by the build): a warning with the
   * claims concerned, or one quiet line when its rank holds on confirmed claims alone. */
  function prominence(n) {
    var found = DATA.sensitivity && DATA.sensitivity.metrics;
    if (!found) return null;
    var needs = [], holds = [], claims = [], own = true;
    Object.keys(found).forEach(function (metric) {
      var m = found[metric], row = m.actors[n.id];
      if (!row) return;
      if (row.depends_on) {
        needs.push(el("span", { className: "gk-prominence-rank", dataset: { metric: metric } }, [
          ordinal(row.all) + " by " + m.label + " (" + ordinal(row.established) + " on confirmed claims alone)"]));
        row.claims.forEach(function (id) { if (edgeById.has(id) && claims.indexOf(id) < 0) claims.push(id); });
        own = own && row.claims_of === "own";
      } else if (row.all <= m.top && row.established <= m.top) {
        holds.push(ordinal(row.all) + " by " + m.label);
      }
    });
    var box = el("div", { className: "gk-prominence-box" });
    if (needs.length) {
      var top = found[Object.keys(found)[0]].top;
      var p = el("p", { className: "gk-warning gk-prominence" }, ["Among the " + top + " most central only through claims that are not confirmed: "]);
      needs.forEach(function (span, i) { if (i) p.appendChild(document.createTextNode(", ")); p.appendChild(span); });
      p.appendChild(document.createTextNode(". " + (own ? "Its claims that are not confirmed:" : "It has none of its own; its neighbours':")));
      var listed = el("ul", { className: "gk-prominence-claims" }, claims.slice(0, 10).map(function (id) {
        var e = edgeById.get(id), r = relOf(e);
        var text = e.from === n.id ? r.label + " " + nodeName(e.to)
          : e.to === n.id ? (e.directed ? r.inverse : r.label) + " " + nodeName(e.from) : edgeSentence(e);
        return el("li", null, [el("button", { type: "button", className: "gk-link", onclick: function () { selectEdge(id); } }, [text]),
          " ", statusBadge(e)]);
      }));
      if (claims.length > 10) listed.appendChild(el("li", { className: "gk-hint" }, ["and " + (claims.length - 10) + " more"]));
      p.appendChild(listed);
      box.appendChild(p);
    }
    if (holds.length) {
      box.appendChild(el("p", { className: "gk-hint gk-prominence" }, ["Ranks " + holds.join(", ") +
        ", and stays in the top on confirmed claims alone."]));
    }
    return box.firstChild ? box : null;
  }

  function showEdgePanel(e) {
    var r = relOf(e);
    openPanel([
      el("p", { className: "gk-kind" }, [relationIcon(r.color, e.directed, statusOf(e)), " Claim"]),
      el("h2", { id: "gk-panel-title" }, [edgeSentence(e)]),
      state.visibleEdges.has(e.id) ? null : el("p", { className: "gk-warning" }, ["This claim is hidden by the current filters."]),
      el("p", { className: "gk-claim-line gk-claim-sentence" }, [actorButton(e.from), " ", relationChip(r.label, r.color), " ", actorButton(e.to)])
    ].concat(claimMeta(e), [
      el("h3", null, [plural(e.evidence.length, "source", "sources")]),
      evidenceList(e),
      el("p", { className: "gk-claim-id" }, ["Claim id: " + e.id])
    ]));
  }

  function showSourcePanel(id) {
    var s = sourceOf(id);
    var claims = (bySource.get(id) || []).slice().sort(byDate(false));
    var href = safeUrl(s.url);
    openPanel([
      el("p", { className: "gk-kind" }, ["Source"]),
      el("h2", { id: "gk-panel-title" }, [s.title || id]),
      el("p", { className: "gk-byline" }, [[s.author, s.publisher, s.date].filter(Boolean).join(", ")]),
      href ? el("p", null, [el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [href])]) : null,
      s.archive ? el("p", { className: "gk-lines" }, ["Archived text: " + s.archive]) : null,
      sourceDependence(id),
      el("h3", null, [plural(claims.length, "claim", "claims") + " it supports"]),
      el("ul", { className: "gk-source-list" }, claims.map(function (e) {
        var r = relOf(e);
        var ev = e.evidence.filter(function (x) { return x.source === id; });
        var where = ev.map(function (x) { return linesText(x.lines); }).filter(Boolean).join("; ");
        var li = el("li", { dataset: { claim: e.id } }, [
          el("button", { type: "button", className: "gk-link", onclick: function () { selectEdge(e.id); } },
            [nodeName(e.from) + " " + r.label + " " + nodeName(e.to)]),
          " ", statusBadge(e),
          el("span", { className: "gk-byline" }, [[when(e) || reportedText(e) || "undated", where].filter(Boolean).join(" · ")])
        ]);
        return li;
      }))
    ]);
  }

  function percent(x) { return Math.round(100 * x) + "%"; }

  /* How much of the case rests on this source alone (graphkit sources, recorded by the build). */
  function sourceDependence(id) {
    var sens = DATA.sensitivity, row = sens && sens.support[id];
    if (!row) return null;
    return el("p", { className: "gk-source-dependence" }, [
      "No other source supports " + row.only_claims.toLocaleString("en") + " of its " + plural(row.claims, "claim", "claims") +
      ", " + plural(row.only_ties, "tie", "ties") + " between actors and " + plural(row.only_actors, "actor", "actors") +
      ": if it were wrong, " + percent(row.share_claims) + " of the case's claims and " + percent(row.share_actors) +
      " of its actors would lose all support. In the whole case, " + sens.single_source_claims.toLocaleString("en") + " of " +
      sens.claims.toLocaleString("en") + " claims rest on a single source."]);
  }

  /* The steps of a chain with no established (confirmed) claim: the chain needs one that is not. */
  function unconfirmedSteps(chain) {
    var found = [];
    chain.steps.forEach(function (step, i) {
      var ok = step.claims.some(function (c) { return statusOf(c.edge).standing === "established"; });
      if (!ok) found.push(i + 1);
    });
    return found;
  }

  function chainStep(step) {
    return el("li", { className: "gk-step" }, [
      el("p", { className: "gk-step-ends" }, [actorButton(step.a), " → ", actorButton(step.b)]),
      el("ul", { className: "gk-claims" }, step.claims.map(function (c) {
        var e = c.edge, r = relOf(e);
        var li = el("li", { className: "gk-claim", dataset: { claim: c.id } }, [
          el("p", { className: "gk-claim-line" }, [nodeName(step.a), " ", relationChip(c.phrase, r.color), " ", nodeName(step.b),
            el("button", { type: "button", className: "gk-link gk-claim-open", onclick: function () { selectEdge(c.id); } }, ["claim"])])
        ].concat(claimMeta(e), [evidenceList(e)]));
        return li;
      }))
    ]);
  }

  function needsNote(chains) {
    if (!chains.length || state.via === "confirmed") return null;
    var needing = chains.filter(function (c) { return unconfirmedSteps(c).length; }).length;
    if (!needing) return el("p", { className: "gk-hint gk-needs-note" }, ["Every chain shown holds on confirmed claims."]);
    return el("p", { className: "gk-warning gk-needs-note" }, [
      (needing === chains.length ? "Every chain shown" : plural(needing, "chain", "chains") + " of " + chains.length) +
      " needs a claim that is not confirmed. ",
      el("button", { type: "button", className: "gk-link", onclick: function () { state.via = "confirmed"; refresh({ fit: true }); } },
        ["Show the chains through confirmed claims only"])]);
  }

  function showPathPanel() {
    var sel = state.sel, chains = state.chains || [];
    var via = el("label", { className: "gk-row gk-check" }, [el("input", {
      type: "checkbox", id: "gk-via-confirmed", checked: state.via === "confirmed",
      onchange: function (ev) { state.via = ev.target.checked ? "confirmed" : "any"; refresh({ fit: true }); }
    }), "Through confirmed claims only"]);
    var head = chains.length
      ? plural(chains.length, "shortest chain", "shortest chains") + (chains.length >= MAX_CHAINS ? " (the first " + MAX_CHAINS + ")" : "") +
        " of " + plural(chains[0].steps.length, "step", "steps")
      : "No chain joins them with the claims in view.";
    var asideNote = state.aside.size ? el("p", { className: "gk-hint" }, ["Chains never pass through the actors set aside (" +
      Array.from(state.aside).map(nodeName).join(", ") + ")."]) : null;
    openPanel([
      el("p", { className: "gk-kind" }, ["How are they connected?"]),
      el("h2", { id: "gk-panel-title" }, [nodeName(sel.a) + " ↔ " + nodeName(sel.b)]),
      via,
      el("p", { className: "gk-path-summary" }, [head]),
      asideNote
    ].concat(needsNote(chains), chains.slice(0, 20).map(function (chain, i) {
      var needs = unconfirmedSteps(chain);
      return el("details", { className: "gk-chain" + (needs.length ? " gk-chain-unconfirmed" : ""), open: i < 3, dataset: { unconfirmed: needs.join(",") } }, [
        el("summary", null, [chain.nodes.map(nodeName).join(" → "),
          needs.length ? el("span", { className: "gk-needs", title: "A step of this chain has no confirmed claim" },
            [" needs an unconfirmed claim (step" + (needs.length > 1 ? "s " : " ") + needs.join(", ") + ")"]) : null]),
        el("ol", { className: "gk-steps" }, chain.steps.map(chainStep))
      ]);
    })));
  }

  function renderPanel() {
    var sel = state.sel;
    if (!sel) { $("gk-panel").hidden = true; return; }
    if (sel.kind === "actor") showNodePanel(nodeById.get(sel.id));
    else if (sel.kind === "claim") showEdgePanel(edgeById.get(sel.id));
    else if (sel.kind === "source") showSourcePanel(sel.id);
    else if (sel.kind === "path") showPathPanel();
    else if (sel.kind === "story") showStoryPanel();
  }

  $("gk-panel-close").addEventListener("click", function () {
    if (inStory()) leaveStory(); else clearSelection();
  });

  // ------------------------------------------------------------------ stories

  /*
   * Story mode: a story (stories.yaml, docs/stories.md) is walked step by step. Each
   * step is a view: the page resets the filters, applies the step's window and statuses,
   * keeps its actors, its claims and the claims' ends bright (with `view.depth`, the
   * actors that many steps around its focus, or around its actors, too), fades the rest
   * and fits the view to what is bright. The panel tells the step and gives the evidence
   * of its claims. The free view the story was opened from is kept aside and given back
   * on leaving (Leave, Escape, the panel's close button); choosing an actor, claim or
   * source from inside the story leaves it too, for that selection.
   */
  function inStory() { return !!state.sel && state.sel.kind === "story"; }

  function currentStory() { return inStory() ? storyById.get(state.sel.id) : null; }

  function currentStep() {
    var story = currentStory();
    return story ? story.steps[state.sel.index] : null;
  }

  function storyFocus() { var step = currentStep(); return step ? step.focus : null; }

  /* The step's own actors and claims, with the claims' ends: shown whatever the filters. */
  function storyForced() {
    var step = currentStep();
    if (!step) return null;
    var keep = { nodes: new Set(step.actors), edges: new Set(step.claims) };
    step.claims.forEach(function (id) {
      var e = edgeById.get(id);
      if (e) { keep.nodes.add(e.from); keep.nodes.add(e.to); }
    });
    return keep;
  }

  /* What the step keeps bright: its own actors and claims, and with `view.depth` the
   * neighbourhood of its focus (else of each of its actors) over the claims in view. */
  function storyHighlight() {
    var step = currentStep();
    if (!step) return null;
    var keep = storyForced();
    var depth = step.view && step.view.depth;
    if (depth) {
      (step.focus ? [step.focus] : step.actors).forEach(function (id) {
        var around = neighbourhood(id, depth);
        around.nodes.forEach(function (n) { keep.nodes.add(n); });
        around.edges.forEach(function (e) { keep.edges.add(e); });
      });
    }
    return keep;
  }

  /* The free view as it stands: what leaving a story gives back. */
  function freeView() {
    return {
      types: new Set(state.types), relations: new Set(state.relations), statuses: new Set(state.statuses),
      from: state.from, to: state.to, keepUndated: state.keepUndated, hideIsolated: state.hideIsolated,
      aside: new Set(state.aside), depth: state.depth, rest: state.rest, via: state.via, sel: state.sel,
      camera: network ? { position: network.getViewPosition(), scale: network.getScale() } : null
    };
  }

  /* Put back the free view kept when the story was opened (state only; the caller refreshes). */
  function restoreFreeView(keepSelection) {
    var v = state.storySnapshot;
    if (state.sel && state.sel.kind === "story") state.lastStory = { id: state.sel.id, index: state.sel.index };
    state.storySnapshot = null;
    if (!v) {
      state.sel = null;
      resetFilters(true);
      return null;
    }
    state.types = v.types; state.relations = v.relations; state.statuses = v.statuses;
    state.keepUndated = v.keepUndated; state.hideIsolated = v.hideIsolated;
    state.aside = v.aside; state.depth = v.depth; state.rest = v.rest; state.via = v.via;
    if (DATA.span) { state.from = v.from; state.to = v.to; showWindow(); }
    $("gk-undated").checked = state.keepUndated;
    $("gk-hide-isolated").checked = state.hideIsolated;
    syncChecks();
    state.sel = keepSelection ? v.sel : null;
    return v;
  }

  /* The step's view in `state`: filters reset, then its window and statuses. No refresh. */
  function applyStep(story, index) {
    var step = story.steps[index];
    state.types = new Set(DATA.types.map(function (t) { return t.key; }));
    state.relations = new Set(DATA.relations.map(function (r) { return r.key; }));
    var wanted = (step.view && step.view.statuses || []).filter(function (k) { return statusByKey.has(k); });
    state.statuses = new Set(wanted.length ? wanted : DATA.statuses.map(function (x) { return x.key; }));
    state.keepUndated = true; state.hideIsolated = false; state.rest = "fade";
    $("gk-undated").checked = true; $("gk-hide-isolated").checked = false;
    if (DATA.span) {
      var w = step.window || {};
      var from = w.from ? partialToDay(w.from, false) : null, to = w.to ? partialToDay(w.to, true) : null;
      setWindow(from === null ? DATA.span[0] : from, to === null ? DATA.span[1] : to);
    }
    stopPlay();
    syncChecks();
    state.sel = { kind: "story", id: story.id, index: index };
    state.chains = null;
    state.lastStory = { id: story.id, index: index };
  }

  /* Open story `id` at step `index` (from 0), or move to that step when already in it. */
  function openStory(id, index) {
    var story = storyById.get(id);
    if (!story || !story.steps.length) return false;
    index = Math.max(0, Math.min(story.steps.length - 1, index || 0));
    if (!inStory()) state.storySnapshot = freeView();
    dismissHint();
    network.unselectAll();
    applyStep(story, index);
    refresh({ fit: true, animate: true });
    var top = $("gk-panel");
    if (top) top.scrollTop = 0;
    return true;
  }

  function stepBy(delta) {
    var story = currentStory();
    if (!story) return false;
    var index = state.sel.index + delta;
    if (index < 0 || index >= story.steps.length) return false;
    return openStory(story.id, index);
  }

  /* Back to the free view the story was opened from, its selection and camera included. */
  function leaveStory() {
    if (!inStory()) return false;
    var v = restoreFreeView(true);
    refresh({ fit: !v || !v.camera, animate: false });
    if (v && v.camera) network.moveTo({ position: v.camera.position, scale: v.camera.scale, animation: false });
    if (!state.sel) $("gk-panel").hidden = true;
    renderStoryList();
    return true;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  /* An ISO partial date in words, as graphkit.dates.when_words: 2011-05 -> May 2011. */
  function dateWords(iso) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(iso || ""));
    if (!m) return String(iso || "");
    if (!m[2]) return m[1];
    var month = MONTHS[+m[2] - 1] || m[2];
    return (m[3] ? (+m[3]) + " " : "") + month + " " + m[1];
  }

  function windowWords(w) {
    if (!w || (!w.from && !w.to)) return "";
    if (w.from && w.to) return w.from === w.to ? dateWords(w.from) : dateWords(w.from) + " to " + dateWords(w.to);
    return w.from ? "from " + dateWords(w.from) : "until " + dateWords(w.to);
  }

  /* Plain text in paragraphs: a blank line starts one, other line breaks are spaces. */
  function paragraphs(text, className) {
    return String(text || "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/).map(function (p) {
      return p.replace(/\s+/g, " ").trim();
    }).filter(Boolean).map(function (p) { return el("p", { className: className }, [p]); });
  }

  function storyNav(story, index) {
    var count = story.steps.length;
    var prev = el("button", { type: "button", id: "gk-story-prev", disabled: index === 0,
      title: "Previous step (left arrow key)", onclick: function () { stepBy(-1); } }, ["← Previous"]);
    var next = el("button", { type: "button", id: "gk-story-next", disabled: index === count - 1,
      title: "Next step (right arrow key)", onclick: function () { stepBy(1); } }, ["Next →"]);
    var leave = el("button", { type: "button", id: "gk-story-leave", title: "Back to the view you had before (Escape)",
      onclick: function () { leaveStory(); } }, ["Leave story"]);
    return el("div", { className: "gk-story-nav" }, [prev,
      el("span", { className: "gk-story-count", id: "gk-story-count" }, [(index + 1) + " of " + count]), next, leave]);
  }

  /* One claim of a step, as a sentence with its status, claimants and evidence. */
  function storyClaim(e) {
    var r = relOf(e);
    return el("li", { className: "gk-claim", dataset: { claim: e.id } }, [
      el("p", { className: "gk-claim-line gk-claim-sentence" }, [actorButton(e.from), " ", relationChip(r.label, r.color), " ", actorButton(e.to)])
    ].concat(claimMeta(e), [evidenceList(e)]));
  }

  function showStoryPanel() {
    var story = currentStory(), index = state.sel.index, step = story.steps[index];
    var claims = step.claims.map(function (id) { return edgeById.get(id); }).filter(Boolean);
    var framing = [];
    var w = windowWords(step.window);
    if (w) framing.push(w);
    if (step.view && step.view.statuses && step.view.statuses.length) {
      framing.push("claims " + step.view.statuses.map(function (k) { return statusOf({ status: k }).label.toLowerCase(); }).join(", ") + " only");
    }
    if (step.view && step.view.depth) framing.push(plural(step.view.depth, "step", "steps") + " around " + (step.focus ? nodeName(step.focus) : "its actors"));
    var missing = step.missing || { actors: [], claims: 0 };
    var missingNote = missing.actors.length || missing.claims ? el("p", { className: "gk-warning gk-story-missing" }, [
      [missing.actors.length ? plural(missing.actors.length, "actor", "actors") + " of this step " + (missing.actors.length === 1 ? "is" : "are") +
        " not drawn on this page (" + missing.actors.join(", ") + ")" : "",
      missing.claims ? plural(missing.claims, "claim", "claims") + " of this step " + (missing.claims === 1 ? "is" : "are") + " not on this page" : ""]
        .filter(Boolean).join("; ") + (DATA.note ? ": " + DATA.note : ".")]) : null;
    var about = el("details", { className: "gk-story-about", open: index === 0 },
      [el("summary", null, ["About this story"])].concat(paragraphs(story.summary, "gk-story-summary")));
    openPanel([
      el("p", { className: "gk-kind" }, ["Story · " + story.title]),
      storyNav(story, index),
      about,
      el("h2", { id: "gk-panel-title", className: "gk-story-step-title" }, [step.title]),
      framing.length ? el("p", { className: "gk-hint gk-story-frame" }, [framing.join(" · ")]) : null,
      el("div", { className: "gk-story-text" }, paragraphs(step.text, "gk-story-paragraph")),
      missingNote,
      claims.length ? el("h3", null, [plural(claims.length, "claim", "claims") + " behind this step"]) : null,
      claims.length ? el("ul", { className: "gk-claims gk-story-claims" }, claims.map(storyClaim)) : null,
      index < story.steps.length - 1 ? el("p", { className: "gk-story-next-hint" }, [
        el("button", { type: "button", className: "gk-link", onclick: function () { stepBy(1); } },
          ["Next: " + story.steps[index + 1].title + " →"])])
        : el("p", { className: "gk-hint" }, ["The end of the story. ",
          el("button", { type: "button", className: "gk-link", onclick: function () { leaveStory(); } }, ["Leave it"]),
          " to explore the case freely."])
    ]);
    renderStoryList();
  }

  /* The side bar's list of stories, and the first-view hint's invitation. */
  function renderStoryList() {
    var list = $("gk-stories");
    clear(list);
    $("gk-stories-section").hidden = !STORIES.length;
    STORIES.forEach(function (story) {
      var here = inStory() && state.sel.id === story.id;
      var last = !here && state.lastStory && state.lastStory.id === story.id && state.lastStory.index > 0 ? state.lastStory.index : null;
      list.appendChild(el("li", { className: "gk-story-item" + (here ? " gk-story-current" : ""), dataset: { story: story.id } }, [
        el("button", { type: "button", className: "gk-link gk-story-open", title: "Walk through this story, step by step",
          onclick: function () { openStory(story.id, 0); } }, [story.title]),
        " ", el("span", { className: "gk-count" }, [plural(story.steps.length, "step", "steps")]),
        story.lead ? el("p", { className: "gk-legend-help gk-story-lead", title: story.lead }, [story.lead]) : null,
        last !== null ? el("button", { type: "button", className: "gk-link gk-story-resume",
          onclick: function () { openStory(story.id, last); } }, ["Back to step " + (last + 1)]) : null
      ]));
    });
  }

  function buildStories() {
    renderStoryList();
    if (!STORIES.length) return;
    var hint = $("gk-hint-stories");
    STORIES.slice(0, 2).forEach(function (story, i) {
      if (i) hint.appendChild(document.createTextNode(" or "));
      hint.appendChild(el("button", { type: "button", className: "gk-link gk-hint-story",
        onclick: function () { openStory(story.id, 0); } }, ["“" + story.title + "”"]));
    });
    hint.appendChild(document.createTextNode("."));
    hint.hidden = false;
    document.addEventListener("keydown", function (event) {
      if (!inStory() || event.altKey || event.ctrlKey || event.metaKey) return;
      var t = event.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      if (event.key === "ArrowRight") { if (stepBy(1)) event.preventDefault(); }
      else if (event.key === "ArrowLeft") { if (stepBy(-1)) event.preventDefault(); }
      else if (event.key === "Escape") { leaveStory(); event.preventDefault(); }
    });
  }

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

  function regular(cx, cy, count, radius, rotate, inner) {
    var pts = [], total = inner ? count * 2 : count;
    for (var i = 0; i < total; i++) {
      var r = inner && i % 2 ? inner : radius;
      var a = rotate + (Math.PI * 2 * i) / total;
      pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    return polygon(pts);
  }

  /* An SVG element for a type's shape centred at (cx, cy) with radius s. */
  function svgShape(shape, cx, cy, s) {
    switch (shape) {
      case "square": return svgEl("rect", { x: cx - s * 0.88, y: cy - s * 0.88, width: s * 1.76, height: s * 1.76 });
      case "box": return svgEl("rect", { x: cx - s * 1.1, y: cy - s * 0.72, width: s * 2.2, height: s * 1.44, rx: s * 0.22 });
      case "diamond": return svgEl("polygon", { points: regular(cx, cy, 4, s * 1.15, -Math.PI / 2) });
      case "triangle": return svgEl("polygon", { points: regular(cx, cy + s * 0.15, 3, s * 1.2, -Math.PI / 2) });
      case "triangleDown": return svgEl("polygon", { points: regular(cx, cy - s * 0.15, 3, s * 1.2, Math.PI / 2) });
      case "hexagon": return svgEl("polygon", { points: regular(cx, cy, 6, s * 1.05, 0) });
      case "star": return svgEl("polygon", { points: regular(cx, cy, 5, s * 1.25, -Math.PI / 2, s * 1.25 * 0.45) });
      case "ellipse": case "database": return svgEl("ellipse", { cx: cx, cy: cy, rx: s * 1.15, ry: s * 0.7 });
      default: return svgEl("circle", { cx: cx, cy: cy, r: shape === "text" ? s * 0.4 : s });
    }
  }

  function shapeIcon(shape, color, size) {
    var svg = svgEl("svg", { width: size || 16, height: size || 16, viewBox: "0 0 16 16", "aria-hidden": "true", "class": "gk-icon" });
    var node = svgShape(shape, 8, 8, 5.6);
    node.setAttribute("fill", color);
    node.setAttribute("stroke", mix(color, "#000000", 0.35));
    svg.appendChild(node);
    return svg;
  }

  function markSvg(svg, s, x, y) {
    if (!s.mark || s.mark === "none") return;
    var k = 3.6;
    var attrs = { stroke: s.color, "stroke-width": 1.8, "stroke-linecap": "round" };
    var lines = s.mark === "cross"
      ? [[x - k, y - k, x + k, y + k], [x - k, y + k, x + k, y - k]]
      : [[x - 1.6, y - k, x - 1.6, y + k], [x + 1.6, y - k, x + 1.6, y + k]];
    lines.forEach(function (l) {
      var line = svgEl("line", { x1: l[0], y1: l[1], x2: l[2], y2: l[3] });
      Object.keys(attrs).forEach(function (a) { line.setAttribute(a, attrs[a]); });
      svg.appendChild(line);
    });
  }

  function relationIcon(color, directed, status) {
    var svg = svgEl("svg", { width: 28, height: 12, viewBox: "0 0 28 12", "aria-hidden": "true", "class": "gk-icon" });
    var line = svgEl("line", { x1: 1, y1: 6, x2: directed ? 21 : 27, y2: 6, stroke: color, "stroke-width": 2.2 });
    if (status && status.dash && status.dash.length) line.setAttribute("stroke-dasharray", status.dash.map(function (v) { return v * 0.6; }).join(" "));
    svg.appendChild(line);
    if (directed) svg.appendChild(svgEl("polygon", { points: "20,1.5 27,6 20,10.5", fill: color }));
    if (status) markSvg(svg, status, 11, 6);
    return svg;
  }

  function statusIcon(s, width) {
    var w = width || 34;
    var svg = svgEl("svg", { width: w, height: 12, viewBox: "0 0 " + w + " 12", "aria-hidden": "true", "class": "gk-icon" });
    var line = svgEl("line", { x1: 1, y1: 6, x2: w - 1, y2: 6, stroke: "#555555", "stroke-width": 2 });
    if (s.dash && s.dash.length) line.setAttribute("stroke-dasharray", s.dash.map(function (v) { return v * 0.7; }).join(" "));
    svg.appendChild(line);
    markSvg(svg, s, w / 2, 6);
    return svg;
  }

  // ------------------------------------------------------------------ controls

  function legendItem(group, key, icon, label, count, description) {
    var box = el("input", { type: "checkbox", checked: state[group].has(key), value: key });
    box.dataset.group = group;
    box.addEventListener("change", function () {
      if (box.checked) state[group].add(key); else state[group].delete(key);
      refresh();
    });
    var row = el("label", { className: "gk-legend-row", title: description || "" },
      [box, icon, el("span", { className: "gk-legend-label" }, [label]),
        el("span", { className: "gk-count" }, [count.toLocaleString("en")])]);
    return el("li", null, [row]);
  }

  function syncChecks() {
    document.querySelectorAll("input[data-group]").forEach(function (box) {
      box.checked = state[box.dataset.group].has(box.value);
    });
  }

  function buildLegend() {
    var statuses = $("gk-statuses");
    DATA.statuses.forEach(function (s) {
      statuses.appendChild(legendItem("statuses", s.key, statusIcon(s), s.label, s.count, s.description));
    });
    var types = $("gk-types");
    DATA.types.forEach(function (t) {
      types.appendChild(legendItem("types", t.key, shapeIcon(t.shape, t.color), t.plural || t.label, t.count, t.description));
    });
    var rels = $("gk-relations");
    DATA.relations.forEach(function (r) {
      var label = r.directed ? r.label : r.label + " (both ways)";
      rels.appendChild(legendItem("relations", r.key, relationIcon(r.color, r.directed, null), label, r.count, r.description));
    });
    document.querySelectorAll("[data-all], [data-none]").forEach(function (button) {
      button.addEventListener("click", function () {
        var group = button.dataset.all || button.dataset.none;
        var on = !!button.dataset.all;
        var keys = group === "types" ? DATA.types : group === "relations" ? DATA.relations : DATA.statuses;
        state[group] = on ? new Set(keys.map(function (x) { return x.key; })) : new Set();
        syncChecks();
        refresh();
      });
    });
    $("gk-confirmed-only").addEventListener("click", function () {
      state.statuses = new Set(statusByKey.has("confirmed") ? ["confirmed"] : []);
      syncChecks();
      refresh();
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
    select.addEventListener("change", function () { setMetric(select.value); refresh({ keepPanel: true }); });
  }

  function setMetric(key) {
    if (!metricKeys.has(key)) return false;
    state.metric = key;
    $("gk-metric").value = key;
    nodesDS.update(DATA.nodes.map(function (n) { return { id: vid(n.id), value: n.m[key] || 0 }; }));
    applyHighlight();
    sortLabelOrder();
    return true;
  }

  // --- set aside

  function setAside(id, on) {
    if (!nodeById.has(id)) return;
    if (on) state.aside.add(id); else state.aside.delete(id);
    if (on && state.sel && state.sel.kind === "actor" && state.sel.id === id) state.sel = null;
    refresh({ fit: false });
  }

  function renderAside() {
    var list = $("gk-aside-list");
    clear(list);
    var ids = new Set(DEFAULTS.aside.concat(Array.from(state.aside)));
    $("gk-aside-section").hidden = !ids.size;
    ids.forEach(function (id) {
      var n = nodeById.get(id);
      var box = el("input", { type: "checkbox", checked: state.aside.has(id), value: id });
      box.addEventListener("change", function () { setAside(id, box.checked); });
      list.appendChild(el("li", null, [el("label", { className: "gk-legend-row", title: "Set aside: hidden with its claims, and never inside a chain" },
        [box, shapeIcon(typeOf(n).shape, typeOf(n).color), el("span", { className: "gk-legend-label" }, [n.label]),
          el("span", { className: "gk-count" }, [String(incident.get(id).length)])])]));
    });
    $("gk-aside-toggle").textContent = state.aside.size ? "Bring them all back" : "Set them aside again";
  }

  // --- dates: window, play, strip

  var play = { timer: null };

  function setWindow(from, to) {
    if (!DATA.span) return;
    from = Math.min(DATA.span[1], Math.max(DATA.span[0], from));
    to = Math.min(DATA.span[1], Math.max(DATA.span[0], to));
    if (from > to) { var x = from; from = to; to = x; }
    state.from = from; state.to = to;
    showWindow();
  }

  function showWindow() {
    if (!DATA.span) return;
    $("gk-from").value = state.from; $("gk-to").value = state.to;
    $("gk-from-date").value = dayToIso(state.from); $("gk-to-date").value = dayToIso(state.to);
    drawStrip();
  }

  function buildDates() {
    if (!DATA.span) return;
    $("gk-date-section").hidden = false;
    var from = $("gk-from"), to = $("gk-to"), fromDate = $("gk-from-date"), toDate = $("gk-to-date");
    [from, to].forEach(function (r) { r.min = DATA.span[0]; r.max = DATA.span[1]; r.step = 1; });
    [fromDate, toDate].forEach(function (d) { d.min = dayToIso(DATA.span[0]); d.max = dayToIso(DATA.span[1]); });
    function set(which, day) {
      if (day === null || isNaN(day)) return;
      stopPlay();
      if (which === "from") setWindow(day, Math.max(day, state.to)); else setWindow(Math.min(state.from, day), day);
      refresh({ keepPanel: false });
    }
    from.addEventListener("input", function () { set("from", +from.value); });
    to.addEventListener("input", function () { set("to", +to.value); });
    fromDate.addEventListener("change", function () { set("from", partialToDay(fromDate.value, false)); });
    toDate.addEventListener("change", function () { set("to", partialToDay(toDate.value, true)); });
    $("gk-undated").addEventListener("change", function () { state.keepUndated = $("gk-undated").checked; refresh(); });
    $("gk-play").addEventListener("click", function () { if (play.timer) stopPlay(); else startPlay(); });
    var own = 0, reported = 0, none = 0;
    DATA.edges.forEach(function (e) { if (e.t) own++; else if (e.rt) reported++; else none++; });
    $("gk-date-note").textContent = plural(own, "claim has its own date", "claims have their own date") +
      "; " + (reported === 1 ? "1 undated claim is placed at the date its source published it"
        : reported.toLocaleString("en") + " undated claims are placed at the dates their sources published them") + " (\"reported\")" +
      (none ? "; " + plural(none, "claim has", "claims have") + " no date at all" : "") + ".";
    $("gk-strip").addEventListener("click", function (ev) {
      var rect = ev.target.getBoundingClientRect();
      var day = DATA.span[0] + (ev.clientX - rect.left) / rect.width * (DATA.span[1] - DATA.span[0]);
      var half = Math.max(15, Math.round((state.to - state.from) / 2));
      if (state.to - state.from >= DATA.span[1] - DATA.span[0]) half = 90;
      stopPlay();
      setWindow(Math.round(day - half), Math.round(day + half));
      refresh();
    });
    showWindow();
  }

  /* Play: a window (six months, or the one chosen) steps through the case a month at a time. */
  function startPlay() {
    var full = DATA.span[1] - DATA.span[0];
    var width = state.to - state.from;
    if (width >= full || width < 7) width = Math.min(full, 183);
    var start = state.to >= DATA.span[1] ? firstEventDay() : state.from;
    // Playing through time asks what happened when: claims with no date at all would sit
    // in every frame, so they are left out (the box says so, and can be ticked again).
    state.keepUndated = false; $("gk-undated").checked = false;
    setWindow(start, start + width);
    refresh();
    $("gk-play").textContent = "Pause";
    play.timer = setInterval(function () {
      if (state.to >= DATA.span[1]) { stopPlay(); return; }
      setWindow(state.from + 30, state.from + 30 + width);
      refresh();
    }, 900);
  }

  function stopPlay() {
    if (play.timer) clearInterval(play.timer);
    play.timer = null;
    $("gk-play").textContent = "Play";
  }

  /* Where the dated claims begin in earnest: the first month with any (the span may start
   * decades earlier with a single historical claim). */
  function firstEventDay() {
    var days = DATA.edges.filter(function (e) { return e.t && e.t[0] !== null; }).map(function (e) { return e.t[0]; }).sort(function (a, b) { return a - b; });
    return days.length ? days[Math.floor(days.length * 0.05)] : DATA.span[0];
  }

  function drawStrip() {
    var canvas = $("gk-strip");
    if (!canvas || !DATA.span) return;
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 240, h = canvas.clientHeight || 34;
    canvas.width = w * ratio; canvas.height = h * ratio;
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var span = Math.max(1, DATA.span[1] - DATA.span[0]);
    var bins = Math.max(20, Math.floor(w / 3)), own = new Array(bins).fill(0), rep = new Array(bins).fill(0);
    DATA.edges.forEach(function (e) {
      var t = e.t || e.rt;
      if (!t) return;
      var d = t[0] !== null ? t[0] : t[1];
      var i = Math.min(bins - 1, Math.max(0, Math.floor((d - DATA.span[0]) / span * bins)));
      (e.t ? own : rep)[i]++;
    });
    var top = Math.max.apply(null, own.map(function (v, i) { return v + rep[i]; }).concat([1]));
    var bw = w / bins;
    var x0 = (state.from - DATA.span[0]) / span * w, x1 = (state.to - DATA.span[0] + 1) / span * w;
    ctx.fillStyle = "#e8eef7";
    ctx.fillRect(x0, 0, Math.max(2, x1 - x0), h);
    for (var i = 0; i < bins; i++) {
      var hOwn = Math.sqrt(own[i] / top) * (h - 4), hRep = Math.sqrt((own[i] + rep[i]) / top) * (h - 4);
      if (rep[i]) { ctx.fillStyle = "#b9c3cf"; ctx.fillRect(i * bw, h - hRep, Math.max(1, bw - 0.5), hRep - hOwn); }
      if (own[i]) { ctx.fillStyle = "#2b5797"; ctx.fillRect(i * bw, h - hOwn, Math.max(1, bw - 0.5), hOwn); }
    }
    ctx.strokeStyle = "#2b5797"; ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, 0.5, Math.max(2, x1 - x0) - 1, h - 1);
    $("gk-strip-from").textContent = dayToIso(DATA.span[0]).slice(0, 4);
    $("gk-strip-to").textContent = dayToIso(DATA.span[1]).slice(0, 4);
  }

  function resetFilters(quiet) {
    state.types = new Set(DATA.types.map(function (t) { return t.key; }));
    state.relations = new Set(DATA.relations.map(function (r) { return r.key; }));
    state.statuses = new Set(DATA.statuses.map(function (s) { return s.key; }));
    syncChecks();
    if (DATA.span) setWindow(DATA.span[0], DATA.span[1]);
    stopPlay();
    state.keepUndated = true;
    $("gk-undated").checked = true;
    state.hideIsolated = false;
    $("gk-hide-isolated").checked = false;
    if (quiet !== true) refresh();
  }

  function buildView() {
    var physics = $("gk-physics");
    physics.checked = !!DATA.physics;
    physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
    var labels = $("gk-edge-labels");
    labels.checked = state.edgeLabels;
    labels.addEventListener("change", function () {
      state.edgeLabels = labels.checked;
      edgesDS.update(DATA.edges.map(function (e) { return { id: vid(e.id), label: state.edgeLabels ? relOf(e).label : "" }; }));
      applyHighlight();
      network.redraw();
    });
    var isolated = $("gk-hide-isolated");
    isolated.addEventListener("change", function () { state.hideIsolated = isolated.checked; refresh(); });
    $("gk-fit").addEventListener("click", function () { fitVisible(true); });
    $("gk-reset").addEventListener("click", function () { resetFilters(); });
    $("gk-aside-toggle").addEventListener("click", function () {
      state.aside = state.aside.size ? new Set() : new Set(DEFAULTS.aside);
      refresh();
    });
    var toggle = $("gk-toggle-sidebar");
    toggle.addEventListener("click", function () {
      var sidebar = $("gk-sidebar");
      sidebar.hidden = !sidebar.hidden;
      toggle.setAttribute("aria-expanded", String(!sidebar.hidden));
    });
    $("gk-export-png").addEventListener("click", function () { exportPng(); });
    $("gk-export-svg").addEventListener("click", function () { exportSvg(); });
    $("gk-copy-link").addEventListener("click", function () {
      writeFragment();
      var url = location.href;
      var done = function () { $("gk-link-note").textContent = "Link to this view copied."; };
      try {
        navigator.clipboard.writeText(url).then(done, function () { $("gk-link-note").textContent = url; });
      } catch (e) {
        $("gk-link-note").textContent = url;
      }
    });
  }

  // ------------------------------------------------------------------ search

  /* Actors whose name or alias holds the query, folded (accents, case) or as a
   * transliteration skeleton (Tuletayeva ~ Tuletaeva, Janaozen ~ Zhanaozen, Cyrillic). */
  function search(query) {
    var q = fold(query).replace(/\s+/g, " ").trim();
    if (!q) return [];
    var sq = skeleton(query);
    var hits = [];
    DATA.nodes.forEach(function (n) {
      var best = null;
      n.keys.forEach(function (k, i) {
        // Spelt as typed (accents and case aside) ranks before a transliteration match;
        // the whole name or alias ("Nazarbayev") before a name that starts with it
        // ("Nazarbayev government").
        var at = k[0].indexOf(q), rank;
        if (k[0] === q) rank = -1;
        else if (at >= 0) rank = at === 0 ? 0 : (k[0].charAt(at - 1) === " " ? 1 : 2);
        else if (sq && k[1] === sq) rank = 2.5;
        else if (sq && (at = k[1].indexOf(sq)) >= 0) rank = (at === 0 ? 0 : (k[1].charAt(at - 1) === " " ? 1 : 2)) + 3;
        else return;
        rank += i === 0 ? 0 : 0.5;
        if (best === null || rank < best.rank) best = { rank: rank, alias: i === 0 ? null : n.aliases[i - 1] };
      });
      if (best === null && fold(n.id).indexOf(q) >= 0) best = { rank: 6, alias: null };
      if (best !== null) hits.push({ node: n, rank: best.rank, alias: best.alias });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.node.label.localeCompare(b.node.label, "en") || byString(a.node.id, b.node.id);
    });
    return hits;
  }

  /* A search box with a result list; `onChoose(node)` when a result is taken. */
  function searchBox(input, results, message, onChoose) {
    var current = [];
    function choose(hit) {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.value = hit.node.label;
      onChoose(hit.node);
    }
    function render() {
      current = search(input.value);
      clear(results);
      if (message) message.textContent = input.value.trim() && !current.length ? "No actor matches." : "";
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
    return { render: render };
  }

  var mainSearch = null;
  function buildSearch() {
    var message = $("gk-search-message");
    mainSearch = searchBox($("gk-search"), $("gk-search-results"), message, function (node) {
      var shown = selectNode(node.id, true);
      message.textContent = shown ? "" : node.label + (state.aside.has(node.id) ? " is set aside." : " is hidden by the current filters.");
    });
  }

  // --- path picking

  var pathPick = { active: false, a: null, b: null };

  function buildPath() {
    searchBox($("gk-path-a"), $("gk-path-a-results"), null, function (node) { pathPick.a = node.id; pathReady(); });
    searchBox($("gk-path-b"), $("gk-path-b-results"), null, function (node) { pathPick.b = node.id; pathReady(); });
    $("gk-path-go").addEventListener("click", function () {
      if (pathPick.a && pathPick.b) selectPath(pathPick.a, pathPick.b);
    });
    $("gk-path-swap").addEventListener("click", function () {
      var a = pathPick.a; pathPick.a = pathPick.b; pathPick.b = a;
      $("gk-path-a").value = pathPick.a ? nodeName(pathPick.a) : "";
      $("gk-path-b").value = pathPick.b ? nodeName(pathPick.b) : "";
      pathReady();
    });
  }

  function pathReady() {
    $("gk-path-go").disabled = !(pathPick.a && pathPick.b && pathPick.a !== pathPick.b);
    if (!$("gk-path-go").disabled) selectPath(pathPick.a, pathPick.b);
  }

  function startPath(id) {
    pathPick.a = id;
    pathPick.b = null;
    pathPick.active = true;
    $("gk-path-a").value = nodeName(id);
    $("gk-path-b").value = "";
    $("gk-path-section").scrollIntoView({ block: "nearest" });
    $("gk-path-b").focus();
    $("gk-path-message").textContent = "Now click another actor in the drawing, or type its name.";
  }

  function pickPathEnd(id) {
    pathPick.active = false;
    $("gk-path-message").textContent = "";
    pathPick.b = id;
    $("gk-path-b").value = nodeName(id);
    pathReady();
  }

  // ------------------------------------------------------------------ the URL fragment

  /*
   * The view lives in the URL fragment, so a copied link reopens it. Each key has a
   * reader (value -> changes state, or returns an error string) and a writer (state ->
   * value, or null when at its default). Add a key by adding one entry here; unknown
   * keys are ignored, a bad value is reported quietly and the rest still applied.
   * The format is documented in docs/explorer.md ("Fragment format") and kept stable.
   */
  function list(value) { return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }

  function setFromList(value, all, label) {
    var keys = list(value), known = new Set(all.map(function (x) { return x.key; }));
    var bad = keys.filter(function (k) { return !known.has(k); });
    var good = keys.filter(function (k) { return known.has(k); });
    // Only unknown values: the filter is dropped (everything shown), never "none of them".
    if (bad.length && !good.length) {
      return { set: new Set(known), error: "unknown " + label + " " + bad.join(", ") + " (every " + label + " shown)" };
    }
    return { set: new Set(good), error: bad.length ? "unknown " + label + " " + bad.join(", ") : null };
  }

  var linkFrom = null;  // the link's own `from`, read before its `to`

  /* A link's date outside the case's dated claims is moved to their first or last day; say so. */
  function outsideSpan(key, value, day) {
    if (day < DATA.span[0]) return key + " " + value + " is before the first dated claim (" + dayToIso(DATA.span[0]) + ")";
    if (day > DATA.span[1]) return key + " " + value + " is after the last dated claim (" + dayToIso(DATA.span[1]) + ")";
    return null;
  }

  var FRAGMENT = [
    { key: "metric", read: function (v) { return setMetric(v) ? null : "unknown metric " + v; },
      write: function () { return state.metric !== DEFAULTS.metric ? state.metric : null; } },
    { key: "status", read: function (v) { var r = setFromList(v, DATA.statuses, "status"); state.statuses = r.set; return r.error; },
      write: function () { return state.statuses.size === DATA.statuses.length ? null : Array.from(state.statuses).join(","); } },
    { key: "type", read: function (v) { var r = setFromList(v, DATA.types, "type"); state.types = r.set; return r.error; },
      write: function () { return state.types.size === DATA.types.length ? null : Array.from(state.types).join(","); } },
    { key: "relation", read: function (v) { var r = setFromList(v, DATA.relations, "relation"); state.relations = r.set; return r.error; },
      write: function () { return state.relations.size === DATA.relations.length ? null : Array.from(state.relations).join(","); } },
    { key: "from", read: function (v) {
      var d = partialToDay(v, false);
      if (d === null || !DATA.span) return "from: not a date " + v;
      linkFrom = v;
      setWindow(d, Math.max(d, state.to)); return outsideSpan("from", v, d);
    }, write: function () { return windowNarrowed() && state.from > DATA.span[0] ? dayToIso(state.from) : null; } },
    { key: "to", read: function (v) {
      var d = partialToDay(v, true);
      if (d === null || !DATA.span) return "to: not a date " + v;
      var start = partialToDay(v, false);
      if (linkFrom !== null && start < partialToDay(linkFrom, false)) {
        // from after to: the reader meant the window between them.
        setWindow(start, partialToDay(linkFrom, true));
        return "from " + linkFrom + " is after to " + v + ": the window runs from " + v + " to " + linkFrom;
      }
      setWindow(Math.min(state.from, d), d); return outsideSpan("to", v, d);
    }, write: function () { return windowNarrowed() && state.to < DATA.span[1] ? dayToIso(state.to) : null; } },
    { key: "undated", read: function (v) {
      if (v !== "hide" && v !== "show") return "undated must be hide or show";
      state.keepUndated = v === "show"; $("gk-undated").checked = state.keepUndated; return null;
    }, write: function () { return state.keepUndated ? null : "hide"; } },
    { key: "aside", read: function (v) {
      var ids = list(v), bad = ids.filter(function (id) { return !nodeById.has(id); });
      state.aside = new Set(ids.filter(function (id) { return nodeById.has(id); }));
      return bad.length ? "unknown actor " + bad.join(", ") : null;
    }, write: function () {
      var now = Array.from(state.aside).sort().join(","), was = DEFAULTS.aside.slice().sort().join(",");
      return now === was ? null : now;
    } },
    { key: "depth", read: function (v) {
      if (!/^[1-3]$/.test(v)) return "depth must be 1, 2 or 3";
      state.depth = +v; return null;
    }, write: function () { return state.sel && state.sel.kind === "actor" ? String(state.depth) : null; } },
    { key: "rest", read: function (v) {
      if (v !== "hide" && v !== "fade") return "rest must be fade or hide";
      state.rest = v; return null;
    }, write: function () { return state.rest === "hide" ? "hide" : null; } },
    { key: "via", read: function (v) {
      if (v !== "confirmed" && v !== "any") return "via must be confirmed or any";
      state.via = v; return null;
    }, write: function () { return state.via === "confirmed" ? "confirmed" : null; } },
    { key: "actor", read: function (v) {
      if (!nodeById.has(v)) return "unknown actor " + v;
      state.sel = { kind: "actor", id: v }; return null;
    }, write: function () { return state.sel && state.sel.kind === "actor" ? state.sel.id : null; } },
    { key: "claim", read: function (v) {
      if (!edgeById.has(v)) return "unknown claim " + v;
      state.sel = { kind: "claim", id: v }; return null;
    }, write: function () { return state.sel && state.sel.kind === "claim" ? state.sel.id : null; } },
    { key: "source", read: function (v) {
      if (!sourceById.has(v)) return "unknown source " + v;
      state.sel = { kind: "source", id: v }; return null;
    }, write: function () { return state.sel && state.sel.kind === "source" ? state.sel.id : null; } },
    { key: "path", read: function (v) {
      var ends = list(v);
      if (ends.length !== 2) return "path needs two actors: path=A,B";
      var bad = ends.filter(function (id) { return !nodeById.has(id); });
      if (bad.length) return "unknown actor " + bad.join(", ");
      if (ends[0] === ends[1]) return "path needs two different actors";
      state.sel = { kind: "path", a: ends[0], b: ends[1] };
      pathPick.a = ends[0]; pathPick.b = ends[1];
      $("gk-path-a").value = nodeName(ends[0]); $("gk-path-b").value = nodeName(ends[1]);
      return null;
    }, write: function () { return state.sel && state.sel.kind === "path" ? state.sel.a + "," + state.sel.b : null; } },
    // A story link is a whole view: the step sets filters, window and selection, so in
    // a story only `story` and `step` are written (`inStory: true`). The free view built
    // from the keys before them is what leaving the story gives back.
    { key: "story", inStory: true, read: function (v) {
      if (!storyById.has(v)) return "unknown story " + v;
      if (!storyById.get(v).steps.length) return "story " + v + " has no steps";
      state.storySnapshot = freeView();
      state.storySnapshot.camera = null;
      applyStep(storyById.get(v), 0);
      return null;
    }, write: function () { return inStory() ? state.sel.id : null; } },
    { key: "step", inStory: true, read: function (v) {
      var story = currentStory();
      if (!story) return "step needs a story: story=ID&step=N";
      if (!/^[0-9]+$/.test(v) || +v < 1 || +v > story.steps.length) {
        return "step must be 1 to " + story.steps.length + " in story " + story.id;
      }
      applyStep(story, +v - 1);
      return null;
    }, write: function () { return inStory() ? String(state.sel.index + 1) : null; } },
    { key: "q", read: function (v) { $("gk-search").value = v; if (mainSearch) mainSearch.render(); return null; },
      write: function () { return null; } }
  ];
  var FRAGMENT_KEYS = new Map(FRAGMENT.map(function (f) { return [f.key, f]; }));

  /* key=value pairs of a fragment (values URL-decoded; a key without '=' has value ""). */
  function parseFragment(hash) {
    var pairs = new Map();
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) return;
      var at = part.indexOf("=");
      var key = at < 0 ? part : part.slice(0, at), value = at < 0 ? "" : part.slice(at + 1);
      try {
        pairs.set(decodeURIComponent(key), decodeURIComponent(value.replace(/\+/g, " ")));
      } catch (e) {
        pairs.set(key, null);
      }
    });
    return pairs;
  }

  var writing = false;
  var lastWritten = null;

  function fragmentOf() {
    var parts = [];
    var story = inStory();
    FRAGMENT.forEach(function (f) {
      if (story && !f.inStory) return;
      var v = f.write();
      if (v !== null && v !== undefined) parts.push(f.key + "=" + encodeURIComponent(v).replace(/%2C/g, ","));
    });
    return parts.join("&");
  }

  function writeFragment() {
    if (writing) return;
    var text = fragmentOf();
    if (text === lastWritten) return;
    lastWritten = text;
    var url = location.href.split("#")[0] + (text ? "#" + text : "");
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      /* a sandboxed frame may refuse; the view still works, only the link is not updated */
    }
  }

  function applyFragment(hash) {
    var pairs = parseFragment(hash);
    var messages = [];
    writing = true;
    // A link is a whole view: start from the defaults, then apply the keys in the table's order.
    state.sel = null;
    state.storySnapshot = null;
    state.depth = DEFAULTS.depth;
    state.rest = "fade";
    state.via = "any";
    state.aside = new Set(DEFAULTS.aside);
    if (state.metric !== DEFAULTS.metric) setMetric(DEFAULTS.metric);
    resetFilters(true);
    linkFrom = null;
    if (!pairs.has("path")) {  // the chain boxes describe the view: a link without one empties them
      pathPick.a = pathPick.b = null; pathPick.active = false;
      $("gk-path-a").value = ""; $("gk-path-b").value = ""; $("gk-path-go").disabled = true;
    }
    FRAGMENT.forEach(function (f) {
      if (!pairs.has(f.key)) return;
      var value = pairs.get(f.key);
      var error = value === null ? "could not read " + f.key : f.read(value);
      if (error) messages.push(error);
    });
    syncChecks();
    pairs.forEach(function (_v, key) { if (!FRAGMENT_KEYS.has(key)) messages.push("ignored " + key); });
    writing = false;
    state.messages = messages;
    $("gk-link-note").textContent = messages.length ? "Link: " + messages.join("; ") + "." : "";
    if (state.sel) dismissHint();
    if (!inStory()) renderStoryList();
    refresh({ fit: true, animate: false });
    if (state.sel && state.sel.kind === "actor" && state.visibleNodes.has(state.sel.id)) network.selectNodes([vid(state.sel.id)], false);
    lastWritten = null;
    writeFragment();
  }

  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") === (lastWritten || "")) return;
    applyFragment(location.hash);
  });

  // ------------------------------------------------------------------ pictures

  /* In a story, the line under a picture's title: which story, which step. */
  function storyHeading() {
    var story = currentStory();
    if (!story) return null;
    return "Story: " + story.title + " · Step " + (state.sel.index + 1) + " of " + story.steps.length +
      ": " + story.steps[state.sel.index].title;
  }

  /* The drawing as it stands, with title, legend and filters in force, on one canvas. */
  function composePicture() {
    var source = container.querySelector("canvas");
    var ratio = source.width / Math.max(1, container.clientWidth);
    var w = container.clientWidth, h = container.clientHeight;
    var heading = storyHeading();
    var legendW = 230, headH = heading ? 78 : 56, lines = filterSummary();
    var footH = 22 + 16 * Math.max(1, lines.length);
    var canvas = document.createElement("canvas");
    canvas.width = Math.round((w + legendW) * ratio);
    canvas.height = Math.round((h + headH + footH) * ratio);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, w + legendW, h + headH + footH);
    ctx.fillStyle = "#1d1d1d";
    ctx.font = "600 18px " + FONT;
    ctx.textBaseline = "top";
    ctx.fillText(DATA.title, 14, 12, w + legendW - 28);
    if (heading) {
      ctx.font = "600 14px " + FONT;
      ctx.fillStyle = "#24364f";
      ctx.fillText(heading, 14, 36, w + legendW - 28);
    }
    ctx.font = "13px " + FONT;
    ctx.fillStyle = "#5f6368";
    ctx.fillText($("gk-counts").textContent, 14, heading ? 57 : 35);
    ctx.drawImage(source, 0, 0, source.width, source.height, 0, headH, w, h);
    var y = headH + 6, x = w + 14;
    ctx.fillStyle = "#1d1d1d";
    ctx.font = "600 12px " + FONT;
    ctx.fillText("How sure", x, y); y += 18;
    ctx.font = "12px " + FONT;
    DATA.statuses.forEach(function (s) {
      ctx.save();
      ctx.strokeStyle = "#555555"; ctx.lineWidth = 2;
      ctx.setLineDash(s.dash && s.dash.length ? s.dash : []);
      ctx.beginPath(); ctx.moveTo(x, y + 7); ctx.lineTo(x + 34, y + 7); ctx.stroke();
      ctx.setLineDash([]);
      if (s.mark === "cross" || s.mark === "bar") {
        ctx.strokeStyle = s.color; ctx.lineWidth = 1.8; ctx.beginPath();
        if (s.mark === "cross") { ctx.moveTo(x + 13, y + 3); ctx.lineTo(x + 21, y + 11); ctx.moveTo(x + 13, y + 11); ctx.lineTo(x + 21, y + 3); }
        else { ctx.moveTo(x + 15.5, y + 2); ctx.lineTo(x + 15.5, y + 12); ctx.moveTo(x + 18.5, y + 2); ctx.lineTo(x + 18.5, y + 12); }
        ctx.stroke();
      }
      ctx.restore();
      ctx.fillStyle = "#1d1d1d";
      ctx.fillText(s.label, x + 42, y);
      y += 18;
    });
    y += 8;
    ctx.font = "600 12px " + FONT;
    ctx.fillText("Actors", x, y); y += 18;
    ctx.font = "12px " + FONT;
    DATA.types.forEach(function (t) {
      if (y > h + headH - 16) return;
      shapePath(ctx, t.shape, x + 7, y + 7, 5.5);
      ctx.fillStyle = t.color; ctx.fill();
      ctx.strokeStyle = mix(t.color, "#000000", 0.35); ctx.lineWidth = 1; ctx.stroke();
      ctx.fillStyle = "#1d1d1d";
      ctx.fillText(t.plural || t.label, x + 20, y, legendW - 30);
      y += 17;
    });
    ctx.fillStyle = "#5f6368";
    ctx.font = "12px " + FONT;
    var fy = h + headH + 8;
    (lines.length ? lines : ["The whole case: no filter in force."]).forEach(function (line) {
      ctx.fillText(line, 14, fy, w + legendW - 28); fy += 16;
    });
    return canvas;
  }

  function download(url, name) {
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  }

  function exportPng() {
    var url = composePicture().toDataURL("image/png");
    download(url, "graphkit-view.png");
    return url;
  }

  /* An SVG built from what is drawn: positions of the visible actors and claims, the
   * labels placed on screen, title, legend and filters -- no bitmap inside. */
  function buildSvg() {
    var heading = storyHeading();
    var w = container.clientWidth, h = container.clientHeight, legendW = 230, headH = heading ? 78 : 56;
    var lines = filterSummary(), footH = 22 + 16 * Math.max(1, lines.length);
    var svg = svgEl("svg", { xmlns: SVG, width: w + legendW, height: h + headH + footH, viewBox: "0 0 " + (w + legendW) + " " + (h + headH + footH), "font-family": "sans-serif" });
    svg.appendChild(svgEl("rect", { x: 0, y: 0, width: w + legendW, height: h + headH + footH, fill: "#ffffff" }));
    function text(x, y, content, attrs) {
      var t = svgEl("text", Object.assign({ x: x, y: y }, attrs || {}));
      t.textContent = content;
      svg.appendChild(t);
      return t;
    }
    text(14, 30, DATA.title, { "font-size": 18, "font-weight": 600, fill: "#1d1d1d" });
    if (heading) text(14, 50, heading, { "font-size": 14, "font-weight": 600, fill: "#24364f" });
    text(14, heading ? 70 : 48, $("gk-counts").textContent, { "font-size": 13, fill: "#5f6368" });
    var view = network.body.view, scale = view.scale, tx = view.translation.x, ty = view.translation.y;
    var g = svgEl("g", { transform: "translate(0," + headH + ")" });
    svg.appendChild(g);
    g.appendChild(svgEl("rect", { x: 0, y: 0, width: w, height: h, fill: "none" }));
    var positions = {};
    var raw = network.getPositions(Array.from(state.visibleNodes).map(vid));
    Object.keys(raw).forEach(function (k) { positions[rid(k)] = raw[k]; });
    function sx(p) { return p.x * scale + tx; }
    function sy(p) { return p.y * scale + ty; }
    state.visibleEdges.forEach(function (id) {
      var e = edgeById.get(id), a = positions[e.from], b = positions[e.to];
      if (!a || !b || e.from === e.to) return;
      var dim = isDimmed("edges", id), s = statusOf(e);
      var attrs = { x1: sx(a).toFixed(1), y1: sy(a).toFixed(1), x2: sx(b).toFixed(1), y2: sy(b).toFixed(1),
        stroke: dim ? "#ececec" : relOf(e).color, "stroke-width": 1.5, "stroke-opacity": 0.9 };
      if (s.dash && s.dash.length) attrs["stroke-dasharray"] = s.dash.join(" ");
      var line = svgEl("line", attrs);
      line.appendChild(svgEl("title", {})).textContent = edgeSentence(e) + " (" + s.label + ")";
      g.appendChild(line);
    });
    state.visibleNodes.forEach(function (id) {
      var n = nodeById.get(id), p = positions[id], body = network.body.nodes[vid(id)];
      if (!p || !body) return;
      var t = typeOf(n), dim = isDimmed("nodes", id);
      var shape = svgShape(t.shape, sx(p), sy(p), (body.options.size || SIZE.min) * scale);
      shape.setAttribute("fill", dim ? mix(t.color, "#ffffff", 0.84) : t.color);
      shape.setAttribute("stroke", mix(t.color, "#000000", 0.35));
      shape.appendChild(svgEl("title", {})).textContent = n.label;
      g.appendChild(shape);
    });
    placedLabels.forEach(function (r) {
      var t = svgEl("text", { x: r.x.toFixed(1), y: (r.y + r.size).toFixed(1), "font-size": r.size, fill: "#1d1d1d",
        stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" });
      t.textContent = r.text;
      g.appendChild(t);
    });
    var x = w + 14, y = headH + 20;
    text(x, y, "How sure", { "font-size": 12, "font-weight": 600 }); y += 18;
    DATA.statuses.forEach(function (s) {
      var icon = statusIcon(s, 34);
      icon.setAttribute("x", x); icon.setAttribute("y", y - 10);
      svg.appendChild(icon);
      text(x + 42, y, s.label, { "font-size": 12 }); y += 18;
    });
    y += 8;
    text(x, y, "Actors", { "font-size": 12, "font-weight": 600 }); y += 18;
    DATA.types.forEach(function (t) {
      var shape = svgShape(t.shape, x + 7, y - 4, 5.5);
      shape.setAttribute("fill", t.color);
      svg.appendChild(shape);
      text(x + 20, y, t.plural || t.label, { "font-size": 12 }); y += 17;
    });
    var fy = h + headH + 20;
    (lines.length ? lines : ["The whole case: no filter in force."]).forEach(function (line) {
      text(14, fy, line, { "font-size": 12, fill: "#5f6368" }); fy += 16;
    });
    return new XMLSerializer().serializeToString(svg);
  }

  function exportSvg() {
    var text = buildSvg();
    var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    download(url, "graphkit-view.svg");
    return text;
  }

  // ------------------------------------------------------------------ first-use hint

  function dismissHint() { $("gk-hint").hidden = true; }

  // ------------------------------------------------------------------ start

  document.title = DATA.title;
  $("gk-name").textContent = DATA.name;
  if (DATA.note) { $("gk-note").textContent = DATA.note; $("gk-note").hidden = false; }
  if (DATA.filter) { $("gk-filter-note").textContent = "Built with a filter: " + DATA.filter; $("gk-filter-note").hidden = false; }
  $("gk-hint-close").addEventListener("click", dismissHint);
  buildLegend();
  buildMetricMenu();
  buildDates();
  buildView();
  buildSearch();
  buildPath();
  buildStories();
  if (window.innerWidth < 700) {
    $("gk-sidebar").hidden = true;
    $("gk-toggle-sidebar").setAttribute("aria-expanded", "false");
  }
  if (location.hash.length > 1) {
    applyFragment(location.hash);
  } else {
    refresh({ keepPanel: true, fit: true, animate: false });
  }
  window.addEventListener("resize", function () { drawStrip(); });

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
    skeleton: skeleton,
    fold: fold,
    labels: function () { return placedLabels.map(function (r) { return { id: r.id, text: r.text, x: r.x, y: r.y, w: r.w, h: r.h }; }); },
    selectNode: function (id) { return selectNode(id, true); },
    selectEdge: selectEdge,
    selectSource: selectSource,
    selectPath: selectPath,
    chains: function () {
      return (state.chains || []).map(function (c) {
        return { nodes: c.nodes, steps: c.steps.map(function (s) {
          return { from: s.a, to: s.b, claims: s.claims.map(function (x) { return { id: x.id, phrase: x.phrase, forward: x.forward, status: x.status }; }) };
        }) };
      });
    },
    setAside: setAside,
    fit: function () { fitVisible(false); },
    fragment: fragmentOf,
    applyFragment: applyFragment,
    exportPng: exportPng,
    exportSvg: exportSvg,
    picture: function () { return composePicture().toDataURL("image/png"); },
    svg: buildSvg,
    resetFilters: resetFilters,
    clearSelection: clearSelection,
    /* Story mode: open story `id` at step `n` (from 1), step by `delta`, leave it. */
    openStory: function (id, n) { return openStory(id, (n || 1) - 1); },
    stepStory: stepBy,
    leaveStory: leaveStory,
    story: function () { return inStory() ? { id: state.sel.id, step: state.sel.index + 1 } : null; },
    /* What the current selection keeps bright (null: nothing is faded). */
    highlighted: function () {
      var keep = state.dimmed;
      return keep ? { nodes: Array.from(keep.nodes), edges: Array.from(keep.edges) } : null;
    }
  };
})();
