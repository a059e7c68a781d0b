// The actor form: reading a posted form, the page it renders, and the routes that serve it and
// the write API, called as the server calls them (the Request a handler gets, no sockets) on
// every engine the test run has.
#include "modules/actors/web/actor_form.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include <unistd.h>

#include "modules/actors/domain/actor_testing.h"
#include "modules/actors/json/actor_json.h"
#include "modules/actors/module.h"
#include "platform/audit.h"
#include "platform/audit_module.h"
#include "storage/test_databases.h"
#include "web/html/templates.h"
#include "web/router.h"

namespace samverkan::actors {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::SampleProfile;
using testing::ShippedReference;
using web::http::status;
using web::http::verb;

// Without a catalog the English msgids are shown, which is all these tests need.
const web::Translator& English() {
  static const web::Translator tr("/nonexistent");
  return tr;
}

// The site's own templates (layout, error) and this module's under actors/, as installed.
const web::Templates& SiteTemplates() {
  static const auto templates = [] {
    fs::path dir = fs::temp_directory_path() / ("samverkan-actor-form-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "actors");
    std::string src = SAMVERKAN_SOURCE_DIR;
    for (const auto& e : fs::directory_iterator(src + "/src/web/templates")) fs::copy(e.path(), dir / e.path().filename());
    for (const auto& e : fs::directory_iterator(src + "/src/modules/actors/web/templates")) {
      fs::copy(e.path(), dir / "actors" / e.path().filename());
    }
    auto t = web::Templates::Load(dir.string(), English());
    fs::remove_all(dir);
    if (!t.ok()) throw std::runtime_error(t.error().log_detail());
    return std::move(t).value();
  }();
  return *templates;
}

std::string Render(const web::PageView& view, Language lang) {
  return SiteTemplates().Render(view.template_name, lang, view.data);
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The form fields that post `p`, as a browser sends them.
std::string FormBody(const ActorProfile& p, bool editor_fields) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"csrf_token", "t"},
      {"name_sv", p.name.sv}, {"name_en", p.name.en},
      {"summary_sv", p.summary.sv}, {"summary_en", p.summary.en},
      {"description_sv", p.description.sv}, {"description_en", p.description.en},
      {"offers_sv", p.offers.sv}, {"offers_en", p.offers.en},
      {"seeks_sv", p.seeks.sv}, {"seeks_en", p.seeks.en},
      {"sector", p.sector}, {"municipality", p.municipality}, {"org_number", p.org_number},
      {"website", p.website}, {"founded", p.founded ? std::to_string(*p.founded) : ""},
      {"size_band", p.size_band}};
  if (p.social_enterprise) f.emplace_back("social_enterprise", "1");
  if (p.wise) f.emplace_back("wise", "1");
  for (const auto& r : p.regions) f.emplace_back("regions", r);
  for (int g : p.sdgs) f.emplace_back("sdgs", std::to_string(g));
  for (const auto& t : p.target_groups) f.emplace_back("target_groups", t);
  for (size_t i = 0; i < p.certifications.size() + kEmptyCertificationRows; ++i) {
    Certification c = i < p.certifications.size() ? p.certifications[i] : Certification{};
    f.emplace_back("certification_name_" + std::to_string(i), c.name);
    f.emplace_back("certification_issuer_" + std::to_string(i), c.issuer);
    f.emplace_back("certification_valid_until_" + std::to_string(i), c.valid_until);
  }
  if (editor_fields) {
    f.emplace_back("external_id", p.external_id);
    if (p.alliance_member) f.emplace_back("alliance_member", "1");
    f.emplace_back("member_since", p.member_since);
  }
  std::string body;
  for (const auto& [name, value] : f) {
    body += (body.empty() ? "" : "&") + web::PercentEncode(name) + "=" + web::PercentEncode(value);
  }
  return body;
}

web::Params Form(const ActorProfile& p, bool editor_fields) {
  return web::Params::ParseUrlEncoded(FormBody(p, editor_fields));
}

