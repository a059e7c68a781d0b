#include "web/router.h"

#include <gtest/gtest.h>

namespace samverkan::web {
namespace {

Route Make(http::verb v, std::string pattern, std::string name) {
  Route r;
  r.method = v;
  r.pattern = std::move(pattern);
  r.name = std::move(name);
  r.handler = [](Request&) { return Response{}; };
  return r;
}

TEST(RouterTest, MatchesParametersAndPrefersLiterals) {
  Router router;
  router.Add(Make(http::verb::get, "/actors/{id}", "actors.show"));
  router.Add(Make(http::verb::get, "/actors/new", "actors.new"));
  router.Add(Make(http::verb::post, "/actors", "actors.create"));
  auto m = router.Match(http::verb::get, "/actors/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->name, "actors.show");
  EXPECT_EQ(m.params["id"], "42");
  EXPECT_EQ(router.Match(http::verb::get, "/actors/new").route->name, "actors.new");
  EXPECT_EQ(router.Match(http::verb::head, "/actors/1").route->name, "actors.show");
}

TEST(RouterTest, DistinguishesNotFoundFromWrongMethod) {
  Router router;
  router.Add(Make(http::verb::post, "/actors", "actors.create"));
  auto wrong = router.Match(http::verb::get, "/actors");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.path_matched);
  auto missing = router.Match(http::verb::get, "/nothing");
  EXPECT_FALSE(missing.path_matched);
  EXPECT_EQ(router.Match(http::verb::post, "/actors/").route, nullptr);
}

TEST(RouterTest, RefusesDuplicatesAndUndocumentedApiRoutes) {
  Router router;
  router.Add(Make(http::verb::get, "/a", "a"));
  EXPECT_THROW(router.Add(Make(http::verb::get, "/a", "a2")), std::logic_error);
  EXPECT_THROW(router.Add(Make(http::verb::get, "/api/v1/x", "x")), std::logic_error);
}

}  // namespace
}  // namespace samverkan::web
