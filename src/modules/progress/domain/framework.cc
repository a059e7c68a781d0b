#include "modules/progress/domain/framework.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace samverkan::progress {
namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Collects the match keys of one level and reports a key that points at two items.
class KeyCollector {
 public:
  KeyCollector(std::string level, std::vector<FieldError>& errors)
      : level_(std::move(level)), errors_(errors) {}

  void Add(std::string_view text, size_t index, const std::string& owner_code) {
    std::string key = NameMatchKey(text);
    if (key.empty()) return;
    auto [it, inserted] = owners_.emplace(key, std::make_pair(index, owner_code));
    if (!inserted && it->second.first != index) {
      errors_.push_back(
          {level_,
           N_("The name or code \"{{name}}\" is used by both {{first}} and {{second}}."),
           {{"name", std::string(text)}, {"first", it->second.second}, {"second", owner_code}}});
    }
  }

  template <typename KeyedIndex>
  std::vector<KeyedIndex> Sorted() const {
    std::vector<KeyedIndex> keys;
    keys.reserve(owners_.size());
    for (const auto& [key, owner] : owners_) keys.push_back({key, owner.first});
    return keys;  // std::map iterates in key order
  }

 private:
  std::string level_;
  std::vector<FieldError>& errors_;
  std::map<std::string, std::pair<size_t, std::string>> owners_;
};

// `message` names the level ("A component in {{parent}} has no code.") so it translates whole.
void CheckCode(const std::string& code, const char* level, const char* message,
               const std::string& parent, std::vector<FieldError>& errors) {
  if (code.empty()) errors.push_back({level, message, {{"parent", parent}}});
}

void CheckIndicator(const Indicator& indicator, std::vector<FieldError>& errors) {
  const std::map<std::string, std::string> who = {{"indicator", indicator.code}};
  if (!std::isfinite(indicator.utopia) || !std::isfinite(indicator.dystopia)) {
    errors.push_back({"indicator",
                      N_("Indicator {{indicator}} needs numeric utopia and dystopia values."),
                      who});
    return;
  }
  if (indicator.utopia == indicator.dystopia) {
    errors.push_back(
        {"indicator", N_("Indicator {{indicator}} has the same utopia and dystopia value."), who});
  } else {
    bool higher = indicator.utopia > indicator.dystopia;
    if (higher != (indicator.direction == Direction::kHigherIsBetter)) {
      errors.push_back(
          {"indicator",
           N_("Indicator {{indicator}}: the direction contradicts utopia and dystopia "
              "(higher is better needs utopia above dystopia, lower is better below)."),
           who});
    }
  }
  if (indicator.weight && !(std::isfinite(*indicator.weight) && *indicator.weight > 0)) {
    errors.push_back({"indicator",
                      N_("Indicator {{indicator}} has a weight that is not a positive number."),
                      who});
  }
}

}  // namespace

std::string NameMatchKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (unsigned char c : text) {
    if (c >= 0x80) {
      key += static_cast<char>(c);
    } else if (IsAsciiAlnum(c)) {
      key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (c == '&') {
      key += "and";
    }
  }
  return key;
}

