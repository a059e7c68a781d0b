#include "modules/impact/domain/proxy_library.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace samverkan::impact {
namespace {

constexpr char kHeader[] =
    "id,name_sv,name_en,kind,value,unit,currency,price_year,source,licence,status\n";

TEST(ProxyLibraryTest, ParsesAmountsExactlyAndRates) {
  const std::string csv = std::string(kHeader) +
                          "a,A sv,A en,amount,57300.50,per year,SEK,2024,Src,Lic,example-verify\n"
                          "b,B sv,B en,rate,0.3142,share,,2024,Src,Lic,verified\n";
  Result<std::vector<FinancialProxy>> proxies = ParseProxyLibrary(csv);
  ASSERT_TRUE(proxies.ok());
  ASSERT_EQ(proxies->size(), 2u);
  EXPECT_EQ((*proxies)[0].amount, 5730050);
  EXPECT_FALSE((*proxies)[0].verified);
  EXPECT_EQ((*proxies)[1].kind, ProxyKind::kRate);
  EXPECT_DOUBLE_EQ((*proxies)[1].rate, 0.3142);
  EXPECT_TRUE((*proxies)[1].verified);
}

TEST(ProxyLibraryTest, RejectsRowsWithoutSourceOrWithBadFigures) {
  const std::string csv = std::string(kHeader) +
                          "a,A,A,amount,1.234,per year,SEK,2024,,Lic,example-verify\n"
                          "a,B,B,rate,1.5,share,,24,Src,Lic,maybe\n";
  Result<std::vector<FinancialProxy>> proxies = ParseProxyLibrary(csv);
  ASSERT_FALSE(proxies.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : proxies.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"source", "value", "id", "value", "price_year", "status"}));
  EXPECT_EQ(proxies.error().fields()[0].args.at("line"), "2");
}

TEST(ProxyLibraryTest, RejectsMissingColumns) {
  Result<std::vector<FinancialProxy>> proxies = ParseProxyLibrary("id,name_sv\nx,y\n");
  ASSERT_FALSE(proxies.ok());
  EXPECT_EQ(proxies.error().fields().size(), 9u);
}

TEST(ProxyLibraryTest, TheShippedLibraryParsesAndEveryRowNamesItsSource) {
  std::ifstream file(std::string(SAMVERKAN_IMPACT_DATA_DIR) + "/proxies.csv");
  ASSERT_TRUE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  Result<std::vector<FinancialProxy>> proxies = ParseProxyLibrary(text.str());
  ASSERT_TRUE(proxies.ok()) << proxies.error().fields().at(0).field;
  ASSERT_FALSE(proxies->empty());
  for (const FinancialProxy& proxy : *proxies) {
    EXPECT_FALSE(proxy.source.empty()) << proxy.id;
    EXPECT_FALSE(proxy.licence.empty()) << proxy.id;
    EXPECT_FALSE(proxy.verified) << proxy.id << " is shipped as an example to verify";
  }
  EXPECT_EQ(proxies->front().id, "se-prisbasbelopp-2024");
  EXPECT_EQ(proxies->front().amount, 5730000);
}

}  // namespace
}  // namespace samverkan::impact
