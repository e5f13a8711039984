/*
 * Full-text search on a static host: Pagefind's index (pagefind/, built with
 * the site) queried in the browser.  The search form works as a plain GET
 * form (search.html?q=...); this script reads the query, asks Pagefind and
 * lists the results, with the filters the document pages declare
 * (data-pagefind-filter: document type, sender, recipient, year).  Filters
 * without words list every document they match.  Excerpts are rebuilt node by
 * node from Pagefind's text, keeping only its <mark> highlights: nothing from
 * the index is inserted as HTML.
 */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root) { return; }

  var input = document.getElementById("search-input");
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var filterBox = document.getElementById("search-filters");
  var wanted = (root.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
  var pagefind = null;
  var selected = {};
  var latest = 0;
  var MAX_SHOWN = 50;

  function label(name, values) {
    var text = root.getAttribute("data-label-" + name) || "";
    return text.replace(/\{(\d+)\}/g, function (all, n) { return values ? values[Number(n) - 1] : ""; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* Pagefind's excerpt is text with <mark> around the hits: keep the text and the marks only. */
  function excerpt(html) {
    var out = element("p", "result-excerpt");
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.tagName === "MARK") {
            to.appendChild(element("mark", "", node.textContent));
          } else {
            copy(node, to);
          }
        }
      });
    }(parsed, out));
    return out;
  }

  /* Only addresses of this site are linked. */
  function sameSite(url) {
    var target = new URL(url, document.baseURI);
    return target.origin === window.location.origin ? target.href : null;
  }

  function renderResult(data) {
    var item = element("li", "result");
    var href = sameSite(data.url);
    if (!href) { return item; }
    var title = element("a", "result-title", (data.meta && data.meta.title) || data.url);
    title.href = href;
    item.appendChild(title);
    var type = data.filters && data.filters.type ? data.filters.type[0] : "";
    var meta = [type, data.meta && data.meta.date].filter(Boolean).join(" · ");
    if (meta) { item.appendChild(element("p", "result-meta", meta)); }
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function activeFilters() {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      var values = Object.keys(selected[name]).filter(function (v) { return selected[name][v]; });
      if (values.length) { filters[name] = { any: values }; }
    });
    return filters;
  }

  function search() {
    var term = input.value.trim();
    var filters = activeFilters();
    var filtered = Object.keys(filters).length > 0;
    var ticket = ++latest;
    var params = new URLSearchParams(window.location.search);
    if (term) { params.set("q", term); } else { params.delete("q"); }
    window.history.replaceState(null, "", params.toString() ? "?" + params.toString() : window.location.pathname);
    if (!term && !filtered) {
      list.textContent = "";
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = label("loading");
    var options = { filters: filters };
    if (!term) { options.sort = { date: "asc" }; }
    return pagefind.search(term || null, options).then(function (found) {
      if (ticket !== latest) { return null; }
      return Promise.all(found.results.slice(0, MAX_SHOWN).map(function (r) { return r.data(); }))
        .then(function (all) {
          if (ticket !== latest) { return; }
          list.textContent = "";
          all.forEach(function (data) { list.appendChild(renderResult(data)); });
          var count = String(found.results.length);
          if (!term) {
            status.textContent = label(count === "1" ? "filtered-one" : "filtered", [count]);
          } else {
            status.textContent = count === "0" ? label("none", [term])
              : count === "1" ? label("one", [term]) : label("results", [count, term]);
          }
        });
    });
  }

  function buildFilters(available) {
    var names = wanted.filter(function (name) { return available[name] && Object.keys(available[name]).length; });
    if (!names.length) { return; }
    // a disclosure, open where there is room beside the results, closed on a phone
    var box = element("details", "filter-box");
    box.open = window.matchMedia("(min-width: 64rem)").matches;
    box.appendChild(element("summary", "", label("filters")));
    filterBox.appendChild(box);
    names.forEach(function (name) {
      selected[name] = {};
      var fieldset = element("fieldset");
      fieldset.appendChild(element("legend", "", label("filter-" + name)));
      Object.keys(available[name]).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (value) {
        var check = element("input");
        check.type = "checkbox";
        check.value = value;
        check.addEventListener("change", function () {
          selected[name][value] = check.checked;
          search();
        });
        var row = element("label");
        row.appendChild(check);
        row.appendChild(element("span", "", value));
        row.appendChild(element("span", "count", String(available[name][value])));
        fieldset.appendChild(row);
      });
      box.appendChild(fieldset);
    });
    filterBox.hidden = false;
  }

  /* A large site's index comes in parts (listed in parts.json beside the main index): merge them all. */
  function mergeParts(bundle, base) {
    return fetch(new URL("parts.json", bundle).href)
      .then(function (response) { return response.ok ? response.json() : []; })
      .catch(function () { return []; })
      .then(function (parts) {
        return Promise.all(parts.map(function (part) {
          return pagefind.mergeIndex(new URL(part, bundle).pathname, { baseUrl: base });
        }));
      });
  }

  function start(module) {
    pagefind = module;
    var base = new URL(".", document.baseURI).pathname;
    var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
    return Promise.resolve(pagefind.options({ baseUrl: base, excerptLength: 26 }))
      .then(function () { return mergeParts(bundle, base); })
      .then(function () { return pagefind.init(); })
      .then(function () { return pagefind.filters(); })
      .then(buildFilters)
      .then(function () {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          search();
        });
        var timer = null;
        input.addEventListener("input", function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(search, 250);
        });
        var query = new URLSearchParams(window.location.search).get("q");
        if (query) {
          input.value = query;
          return search();
        }
        return null;
      });
  }

  import(new URL(root.getAttribute("data-bundle"), document.baseURI).href)
    .then(start)
    .catch(function () { status.textContent = label("unavailable"); });
}());
