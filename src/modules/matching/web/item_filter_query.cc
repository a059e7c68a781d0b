#include "modules/matching/web/item_filter_query.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

namespace samverkan::matching {
namespace {

// A whole number from `min` to `max`, or nullopt.
template <typename T>
std::optional<T> WholeNumber(const std::string& text, T min, T max) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Result<ItemFilter> ItemFilterFromQuery(const web::Params& query) {
  ItemFilter filter;
  std::vector<FieldError> errors;
  if (auto status = query.Get("status"); status && !status->empty()) {
    filter.status = ParseItemStatus(*status);
    if (!filter.status)
      errors.push_back({"status", N_("The status is draft, open or closed."), {}});
  }
  filter.county = query.GetOr("county", "");
  filter.actor = query.GetOr("actor", "");
  if (auto sdg = query.Get("sdg"); sdg && !sdg->empty()) {
    if (auto goal = WholeNumber(*sdg, 1, 17)) {
      filter.sdg = *goal;
    } else {
      errors.push_back({"sdg", N_("Choose a goal from 1 to 17."), {}});
    }
  }
  if (auto before = query.Get("before"); before && !before->empty()) {
    if (auto id = WholeNumber<int64_t>(*before, 1, INT64_MAX)) {
      filter.before = *id;
    } else {
      errors.push_back({"before", N_("Give the id of an item, a whole number."), {}});
    }
  }
  if (auto limit = query.Get("limit"); limit && !limit->empty()) {
    if (auto n = WholeNumber<size_t>(*limit, 1, kMaxListLimit)) {
      filter.limit = *n;
    } else {
      errors.push_back({"limit", N_("Give a whole number from 1 to 200."), {}});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return filter;
}

std::string ItemFilterQueryString(const ItemFilter& filter, int64_t before) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += web::PercentEncode(value);
  };
  if (filter.status) add("status", std::string(ItemStatusCode(*filter.status)));
  add("county", filter.county);
  if (filter.sdg != 0) add("sdg", std::to_string(filter.sdg));
  add("actor", filter.actor);
  if (filter.limit != kDefaultListLimit) add("limit", std::to_string(filter.limit));
  if (before != 0) add("before", std::to_string(before));
  return out;
}

}  // namespace samverkan::matching
