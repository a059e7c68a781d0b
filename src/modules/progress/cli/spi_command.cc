#include "modules/progress/cli/spi_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "modules/progress/domain/decimal_text.h"
#include "modules/progress/domain/spi_compute_command.h"

namespace samverkan::progress {
namespace {

namespace fs = std::filesystem;

// The whole file, or standard input for "-"; nullopt when it cannot be read.
std::optional<std::string> ReadText(const std::string& path) {
  std::stringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

void PrintError(std::ostream& err, const Error& error) {
  err << "samverkan spi compute: " << RenderMessage(error.message(), error.args()) << "\n";
  for (const auto& f : error.fields()) {
    err << "  " << f.field << ": " << RenderMessage(f.message, f.args) << "\n";
  }
}

}  // namespace

int RunSpiComputeCommand(const SpiComputeOptions& options, const std::string& share_dir,
                         std::ostream& out, std::ostream& err) {
  SpiComputeRequest request;
  if (options.framework_file.empty()) {
    err << "samverkan spi compute: --framework METADATA.csv is required\n";
    return 1;
  }
  std::optional<OutputFormat> format = ParseOutputFormat(options.format);
  if (!format) {
    err << "samverkan spi compute: --format csv or --format json is required"
        << (options.format.empty() ? "" : " (not " + options.format + ")") << "\n";
    return 1;
  }
  request.format = *format;
  auto number = [&](const std::string& text, const char* option) -> std::optional<double> {
    std::optional<double> value = ParseDecimal(text);
    if (!value)
      err << "samverkan spi compute: " << option << " takes a number, not " << text << "\n";
    return value;
  };
  auto whole = [&](const std::string& text, const char* option) -> std::optional<int> {
    std::optional<double> value = ParseDecimal(text);
    if (!value || *value != static_cast<int>(*value)) {
      err << "samverkan spi compute: " << option << " takes a whole number, not " << text << "\n";
      return std::nullopt;
    }
    return static_cast<int>(*value);
  };
  auto exponent_dimension = number(options.exponent_dimension, "--exponent-dimension");
  auto exponent_index = number(options.exponent_index, "--exponent-index");
  auto decimals = whole(options.decimals, "--decimals");
  if (!exponent_dimension || !exponent_index || !decimals) return 1;
  request.exponent_dimension = *exponent_dimension;
  request.exponent_index = *exponent_index;
  request.decimals = *decimals;
  if (!options.year.empty()) {
    auto year = whole(options.year, "--year");
    if (!year) return 1;
    request.year = *year;
  }

  int stdin_users = 0;
  for (const std::string* file :
       {&options.framework_file, &options.data_file, &options.national_file,
        &options.population_file, &options.components_file, &options.names_sv_file}) {
    if (*file == "-") ++stdin_users;
  }
  if (stdin_users > 1) {
    err << "samverkan spi compute: only one file can be read from standard input (-)\n";
    return 1;
  }
  auto read = [&](const std::string& path, const char* option) -> std::optional<std::string> {
    std::optional<std::string> text = ReadText(path);
    if (!text) err << "samverkan spi compute: cannot read " << path << " (" << option << ")\n";
    return text;
  };

  auto framework = read(options.framework_file, "--framework");
  if (!framework) return 1;
  request.framework_csv = std::move(*framework);
  if (!options.names_sv_file.empty()) {
    auto names = read(options.names_sv_file, "--names-sv");
    if (!names) return 1;
    request.framework_names_sv_csv = std::move(*names);
  } else {
    // The shipped EU-SPI framework gets its shipped Swedish names; another metadata file may
    // name other indicators, so it gets none unless --names-sv says which.
    const fs::path spi = fs::path(share_dir) / "data" / "spi";
    std::optional<std::string> shipped =
        ReadText((spi / "eu_spi_2020_indicator_metadata.csv").string());
    if (shipped && *shipped == request.framework_csv) {
      request.framework_names_sv_csv =
          ReadText((spi / "eu_spi_2020_names_sv.csv").string()).value_or("");
    }
  }
  if (!options.data_file.empty()) {
    auto data = read(options.data_file, "--data");
    if (!data) return 1;
    request.data_csv = std::move(*data);
  }
  if (!options.national_file.empty()) {
    request.national_csv = read(options.national_file, "--national");
    if (!request.national_csv) return 1;
  }
  if (!options.population_file.empty()) {
    request.population_csv = read(options.population_file, "--population");
    if (!request.population_csv) return 1;
  }
  if (!options.components_file.empty()) {
    request.components_csv = read(options.components_file, "--components");
    if (!request.components_csv) return 1;
  }
  if (request.data_csv.empty() && !request.components_csv) {
    err << "samverkan spi compute: give --data INDICATORS.csv or --components COMPONENTS.csv\n";
    return 1;
  }

  auto response = RunSpiCompute(request);
  if (!response.ok()) {
    PrintError(err, response.error());
    return 1;
  }
  for (const std::string& line : response->diagnostics) err << line << "\n";
  out << response->output;
  out.flush();
  return out ? 0 : 1;
}

void AddSpiCommands(CLI::App& cli, const std::string& share_dir, std::function<int()>& run) {
  auto* spi = cli.add_subcommand("spi", "Social Progress Index computations (no database needed)");
  spi->require_subcommand(1);
  auto* compute = spi->add_subcommand(
      "compute",
      "Compute component, dimension and index scores per region from indicator values "
      "(or aggregate component scores) and print them as CSV or JSON");
  // Owned by the callbacks below, which live as long as `cli`.
  auto options = std::make_shared<SpiComputeOptions>();
  compute->add_option("--framework", options->framework_file,
                      "Framework (required): EU-SPI indicator metadata or the platform's "
                      "framework CSV");
  compute->add_option("--data", options->data_file,
                      "Indicator values, wide or long CSV (- for standard input)");
  compute->add_option("--national", options->national_file,
                      "Indicator values of countries, to anchor regional components to");
  compute->add_option("--population", options->population_file,
                      "Region table with a population column (needed with --national)");
  compute
      ->add_option("--exponent-dimension", options->exponent_dimension,
                   "Power-mean order from components to dimensions (EU-SPI 0.5, global SPI 1)")
      ->capture_default_str();
  compute
      ->add_option("--exponent-index", options->exponent_index,
                   "Power-mean order from dimensions to the index (EU-SPI 0.5, global SPI 1)")
      ->capture_default_str();
  compute->add_option("--components", options->components_file,
                      "Already computed component scores (0-100) to aggregate, instead of --data");
  compute->add_option("--names-sv", options->names_sv_file,
                      "Swedish names of an EU-SPI framework (level,name_en,name_sv); the shipped "
                      "framework gets the shipped names");
  compute->add_option("--year", options->year, "Only this year (default: every year)");
  compute->add_option("--decimals", options->decimals, "Decimals of the scores, 0-10")
      ->capture_default_str();
  compute->add_option("--format", options->format, "Output (required): csv or json");
  compute->callback([&run, options, share_dir] {
    run = [options, share_dir] {
      return RunSpiComputeCommand(*options, share_dir, std::cout, std::cerr);
    };
  });
}

}  // namespace samverkan::progress
