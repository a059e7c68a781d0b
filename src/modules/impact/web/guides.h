// The guides that teach the impact framework (/effekt/guider/{topic}) and the overview page
// (/effekt). Every form field of the calculators links to the guide, and where useful the
// section of it, that explains the field; the guides link back to the calculators.
//
// The pages are functions of their arguments: no storage, no I/O. Thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modules/impact/domain/proxy_library.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::impact {

enum class GuideTopic {
  kTheoryOfChange,
  kFinancialProxies,
  kDeadweight,
  kDisplacement,
  kAttribution,
  kDropOff,
  kDiscounting,
  kSocioEconomicAccounts,
};

struct Guide {
  GuideTopic topic;
  std::string_view slug;           // the last path segment, e.g. "dodvikt"
  std::string_view template_name;  // e.g. "impact/guides/deadweight"
  const char* title;               // English msgid
  const char* summary;             // English msgid: one sentence for lists
};

// Every guide, in the order they are best read.
std::span<const Guide> Guides();
// The guide with this slug, or nullptr.
const Guide* FindGuide(std::string_view slug);
const Guide& GuideFor(GuideTopic topic);
// "/effekt/guider/dodvikt", or with "#section" when `section` is not empty.
std::string GuideHref(GuideTopic topic, std::string_view section = "");

// /effekt: the framework at a glance, with links to the calculators and the guides.
web::PageView OverviewPage(const web::Request& req, const web::Translator& tr);

// /effekt/guider: the list of guides.
web::PageView GuideIndexPage(const web::Request& req, const web::Translator& tr);

// One guide. `proxies` is the shipped proxy library, listed with its sources on the guide to
// financial proxies; nullptr when it could not be read (the guide then says so).
web::PageView GuidePage(const web::Request& req, const web::Translator& tr, const Guide& guide,
                        const std::vector<FinancialProxy>* proxies);

}  // namespace samverkan::impact
