/* sort.js: click a column header of a table.sortable to sort its rows.
 *
 * Progressive enhancement: the tables are complete without it.  Each
 * header becomes a button; the header sorted by carries aria-sort.  A
 * cell sorts by its data-sort attribute when it has one (numbers written
 * with a dot, so the Vietnamese "92,40" needs no parsing), else by its
 * text in Vietnamese order.  Empty values (no rank, no change) go last
 * whichever the direction; equal values keep their order. */
(function () {
  "use strict";

  function cellKey(row, col) {
    var cell = row.cells[col];
    if (!cell) return { empty: true };
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.trim();
    if (raw === "") return { empty: true };
    var num = Number(raw);
    return isNaN(num) ? { text: raw } : { num: num };
  }

  function compare(a, b) {
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    var ta = a.num !== undefined ? String(a.num) : a.text;
    var tb = b.num !== undefined ? String(b.num) : b.text;
    return ta.localeCompare(tb, "vi");
  }

  function sortBy(table, th, col) {
    var body = table.tBodies[0];
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      return { row: row, key: cellKey(row, col), at: i };
    });
    rows.sort(function (a, b) {
      if (a.key.empty || b.key.empty) {
        if (a.key.empty && b.key.empty) return a.at - b.at;
        return a.key.empty ? 1 : -1;
      }
      var c = compare(a.key, b.key);
      return (ascending ? c : -c) || a.at - b.at;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, col); });
    });
    table.classList.add("sortable-on");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), enhance);
})();