web::Request PageRequest(Language lang) {
  web::Request req;
  req.lang = lang;
  req.csrf_token = "csrf-token-value";
  return req;
}

// --- Reading the form ------------------------------------------------------------------------

TEST(ActorFormTest, ReadsEveryFieldBackIntoTheProfile) {
  ActorProfile p = SampleProfile("form");
  p.certifications.push_back({"Andra", "", ""});
  // The membership is not the form's: it comes from the stored profile.
  ActorProfile base;
  base.alliance_member = p.alliance_member;
  base.member_since = p.member_since;
  ActorFormInput input = ReadActorForm(Form(p, true), base, true);
  EXPECT_TRUE(input.errors.empty());
  EXPECT_EQ(input.profile, p);
  EXPECT_FALSE(ReadActorForm(Form(p, true), ActorProfile{}, true).profile.alliance_member);
  EXPECT_EQ(input.founded, "2012");
}

TEST(ActorFormTest, KeepsWhatTheFormDoesNotShowFromTheStoredProfile) {
  ActorProfile stored = SampleProfile("stored");
  stored.partners = {"partner-1"};
  stored.language = Language::kEnglish;
  ActorProfile posted = SampleProfile("hijacked");
  posted.alliance_member = false;
  posted.member_since = "1999-01-01";
  posted.summary.sv = "Ny sammanfattning.";
  // Without editor fields, posted values for them are not read.
  ActorFormInput rep = ReadActorForm(Form(posted, true), stored, false);
  EXPECT_EQ(rep.profile.summary.sv, "Ny sammanfattning.");
  EXPECT_EQ(rep.profile.external_id, "stored");
  EXPECT_TRUE(rep.profile.alliance_member);
  EXPECT_EQ(rep.profile.member_since, "2023-02-15");
  EXPECT_EQ(rep.profile.partners, std::vector<std::string>{"partner-1"});
  EXPECT_EQ(rep.profile.language, Language::kEnglish);
  // An editor's form has the external id; the membership is the alliance's, never read.
  ActorFormInput editor = ReadActorForm(Form(posted, true), stored, true);
  EXPECT_EQ(editor.profile.external_id, "hijacked");
  EXPECT_TRUE(editor.profile.alliance_member);
  EXPECT_EQ(editor.profile.member_since, "2023-02-15");
  EXPECT_EQ(editor.profile.partners, std::vector<std::string>{"partner-1"});
}

TEST(ActorFormTest, UncheckedBoxesAndBlankRowsAreEmpty) {
  ActorProfile stored = SampleProfile("s");
  auto input = ReadActorForm(web::Params::ParseUrlEncoded(
                                 "name_sv=Namn&sector=public&certification_name_0=&certification_issuer_0=&"
                                 "certification_valid_until_0=&certification_name_1=Andra+raden&"
                                 "certification_issuer_1=&certification_valid_until_1=2030-01-01&"
                                 "certification_name_5=Efter+en+lucka"),
                             stored, false);
  const ActorProfile& p = input.profile;
  EXPECT_FALSE(p.social_enterprise);
  EXPECT_FALSE(p.wise);
  EXPECT_TRUE(p.regions.empty());
  EXPECT_TRUE(p.sdgs.empty());
  EXPECT_TRUE(p.target_groups.empty());
  EXPECT_FALSE(p.founded.has_value());
  EXPECT_EQ(p.name, (LocalizedText{"Namn", ""}));
  ASSERT_EQ(p.certifications.size(), 1u);  // the blank row is dropped; rows after a gap are not read
  EXPECT_EQ(p.certifications[0], (Certification{"Andra raden", "", "2030-01-01"}));
}

