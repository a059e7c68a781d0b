#include "modules/ecosystem/web/ecosystem_pages.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace samverkan::ecosystem {
namespace {

using nlohmann::json;

constexpr std::string_view kWholeCountry = "SE";

// How a sector looks on the map and in the legend. Shape and colour both differ, so that
// colour is never the only cue (WCAG 1.4.1); every colour has at least 3:1 against white
// (WCAG 1.4.11). The shapes are Cytoscape.js node shapes.
struct NodeStyle {
  const char* colour;
  const char* shape;
};
constexpr NodeStyle kHubStyle{"#1d2327", "star"};  // 15.9:1
NodeStyle SectorStyle(const std::string& sector) {
  if (sector == "public") return {"#0b5394", "rectangle"};         // 7.8:1
  if (sector == "business") return {"#c2410c", "diamond"};         // 5.2:1
  if (sector == "civil_society") return {"#0b5e4f", "ellipse"};    // 7.7:1
  if (sector == "academia") return {"#5b2a86", "triangle"};        // 9.9:1
  return {"#4a5560", "hexagon"};                                   // 7.6:1
}

// How a kind of relation looks: line pattern and colour by the kind's place in the list, so
// that kinds added later by other modules get a look of their own.
struct EdgeStyle {
  const char* line;      // Cytoscape.js line-style
  const char* colour;
  const char* dasharray;  // the same pattern in the SVG legend
};
EdgeStyle KindStyle(size_t index) {
  static constexpr EdgeStyle kStyles[] = {{"solid", "#1d2327", ""},
                                          {"dashed", "#4a5560", "6 3"},
                                          {"dotted", "#0b5394", "2 3"},
                                          {"dashed", "#c2410c", "6 3"}};
  return kStyles[index % std::size(kStyles)];
}

// SVG for a legend swatch of 20×20 (the shape of a node).
json Swatch(const NodeStyle& style) {
  std::string shape = style.shape;
  json out = {{"colour", style.colour}, {"circle", shape == "ellipse"}};
  if (shape == "rectangle") out["points"] = "3,3 17,3 17,17 3,17";
  if (shape == "diamond") out["points"] = "10,1 19,10 10,19 1,10";
  if (shape == "triangle") out["points"] = "10,2 19,18 1,18";
  if (shape == "hexagon") out["points"] = "5,2 15,2 19,10 15,18 5,18 1,10";
  if (shape == "star") out["points"] = "10,1 12.4,7.3 19,7.3 13.7,11.3 15.6,18 10,14 4.4,18 6.3,11.3 1,7.3 7.6,7.3";
  return out;
}

std::string Trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// A text with the `lang` attribute it needs when shown in the other language.
json ShownText(const LocalizedText& text, Language lang) {
  Language shown = text.ShownLanguage(lang);
  return {{"text", text.In(lang)},
          {"lang", shown != lang ? json(LanguageCode(shown)) : json(false)}};
}

std::string SectorLabel(const std::string& code, const ReferenceData& ref, Language lang) {
  const CodeName* sector = ref.FindSector(code);
  return sector ? sector->name.In(lang) : code;
}

std::string RegionLabel(const std::string& code, const ReferenceData& ref,
                        const web::Translator& tr, Language lang) {
  if (code == kWholeCountry) return tr.Tr(lang, N_("Whole of Sweden"));
  const County* county = ref.FindCounty(code);
  return county ? county->name : code;
}

std::string NodeId(const NodeRef& node) {
  return node.is_hub() ? "hub:" + node.hub : "actor:" + std::to_string(node.actor);
}

std::string ActorHref(int64_t id) { return "/aktorer/" + std::to_string(id); }

// `value` as JSON for a <script type="application/json"> data block: <, > and & escaped so
// that no "</script>" can end the block early.
std::string ScriptJson(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

// The query string (without '?') that selects `filter` again, with more parameters after it.
std::string FilterQuery(const MapFilter& f) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += "&";
    out += std::string(name) + "=" + web::PercentEncode(value);
  };
  add("sector", f.sector);
  add("county", f.county);
  add("sdg", f.sdg ? std::to_string(*f.sdg) : "");
  return out;
}

struct Names {
  std::unordered_map<int64_t, const MapActor*> actors;
  std::unordered_map<std::string, const RelationHub*> hubs;
  std::unordered_map<std::string, const RelationKind*> kinds;
};

