// Steps through the picture of the page planner render writes for a plan (.html).
// The data holds style numbers only: step 0 whole, then each step's changes as
// [index, style, index, style, ...] pairs, for the nodes and for the edges.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("plan-steps").textContent);
  var captions = Array.prototype.slice.call(document.querySelectorAll("#picture .caption"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#steps tbody tr"));
  var position = document.getElementById("position");
  var buttons = {};
  ["first", "prev", "next", "last"].forEach(function (id) { buttons[id] = document.getElementById(id); });
  var nodes = data.nodes[0].map(function (_, i) { return document.getElementById("n" + i); });
  var edges = data.edges[0].map(function (_, i) { return document.getElementById("e" + i); });
  var last = data.nodes.length - 1;
  var frame = document.querySelector("#picture .picture");
  var svg = frame.querySelector("svg");
  var zoom = document.getElementById("zoom");
  var current = -1;
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  var matched = {};  // node index -> true, for the units the search box finds
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#packages details"));

  function state(rows, k) {
    var styles = rows[0].slice();
    for (var step = 1; step <= k; step++) {
      var change = rows[step];
      for (var j = 0; j < change.length; j += 2) { styles[change[j]] = change[j + 1]; }
    }
    return styles;
  }

  function paint(k) {
    state(data.nodes, k).forEach(function (style, i) {
      var name = data.nodeClasses[style] + (data.nodeHidden[style] ? " hide" : "") + (matched[i] ? " match" : "");
      if (nodes[i] && nodes[i].getAttribute("class") !== name) { nodes[i].setAttribute("class", name); }
    });
    state(data.edges, k).forEach(function (style, i) {
      var name = "edge es" + style + (data.edgeHidden[style] ? " hide" : "");
      if (edges[i] && edges[i].getAttribute("class") !== name) { edges[i].setAttribute("class", name); }
    });
  }

  function setZoom(natural) {
    frame.classList.toggle("natural", natural);
    zoom.textContent = natural ? "Fit to window" : "Actual size";
    focus();
  }

  function focus() {
    // At its size, a wide picture scrolls to the units of the step shown.
    if (!frame.classList.contains("natural")) { return; }
    var target = frame.querySelector("g.current") || svg;
    var box = target.getBoundingClientRect();
    var outer = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (outer.left + outer.width / 2);
    frame.scrollTop += box.top + box.height / 2 - (outer.top + outer.height / 2);
  }

  function show(k) {
    k = Math.max(0, Math.min(last, k));
    if (k === current) { return; }
    current = k;
    paint(k);
    captions.forEach(function (caption) { caption.hidden = Number(caption.dataset.step) !== k; });
    rows.forEach(function (row) { row.classList.toggle("current", Number(row.dataset.step) === k); });
    position.textContent = k === 0 ? "The whole plan" : "Step " + k + " of " + last;
    buttons.first.disabled = buttons.prev.disabled = k === 0;
    buttons.next.disabled = buttons.last.disabled = k === last;
    document.body.dataset.step = String(k);
    focus();
    // "#step=K", not "#step-K": a fragment naming an element would scroll the page to it.
    try { history.replaceState(null, "", "#step=" + k); } catch (e) { /* some browsers refuse it for file: pages */ }
  }

  // The search box: names are read from the page's own text (labels, the steps table, the
  // packages' lists), never from data, and compared as plain lower-case text.
  function textOf(element) { return (element.textContent || "").toLowerCase(); }

  function find() {
    var query = search.value.trim().toLowerCase();
    matched = {};
    var first = null;
    var units = 0;
    nodes.forEach(function (node, i) {
      // units and packages only: a stub or driver names the unit it stands for, but is not it
      var unit = node && /\b(unit|group)\b/.test(node.getAttribute("class"));
      if (query && unit && textOf(node).indexOf(query) >= 0) { matched[i] = true; units++; }
    });
    boxes.forEach(function (box) {
      var hits = 0;
      box.querySelectorAll("li").forEach(function (item) {
        var hit = query !== "" && textOf(item).indexOf(query) >= 0;
        item.classList.toggle("match", hit);
        if (hit) { hits++; if (first === null) { first = Number(item.dataset.step); } }
      });
      var index = Number(box.dataset.node.slice(1));
      if (hits) { units += matched[index] ? hits - 1 : hits; matched[index] = true; }
    });
    rows.forEach(function (row) {
      var hit = query !== "" && textOf(row.cells[2]).indexOf(query) >= 0;
      row.classList.toggle("match", hit);
      if (hit && first === null) { first = Number(row.dataset.step); }
    });
    var shown = Object.keys(matched).length;
    found.textContent = !query ? "" : shown === 0 ? "no unit matches" :
      units + (units === 1 ? " unit matches" : " units match") + " (outlined in the picture)";
    var k = current;
    current = -1;
    show(k);
    return first;
  }

  search.addEventListener("input", find);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var step = find();
      if (step !== null) { show(step); }
    }
  });
  nodes.forEach(function (node, i) {
    if (!node || node.getAttribute("class").indexOf("group") < 0) { return; }
    node.addEventListener("click", function () {
      var box = document.querySelector('#packages details[data-node="n' + i + '"]');
      if (box) { box.open = true; box.scrollIntoView({ block: "nearest" }); }
    });
  });
  zoom.addEventListener("click", function () { setZoom(!frame.classList.contains("natural")); });
  // Fitted, a picture more than twice as wide as the window has text too small to read.
  var natural = svg.width.baseVal.value;
  if (natural > 2 * frame.clientWidth) { setZoom(true); }
  buttons.first.addEventListener("click", function () { show(0); });
  buttons.prev.addEventListener("click", function () { show(current - 1); });
  buttons.next.addEventListener("click", function () { show(current + 1); });
  buttons.last.addEventListener("click", function () { show(last); });
  rows.forEach(function (row) { row.addEventListener("click", function () { show(Number(row.dataset.step)); }); });
  // A unit's row in the audit section: its step, in the picture above.
  document.querySelectorAll("#audit tr[data-step]").forEach(function (row) {
    row.addEventListener("click", function () {
      show(Number(row.dataset.step));
      document.getElementById("viewer").scrollIntoView({ block: "start" });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target === search) { return; }  // the arrow keys move the caret there
    var moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last };
    if (!(event.key in moves)) { return; }
    event.preventDefault();
    show(moves[event.key]);
  });
  var match = /^#step=(\d+)$/.exec(location.hash);
  show(match ? Number(match[1]) : Number(document.body.dataset.start || 0));
})();
