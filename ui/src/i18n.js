// The few strings the scripts themselves say, in the page's language (<html lang>).
// Everything else on a page comes translated from the server.

const STRINGS = {
  sv: {
    sortedAscending: "Tabellen är sorterad efter {column}, stigande.",
    sortedDescending: "Tabellen är sorterad efter {column}, fallande.",
  },
  en: {
    sortedAscending: "Table sorted by {column}, ascending.",
    sortedDescending: "Table sorted by {column}, descending.",
  },
};

export function pageLanguage(doc = document) {
  const lang = (doc.documentElement.getAttribute("lang") || "sv").toLowerCase();
  return lang.startsWith("en") ? "en" : "sv";
}

export function t(key, args = {}, doc = document) {
  const table = STRINGS[pageLanguage(doc)];
  const text = table[key] || STRINGS.sv[key] || key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in args ? String(args[name]) : match));
}
