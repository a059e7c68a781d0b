#include "modules/matching/eval/po_catalog.h"

namespace samverkan::matching {
namespace {

// The contents of a C-quoted string starting at `line`'s first quote.
std::string Unquote(std::string_view line) {
  size_t open = line.find('"');
  size_t close = line.rfind('"');
  if (open == std::string_view::npos || close <= open) return {};
  std::string out;
  for (size_t i = open + 1; i < close; ++i) {
    if (line[i] == '\\' && i + 1 < close) {
      char c = line[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += line[i];
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> ParsePo(std::string_view text) {
  std::map<std::string, std::string> catalog;
  std::string msgid, msgstr;
  std::string* current = nullptr;
  auto flush = [&] {
    if (!msgid.empty() && !msgstr.empty()) catalog[msgid] = msgstr;
    msgid.clear();
    msgstr.clear();
    current = nullptr;
  };
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.starts_with("msgid ")) {
      flush();
      msgid = Unquote(line);
      current = &msgid;
    } else if (line.starts_with("msgstr ")) {
      msgstr = Unquote(line);
      current = &msgstr;
    } else if (line.starts_with("\"") && current) {
      *current += Unquote(line);
    } else if (line.empty()) {
      flush();
    }
  }
  flush();
  return catalog;
}

Translate CatalogTranslate(const std::map<std::string, std::string>& catalog) {
  return [&catalog](Language lang, std::string_view msgid) -> std::string {
    if (lang == Language::kSwedish) {
      auto it = catalog.find(std::string(msgid));
      if (it != catalog.end()) return it->second;
    }
    return std::string(msgid);
  };
}

}  // namespace samverkan::matching
