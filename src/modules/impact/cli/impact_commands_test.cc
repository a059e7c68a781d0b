#include "modules/impact/cli/impact_commands.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace samverkan::impact {
namespace {

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

CommandRun RunCommand(const std::string& command_line, const std::string& input = "") {
  CLI::App cli{"test"};
  ImpactCommands commands(cli);
  auto* other = cli.add_subcommand("version", "another command");
  (void)other;
  cli.parse(command_line, false);
  CommandRun run;
  if (!commands.selected()) return run;
  std::istringstream in(input);
  std::ostringstream out, err;
  run.code = commands.Run(in, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string TempFile(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

constexpr char kMap[] = R"({"inputs": [{"value": 1000}], "outcomes": [{"stakeholder": "P",
  "outcome": "W", "quantity": 1, "proxy": 1035, "duration": 2}]})";

TEST(ImpactCommandsTest, PrintsTheResultOfAMapFile) {
  const std::string file = TempFile("samverkan-impact-map.json", kMap);
  const CommandRun run = RunCommand("impact sroi --map " + file + " --format json");
  EXPECT_EQ(run.code, 0) << run.err;
  const nlohmann::json result = nlohmann::json::parse(run.out);
  EXPECT_EQ(result["present_value"], 1966.18);
  EXPECT_EQ(run.err, "");
  std::filesystem::remove(file);
}

TEST(ImpactCommandsTest, ReadsStandardInputAndSummarisesAsText) {
  const CommandRun run = RunCommand("impact sroi --map - --format text", kMap);
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("SROI ratio:                    1 : 1.97"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Net present value (NPV):       966.18 SEK"), std::string::npos);
}

TEST(ImpactCommandsTest, NamesTheJsonPathOfEachProblemAndFails) {
  const CommandRun run =
      RunCommand("impact sroi --map -",
                 R"({"inputs": [{"value": 1000}], "outcomes": [{"stakeholder": "P",
                                 "outcome": "W", "quantity": 1, "proxy": 1, "duration": 0,
                                 "dead_weight": 0.1}]})");
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("  outcomes[0].dead_weight: Unknown field."), std::string::npos)
      << run.err;
  const CommandRun domain =
      RunCommand("impact sroi --map -",
                 R"({"inputs": [{"value": 1000}], "outcomes": [{"stakeholder": "P",
                                    "outcome": "W", "quantity": 1, "proxy": 1, "duration": 0}]})");
  EXPECT_EQ(domain.code, 1);
  EXPECT_NE(domain.err.find("  outcomes[0].duration: An outcome lasts at least 1 year"),
            std::string::npos)
      << domain.err;
  const CommandRun not_json = RunCommand("impact socioeconomic --case -", "{oops");
  EXPECT_EQ(not_json.code, 1);
  EXPECT_NE(not_json.err.find("  $: The text is not valid JSON (at character"), std::string::npos)
      << not_json.err;
  const CommandRun missing = RunCommand("impact socioeconomic --case /nonexistent/case.json");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("Cannot read /nonexistent/case.json."), std::string::npos);
}

TEST(ImpactCommandsTest, CalculatesACase) {
  const CommandRun run =
      RunCommand("impact socioeconomic --case - --format text",
                 R"({"group_size": 10, "horizon_years": 1, "discount_rate": 0, "items": [
                                 {"name": "Care", "kind": "resource_use", "actor": "region",
                                  "without": 300, "with": 100}]})");
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("  society: 200.00"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Group of 10 per year: 2000.00"), std::string::npos);
}

TEST(ImpactCommandsTest, IsNotSelectedByOtherCommands) {
  EXPECT_EQ(RunCommand("version").code, -1);
  EXPECT_THROW(RunCommand("impact sroi --format json"), CLI::RequiredError);
  EXPECT_THROW(RunCommand("impact sroi --map x --format xml"), CLI::ValidationError);
}

}  // namespace
}  // namespace samverkan::impact