TEST(ActorFormTest, AYearInLettersIsReportedWithEveryOtherProblem) {
  auto input = ReadActorForm(
      web::Params::ParseUrlEncoded("name_sv=&founded=nittonhundra&sdgs=3&sdgs=tre&website=nej"), {}, true);
  EXPECT_EQ(input.founded, "nittonhundra");
  ASSERT_EQ(input.errors.size(), 2u);
  auto error = ActorFormErrors(input, ShippedReference(), 2026);
  ASSERT_TRUE(error.has_value());
  std::set<std::string> fields;
  for (const auto& f : error->fields()) fields.insert(f.field);
  EXPECT_EQ(fields, (std::set<std::string>{"founded", "sdgs", "name", "sector", "website"}));
  EXPECT_EQ(std::count_if(error->fields().begin(), error->fields().end(),
                          [](const auto& f) { return f.field == "sdgs"; }),
            1);

  auto readable = ReadActorForm(Form(SampleProfile("ok"), true), {}, true);
  EXPECT_FALSE(ActorFormErrors(readable, ShippedReference(), 2026).has_value());
}

// --- The page ---------------------------------------------------------------------------------

TEST(ActorFormPageTest, EveryControlHasALabelAndTextsTheirLanguage) {
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    ActorFormView view{.profile = SampleProfile("x"), .founded = "2012", .editor_fields = true};
    std::string html = Render(ActorFormPage(PageRequest(lang), English(), ShippedReference(), view), lang);
    EXPECT_EQ(Occurrences(html, "<h1"), 1u);
    EXPECT_NE(html.find(R"(<input type="hidden" name="csrf_token" value="csrf-token-value">)"), std::string::npos);
    EXPECT_NE(html.find(R"(action="/aktorer/ny")"), std::string::npos);
    // Every visible control has an id and a label for it, or sits inside its label.
    std::regex control(R"(<(input|select|textarea)\b([^>]*)>)");
    int controls = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), control); it != std::sregex_iterator(); ++it) {
      std::string attrs = (*it)[2];
      if (attrs.find(R"(type="hidden")") != std::string::npos) continue;
      ++controls;
      std::smatch id;
      ASSERT_TRUE(std::regex_search(attrs, id, std::regex(R"(id="([^"]+)\")"))) << attrs;
      bool for_label = html.find("<label for=\"" + id[1].str() + "\">") != std::string::npos;
      bool wrapped = html.compare(it->position() - 7, 7, "<label>") == 0;
      EXPECT_TRUE(for_label || wrapped) << "no label for " << id[1];
    }
    EXPECT_GT(controls, 60);  // texts, selects, 22 regions, 17 goals, target groups, certifications
    EXPECT_NE(html.find(R"(name="name_sv" type="text" lang="sv")"), std::string::npos);
    EXPECT_NE(html.find(R"(name="name_en" type="text" lang="en")"), std::string::npos);
    EXPECT_NE(html.find(R"(<textarea id="field-description-en" name="description_en" lang="en")"), std::string::npos);
    EXPECT_NE(html.find(R"(<label for="field-name">Name in Swedish</label>)"), std::string::npos);
    // Values are shown, and the choices the profile holds are selected.
    EXPECT_NE(html.find(R"(value="Exempelföretaget Äng AB")"), std::string::npos);
    EXPECT_NE(html.find(R"(<option value="business" selected>)"), std::string::npos);
    EXPECT_NE(html.find(R"(<option value="2480" selected>Umeå</option>)"), std::string::npos);
    EXPECT_NE(html.find(R"(<optgroup label="Västerbottens län">)"), std::string::npos);
    EXPECT_NE(html.find(R"(name="regions" value="24" checked>)"), std::string::npos);
    EXPECT_NE(html.find(R"(name="regions" value="SE">)"), std::string::npos);
    EXPECT_NE(html.find(R"(id="field-sdgs" name="sdgs" value="1">)"), std::string::npos);
    EXPECT_NE(html.find(R"(name="sdgs" value="8" checked>)"), std::string::npos);
    EXPECT_NE(html.find(R"(name="target_groups" value="elderly" checked>)"), std::string::npos);
    EXPECT_NE(html.find(R"(<option value="10-49" selected>)"), std::string::npos);
    EXPECT_NE(html.find(R"(name="social_enterprise" value="1" checked>)"), std::string::npos);
    // The one certification and three empty rows.
    EXPECT_NE(html.find(R"(name="certification_valid_until_0" type="date" value="2027-06-30")"), std::string::npos);
    EXPECT_NE(html.find(R"(name="certification_name_3")"), std::string::npos);
    EXPECT_EQ(html.find(R"(name="certification_name_4")"), std::string::npos);
    EXPECT_EQ(html.find(R"(name="alliance_member")"), std::string::npos);
    EXPECT_EQ(html.find(R"(name="member_since")"), std::string::npos);
    EXPECT_NE(html.find(R"(name="external_id")"), std::string::npos);
  }
}

