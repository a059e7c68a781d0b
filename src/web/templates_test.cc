#include "web/html/templates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace samverkan::web {
namespace {

TEST(TemplatesTest, EscapesByDefaultAndTranslatesPerLanguage) {
  auto dir = std::filesystem::temp_directory_path() / "samverkan-templates-test";
  std::filesystem::create_directories(dir / "mod");
  std::ofstream(dir / "mod" / "page.mustache")
      << "<h1>{{#_}}Page not found{{/_}}</h1><p>{{text}}</p><div>{{{html}}}</div>"
         "{{#items}}<i>{{.}}</i>{{/items}}{{^items}}none{{/items}}";
  // The catalog in the build tree has Swedish for "Page not found".
  Translator tr(std::string(SAMVERKAN_BUILD_DIR) + "/share/samverkan/locale");
  auto templates = Templates::Load(dir.string(), tr);
  ASSERT_TRUE(templates.ok()) << templates.error().log_detail();
  nlohmann::json data = {{"text", "<script>alert('x')</script>"},
                         {"html", "<b>ok</b>"},
                         {"items", {"a&b"}}};
  std::string sv = (*templates)->Render("mod/page", Language::kSwedish, data);
  std::string en = (*templates)->Render("mod/page", Language::kEnglish, data);
  EXPECT_NE(sv.find("<h1>Sidan hittades inte</h1>"), std::string::npos) << sv;
  EXPECT_NE(en.find("<h1>Page not found</h1>"), std::string::npos) << en;
  EXPECT_NE(sv.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("<script>"), std::string::npos);
  EXPECT_NE(sv.find("<div><b>ok</b></div>"), std::string::npos);
  EXPECT_NE(sv.find("<i>a&amp;b</i>"), std::string::npos);
  EXPECT_EQ(sv.find("none"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(TemplatesTest, ExtractsTranslatableStrings) {
  EXPECT_EQ(ExtractTemplateStrings("a {{#_}}One{{/_}} b {{#_}}Two {{n}}{{/_}}"),
            (std::vector<std::string>{"One", "Two {{n}}"}));
}

TEST(FillPlaceholdersTest, FillsKnownAndKeepsUnknown) {
  EXPECT_EQ(FillPlaceholders("Line {{line}}: {{why}} {{x}}", {{"line", "4"}, {"why", "bad"}}),
            "Line 4: bad {{x}}");
}

}  // namespace
}  // namespace samverkan::web
