// Sort and filter for the site's tables (progressive enhancement: without this script
// every table is complete and readable). Written for this project; no dependencies.
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var NUMBER = /^-?\d+(\.\d+)?%?$/;

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function isEmpty(value) {
    return value === "" || value === "\u2014";
  }

  // Compare two non-empty values: numbers as numbers, everything else as text.
  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return collator.compare(a, b);
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    // Read each row's key once; empty cells ("—") stay last in both directions.
    var keyed = Array.prototype.map.call(body.rows, function (row) {
      return { row: row, key: cellValue(row, index) };
    });
    keyed.sort(function (x, y) {
      var ex = isEmpty(x.key), ey = isEmpty(y.key);
      if (ex || ey) return ex === ey ? 0 : (ex ? 1 : -1);
      var result = compare(x.key, y.key);
      return ascending ? result : -result;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  var filters = 0;

  // A visible label, and a polite live status that says how many rows are shown
  // ("12 of 40 tickets shown") after each change. The wrapper's data-noun names the rows.
  function addFilter(wrapper, table) {
    var noun = wrapper.getAttribute("data-noun") || "rows";
    filters += 1;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "ep-filter";
    input.id = "ep-filter-" + filters;
    var label = document.createElement("label");
    label.className = "ep-filter-label";
    label.htmlFor = input.id;
    label.textContent = "Filter " + noun;
    var count = document.createElement("span");
    count.className = "ep-filter-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    var rows = table.tBodies[0].rows;
    var texts = new Map();  // row -> its lowercased text, read once
    count.textContent = rows.length + " " + noun;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        if (!texts.has(row)) texts.set(row, row.textContent.toLowerCase());
        var text = texts.get(row);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " " + noun + " shown";
    });
    var bar = document.createElement("div");
    bar.className = "ep-filter-bar";
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(count);
    wrapper.insertBefore(bar, wrapper.firstChild);
  }

  function enhance(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length || wrapper.dataset.enhanced) return;
    wrapper.dataset.enhanced = "true";
    if (table.tBodies[0].rows.length > 5) addFilter(wrapper, table);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ep-sort";
      button.title = "Sort by this column";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".ep-table"), enhance);
  }

  // With Material's instant navigation pages are swapped without a load event.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
