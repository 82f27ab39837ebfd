// Paging checks: limit and continue over a consistent snapshot, remainingItemCount, and the 410
// of a continue token whose snapshot was compacted.
#include <set>

#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

constexpr std::string_view kExpiredContinue =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter";

Step<nlohmann::json> ListPage(CheckContext& context, int64_t limit, const std::string& token) {
  client::RestRequest request = context.Rest().Get().AbsPath(context.CorePath("configmaps"));
  request.Param("limit", std::to_string(limit));
  if (!token.empty()) request.Param("continue", token);
  return Expect(request.Do(), 200, "list with limit " + std::to_string(limit));
}

Step<int64_t> CreateConfigMaps(CheckContext& context, int count) {
  for (int i = 0; i < count; ++i) {
    Step<nlohmann::json> created =
        CreateIn(context, "configmaps", ConfigMap("page-" + std::to_string(i)));
    if (!created) return std::unexpected(created.error());
  }
  Step<nlohmann::json> all =
      Expect(context.Rest().Get().AbsPath(context.CorePath("configmaps")).Do(), 200, "list");
  if (!all) return std::unexpected(all.error());
  return static_cast<int64_t>((*all)["items"].size());
}

Verdict LimitAndContinuePageThroughASnapshot(CheckContext& context) {
  Step<int64_t> total = CreateConfigMaps(context, 5);
  if (!total) return total.error();
  std::set<std::string> seen;
  std::string token;
  std::string snapshot_rv;
  int64_t listed = 0;
  for (int page = 0; page < *total; ++page) {
    Step<nlohmann::json> list = ListPage(context, 2, token);
    if (!list) return list.error();
    const nlohmann::json& metadata = (*list)["metadata"];
    const std::string rv = metadata.value("resourceVersion", "");
    if (page == 0) {
      snapshot_rv = rv;
      // A write between pages must not show up in later pages.
      Step<nlohmann::json> late = CreateIn(context, "configmaps", ConfigMap("page-late"));
      if (!late) return late.error();
    } else if (rv != snapshot_rv) {
      return Failed("every page at the first page's resourceVersion " + snapshot_rv, rv);
    }
    for (const nlohmann::json& item : (*list)["items"]) seen.insert(Meta(item, "name"));
    listed += static_cast<int64_t>((*list)["items"].size());
    token = metadata.value("continue", "");
    const int64_t remaining = *total - listed;
    if (token.empty() != (remaining == 0)) {
      return Failed(
          "a continue token exactly while items remain (" + std::to_string(remaining) + " left)",
          metadata.dump());
    }
    if (remaining > 0 && metadata.value("remainingItemCount", int64_t{-1}) != remaining) {
      return Failed("remainingItemCount " + std::to_string(remaining), metadata.dump());
    }
    if (remaining == 0) {
      if (metadata.contains("remainingItemCount")) {
        return Failed("no remainingItemCount on the last page", metadata.dump());
      }
      break;
    }
  }
  if (static_cast<int64_t>(seen.size()) != *total || seen.contains("page-late")) {
    return Failed(
        std::to_string(*total) + " distinct items of the snapshot",
        std::to_string(seen.size()) + (seen.contains("page-late") ? " with page-late" : ""));
  }
  return Passed();
}

Verdict ExpiredContinueTokenIsGone(CheckContext& context) {
  if (!context.CanCompact()) {
    return Skipped(
        "the server's compaction cannot be forced from here (a real cluster compacts "
        "etcd every 5 minutes; kubefake when embedded)");
  }
  Step<int64_t> total = CreateConfigMaps(context, 3);
  if (!total) return total.error();
  Step<nlohmann::json> first = ListPage(context, 1, "");
  if (!first) return first.error();
  const std::string token = (*first)["metadata"].value("continue", "");
  Step<nlohmann::json> later = CreateIn(context, "configmaps", ConfigMap("after-snapshot"));
  if (!later) return later.error();
  context.Compact();
  client::RestResult result = context.Rest()
                                  .Get()
                                  .AbsPath(context.CorePath("configmaps"))
                                  .Param("limit", "1")
                                  .Param("continue", token)
                                  .Do();
  const api::Error* error = result.error();
  if (!error || error->code() != 410 || error->reason_string() != "Expired" ||
      !error->message().starts_with(kExpiredContinue)) {
    return Failed("410 Expired: " + std::string(kExpiredContinue) + "...", Describe(result));
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> PagingChecks() {
  return {
      {"paging", "limit and continue page through one snapshot with remainingItemCount",
       "R6.5, R6.6", LimitAndContinuePageThroughASnapshot},
      {"paging", "a continue token of a compacted snapshot is 410 Expired", "R6.7, R5.5",
       ExpiredContinueTokenIsGone},
  };
}

}  // namespace kubefake::testkit::conformance
