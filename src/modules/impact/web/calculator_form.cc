#include "modules/impact/web/calculator_form.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "modules/impact/web/number_text.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

// "outcomes[12].deadweight" -> ("outcomes", 12, "deadweight"); nullopt for anything else.
struct RowPath {
  std::string list;
  int index = -1;
  std::string field;
};

std::optional<RowPath> SplitRowPath(std::string_view path) {
  const size_t open = path.find('[');
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  const size_t close = path.find(']', open);
  if (close == std::string_view::npos || close == open + 1) return std::nullopt;
  int index = 0;
  const auto [end, ec] = std::from_chars(path.data() + open + 1, path.data() + close, index);
  if (ec != std::errc() || end != path.data() + close || index < 0) return std::nullopt;
  RowPath row{std::string(path.substr(0, open)), index, ""};
  if (close + 1 < path.size()) {
    if (path[close + 1] != '.') return std::nullopt;
    row.field = std::string(path.substr(close + 2));
  }
  return row;
}

int PositionIn(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? static_cast<int>(names.size()) : static_cast<int>(it - names.begin());
}

}  // namespace

std::vector<std::map<std::string, std::string>> ReadRows(
    const web::Params& params, std::string_view list, const std::vector<std::string>& text_fields,
    const std::vector<std::string>& choice_fields) {
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::map<int, std::map<std::string, std::string>> rows;
  for (const auto& [name, value] : params.items()) {
    const std::optional<RowPath> path = SplitRowPath(name);
    if (!path || path->list != list || path->index >= kMaxFormRows) continue;
    if (!listed(text_fields, path->field) && !listed(choice_fields, path->field)) continue;
    rows[path->index].emplace(path->field, value);  // the first value of a repeated name
  }
  std::vector<std::map<std::string, std::string>> out;
  for (auto& [index, row] : rows) {
    const bool blank = std::all_of(row.begin(), row.end(), [&](const auto& field) {
      return !listed(text_fields, field.first) || IsBlank(field.second);
    });
    if (!blank) out.push_back(std::move(row));
  }
  return out;
}

std::string FieldId(std::string_view path) {
  std::string id = "field-";
  bool separator = false;
  for (char c : path) {
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (plain) {
      if (separator && id.back() != '-') id += '-';
      separator = false;
      id += c;
    } else {
      separator = true;
    }
  }
  return id;
}

FormView::FormView(const web::Translator& tr, Language lang, const Error* error)
    : tr_(tr), lang_(lang), error_(error) {
  if (!error) return;
  for (const FieldError& field : error->fields()) {
    messages_.emplace(field.field, tr.FieldMessage(lang, field));
  }
}

json FormView::Field(const FieldSpec& spec, const std::string& path, const std::string& value,
                     const std::vector<FieldOption>& options) {
  shown_.insert(path);
  const std::string id = FieldId(path);
  const auto message = messages_.find(path);
  const bool invalid = message != messages_.end();
  const std::string hint_id = "hint-" + id.substr(6);
  const std::string error_id = "error-" + id.substr(6);
  const Guide& guide = GuideFor(spec.guide);
  json option_views = json::array();
  for (size_t i = 0; i < options.size(); ++i) {
    option_views.push_back({{"id", i == 0 ? id : id + "-" + options[i].value},
                            {"value", options[i].value},
                            {"label", options[i].label},
                            {"selected", options[i].value == value}});
  }
  // Every key is set, so that a missing one never falls back to an enclosing context.
  return json{
      {"id", id},
      {"name", path},
      {"label", tr_.Tr(lang_, spec.label)},
      {"hint", tr_.Tr(lang_, spec.hint)},
      {"hint_id", hint_id},
      {"guide_href", GuideHref(spec.guide, spec.guide_section)},
      {"guide_text", tr_.Tr(lang_, "Guide: {{title}}", {{"title", tr_.Tr(lang_, guide.title)}})},
      {"error", invalid ? json(message->second) : json(false)},
      {"error_id", error_id},
      {"invalid", invalid},
      {"describedby", invalid ? hint_id + " " + error_id : hint_id},
      {"value", value},
      {"inputmode", *spec.inputmode ? json(spec.inputmode) : json(false)},
      {"is_text", spec.control == Control::kText},
      {"is_select", spec.control == Control::kSelect},
      {"is_radio", spec.control == Control::kRadio},
      {"options", std::move(option_views)}};
}

std::string FormView::SectionError(const std::string& path) {
  shown_.insert(path);
  const auto message = messages_.find(path);
  return message == messages_.end() ? "" : message->second;
}

json FormView::Summary(const std::string& fallback_id) const {
  json errors = json::array();
  if (error_ && error_->fields().empty()) {
    errors.push_back({{"href", "#" + fallback_id}, {"detail", tr_.Message(lang_, *error_)}});
  }
  if (error_) {
    for (const FieldError& field : error_->fields()) {
      const std::string target = shown_.count(field.field) ? FieldId(field.field) : fallback_id;
      errors.push_back({{"href", "#" + target}, {"detail", tr_.FieldMessage(lang_, field)}});
    }
  }
  return json{{"has_errors", !errors.empty()}, {"errors", std::move(errors)}};
}

std::vector<FieldError> InFormOrder(std::vector<FieldError> errors,
                                    const std::vector<std::string>& top,
                                    const std::vector<std::string>& lists,
                                    const std::vector<std::string>& row_fields) {
  // (group, row, field): group is the position among the top fields, then among the lists.
  auto key = [&](const FieldError& error) {
    const int top_position = PositionIn(top, error.field);
    if (top_position < static_cast<int>(top.size())) return std::tuple(top_position, -1, -1);
    const int base = static_cast<int>(top.size());
    const int list_position = PositionIn(lists, error.field);
    if (list_position < static_cast<int>(lists.size())) {
      return std::tuple(base + list_position, -1, -1);
    }
    if (const std::optional<RowPath> row = SplitRowPath(error.field)) {
      const int position = PositionIn(lists, row->list);
      if (position < static_cast<int>(lists.size())) {
        return std::tuple(base + position, row->index, PositionIn(row_fields, row->field));
      }
    }
    return std::tuple(base + static_cast<int>(lists.size()), -1, -1);
  };
  std::stable_sort(errors.begin(), errors.end(),
                   [&](const FieldError& a, const FieldError& b) { return key(a) < key(b); });
  return errors;
}

}  // namespace samverkan::impact
