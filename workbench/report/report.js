"use strict";
// Sorting and filtering of the segment tables. Rows are moved or hidden, never rebuilt:
// no text from the report is ever parsed as HTML here.
(function () {
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!numeric) { return cell.textContent.toLowerCase(); }
    var raw = cell.getAttribute("data-v");
    return raw === null || raw === "" ? null : parseFloat(raw);
  }
  function sortBy(table, th) {
    var index = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      if (x === y) { return 0; }
      if (x === null) { return 1; }          // empty cells last, either way
      if (y === null) { return -1; }
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function filter(box, table) {
    var text = box.querySelector(".f-text").value.trim().toLowerCase();
    var status = box.querySelector(".f-status").value;
    var qaOnly = box.querySelector(".f-qa").checked;
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (status === "all" || row.getAttribute("data-status") === status) &&
        (!qaOnly || row.getAttribute("data-qa") !== "0") &&
        (text === "" || row.textContent.toLowerCase().indexOf(text) !== -1);
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    box.querySelector(".count").textContent = shown + " of " + rows.length + " segments";
  }
  document.querySelectorAll(".controls").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-table"));
    if (!table) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.addEventListener("click", function () { sortBy(table, th); });
    });
    ["input", "change"].forEach(function (kind) {
      box.addEventListener(kind, function () { filter(box, table); });
    });
    box.querySelector(".f-diff").addEventListener("change", function (event) {
      table.classList.toggle("nodiff", !event.target.checked);
    });
    filter(box, table);
  });
}());
