// JSON for a <script type="application/json"> data block (the data of a chart, read by the
// page's script): <, > and & are written as \u003c, \u003e and \u0026, so that no text in the
// data can close the element ("</script>") or start markup. One function for every page with
// such a block.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace samverkan::web {

std::string ScriptJson(const nlohmann::json& value);

}  // namespace samverkan::web
