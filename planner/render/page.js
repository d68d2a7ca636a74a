// Steps through the pictures of the page planner render writes for a plan (.html).
"use strict";
(function () {
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.step"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#steps tbody tr"));
  var position = document.getElementById("position");
  var buttons = {};
  ["first", "prev", "next", "last"].forEach(function (id) { buttons[id] = document.getElementById(id); });
  var last = figures.length - 1;
  var current = -1;
  function show(k) {
    k = Math.max(0, Math.min(last, k));
    if (k === current) { return; }
    current = k;
    figures.forEach(function (figure, i) { figure.hidden = i !== k; });
    rows.forEach(function (row) { row.classList.toggle("current", Number(row.dataset.step) === k); });
    position.textContent = k === 0 ? "The whole plan" : "Step " + k + " of " + last;
    buttons.first.disabled = buttons.prev.disabled = k === 0;
    buttons.next.disabled = buttons.last.disabled = k === last;
    document.body.dataset.step = String(k);
    // "#step=K", not "#step-K": a fragment naming an element would scroll the page to it.
    try { history.replaceState(null, "", "#step=" + k); } catch (e) { /* some browsers refuse it for file: pages */ }
  }
  buttons.first.addEventListener("click", function () { show(0); });
  buttons.prev.addEventListener("click", function () { show(current - 1); });
  buttons.next.addEventListener("click", function () { show(current + 1); });
  buttons.last.addEventListener("click", function () { show(last); });
  rows.forEach(function (row) { row.addEventListener("click", function () { show(Number(row.dataset.step)); }); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last };
    if (!(event.key in moves)) { return; }
    event.preventDefault();
    show(moves[event.key]);
  });
  var match = /^#step=(\d+)$/.exec(location.hash);
  show(match ? Number(match[1]) : Number(document.body.dataset.start || 0));
})();
