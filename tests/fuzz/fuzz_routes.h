// A router with the routes the application registers (src/app/main.cc, src/auth and the
// modules' Register functions, as of this writing), with handlers that do nothing: what the
// fuzz targets match against. Keep it in step when routes are added.
#pragma once

#include <string>
#include <utility>

#include "web/router.h"

namespace samverkan::fuzz {

inline web::Router ApplicationRouter() {
  using web::http::verb;
  // Between routes with as many parameters, the one added first wins.
  const std::pair<verb, const char*> kRoutes[] = {
      {verb::get, "/"},
      {verb::get, "/om"},
      {verb::get, "/integritet"},
      {verb::get, "/healthz"},
      {verb::get, "/readyz"},
      {verb::get, "/metrics"},
      {verb::get, "/favicon.ico"},
      {verb::get, "/static/{file}"},
      {verb::get, "/sdg"},
      {verb::get, "/regioner"},
      {verb::get, "/aktorer"},
      {verb::get, "/aktorer/{id}"},
      {verb::get, "/aktorer/ny"},
      {verb::post, "/aktorer/ny"},
      {verb::get, "/aktorer/{id}/redigera"},
      {verb::post, "/aktorer/{id}/redigera"},
      {verb::get, "/kontakt"},
      {verb::post, "/kontakt"},
      {verb::get, "/kontakt/tack"},
      {verb::get, "/logga-in"},
      {verb::post, "/logga-in"},
      {verb::post, "/logga-ut"},
      {verb::get, "/registrera"},
      {verb::post, "/registrera"},
      {verb::get, "/verifiera"},
      {verb::get, "/glomt-losenord"},
      {verb::post, "/glomt-losenord"},
      {verb::get, "/aterstall-losenord"},
      {verb::post, "/aterstall-losenord"},
      {verb::get, "/konto"},
      {verb::get, "/konto/mina-data"},
      {verb::post, "/konto/profil"},
      {verb::post, "/konto/losenord"},
      {verb::post, "/konto/radera"},
      {verb::post, "/konto/logga-ut-overallt"},
      {verb::post, "/konto/nycklar"},
      {verb::post, "/konto/nycklar/{id}/aterkalla"},
      {verb::get, "/admin/logg"},
      {verb::get, "/admin/logg/export"},
      {verb::get, "/admin/utkorg"},
      {verb::get, "/admin/anvandare"},
      {verb::get, "/admin/anvandare/{id}"},
      {verb::post, "/admin/anvandare/{id}/organisationer"},
      {verb::post, "/admin/anvandare/{id}/roller"},
      {verb::get, "/effekt"},
      {verb::get, "/effekt/sroi"},
      {verb::post, "/effekt/sroi"},
      {verb::get, "/effekt/samhallsekonomi"},
      {verb::post, "/effekt/samhallsekonomi"},
      {verb::get, "/effekt/guider"},
      {verb::get, "/effekt/guider/{topic}"},
      {verb::get, "/framsteg"},
      {verb::get, "/framsteg/ramverk/{framework}"},
      {verb::get, "/framsteg/importera"},
      {verb::post, "/framsteg/importera"},
      {verb::get, "/framsteg/nytt-ramverk"},
      {verb::post, "/framsteg/nytt-ramverk"},
      {verb::get, "/framsteg/{dataset}/rankning"},
      {verb::get, "/framsteg/{dataset}/{region}"},
      {verb::get, "/api/v1/openapi.json"},
      {verb::get, "/api/v1/actors"},
      {verb::post, "/api/v1/actors"},
      {verb::get, "/api/v1/actors/{id}"},
      {verb::put, "/api/v1/actors/{id}"},
      {verb::get, "/api/v1/reference/sdgs"},
      {verb::get, "/api/v1/reference/counties"},
      {verb::get, "/api/v1/reference/municipalities"},
      {verb::get, "/api/v1/reference/sectors"},
      {verb::get, "/api/v1/audit"},
      {verb::post, "/api/v1/messages"},
      {verb::post, "/api/v1/session"},
      {verb::delete_, "/api/v1/session"},
      {verb::get, "/api/v1/me"},
      {verb::get, "/api/v1/me/data"},
      {verb::get, "/api/v1/users"},
      {verb::put, "/api/v1/users/{id}/actors"},
      {verb::put, "/api/v1/users/{id}/roles"},
      {verb::post, "/api/v1/impact/sroi"},
      {verb::post, "/api/v1/impact/socioeconomic"},
      {verb::post, "/api/v1/progress/compute"},
      {verb::get, "/api/v1/progress/frameworks"},
      {verb::get, "/api/v1/progress/frameworks/{framework}"},
      {verb::get, "/api/v1/progress/datasets"},
      {verb::get, "/api/v1/progress/datasets/{dataset}"},
      {verb::get, "/api/v1/progress/datasets/{dataset}/ranking"},
      {verb::get, "/api/v1/progress/datasets/{dataset}/regions/{region}/scorecard"},
  };
  web::Router router;
  for (const auto& [method, pattern] : kRoutes) {
    web::Route route;
    route.method = method;
    route.pattern = pattern;
    route.name = std::string(web::http::to_string(method)) + " " + pattern;
    route.handler = [](web::Request&) { return web::Response(); };
    if (route.pattern.rfind("/api/", 0) == 0) route.api = web::ApiDoc{.summary = "fuzz"};
    router.Add(std::move(route));
  }
  return router;
}

}  // namespace samverkan::fuzz