TEST(ActorFormPageTest, RepresentativesDoNotSeeTheEditorsFields) {
  ActorFormView view{.actor_id = 4, .profile = SampleProfile("x"), .editor_fields = false};
  web::PageView page = ActorFormPage(PageRequest(Language::kEnglish), English(), ShippedReference(), view);
  EXPECT_EQ(page.title, "Edit Example Meadow Ltd");
  std::string html = Render(page, Language::kEnglish);
  EXPECT_NE(html.find(R"(action="/aktorer/4/redigera")"), std::string::npos);
  EXPECT_NE(html.find(R"(href="/aktorer/4" class="button button--secondary">Cancel)"), std::string::npos);
  EXPECT_EQ(html.find(R"(name="external_id")"), std::string::npos);
  EXPECT_EQ(html.find(R"(name="alliance_member")"), std::string::npos);
  EXPECT_EQ(html.find(R"(name="member_since")"), std::string::npos);
  EXPECT_NE(html.find("managed by the editors"), std::string::npos);
  // The membership is shown, not editable, with the way to it.
  EXPECT_NE(html.find("A member of the alliance since 2023-02-15."), std::string::npos);
  EXPECT_NE(html.find(R"(href="/allians/ansok")"), std::string::npos);
  view.profile.alliance_member = false;
  view.profile.member_since.clear();
  view.editor_fields = true;
  html = Render(ActorFormPage(PageRequest(Language::kEnglish), English(), ShippedReference(), view), Language::kEnglish);
  EXPECT_NE(html.find("Not a member of the alliance."), std::string::npos);
  EXPECT_EQ(html.find(R"(name="alliance_member")"), std::string::npos);
}

TEST(ActorFormPageTest, AFailedAttemptListsTheErrorsAndMarksTheirFields) {
  ActorProfile typed;
  typed.name = {"<script>alert(1)</script>", ""};
  typed.website = "nej";
  ActorFormInput input = ReadActorForm(Form(typed, true), {}, true);
  auto error = ValidateActor(input.profile, ShippedReference(), 2026);
  ASSERT_FALSE(error.ok());
  ActorFormView view{.profile = input.profile, .founded = "19x", .editor_fields = true, .error = &error.error()};
  web::PageView page = ActorFormPage(PageRequest(Language::kEnglish), English(), ShippedReference(), view);
  EXPECT_EQ(page.status, status::unprocessable_entity);
  std::string html = Render(page, Language::kEnglish);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find(R"(value="&lt;script&gt;alert(1)&lt;/script&gt;")"), std::string::npos);
  EXPECT_NE(html.find(R"(value="19x")"), std::string::npos);
  EXPECT_NE(html.find(R"(class="error-summary" role="alert")"), std::string::npos);
  // Each link of the summary names an element of the page.
  std::regex link(R"(<li><a href="#([^"]+)\")");
  int links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
    ++links;
    EXPECT_NE(html.find("id=\"" + (*it)[1].str() + "\""), std::string::npos) << (*it)[1];
  }
  EXPECT_EQ(links, 2);  // sector and website
  EXPECT_NE(html.find(R"(<select id="field-sector" name="sector" required aria-invalid="true" aria-describedby="error-sector">)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(aria-describedby="hint-website error-website" aria-invalid="true")"), std::string::npos);
  EXPECT_NE(html.find(R"(<p class="field-error" id="error-website">)"), std::string::npos);
  EXPECT_EQ(html.find(R"(id="error-name")"), std::string::npos);
}

