// The stateless calculators on the command line, without a database:
//
//   samverkan impact sroi --map FILE.json [--format json|text]
//   samverkan impact socioeconomic --case FILE.json [--format json|text]
//
// FILE may be "-" for standard input. The formats are those of FORMATS.md; `json` (the
// default) prints the result document pretty-printed, `text` a short summary for people.
// An invalid document prints one line per problem naming its JSON path and exits with 1.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

namespace samverkan::impact {

class ImpactCommands {
 public:
  // Adds `impact` and its subcommands to `cli`; they read their options into this object,
  // which must outlive the parse.
  explicit ImpactCommands(CLI::App& cli);
  ImpactCommands(const ImpactCommands&) = delete;
  ImpactCommands& operator=(const ImpactCommands&) = delete;

  // Whether the parsed command line asked for an impact command.
  bool selected() const;

  // Runs the command asked for: the result on `out`, problems on `err`. `in` is read for
  // "-". Returns the exit code: 0, or 1 when the file cannot be read or the document is
  // invalid.
  int Run(std::istream& in, std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* impact_ = nullptr;
  CLI::App* sroi_ = nullptr;
  CLI::App* socioeconomic_ = nullptr;
  std::string map_file_;
  std::string case_file_;
  std::string format_ = "json";
};

}  // namespace samverkan::impact
