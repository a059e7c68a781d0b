#include "modules/impact/cli/impact_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "modules/impact/json/json_reader.h"
#include "modules/impact/json/socioeconomic_json.h"
#include "modules/impact/json/sroi_json.h"
#include "web/i18n.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

// The command line has no reader language: messages are the English msgids, filled in.
int Fail(std::ostream& err, const Error& error) {
  err << "samverkan: " << web::FillPlaceholders(error.message(), error.args()) << "\n";
  for (const FieldError& field : error.fields()) {
    err << "  " << field.field << ": " << web::FillPlaceholders(field.message, field.args) << "\n";
  }
  return 1;
}

Result<std::string> ReadInput(const std::string& file, std::istream& in) {
  std::stringstream text;
  if (file == "-") {
    text << in.rdbuf();
    return text.str();
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream) return Error(ErrorCode::kInvalidArgument, "Cannot read {{file}}.", {{"file", file}});
  text << stream.rdbuf();
  return text.str();
}

std::string Amount(const json& value) {
  if (value.is_null()) return "-";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(2);
  out << value.get<double>();
  return out.str();
}

std::string Figure(const json& value, int decimals) {
  if (value.is_null()) return "-";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << value.get<double>();
  return out.str();
}

void PrintSroiText(const json& r, std::ostream& out) {
  const std::string currency = r.value("currency", "SEK");
  out << "Present value of the outcomes: " << Amount(r["present_value"]) << " " << currency << "\n"
      << "Present value of the inputs:   " << Amount(r["inputs_present_value"]) << " " << currency
      << "\n"
      << "Net present value (NPV):       " << Amount(r["npv"]) << " " << currency << "\n"
      << "SROI ratio:                    1 : " << Figure(r["ratio"], 2) << "\n"
      << "Net SROI ratio:                " << Figure(r["net_ratio"], 2) << "\n"
      << "Payback (months):              " << Figure(r["payback_months"], 1) << "\n"
      << "Discounted payback (months):   " << Figure(r["discounted_payback_months"], 1) << "\n";
  for (const json& outcome : r["outcomes"]) {
    out << "  " << outcome["stakeholder"].get<std::string>() << ": "
        << outcome["outcome"].get<std::string>() << ": " << Amount(outcome["present_value"])
        << "\n";
  }
}

void PrintSocioEconomicText(const json& r, std::ostream& out) {
  const std::string currency = r.value("currency", "SEK");
  out << "Per person and year (" << currency << "):\n";
  for (const json& actor : r["per_person_year"]["actors"]) {
    out << "  " << actor["actor"].get<std::string>() << ": " << Amount(actor["total"]) << "\n";
  }
  out << "  society: " << Amount(r["per_person_year"]["society"]["total"]) << "\n"
      << "Group of " << r["group_size"].get<int>()
      << " per year: " << Amount(r["group_per_year"]["society"]["total"]) << "\n"
      << "Over " << r["horizon_years"].get<int>() << " years, society: gains "
      << Amount(r["investment"]["society"]["gains_present_value"]) << ", investments "
      << Amount(r["investment"]["society"]["investment_present_value"])
      << " (present values), discounted payback "
      << Figure(r["investment"]["society"]["discounted_payback_years"], 2) << " years\n"
      << "Break-even persons: "
      << (r["break_even_persons"].is_null()
              ? "-"
              : std::to_string(r["break_even_persons"].get<long long>()))
      << "\n";
}

}  // namespace

ImpactCommands::ImpactCommands(CLI::App& cli) {
  impact_ = cli.add_subcommand(
      "impact", "Impact calculators (SROI, socio-economic accounts); no database needed");
  impact_->require_subcommand(1);
  sroi_ = impact_->add_subcommand(
      "sroi", "Calculate an SROI impact map (format: src/modules/impact/FORMATS.md)");
  sroi_->add_option("--map", map_file_, "The impact map as JSON; - for standard input")->required();
  sroi_->add_option("--format", format_, "json (the result document) or text (a summary)")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  socioeconomic_ = impact_->add_subcommand(
      "socioeconomic", "Calculate socio-economic accounts (format: src/modules/impact/FORMATS.md)");
  socioeconomic_->add_option("--case", case_file_, "The case as JSON; - for standard input")
      ->required();
  socioeconomic_->add_option("--format", format_, "json (the result document) or text (a summary)")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
}

bool ImpactCommands::selected() const { return impact_->parsed(); }

int ImpactCommands::Run(std::istream& in, std::ostream& out, std::ostream& err) const {
  const bool sroi = sroi_->parsed();
  Result<std::string> text = ReadInput(sroi ? map_file_ : case_file_, in);
  if (!text.ok()) return Fail(err, text.error());
  Result<json> document = ParseJsonText(*text);
  if (!document.ok()) return Fail(err, document.error());
  Result<json> result = sroi ? EvaluateSroiJson(*document) : EvaluateSocioEconomicJson(*document);
  if (!result.ok()) return Fail(err, result.error());
  if (format_ == "text") {
    if (sroi) {
      PrintSroiText(*result, out);
    } else {
      PrintSocioEconomicText(*result, out);
    }
    return 0;
  }
  out << result->dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return 0;
}

}  // namespace samverkan::impact