TEST(ActorFormPageTest, ErrorsOfBilingualTextsAndGroupsAreTiedToTheirControls) {
  Error error = Error::Invalid({{"name", N_("Enter the name in Swedish or English.")},
                                {"regions", N_("Give at most {{max}} items."), {{"max", "100"}}},
                                {"certifications", N_("Give every certification a name.")}});
  ActorFormView view{.profile = {}, .editor_fields = true, .error = &error};
  std::string html = Render(ActorFormPage(PageRequest(Language::kSwedish), English(), ShippedReference(), view),
                            Language::kSwedish);
  EXPECT_NE(html.find(R"(<input id="field-name" name="name_sv" type="text" lang="sv" maxlength="200" value="" aria-invalid="true" aria-describedby="hint-name error-name">)"),
            std::string::npos) << html;
  EXPECT_NE(html.find(R"(<input id="field-name-en" name="name_en" type="text" lang="en" maxlength="200" value="" aria-invalid="true" aria-describedby="hint-name error-name">)"),
            std::string::npos);
  EXPECT_NE(html.find(R"(aria-describedby="hint-regions error-regions")"), std::string::npos);
  EXPECT_NE(html.find(R"(id="field-regions" name="regions" value="SE")"), std::string::npos);
  EXPECT_NE(html.find(R"(id="field-certifications" name="certification_name_0")"), std::string::npos);
  EXPECT_NE(html.find(R"(<p class="field-error" id="error-certifications">Give every certification a name.</p>)"),
            std::string::npos);
}

// --- The routes -------------------------------------------------------------------------------

Principal Person(int64_t user_id, std::set<Role> roles, std::set<int64_t> actor_ids = {}) {
  Principal p;
  p.user_id = user_id;
  p.email = "user" + std::to_string(user_id) + "@example.se";
  p.roles = std::move(roles);
  p.actor_ids = std::move(actor_ids);
  p.method = AuthMethod::kSession;
  return p;
}

Principal WithToken(Principal p, std::set<std::string> scopes) {
  p.method = AuthMethod::kApiToken;
  p.scopes = std::move(scopes);
  return p;
}

class ActorRoutesTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    services_.db = &test_db_.db();
    services_.reference = &ShippedReference();
    services_.site = &site_;
    audit_.Register(registry_, services_);
    module_.Register(registry_, services_);
    for (auto& route : registry_.routes()) router_.Add(std::move(route));
    auto migrated = storage::ApplyMigrations(test_db_.db(), registry_.migrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    auto own = module_.service()->Create(SampleProfile("own"));
    auto other = module_.service()->Create(SampleProfile("other"));
    ASSERT_TRUE(own.ok() && other.ok());
    own_ = *own;
    other_ = *other;
    representative_ = Person(21, {Role::kRepresentative}, {own_});
  }

  // Calls the route the server would pick for `method` and `target`.
  web::Response Call(verb method, const std::string& path, const Principal& who, std::string body = "",
                     std::string content_type = "application/x-www-form-urlencoded",
                     Language lang = Language::kSwedish) {
    auto match = router_.Match(method, path);
    if (!match.route) {
      ADD_FAILURE() << "no route for " << path;
      return {};
    }
    web::HttpRequest http{method, path, 11};
    http.set(web::http::field::content_type, content_type);
    http.body() = std::move(body);
    http.prepare_payload();
    web::Request req;
    req.http = &http;
    req.path = path;
    req.path_params = match.params;
    req.lang = lang;
    req.csrf_token = "t";
    req.route_name = match.route->name;
    req.principal = who;
    return match.route->handler(req);
  }
  web::Response Json(verb method, const std::string& path, const Principal& who, const json& body) {
    return Call(method, path, who, body.dump(), "application/json");
  }
  Actor Stored(int64_t id) { return *module_.service()->Get(id); }
  static std::string Location(const web::Response& res) {
    return std::string(res[web::http::field::location]);
  }
  // The user of the newest audit entry.
  int64_t LastAuditUser() {
    int64_t user = -1;
    EXPECT_TRUE(test_db_.db().Read([&](storage::Transaction& tx) -> Status {
      auto entries = platform::ListAudit(tx, {.entity = "actor", .limit = 1});
      if (!entries.ok()) return std::move(entries).error();
      if (!entries->empty()) user = entries->front().entry.user_id;
      return Status::Ok();
    }).ok());
    return user;
  }

  storage::TestDatabase test_db_{GetParam()};
  web::Site site_{SiteTemplates(), English(), {}, "test"};
  platform::Services services_;
  platform::ModuleRegistry registry_;
  platform::AuditModule audit_;
  ActorsModule module_;
  web::Router router_;
  int64_t own_ = 0;
  int64_t other_ = 0;
  Principal editor_ = Person(11, {Role::kEditor});
  Principal member_ = Person(13, {Role::kMember});
  Principal representative_;
};

