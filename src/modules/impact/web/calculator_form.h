// What the two calculator forms (SROI and socio-economic accounts) share: reading rows of
// fields named by their JSON paths ("outcomes[2].deadweight"), the view of one field with its
// label, hint, guide link and error, and the error summary.
//
// Field names are the JSON paths of the calculators' formats, so the per-field errors of the
// domain (which name JSON paths) land on the field they concern without translation.
//
// Pure and thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/impact/web/guides.h"
#include "web/i18n.h"
#include "web/request.h"

namespace samverkan::impact {

// The most rows a posted form may have per list; higher indices are ignored, so that a
// forged "outcomes[999999999].quantity" cannot make the server allocate rows.
inline constexpr int kMaxFormRows = 200;

// Rows a list shows at least, and the empty rows added below the filled ones.
inline constexpr int kEmptyRowsBelow = 2;

// The values of the rows of list `list` ("inputs"), by index, each a map from field name to
// the text posted, in index order. Only the fields in `text_fields` and `choice_fields` are
// read. Rows whose text fields are all blank are dropped: a choice (a select, which always
// posts a value) does not make a row filled in.
std::vector<std::map<std::string, std::string>> ReadRows(
    const web::Params& params, std::string_view list, const std::vector<std::string>& text_fields,
    const std::vector<std::string>& choice_fields = {});

// "field-outcomes-2-deadweight" for "outcomes[2].deadweight": an HTML id and fragment.
std::string FieldId(std::string_view path);

enum class Control { kText, kSelect, kRadio };

// How one field is shown; the texts are English msgids.
struct FieldSpec {
  const char* name;  // within its row: "deadweight"; at the top level the whole path
  const char* label;
  const char* hint;
  GuideTopic guide;
  const char* guide_section = "";  // an id in the guide, or ""
  Control control = Control::kText;
  const char* inputmode = "";  // "decimal", "numeric" or "" for text
};

struct FieldOption {
  std::string value;
  std::string label;  // translated
};

// Collects the translated field errors of a failed attempt, the ids of the fields shown, and
// builds the field views and the error summary from them.
class FormView {
 public:
  FormView(const web::Translator& tr, Language lang, const Error* error);

  // The view of one field named `path` showing `value`.
  nlohmann::json Field(const FieldSpec& spec, const std::string& path, const std::string& value,
                       const std::vector<FieldOption>& options = {});

  // The error of a whole list or section ("inputs"), or "" when it has none; the section
  // carrying FieldId(path) becomes the target of its link in the summary.
  std::string SectionError(const std::string& path);

  // {"has_errors": …, "errors": [{"href", "detail"}]}: every error, in the order given, each
  // linking to its field or section, or to `fallback_id` when it has neither on the page.
  nlohmann::json Summary(const std::string& fallback_id) const;

 private:
  const web::Translator& tr_;
  Language lang_;
  const Error* error_;
  std::map<std::string, std::string> messages_;  // path -> first message, translated
  std::set<std::string> shown_;                  // paths with an element on the page
};

// Orders field errors as the fields appear in a form: first the fields named in `top` in that
// order, then the lists in `lists` order, row by row, a list's own error before its rows,
// fields in `row_fields` order. Anything unknown comes last, in the order given.
std::vector<FieldError> InFormOrder(std::vector<FieldError> errors,
                                    const std::vector<std::string>& top,
                                    const std::vector<std::string>& lists,
                                    const std::vector<std::string>& row_fields);

}  // namespace samverkan::impact
