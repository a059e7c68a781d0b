// Sortable tables: <table class="data-table" data-sortable>.
//
// Each header cell of the table's header row gets a <button> (the header's own text stays
// its accessible name) that sorts the body rows by that column; the header carries
// aria-sort, and a polite live region says what happened. Without JavaScript the table
// stays as the server rendered it.
//
// Per column, the server may say more:
//   <th data-sort-type="number|text">   force a comparison (otherwise detected from cells)
//   <th data-no-sort>                   leave this column unsortable
//   <td data-sort-value="2024-05-01">   sort by this instead of the cell's text

import { pageLanguage, t } from "./i18n.js";

const SPACES = /[\s\u00a0\u2007\u2009\u202f]/g;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const GROUPED_THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+$/;

// A number written the Swedish way ("1 234,5", "−3", "12 %", "4,2 kr") or the English way
// ("1,234.5"), or NaN when `text` is not a number.
export function parseNumber(text, lang = "sv") {
  let s = String(text).replace(SPACES, "").replace(/\u2212/g, "-");
  s = s.replace(/(%|‰|kr|sek|eur|€|\$|£)$/i, "");
  if (s === "" || s === "-" || s === "+") return NaN;
  const comma = s.lastIndexOf(",");
  const dot = s.lastIndexOf(".");
  if (comma >= 0 && dot >= 0) {
    // Both: the later one is the decimal separator, the other groups thousands.
    s = comma > dot ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  } else if (comma >= 0) {
    const english_grouping = lang === "en" && GROUPED_THOUSANDS.test(s);
    s = english_grouping ? s.replace(/,/g, "") : s.replace(",", ".");
  }
  return NUMBER.test(s) ? Number(s) : NaN;
}

// The cell that covers visual column `column` in `row`, taking colspan into account.
function cellAt(row, column) {
  let position = 0;
  for (const cell of row.cells) {
    const span = Math.max(1, cell.colSpan || 1);
    if (column < position + span) return cell;
    position += span;
  }
  return null;
}

function sortText(cell) {
  if (!cell) return "";
  const explicit = cell.getAttribute("data-sort-value");
  return (explicit !== null ? explicit : cell.textContent).trim();
}

function headerRow(table) {
  if (table.tHead && table.tHead.rows.length) return table.tHead.rows[table.tHead.rows.length - 1];
  const first = table.rows[0];
  if (first && first.cells.length && Array.from(first.cells).every((c) => c.tagName === "TH")) {
    return first;
  }
  return null;
}

function bodies(table, header) {
  const list = Array.from(table.tBodies);
  return list.map((tbody) => ({
    tbody,
    rows: Array.from(tbody.rows).filter((row) => row !== header),
  }));
}

function liveRegion(doc) {
  let region = doc.getElementById("samverkan-live-region");
  if (!region) {
    region = doc.createElement("div");
    region.id = "samverkan-live-region";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    doc.body.appendChild(region);
  }
  return region;
}

let pendingAnnouncement = 0;

function announce(doc, message) {
  const region = liveRegion(doc);
  // Clear first so that the same message twice is still announced; a newer message
  // replaces one still waiting.
  window.clearTimeout(pendingAnnouncement);
  region.textContent = "";
  pendingAnnouncement = window.setTimeout(() => {
    region.textContent = message;
  }, 100);
}

function compareFor(values, type) {
  // Swedish order on English pages too: the names (counties, municipalities, actors) are
  // Swedish, and å, ä, ö come after z.
  const collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });
  const filled = values.filter((v) => v.text !== "");
  const numeric =
    type === "number" ||
    (type !== "text" && filled.length > 0 && filled.every((v) => !Number.isNaN(v.number)));
  return (a, b) => {
    // Empty cells go last whichever way the column is sorted (handled by the caller).
    if (numeric) {
      const an = Number.isNaN(a.number) ? -Infinity : a.number;
      const bn = Number.isNaN(b.number) ? -Infinity : b.number;
      if (an !== bn) return an < bn ? -1 : 1;
      return collator.compare(a.text, b.text);
    }
    return collator.compare(a.text, b.text);
  };
}

export function sortTable(table, column, direction, doc = document) {
  const header = headerRow(table);
  const lang = pageLanguage(doc);
  const th = header ? cellAt(header, column) : null;
  const type = th ? th.getAttribute("data-sort-type") : null;
  for (const { tbody, rows } of bodies(table, header)) {
    const entries = rows.map((row, index) => {
      const text = sortText(cellAt(row, column));
      return { row, index, text, number: parseNumber(text, lang) };
    });
    const compare = compareFor(entries, type);
    const sign = direction === "descending" ? -1 : 1;
    entries.sort((a, b) => {
      const aEmpty = a.text === "";
      const bEmpty = b.text === "";
      if (aEmpty !== bEmpty) return aEmpty ? 1 : -1;
      return sign * compare(a, b) || a.index - b.index;
    });
    const fragment = doc.createDocumentFragment();
    for (const entry of entries) fragment.appendChild(entry.row);
    tbody.appendChild(fragment);
  }
}

function enhance(table, doc) {
  const header = headerRow(table);
  if (!header || table.dataset.sortableReady === "true") return;
  table.dataset.sortableReady = "true";
  let position = 0;
  const headers = [];
  for (const th of Array.from(header.cells)) {
    const column = position;
    position += Math.max(1, th.colSpan || 1);
    if (th.tagName !== "TH" || th.hasAttribute("data-no-sort")) continue;
    if (th.querySelector("a, button, input, select, textarea")) continue;
    const label = th.textContent.replace(/\s+/g, " ").trim();
    if (!label) continue;

    const button = doc.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    while (th.firstChild) button.appendChild(th.firstChild);
    const indicator = doc.createElement("span");
    indicator.className = "sort-indicator";
    indicator.setAttribute("aria-hidden", "true");
    button.appendChild(indicator);
    th.appendChild(button);
    headers.push(th);

    button.addEventListener("click", () => {
      const current = th.getAttribute("aria-sort");
      const direction = current === "ascending" ? "descending" : "ascending";
      sortTable(table, column, direction, doc);
      for (const other of headers) {
        if (other !== th) other.removeAttribute("aria-sort");
      }
      th.setAttribute("aria-sort", direction);
      announce(
        doc,
        t(direction === "ascending" ? "sortedAscending" : "sortedDescending", { column: label }, doc),
      );
    });
  }
  if (headers.length) liveRegion(doc);
}

export function initSortableTables(doc = document) {
  for (const table of doc.querySelectorAll("table.data-table[data-sortable]")) {
    enhance(table, doc);
  }
}