TEST_P(ActorRoutesTest, TheFormsSendVisitorsToSignInAndRefuseOthers) {
  web::Response res = Call(verb::get, "/aktorer/ny", Principal{});
  EXPECT_EQ(res.result(), status::see_other);
  EXPECT_EQ(Location(res), "/logga-in?next=%2Faktorer%2Fny");
  std::string edit = "/aktorer/" + std::to_string(own_) + "/redigera";
  res = Call(verb::get, edit, Principal{});
  EXPECT_EQ(res.result(), status::see_other);
  EXPECT_EQ(Location(res), "/logga-in?next=" + web::PercentEncode(edit));

  EXPECT_EQ(Call(verb::get, "/aktorer/ny", member_).result(), status::forbidden);
  EXPECT_EQ(Call(verb::get, "/aktorer/ny", representative_).result(), status::forbidden);
  EXPECT_EQ(Call(verb::get, edit, member_).result(), status::forbidden);
  EXPECT_EQ(Call(verb::get, "/aktorer/" + std::to_string(other_) + "/redigera", representative_).result(),
            status::forbidden);
  EXPECT_EQ(Call(verb::get, "/aktorer/999/redigera", editor_).result(), status::not_found);

  res = Call(verb::get, edit, representative_);
  EXPECT_EQ(res.result(), status::ok);
  EXPECT_NE(res.body().find(R"(action=")" + edit + "\""), std::string::npos);
  EXPECT_EQ(res.body().find(R"(name="alliance_member")"), std::string::npos);
  res = Call(verb::get, "/aktorer/ny", editor_);
  EXPECT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body().find(R"(name="alliance_member")"), std::string::npos);
  EXPECT_NE(res.body().find(R"(name="external_id")"), std::string::npos);

  // Posts are refused the same way, and change nothing.
  ActorProfile changed = Stored(own_).profile;
  changed.summary.sv = "Ändrad.";
  EXPECT_EQ(Call(verb::post, edit, Principal{}, FormBody(changed, false)).result(), status::see_other);
  EXPECT_EQ(Call(verb::post, edit, member_, FormBody(changed, false)).result(), status::forbidden);
  EXPECT_EQ(Call(verb::post, "/aktorer/ny", member_, FormBody(SampleProfile("m"), false)).result(), status::forbidden);
  EXPECT_EQ(Stored(own_).profile.summary.sv, SampleProfile("own").summary.sv);
}

TEST_P(ActorRoutesTest, AnEditorCreatesAnActorThroughTheForm) {
  ActorProfile p = SampleProfile("by-form");
  p.name = {"Formulärets förening", "The Form Association"};
  web::Response res = Call(verb::post, "/aktorer/ny", editor_, FormBody(p, true));
  ASSERT_EQ(res.result(), status::see_other) << res.body();
  std::smatch m;
  std::string location = Location(res);
  ASSERT_TRUE(std::regex_match(location, m, std::regex(R"(/aktorer/(\d+)\?sparat=1)"))) << location;
  Actor stored = Stored(std::stoll(m[1]));
  EXPECT_EQ(stored.profile.name, p.name);
  EXPECT_EQ(stored.profile.language, Language::kSwedish);
  EXPECT_EQ(stored.profile.external_id, "by-form");
  EXPECT_EQ(LastAuditUser(), 11);

  // The profile offers the editor the edit link, and a member not.
  std::string profile = "/aktorer/" + m[1].str();
  EXPECT_NE(Call(verb::get, profile, editor_).body().find(profile + "/redigera"), std::string::npos);
  EXPECT_EQ(Call(verb::get, profile, member_).body().find(profile + "/redigera"), std::string::npos);
}