Result<Framework> Framework::Create(std::string code, LocalizedText name,
                                    std::vector<Dimension> dimensions) {
  std::vector<FieldError> errors;
  if (code.empty()) errors.push_back({"code", N_("The framework needs a code."), {}});
  if (dimensions.empty())
    errors.push_back({"dimensions", N_("The framework has no dimensions."), {}});

  Framework f;
  KeyCollector dimension_keys("dimension", errors);
  KeyCollector component_keys("component", errors);
  KeyCollector indicator_keys("indicator", errors);
  for (size_t d = 0; d < dimensions.size(); ++d) {
    const Dimension& dimension = dimensions[d];
    CheckCode(dimension.code, "dimension", N_("A dimension of {{parent}} has no code."), code,
              errors);
    if (dimension.components.empty()) {
      errors.push_back({"dimension",
                        N_("Dimension {{dimension}} has no components."),
                        {{"dimension", dimension.code}}});
    }
    dimension_keys.Add(dimension.code, d, dimension.code);
    dimension_keys.Add(dimension.name.sv, d, dimension.code);
    dimension_keys.Add(dimension.name.en, d, dimension.code);
    for (const auto& alias : dimension.aliases) dimension_keys.Add(alias, d, dimension.code);

    Range components{f.component_slots_.size(), f.component_slots_.size()};
    for (size_t c = 0; c < dimension.components.size(); ++c) {
      const Component& component = dimension.components[c];
      size_t flat_c = f.component_slots_.size();
      CheckCode(component.code, "component", N_("A component of {{parent}} has no code."),
                dimension.code, errors);
      if (component.indicators.empty()) {
        errors.push_back({"component",
                          N_("Component {{component}} has no indicators."),
                          {{"component", component.code}}});
      }
      component_keys.Add(component.code, flat_c, component.code);
      component_keys.Add(component.name.sv, flat_c, component.code);
      component_keys.Add(component.name.en, flat_c, component.code);
      for (const auto& alias : component.aliases) component_keys.Add(alias, flat_c, component.code);

      Range indicators{f.indicator_slots_.size(), f.indicator_slots_.size()};
      for (size_t i = 0; i < component.indicators.size(); ++i) {
        const Indicator& indicator = component.indicators[i];
        size_t flat_i = f.indicator_slots_.size();
        CheckCode(indicator.code, "indicator", N_("An indicator of {{parent}} has no code."),
                  component.code, errors);
        CheckIndicator(indicator, errors);
        indicator_keys.Add(indicator.code, flat_i, indicator.code);
        indicator_keys.Add(indicator.name.sv, flat_i, indicator.code);
        indicator_keys.Add(indicator.name.en, flat_i, indicator.code);
        for (const auto& alias : indicator.aliases) {
          indicator_keys.Add(alias, flat_i, indicator.code);
        }
        f.indicator_slots_.push_back({d, c, i, flat_c});
      }
      indicators.end = f.indicator_slots_.size();
      f.component_slots_.push_back({d, c, indicators});
    }
    components.end = f.component_slots_.size();
    f.dimension_components_.push_back(components);
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  f.code_ = std::move(code);
  f.name_ = std::move(name);
  f.dimensions_ = std::move(dimensions);
  f.indicator_keys_ = indicator_keys.Sorted<KeyedIndex>();
  f.component_keys_ = component_keys.Sorted<KeyedIndex>();
  f.dimension_keys_ = dimension_keys.Sorted<KeyedIndex>();
  return f;
}

const Indicator& Framework::indicator(size_t i) const {
  const IndicatorSlot& slot = indicator_slots_[i];
  return dimensions_[slot.dimension]
      .components[slot.component_in_dimension]
      .indicators[slot.indicator_in_component];
}

const Component& Framework::component(size_t c) const {
  const ComponentSlot& slot = component_slots_[c];
  return dimensions_[slot.dimension].components[slot.component_in_dimension];
}

std::optional<size_t> Framework::Find(const std::vector<KeyedIndex>& keys, std::string_view text) {
  std::string key = NameMatchKey(text);
  if (key.empty()) return std::nullopt;
  auto it = std::lower_bound(keys.begin(), keys.end(), key,
                             [](const KeyedIndex& k, const std::string& v) { return k.key < v; });
  if (it == keys.end() || it->key != key) return std::nullopt;
  return it->index;
}

std::optional<size_t> Framework::FindIndicator(std::string_view code_or_name) const {
  return Find(indicator_keys_, code_or_name);
}
std::optional<size_t> Framework::FindComponent(std::string_view code_or_name) const {
  return Find(component_keys_, code_or_name);
}
std::optional<size_t> Framework::FindDimension(std::string_view code_or_name) const {
  return Find(dimension_keys_, code_or_name);
}

}  // namespace samverkan::progress
