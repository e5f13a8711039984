/*
 * The HTML edition's small script.  Everything it does is an addition: every
 * page is complete and readable without it.
 *
 *  - the text view switch (editorial markup / reading text), remembered;
 *  - sorting and filtering of the documents table;
 *  - filtering of a register; an entry's address on the index of a register in parts
 *    (persons.html#id, as on a register of one page) leads on to the entry's page;
 *  - copying a citation.
 *
 * No inline scripts, no eval, no third-party code (Content-Security-Policy:
 * script-src 'self').  Text from the page is only ever set as text.
 */
(function () {
  "use strict";

  var VIEW_KEY = "edition-text-view";

  function storage(action, key, value) {
    try {
      if (action === "get") { return window.localStorage.getItem(key); }
      window.localStorage.setItem(key, value);
    } catch (e) { /* private mode or file: pages without storage */ }
    return null;
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(template, values) {
    return template.replace(/\{(\d+)\}/g, function (all, n) { return values[Number(n) - 1]; });
  }

  /* the text view ------------------------------------------------------------------- */

  function setupViewSwitch() {
    var group = document.querySelector(".view-switch");
    var text = document.querySelector(".edition-text");
    if (!group || !text) { return; }
    var buttons = group.querySelectorAll("button[data-view]");

    function show(view) {
      text.classList.toggle("view-reading", view === "reading");
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
      });
      // marks without their signs need no keyboard stop in the reading text
      text.querySelectorAll(".mark[tabindex]").forEach(function (mark) {
        mark.setAttribute("tabindex", view === "reading" ? "-1" : "0");
      });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var view = button.getAttribute("data-view");
        storage("set", VIEW_KEY, view);
        show(view);
      });
    });
    group.hidden = false;
    show(storage("get", VIEW_KEY) === "reading" ? "reading" : "edited");
  }

  /* the documents table -------------------------------------------------------------- */

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-value");
    if (value === null) { value = cell.textContent.trim(); }
    return kind === "number" ? Number(value) : fold(value);
  }

  function setupSortableTable(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    headers.forEach(function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          var order = x < y ? -1 : x > y ? 1 : cellValue(a, 0, "number") - cellValue(b, 0, "number");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setupTableFilter(table) {
    var tools = document.querySelector(".table-tools");
    if (!tools) { return; }
    var input = tools.querySelector("input[type=search]");
    var select = tools.querySelector("select");
    var status = tools.querySelector(".filter-status");
    var empty = document.querySelector(".table-empty");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.forEach(function (row) { row.setAttribute("data-text", fold(row.textContent)); });

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var type = select ? select.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.getAttribute("data-text");
        var match = (!type || row.getAttribute("data-type") === type) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = fill(status.getAttribute("data-template"), [shown, rows.length]);
      if (empty) { empty.hidden = shown !== 0; }
    }

    input.addEventListener("input", apply);
    if (select) { select.addEventListener("change", apply); }
    tools.hidden = false;
    apply();
  }

  /* a register's filter ------------------------------------------------------------------- */

  function setupRegisterFilter() {
    var box = document.querySelector(".register-tools .filter");
    if (!box) { return; }
    var input = box.querySelector("input");
    var status = box.querySelector(".filter-status");
    var entries = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute("data-filter")));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".letter-group"));
    entries.forEach(function (entry) {
      var name = entry.querySelector(".entry-name");
      var facts = entry.querySelector(".entry-facts");
      entry.setAttribute("data-text", fold((name ? name.textContent : "") + " " + (facts ? facts.textContent : "")));
    });

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var text = entry.getAttribute("data-text");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        entry.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".entry:not([hidden])");
      });
      status.textContent = words.length ? fill(status.getAttribute("data-template"), [shown, entries.length]) : "";
    }

    input.addEventListener("input", apply);
    box.hidden = false;
  }

  /* the index of a register in parts ------------------------------------------------------- */

  function followEntryAddress() {
    if (!document.querySelector(".register-index") || !window.location.hash) { return; }
    var line = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var link = line && line.classList.contains("entry") ? line.querySelector("a.entry-name") : null;
    if (link) { window.location.replace(link.href); }
  }

  /* copying a citation -------------------------------------------------------------------- */

  function setupCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    document.querySelectorAll(".copy-button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = button.getAttribute("data-done");
          window.setTimeout(function () { button.textContent = label; }, 2500);
        });
      });
    });
  }

  function start() {
    setupViewSwitch();
    var table = document.querySelector("table[data-sortable]");
    if (table) {
      setupSortableTable(table);
      setupTableFilter(table);
    }
    setupRegisterFilter();
    followEntryAddress();
    setupCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