std::string KindLabel(const Names& names, const std::string& key, const web::Translator& tr,
                      Language lang) {
  auto it = names.kinds.find(key);
  return it == names.kinds.end() ? key : tr.Tr(lang, it->second->label);
}

}  // namespace

Result<MapFilter> FilterFromParams(const web::Params& params) {
  MapFilter f;
  f.sector = Trimmed(params.GetOr("sector", ""));
  f.county = Trimmed(params.GetOr("county", ""));
  if (std::string sdg = Trimmed(params.GetOr("sdg", "")); !sdg.empty()) {
    int goal = 0;
    auto [ptr, ec] = std::from_chars(sdg.data(), sdg.data() + sdg.size(), goal);
    if (ec != std::errc() || ptr != sdg.data() + sdg.size()) {
      return Error::InvalidField("sdg", N_("Must be a whole number from {{min}} to {{max}}."),
                                 {{"min", "1"}, {"max", "17"}});
    }
    f.sdg = goal;
  }
  return f;
}

Result<size_t> TablePageFromParams(const web::Params& params) {
  std::string text = Trimmed(params.GetOr("page", ""));
  if (text.empty()) return size_t{1};
  size_t page = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (ec != std::errc() || ptr != text.data() + text.size() || page < 1) {
    return Error::InvalidField("page", N_("The page must be a whole number from 1."));
  }
  return page;
}

json GraphJson(const EcosystemGraph& graph, const MapFilter& filter, const ReferenceData& ref,
               const web::Translator& tr, Language lang) {
  json nodes = json::array();
  for (const MapActor& a : graph.actors) {
    json regions = json::array();
    for (const std::string& r : a.regions) regions.push_back(r);
    nodes.push_back({{"id", NodeId(NodeRef{.actor = a.id})},
                     {"type", "actor"},
                     {"actor_id", a.id},
                     {"external_id", a.external_id.empty() ? json(nullptr) : json(a.external_id)},
                     {"name", a.name.In(lang)},
                     {"sector", a.sector},
                     {"regions", regions},
                     {"sdgs", a.sdgs},
                     {"social_enterprise", a.social_enterprise},
                     {"href", ActorHref(a.id)}});
  }
  for (const RelationHub& h : graph.hubs) {
    nodes.push_back({{"id", NodeId(NodeRef{.hub = h.key})},
                     {"type", "hub"},
                     {"hub", h.key},
                     {"name", h.name.In(lang)}});
  }
  json edges = json::array();
  for (const MapEdge& e : graph.edges) {
    edges.push_back({{"source", NodeId(e.a)}, {"target", NodeId(e.b)}, {"kind", e.kind}});
  }
  json kinds = json::array();
  for (const RelationKind& k : graph.kinds) {
    auto count = graph.edges_by_kind.find(k.key);
    kinds.push_back({{"key", k.key},
                     {"label", tr.Tr(lang, k.label)},
                     {"needs_both_sides", k.needs_both_sides},
                     {"edges", count == graph.edges_by_kind.end() ? 0 : count->second}});
  }
  json unconfirmed = json::array();
  for (const auto& [actor, links] : graph.links) {
    for (const ActorLink& l : links) {
      if (l.confirmed) continue;
      unconfirmed.push_back({{"source", NodeId(NodeRef{.actor = actor})},
                             {"target", NodeId(l.other)},
                             {"kind", l.kind}});
    }
  }
  (void)ref;
  return {{"filters",
           {{"sector", filter.sector.empty() ? json(nullptr) : json(filter.sector)},
            {"county", filter.county.empty() ? json(nullptr) : json(filter.county)},
            {"sdg", filter.sdg ? json(*filter.sdg) : json(nullptr)}}},
          {"counts",
           {{"actors", graph.actors.size()},
            {"total_actors", graph.total_actors},
            {"hubs", graph.hubs.size()},
            {"edges", graph.edges.size()},
            {"unconfirmed", graph.unconfirmed}}},
          {"map_limit", kMaxMapActors},
          {"too_many_to_draw", graph.actors.size() > kMaxMapActors},
          {"kinds", kinds},
          {"nodes", nodes},
          {"edges", edges},
          {"unconfirmed", unconfirmed}};
}

