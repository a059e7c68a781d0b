// The `samverkan spi` commands, defined here so that main.cc needs one call:
//
//   samverkan spi compute --framework METADATA.csv --data INDICATORS.csv
//       [--national NATIONAL.csv --population POPULATION.csv]
//       [--exponent-dimension X --exponent-index Y] [--components COMPONENTS.csv]
//       [--names-sv NAMES.csv] [--year YEAR] [--decimals N] --format csv|json
//
// It reads the files (- for standard input), calls RunSpiCompute (domain/
// spi_compute_command.h, where inputs and output are documented), prints the result to
// standard output and the diagnostics (rejected rows, unused columns, a summary) to standard
// error, and exits 0, or 1 with a message on standard error for invalid input. No database is
// opened.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>

namespace samverkan::progress {

// Adds `spi` and its subcommands to `cli`. When one of them is parsed, `run` is set to the
// function that carries it out and returns the exit code; main calls it right after parsing.
// `share_dir` holds data/spi/ (the Swedish names of the shipped EU-SPI framework).
void AddSpiCommands(CLI::App& cli, const std::string& share_dir, std::function<int()>& run);

// What `spi compute` does, with the options already parsed (for tests).
struct SpiComputeOptions {
  std::string framework_file;
  std::string data_file;
  std::string national_file;
  std::string population_file;
  std::string components_file;
  std::string names_sv_file;
  // As typed; checked by RunSpiComputeCommand so that every invalid input exits with 1.
  std::string exponent_dimension = "0.5";
  std::string exponent_index = "0.5";
  std::string format;
  std::string decimals = "2";
  std::string year;  // empty: every year
};
int RunSpiComputeCommand(const SpiComputeOptions& options, const std::string& share_dir,
                         std::ostream& out, std::ostream& err);

}  // namespace samverkan::progress
