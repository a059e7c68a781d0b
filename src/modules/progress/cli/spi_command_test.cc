// `samverkan spi compute` as main runs it: options parsed by CLI11, files read, result on
// standard output, diagnostics and errors on standard error, exit 1 for invalid input.
#include "modules/progress/cli/spi_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace samverkan::progress {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::string kSpi = SAMVERKAN_SPI_DATA_DIR;
// share_dir/data/spi is the source tree's data/spi.
const std::string kShare = SAMVERKAN_SOURCE_DIR;

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

// Parses `args` (after "samverkan") with the real command definition and runs what it set.
CommandRun Invoke(std::vector<std::string> args) {
  CLI::App cli;
  std::function<int()> run;
  AddSpiCommands(cli, kShare, run);
  std::vector<const char*> argv = {"samverkan"};
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    cli.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return {cli.exit(e), "", e.what()};
  }
  EXPECT_TRUE(run) << "no command was set";
  if (!run) return {};
  // RunSpiComputeCommand with the same options writes to the streams given; the function main
  // calls writes to std::cout and std::cerr, so capture those.
  std::stringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = run();
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

TEST(SpiCommandTest, ComputesTheShippedDataAsCsv) {
  CommandRun r =
      Invoke({"spi", "compute", "--framework", kSpi + "/eu_spi_2020_indicator_metadata.csv",
              "--data", kSpi + "/eu_spi_2020_indicators_regional.csv", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\r\nSE33,Övre Norrland,SE,,yes,"));
  EXPECT_THAT(r.out, HasSubstr(",85.16,"));
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 241);
  EXPECT_THAT(r.err, HasSubstr("231 region-years have an index; 9 cannot be computed"));
}

TEST(SpiCommandTest, AggregatesComponentsAsJsonWithSwedishNames) {
  CommandRun r =
      Invoke({"spi", "compute", "--framework", kSpi + "/eu_spi_2020_indicator_metadata.csv",
              "--components", kSpi + "/eu_spi_2016_components.csv", "--exponent-dimension", "0.5",
              "--exponent-index", "0.5", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto body = nlohmann::json::parse(r.out);
  EXPECT_EQ(body["options"]["input"], "components");
  EXPECT_EQ(body["framework"]["dimensions"][0]["name"]["sv"], "Grundläggande mänskliga behov");
  bool found = false;
  for (const auto& region : body["results"]) {
    if (region["region"] == "SE33") {
      found = true;
      EXPECT_NEAR(region["index"].get<double>(), 82.33, 0.005);
    }
  }
  EXPECT_TRUE(found);
}

TEST(SpiCommandTest, RefusesInvalidInputWithExitOneAndAMessage) {
  const std::string framework = kSpi + "/eu_spi_2020_indicator_metadata.csv";
  const std::string data = kSpi + "/eu_spi_2020_indicators_regional.csv";
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--framework", framework, "--data", data}, "--format csv or --format json is required"},
      {{"--framework", framework, "--data", data, "--format", "xml"}, "(not xml)"},
      {{"--data", data, "--format", "csv"}, "--framework METADATA.csv is required"},
      {{"--framework", framework, "--format", "csv"}, "give --data INDICATORS.csv or --components"},
      {{"--framework", "/nonexistent/meta.csv", "--data", data, "--format", "csv"},
       "cannot read /nonexistent/meta.csv (--framework)"},
      {{"--framework", framework, "--data", data, "--format", "csv", "--exponent-index", "half"},
       "--exponent-index takes a number, not half"},
      {{"--framework", framework, "--data", data, "--national", data, "--format", "csv"},
       "national: Anchoring needs both the national data and the population of the regions."},
      {{"--framework", data, "--data", data, "--format", "csv"}, "samverkan spi compute: "},
      {{"--framework", framework, "--data", data, "--format", "csv", "--year", "1999"},
       "There are no values for 1999."},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"spi", "compute"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CommandRun r = Invoke(args);
    EXPECT_EQ(r.code, 1) << c.message;
    EXPECT_THAT(r.err, HasSubstr(c.message));
    EXPECT_EQ(r.out, "") << c.message;
  }
}

}  // namespace
}  // namespace samverkan::progress
