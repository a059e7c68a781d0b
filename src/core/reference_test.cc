#include "core/reference.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace samverkan {
namespace {

std::map<std::string, std::string> ShippedFiles() {
  std::map<std::string, std::string> files;
  for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                           "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
    std::ifstream in(std::string(SAMVERKAN_SOURCE_DIR) + "/data/reference/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    files[name] = ss.str();
  }
  return files;
}

TEST(ReferenceDataTest, LoadsTheShippedFiles) {
  auto data = ReferenceData::FromCsv(ShippedFiles());
  ASSERT_TRUE(data.ok()) << data.error().message();
  EXPECT_EQ(data->sdgs().size(), 17u);
  EXPECT_EQ(data->counties().size(), 21u);
  EXPECT_EQ(data->municipalities().size(), 290u);
  EXPECT_EQ(data->sectors().size(), 4u);
  const Municipality* umea = data->FindMunicipality("2480");
  ASSERT_NE(umea, nullptr);
  EXPECT_EQ(umea->name, "Umeå");
  const County* county = data->FindCounty(umea->county_code);
  ASSERT_NE(county, nullptr);
  EXPECT_EQ(county->name, "Västerbottens län");
  EXPECT_EQ(data->FindSdg(10)->name.In(Language::kSwedish), "Minskad ojämlikhet");
  EXPECT_EQ(data->FindSector("civil_society")->name.In(Language::kSwedish), "Idéburen sektor");
  // Every municipality belongs to a known county.
  for (const auto& m : data->municipalities()) {
    EXPECT_NE(data->FindCounty(m.county_code), nullptr) << m.code;
  }
}

TEST(ReferenceDataTest, MissingFileIsNamed) {
  auto files = ShippedFiles();
  files.erase("sectors.csv");
  auto data = ReferenceData::FromCsv(files);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().fields().at(0).args.at("file"), "sectors.csv");
}

}  // namespace
}  // namespace samverkan