TEST_P(ActorRoutesTest, AFailedPostShowsTheFormAgainWithWhatWasTyped) {
  ActorProfile p;
  p.name.en = "Only English";
  p.website = "not a web address";
  p.org_number = "556016-0681";  // wrong check digit
  std::string body = FormBody(p, true);
  size_t founded = body.find("&founded=&");
  ASSERT_NE(founded, std::string::npos);
  body.replace(founded, 10, "&founded=19x&");
  web::Response res = Call(verb::post, "/aktorer/ny", editor_, body);
  EXPECT_EQ(res.result(), status::unprocessable_entity);
  const std::string& html = res.body();
  EXPECT_NE(html.find(R"(value="Only English")"), std::string::npos);
  EXPECT_NE(html.find(R"(value="19x")"), std::string::npos);
  EXPECT_NE(html.find(R"(value="556016-0681")"), std::string::npos);
  for (const char* field : {"sector", "website", "org_number", "founded"}) {
    EXPECT_NE(html.find(std::string(R"(href="#field-)") + field + "\""), std::string::npos) << field;
  }
  // A taken external id comes back beside its field.
  res = Call(verb::post, "/aktorer/ny", editor_, FormBody(SampleProfile("own"), true));
  EXPECT_EQ(res.result(), status::conflict);
  EXPECT_NE(res.body().find(R"(href="#field-external_id")"), std::string::npos);
}

TEST_P(ActorRoutesTest, ARepresentativeEditsTheirOwnAndKeepsTheEditorsFields) {
  ActorProfile changed = Stored(own_).profile;
  changed.summary = {"Vi har ändrat oss.", "We changed."};
  changed.alliance_member = false;  // would need an editor: the representative's form does not send it
  std::string edit = "/aktorer/" + std::to_string(own_) + "/redigera";
  web::Response res = Call(verb::post, edit, representative_, FormBody(changed, true));
  ASSERT_EQ(res.result(), status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/aktorer/" + std::to_string(own_) + "?sparat=1");
  Actor stored = Stored(own_);
  EXPECT_EQ(stored.profile.summary, changed.summary);
  EXPECT_TRUE(stored.profile.alliance_member);
  EXPECT_EQ(stored.profile.external_id, "own");
  EXPECT_EQ(LastAuditUser(), 21);

  EXPECT_NE(Call(verb::get, "/aktorer/" + std::to_string(own_), representative_).body().find(edit),
            std::string::npos);
  EXPECT_EQ(Call(verb::get, "/aktorer/" + std::to_string(other_), representative_).body().find("/redigera"),
            std::string::npos);
}

TEST_P(ActorRoutesTest, TheApiCreatesWithTheWriteScope) {
  json body = ProfileToJson(SampleProfile("api-1"));
  // The alliance keeps the membership: an actor is not created as a member.
  web::Response member = Json(verb::post, "/api/v1/actors", editor_, body);
  EXPECT_EQ(member.result(), status::unprocessable_entity);
  EXPECT_NE(member.body().find("\"alliance_member\""), std::string::npos) << member.body();
  EXPECT_NE(member.body().find("\"member_since\""), std::string::npos) << member.body();
  body["alliance_member"] = false;
  body["member_since"] = nullptr;
  EXPECT_EQ(Json(verb::post, "/api/v1/actors", Principal{}, body).result(), status::unauthorized);
  EXPECT_EQ(Json(verb::post, "/api/v1/actors", member_, body).result(), status::forbidden);
  EXPECT_EQ(Json(verb::post, "/api/v1/actors", representative_, body).result(), status::forbidden);
  EXPECT_EQ(Json(verb::post, "/api/v1/actors", WithToken(editor_, {"read"}), body).result(), status::forbidden);

  web::Response res = Json(verb::post, "/api/v1/actors", WithToken(editor_, {"read", "write"}), body);
  ASSERT_EQ(res.result(), status::created) << res.body();
  json created = json::parse(res.body());
  EXPECT_EQ(created["external_id"], "api-1");
  EXPECT_EQ(Location(res), "/api/v1/actors/" + std::to_string(created["id"].get<int64_t>()));
  EXPECT_EQ(LastAuditUser(), 11);

  res = Json(verb::post, "/api/v1/actors", editor_, body);
  EXPECT_EQ(res.result(), status::conflict);
  json invalid = body;
  invalid["external_id"] = "api-2";
  invalid["sector"] = "government";
  invalid["sdgs"] = {3, 18};
  res = Json(verb::post, "/api/v1/actors", editor_, invalid);
  EXPECT_EQ(res.result(), status::unprocessable_entity);
  EXPECT_NE(res.body().find("\"sector\""), std::string::npos) << res.body();
  res = Json(verb::post, "/api/v1/actors", editor_, json{{"name", 5}});
  EXPECT_EQ(res.result(), status::unprocessable_entity);
}

TEST_P(ActorRoutesTest, TheApiReplacesForEditorsAndTheActorsOwnRepresentatives) {
  std::string own_path = "/api/v1/actors/" + std::to_string(own_);
  std::string other_path = "/api/v1/actors/" + std::to_string(other_);
  json body = ProfileToJson(Stored(own_).profile);
  body["summary"] = {{"sv", "Via API."}, {"en", "Through the API."}};
  EXPECT_EQ(Json(verb::put, own_path, Principal{}, body).result(), status::unauthorized);
  EXPECT_EQ(Json(verb::put, own_path, member_, body).result(), status::forbidden);
  EXPECT_EQ(Json(verb::put, other_path, representative_, body).result(), status::forbidden);
  EXPECT_EQ(Json(verb::put, own_path, WithToken(representative_, {"read"}), body).result(), status::forbidden);

  web::Response res = Json(verb::put, own_path, WithToken(representative_, {"write"}), body);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(json::parse(res.body())["summary"]["en"], "Through the API.");
  EXPECT_EQ(LastAuditUser(), 21);

  // The alliance keeps the membership: a change is refused for everyone, with field errors.
  json alliance = body;
  alliance["alliance_member"] = false;
  for (const Principal& who : {representative_, editor_}) {
    res = Json(verb::put, own_path, who, alliance);
    EXPECT_EQ(res.result(), status::unprocessable_entity);
    EXPECT_NE(res.body().find("\"alliance_member\""), std::string::npos) << res.body();
    EXPECT_TRUE(Stored(own_).profile.alliance_member);
  }
  // Left out, it stays as stored; the external id is the editors'.
  json without = body;
  without.erase("alliance_member");
  without.erase("member_since");
  without["summary"] = {{"sv", "Utan medlemskap."}, {"en", "Without membership."}};
  res = Json(verb::put, own_path, representative_, without);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_TRUE(Stored(own_).profile.alliance_member);
  EXPECT_EQ(Stored(own_).profile.member_since, "2023-02-15");

  res = Json(verb::put, other_path, editor_, without);
  EXPECT_EQ(res.result(), status::conflict);  // the body's external id is own's
  without["external_id"] = "renamed-other";
  res = Json(verb::put, other_path, representative_, without);
  EXPECT_EQ(res.result(), status::forbidden);
  res = Json(verb::put, other_path, editor_, without);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(Stored(other_).profile.external_id, "renamed-other");
  EXPECT_TRUE(Stored(other_).profile.alliance_member);
  EXPECT_EQ(Json(verb::put, "/api/v1/actors/999", editor_, without).result(), status::not_found);
}

INSTANTIATE_TEST_SUITE_P(Engines, ActorRoutesTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::actors