json GraphSchema() {
  json nullable_string = {{"type", {"string", "null"}}};
  json node = {
      {"type", "object"},
      {"required", {"id", "type", "name"}},
      {"properties",
       {{"id", {{"type", "string"}, {"description", "actor:<id> or hub:<key>"}}},
        {"type", {{"type", "string"}, {"enum", {"actor", "hub"}}}},
        {"actor_id", {{"type", "integer"}}},
        {"external_id", nullable_string},
        {"hub", {{"type", "string"}, {"description", "The hub's key, e.g. alliance"}}},
        {"name", {{"type", "string"}}},
        {"sector", {{"type", "string"}}},
        {"regions", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"sdgs", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
        {"social_enterprise", {{"type", "boolean"}}},
        {"href", {{"type", "string"}}}}}};
  json edge = {{"type", "object"},
               {"required", {"source", "target", "kind"}},
               {"properties",
                {{"source", {{"type", "string"}}},
                 {"target", {{"type", "string"}}},
                 {"kind", {{"type", "string"}}}}}};
  json kind = {{"type", "object"},
               {"required", {"key", "label", "needs_both_sides", "edges"}},
               {"properties",
                {{"key", {{"type", "string"}}},
                 {"label", {{"type", "string"}}},
                 {"needs_both_sides",
                  {{"type", "boolean"},
                   {"description", "An edge only when both actors name each other"}}},
                 {"edges", {{"type", "integer"}}}}}};
  return {
      {"type", "object"},
      {"required",
       {"filters", "counts", "map_limit", "too_many_to_draw", "kinds", "nodes", "edges",
        "unconfirmed"}},
      {"properties",
       {{"filters",
         {{"type", "object"},
          {"properties",
           {{"sector", nullable_string},
            {"county", nullable_string},
            {"sdg", {{"type", {"integer", "null"}}}}}}}},
        {"counts",
         {{"type", "object"},
          {"properties",
           {{"actors", {{"type", "integer"}}},
            {"total_actors", {{"type", "integer"}}},
            {"hubs", {{"type", "integer"}}},
            {"edges", {{"type", "integer"}}},
            {"unconfirmed", {{"type", "integer"}}}}}}},
        {"map_limit",
         {{"type", "integer"}, {"description", "The page draws the map up to this many actors"}}},
        {"too_many_to_draw", {{"type", "boolean"}}},
        {"kinds", {{"type", "array"}, {"items", kind}}},
        {"nodes", {{"type", "array"}, {"items", node}}},
        {"edges", {{"type", "array"}, {"items", edge}}},
        {"unconfirmed",
         {{"type", "array"},
          {"description", "Claims made by one side only (source names target); not edges"},
          {"items", edge}}}}}};
}

web::PageView MapPage(const web::Request& req, const web::Translator& tr,
                      const ReferenceData& ref, const EcosystemGraph& graph,
                      const MapFilter& filter, size_t table_page) {
  const Language lang = req.lang;
  Names names;
  for (const MapActor& a : graph.actors) names.actors[a.id] = &a;
  for (const RelationHub& h : graph.hubs) names.hubs[h.key] = &h;
  for (const RelationKind& k : graph.kinds) names.kinds[k.key] = &k;
  auto other_name = [&](const NodeRef& node) -> std::string {
    if (node.is_hub()) {
      auto it = names.hubs.find(node.hub);
      return it == names.hubs.end() ? node.hub : it->second->name.In(lang);
    }
    if (auto it = names.actors.find(node.actor); it != names.actors.end()) {
      return it->second->name.In(lang);
    }
    auto outside = graph.outside_names.find(node.actor);
    return outside == graph.outside_names.end() ? "" : outside->second.In(lang);
  };

  // --- The filter form ---
  json sectors = json::array({{{"value", ""}, {"label", tr.Tr(lang, N_("All sectors"))},
                               {"selected", filter.sector.empty()}}});
  for (const CodeName& s : ref.sectors()) {
    sectors.push_back(
        {{"value", s.code}, {"label", s.name.In(lang)}, {"selected", s.code == filter.sector}});
  }
  json counties = json::array({{{"value", ""}, {"label", tr.Tr(lang, N_("All counties"))},
                                {"selected", filter.county.empty()}}});
  counties.push_back({{"value", std::string(kWholeCountry)},
                      {"label", tr.Tr(lang, N_("Whole of Sweden"))},
                      {"selected", filter.county == kWholeCountry}});
  for (const County& c : ref.counties()) {
    counties.push_back({{"value", c.code}, {"label", c.name}, {"selected", c.code == filter.county}});
  }
  json sdgs = json::array({{{"value", ""}, {"label", tr.Tr(lang, N_("All goals"))},
                            {"selected", !filter.sdg}}});
  for (const Sdg& g : ref.sdgs()) {
    sdgs.push_back({{"value", std::to_string(g.goal)},
                    {"label", std::to_string(g.goal) + ". " + g.name.In(lang)},
                    {"selected", filter.sdg == g.goal}});
  }

  // --- Legend and description ---
  json sector_legend = json::array();
  for (const CodeName& s : ref.sectors()) {
    json item = Swatch(SectorStyle(s.code));
    item["label"] = s.name.In(lang);
    sector_legend.push_back(item);
  }
  json hub_swatch = Swatch(kHubStyle);
  hub_swatch["label"] = tr.Tr(lang, N_("Hub: the alliance or a coalition"));
  sector_legend.push_back(hub_swatch);
  json kind_legend = json::array();
  json kind_styles = json::object();
  std::string per_kind;
  for (size_t i = 0; i < graph.kinds.size(); ++i) {
    const RelationKind& k = graph.kinds[i];
    const EdgeStyle style = KindStyle(i);
    const std::string label = tr.Tr(lang, k.label);
    auto count = graph.edges_by_kind.find(k.key);
    const size_t edges = count == graph.edges_by_kind.end() ? 0 : count->second;
    kind_legend.push_back({{"label", label},
                           {"colour", style.colour},
                           {"dasharray", style.dasharray},
                           {"has_dash", *style.dasharray != '\0'},
                           {"count", edges}});
    kind_styles[k.key] = {{"line", style.line}, {"colour", style.colour}, {"label", label}};
    if (!per_kind.empty()) per_kind += "; ";
    per_kind += label + ": " + std::to_string(edges);
  }

  const bool drawable = !graph.actors.empty() && graph.actors.size() <= kMaxMapActors;
  std::string caption = tr.Tr(
      lang,
      N_("Actors on the map: {{actors}}. Hubs: {{hubs}}. Relations between them: {{edges}} "
         "({{per_kind}}). Shape and colour show the sector, as the legend says. The table "
         "below lists the same actors with their relations."),
      {{"actors", std::to_string(graph.actors.size())},
       {"hubs", std::to_string(graph.hubs.size())},
       {"edges", std::to_string(graph.edges.size())},
       {"per_kind", per_kind}});

  // --- The data block the script draws from ---
  json map_data;
  if (drawable) {
    std::unordered_map<int64_t, size_t> degree;
    std::unordered_map<std::string, size_t> hub_degree;
    for (const MapEdge& e : graph.edges) {
      ++degree[e.a.actor];
      if (e.b.is_hub()) {
        ++hub_degree[e.b.hub];
      } else {
        ++degree[e.b.actor];
      }
    }
    json nodes = json::array();
    for (const MapActor& a : graph.actors) {
      const NodeStyle style = SectorStyle(a.sector);
      const size_t d = degree[a.id];
      nodes.push_back(
          {{"id", NodeId(NodeRef{.actor = a.id})},
           {"label", a.name.In(lang)},
           {"colour", style.colour},
           {"shape", style.shape},
           {"href", ActorHref(a.id)},
           {"description",
            tr.Tr(lang, N_("{{name}} ({{sector}}). Relations on the map: {{count}}."),
                  {{"name", a.name.In(lang)},
                   {"sector", SectorLabel(a.sector, ref, lang)},
                   {"count", std::to_string(d)}})}});
    }
    for (const RelationHub& h : graph.hubs) {
      nodes.push_back(
          {{"id", NodeId(NodeRef{.hub = h.key})},
           {"label", h.name.In(lang)},
           {"colour", kHubStyle.colour},
           {"shape", kHubStyle.shape},
           {"hub", true},
           {"description",
            tr.Tr(lang, N_("{{name}} (hub). Relations on the map: {{count}}."),
                  {{"name", h.name.In(lang)}, {"count", std::to_string(hub_degree[h.key])}})}});
    }
    json edges = json::array();
    for (const MapEdge& e : graph.edges) {
      edges.push_back({{"source", NodeId(e.a)}, {"target", NodeId(e.b)}, {"kind", e.kind}});
    }
    map_data = {{"nodes", nodes}, {"edges", edges}, {"kinds", kind_styles}};
  }

  // --- The table, one page ---
  const size_t pages =
      std::max<size_t>(1, (graph.actors.size() + kTableRowsPerPage - 1) / kTableRowsPerPage);
  const size_t page = std::min(table_page, pages);
  const size_t begin = (page - 1) * kTableRowsPerPage;
  const size_t end = std::min(graph.actors.size(), begin + kTableRowsPerPage);
  json rows = json::array();
  for (size_t i = begin; i < end; ++i) {
    const MapActor& a = graph.actors[i];
    json regions = json::array();
    for (const std::string& r : a.regions) regions.push_back(RegionLabel(r, ref, tr, lang));
    std::string region_text;
    for (const auto& r : regions) {
      if (!region_text.empty()) region_text += ", ";
      region_text += r.get<std::string>();
    }
    json links = json::array();
    if (auto it = graph.links.find(a.id); it != graph.links.end()) {
      for (const ActorLink& l : it->second) {
        json link = {{"kind", KindLabel(names, l.kind, tr, lang)},
                     {"name", other_name(l.other)},
                     {"confirmed", l.confirmed},
                     {"outside", !l.in_selection}};
        // Explicitly false for a hub: Mustache would otherwise find the row's own href.
        link["href"] = l.other.is_hub() ? json(false) : json(ActorHref(l.other.actor));
        links.push_back(link);
      }
    }
    rows.push_back({{"node_id", NodeId(NodeRef{.actor = a.id})},
                    {"name", ShownText(a.name, lang)},
                    {"href", ActorHref(a.id)},
                    {"sector", SectorLabel(a.sector, ref, lang)},
                    {"regions", region_text},
                    {"links", links},
                    {"has_links", !links.empty()}});
  }
  const std::string query = FilterQuery(filter);
  auto page_href = [&](size_t p) {
    std::string q = query;
    if (p > 1) q += (q.empty() ? "" : "&") + std::string("page=") + std::to_string(p);
    return "/ekosystem" + (q.empty() ? "" : "?" + q) + "#table-heading";
  };

  json data = {
      {"sectors", sectors},
      {"counties", counties},
      {"sdgs", sdgs},
      {"filtered", !filter.empty()},
      {"summary",
       tr.Tr(lang, N_("Actors matching the filter: {{actors}} of {{total}}."),
             {{"actors", std::to_string(graph.actors.size())},
              {"total", std::to_string(graph.total_actors)}})},
      {"has_actors", !graph.actors.empty()},
      {"drawable", drawable},
      {"too_many", graph.actors.size() > kMaxMapActors},
      {"too_many_text",
       tr.Tr(lang,
             N_("The filter selects {{actors}} actors; the map is drawn for at most {{max}}, "
                "because more cannot be told apart. Choose a sector, county or goal to see the "
                "map. The table lists every actor."),
             {{"actors", std::to_string(graph.actors.size())},
              {"max", std::to_string(kMaxMapActors)}})},
      {"caption", caption},
      {"map_label", tr.Tr(lang, N_("Ecosystem map. Actors: {{actors}}. Relations: {{edges}}."),
                          {{"actors", std::to_string(graph.actors.size())},
                           {"edges", std::to_string(graph.edges.size())}})},
      {"map_json", drawable ? ScriptJson(map_data) : ""},
      {"sector_legend", sector_legend},
      {"kind_legend", kind_legend},
      {"has_unconfirmed", graph.unconfirmed > 0},
      {"unconfirmed_text",
       tr.Tr(lang,
             N_("Partnerships named by one side only: {{count}}. They are not drawn; the "
                "table marks them as unconfirmed."),
             {{"count", std::to_string(graph.unconfirmed)}})},
      {"rows", rows},
      {"table_caption",
       pages > 1 ? tr.Tr(lang, N_("Actors and their relations, page {{page}} of {{pages}}"),
                         {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}})
                 : tr.Tr(lang, N_("Actors and their relations"))},
      {"has_pages", pages > 1},
      {"prev_href", page > 1 ? json(page_href(page - 1)) : json(false)},
      {"next_href", page < pages ? json(page_href(page + 1)) : json(false)},
      {"api_href", "/api/v1/ecosystem/graph" + (query.empty() ? "" : "?" + query)}};
  return {.template_name = "ecosystem/map",
          .title = tr.Tr(lang, N_("Ecosystem map")),
          .data = std::move(data),
          .description = tr.Tr(lang, N_("Who works with whom in the ecosystem: partnerships "
                                        "and alliance membership as a map and a table"))};
}

}  // namespace samverkan::ecosystem
