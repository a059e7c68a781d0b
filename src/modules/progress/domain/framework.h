// A Social Progress Index framework: dimensions made of components made of indicators, each
// indicator with the utopia and dystopia that bound its 0-100 scale.
//
// The shape follows the Social Progress Index (Social Progress Imperative, Porter & Stern)
// and the EU Regional SPI (Annoni, Dijkstra & Hellman 2016; Annoni & Bolsi 2020): three
// dimensions, four components each in those frameworks, but any positive number here.
//
// A Framework is immutable once created and safe to read from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::progress {

enum class Direction {
  kHigherIsBetter,  // e.g. life expectancy: utopia > dystopia
  kLowerIsBetter,   // e.g. infant mortality: utopia < dystopia
};

struct Indicator {
  std::string code;  // unique in the framework, e.g. "infant_mortality"
  LocalizedText name;
  std::string unit;    // free text, e.g. "deaths per 1 000 live births"; may be empty
  std::string source;  // free text, e.g. "Eurostat demo_r_minfind"; may be empty
  Direction direction = Direction::kHigherIsBetter;
  double utopia = 100;           // the best value worth reaching; scores 100
  double dystopia = 0;           // the worst value seen or plausible; scores 0
  std::optional<double> weight;  // relative weight inside its component; none means 1
  // Other names under which data files may carry this indicator (e.g. the EU-SPI raw-data
  // column name). Matched like names: case, spaces and punctuation do not count.
  std::vector<std::string> aliases;

  double EffectiveWeight() const { return weight.value_or(1.0); }
};

struct Component {
  std::string code;
  LocalizedText name;
  std::vector<Indicator> indicators;
  std::vector<std::string> aliases;
};

struct Dimension {
  std::string code;
  LocalizedText name;
  std::vector<Component> components;
  std::vector<std::string> aliases;
};

// The key under which names, codes and aliases are matched against column headers: ASCII
// letters lower-cased, '&' read as "and", other ASCII punctuation and spaces dropped, non-ASCII
// bytes kept. "Nutrition & basic medical care" and "Nutrition and Basic Medical Care" match.
std::string NameMatchKey(std::string_view text);

// A validated framework. Besides the nested dimensions it offers flat, depth-first views:
// indicator i and component c are numbered in the order they appear, so the indicators of a
// component (and the components of a dimension) are a contiguous range. Datasets and scores
// are laid out in these flat orders.
class Framework {
 public:
  struct Range {
    size_t begin = 0;
    size_t end = 0;
    size_t size() const { return end - begin; }
  };

  // Checks the definition and returns InvalidArgument with one FieldError per problem:
  // empty or duplicate codes, a level without children, utopia equal to dystopia, a direction
  // that contradicts the order of utopia and dystopia, a weight that is not positive and
  // finite, or a name, code or alias that matches two different items of one level.
  static Result<Framework> Create(std::string code, LocalizedText name,
                                  std::vector<Dimension> dimensions);

  const std::string& code() const { return code_; }
  const LocalizedText& name() const { return name_; }
  const std::vector<Dimension>& dimensions() const { return dimensions_; }

  size_t indicator_count() const { return indicator_slots_.size(); }
  size_t component_count() const { return component_slots_.size(); }
  size_t dimension_count() const { return dimensions_.size(); }

  const Indicator& indicator(size_t i) const;
  const Component& component(size_t c) const;
  const Dimension& dimension(size_t d) const { return dimensions_[d]; }

  // Flat component number of indicator i; flat dimension number of component c.
  size_t ComponentOfIndicator(size_t i) const { return indicator_slots_[i].component; }
  size_t DimensionOfComponent(size_t c) const { return component_slots_[c].dimension; }
  Range IndicatorsOfComponent(size_t c) const { return component_slots_[c].indicators; }
  Range ComponentsOfDimension(size_t d) const { return dimension_components_[d]; }

  // Lookup by code, name (either language) or alias, compared with NameMatchKey.
  std::optional<size_t> FindIndicator(std::string_view code_or_name) const;
  std::optional<size_t> FindComponent(std::string_view code_or_name) const;
  std::optional<size_t> FindDimension(std::string_view code_or_name) const;

 private:
  struct IndicatorSlot {
    size_t dimension;
    size_t component_in_dimension;
    size_t indicator_in_component;
    size_t component;  // flat
  };
  struct ComponentSlot {
    size_t dimension;
    size_t component_in_dimension;
    Range indicators;
  };
  struct KeyedIndex {
    std::string key;
    size_t index;
  };

  static std::optional<size_t> Find(const std::vector<KeyedIndex>& keys, std::string_view text);

  std::string code_;
  LocalizedText name_;
  std::vector<Dimension> dimensions_;
  std::vector<IndicatorSlot> indicator_slots_;
  std::vector<ComponentSlot> component_slots_;
  std::vector<Range> dimension_components_;
  // Sorted by key for binary search.
  std::vector<KeyedIndex> indicator_keys_;
  std::vector<KeyedIndex> component_keys_;
  std::vector<KeyedIndex> dimension_keys_;
};

}  // namespace samverkan::progress
