// Watch checks: resuming from a resourceVersion, its 410 once compacted, bookmarks, WatchList
// (sendInitialEvents with the initial-events-end bookmark) and selector transitions.
#include <set>

#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kInitialEventsEnd = "k8s.io/initial-events-end";

// A WatchList (streaming list) with its initial-events-end bookmark.
const Params kWatchList = {{"sendInitialEvents", "true"},
                           {"resourceVersionMatch", "NotOlderThan"},
                           {"allowWatchBookmarks", "true"}};

// Opens a watch of the check's configmaps; a server without WatchList answers sendInitialEvents
// with 422 (R7.5), which makes the check a SKIP.
Step<std::shared_ptr<client::Watcher>> OpenWatch(CheckContext& context, const Params& params) {
  Result<std::shared_ptr<client::Watcher>> watcher =
      context.Watch(WatchRequest(context, context.CorePath("configmaps"), params));
  if (watcher) return *watcher;
  if (watcher.error().code() == 422 &&
      watcher.error().message().find("sendInitialEvents") != std::string::npos) {
    return std::unexpected(
        Skipped("the server does not serve WatchList: " + watcher.error().message()));
  }
  return std::unexpected(Failed("the watch opens", watcher.error().message()));
}

Verdict WatchFromAResourceVersionReplaysLaterChanges(CheckContext& context) {
  Step<nlohmann::json> a = CreateIn(context, "configmaps", ConfigMap("a"));
  if (!a) return a.error();
  Step<nlohmann::json> modified = ExpectMergePatch(context, context.CorePath("configmaps", "a"),
                                                   R"({"data":{"k":"v"}})", "merge patch of a");
  if (!modified) return modified.error();
  Step<nlohmann::json> b = CreateIn(context, "configmaps", ConfigMap("b"));
  if (!b) return b.error();
  Step<std::shared_ptr<client::Watcher>> watcher =
      OpenWatch(context, {{"resourceVersion", Meta(*a, "resourceVersion")}});
  if (!watcher) return watcher.error();
  Step<client::WatchEvent> first = ExpectEvent(**watcher, "MODIFIED", "of a after its creation");
  if (!first) return first.error();
  if (Meta(first->object, "resourceVersion") != Meta(*modified, "resourceVersion")) {
    return Failed("MODIFIED at " + Meta(*modified, "resourceVersion"),
                  Meta(first->object, "resourceVersion"));
  }
  Step<client::WatchEvent> second = ExpectEvent(**watcher, "ADDED", "of b");
  if (!second) return second.error();
  if (Meta(second->object, "name") != "b") return Failed("ADDED b", Meta(second->object, "name"));
  return Passed();
}

Verdict WatchFromACompactedResourceVersionIsExpired(CheckContext& context) {
  std::string from = "1";
  if (context.CanCompact()) {
    Step<nlohmann::json> old = CreateIn(context, "configmaps", ConfigMap("old"));
    if (!old) return old.error();
    from = Meta(*old, "resourceVersion");
    Step<nlohmann::json> newer = ExpectMergePatch(context, context.CorePath("configmaps", "old"),
                                                  R"({"data":{"k":"v"}})", "merge patch of old");
    if (!newer) return newer.error();
    context.Compact();
  }
  Step<std::shared_ptr<client::Watcher>> watcher = OpenWatch(context, {{"resourceVersion", from}});
  if (!watcher) return watcher.error();
  if (!context.CanCompact()) {
    // Something to see should the server still have history back to resourceVersion 1.
    Step<nlohmann::json> probe = CreateIn(context, "configmaps", ConfigMap("probe"));
    if (!probe) return probe.error();
  }
  Result<std::optional<client::WatchEvent>> event = (*watcher)->Next();
  if (event && *event && !context.CanCompact()) {
    return Skipped(
        "the server still keeps history back to resourceVersion 1 and its compaction "
        "cannot be forced from here");
  }
  if (event) {
    return Failed("an ERROR event with 410 Expired",
                  *event ? (*event)->type + " event" : "the end of the watch");
  }
  if (event.error().code() != 410 || event.error().reason_string() != "Expired" ||
      !event.error().message().starts_with("too old resource version: " + from)) {
    return Failed("410 Expired: too old resource version: " + from + " (...)",
                  std::to_string(event.error().code()) + " " + event.error().reason_string() +
                      ": " + event.error().message());
  }
  return Passed();
}

Verdict BookmarksCarryOnlyTheResourceVersion(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("marked", {{"k", "v"}}));
  if (!created) return created.error();
  Step<std::shared_ptr<client::Watcher>> watcher = OpenWatch(context, kWatchList);
  if (!watcher) return watcher.error();
  Result<std::optional<client::WatchEvent>> event;
  do {
    event = (*watcher)->Next();
  } while (event && *event && (*event)->type == "ADDED");
  if (!event || !*event || (*event)->type != "BOOKMARK") {
    return Failed("a BOOKMARK after the initial ADDED events", !event   ? event.error().message()
                                                               : *event ? (*event)->type
                                                                        : "the end");
  }
  const nlohmann::json& bookmark = (*event)->object;
  if (bookmark.value("kind", "") != "ConfigMap" || bookmark.value("apiVersion", "") != "v1" ||
      bookmark.contains("data") || RvNumber(bookmark) < RvNumber(*created)) {
    return Failed("{kind: ConfigMap, apiVersion: v1, metadata.resourceVersion >= " +
                      Meta(*created, "resourceVersion") + "} and no data",
                  bookmark.dump());
  }
  return Passed();
}

Verdict NoBookmarksWithoutAllowWatchBookmarks(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("first"));
  if (!created) return created.error();
  Step<std::shared_ptr<client::Watcher>> watcher =
      OpenWatch(context, {{"sendInitialEvents", "true"}, {"resourceVersionMatch", "NotOlderThan"}});
  if (!watcher) return watcher.error();
  // The initial ADDED events (the cluster may add kube-root-ca.crt), then the later create's.
  Step<nlohmann::json> second = CreateIn(context, "configmaps", ConfigMap("second"));
  if (!second) return second.error();
  while (true) {
    Step<client::WatchEvent> event = ExpectEvent(**watcher, "ADDED", "up to second's, no BOOKMARK");
    if (!event) return event.error();
    if (Meta(event->object, "name") == "second") return Passed();
  }
}

Verdict WatchListEndsTheInitialEventsWithABookmark(CheckContext& context) {
  for (const char* name : {"x", "y"}) {
    Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap(name));
    if (!created) return created.error();
  }
  Step<std::shared_ptr<client::Watcher>> watcher = OpenWatch(context, kWatchList);
  if (!watcher) return watcher.error();
  std::set<std::string> added;
  while (true) {
    Result<std::optional<client::WatchEvent>> event = (*watcher)->Next();
    if (!event || !*event) {
      return Failed("ADDED x and y, then the initial-events-end BOOKMARK",
                    event ? "the end of the watch" : event.error().message());
    }
    if ((*event)->type == "ADDED") {
      added.insert(Meta((*event)->object, "name"));
      continue;
    }
    const nlohmann::json annotations = (*event)
                                           ->object.value("metadata", nlohmann::json::object())
                                           .value("annotations", nlohmann::json::object());
    if ((*event)->type != "BOOKMARK" ||
        annotations.value(std::string(kInitialEventsEnd), "") != "true") {
      return Failed("a BOOKMARK annotated k8s.io/initial-events-end: \"true\"",
                    (*event)->type + " " + (*event)->object.dump());
    }
    if (!added.contains("x") || !added.contains("y")) {
      return Failed("ADDED x and y before the bookmark", std::to_string(added.size()) + " ADDED");
    }
    return Passed();
  }
}

Verdict ObjectLeavingTheSelectorIsDeleted(CheckContext& context) {
  Step<nlohmann::json> created =
      CreateIn(context, "configmaps", ConfigMap("mover", nlohmann::json::object(), {{"app", "a"}}));
  if (!created) return created.error();
  Step<std::shared_ptr<client::Watcher>> watcher = OpenWatch(
      context,
      {{"resourceVersion", Meta(*created, "resourceVersion")}, {"labelSelector", "app=a"}});
  if (!watcher) return watcher.error();
  Step<nlohmann::json> moved =
      ExpectMergePatch(context, context.CorePath("configmaps", "mover"),
                       R"({"metadata":{"labels":{"app":"b"}}})", "merge patch of mover");
  if (!moved) return moved.error();
  Step<client::WatchEvent> left = ExpectEvent(**watcher, "DELETED", "when the label leaves app=a");
  if (!left) return left.error();
  if (Meta(left->object, "name") != "mover" ||
      Meta(left->object, "resourceVersion") != Meta(*moved, "resourceVersion")) {
    return Failed(
        "DELETED mover at the change's resourceVersion " + Meta(*moved, "resourceVersion"),
        Meta(left->object, "name") + " at " + Meta(left->object, "resourceVersion"));
  }
  Step<nlohmann::json> back =
      ExpectMergePatch(context, context.CorePath("configmaps", "mover"),
                       R"({"metadata":{"labels":{"app":"a"}}})", "merge patch of mover");
  if (!back) return back.error();
  Step<client::WatchEvent> returned = ExpectEvent(**watcher, "ADDED", "when the label returns");
  if (!returned) return returned.error();
  return Passed();
}

}  // namespace

std::vector<ServerCheck> WatchChecks() {
  return {
      {"watch", "watch from a resourceVersion replays exactly the later changes", "R7.4",
       WatchFromAResourceVersionReplaysLaterChanges},
      {"watch", "watch from a compacted resourceVersion is an ERROR event 410 Expired",
       "R7.4, R5.5", WatchFromACompactedResourceVersionIsExpired},
      {"watch", "a BOOKMARK carries kind, apiVersion and a current resourceVersion only", "R7.7",
       BookmarksCarryOnlyTheResourceVersion},
      {"watch", "no BOOKMARK without allowWatchBookmarks", "R7.7",
       NoBookmarksWithoutAllowWatchBookmarks},
      {"watch", "WatchList: initial ADDED events end with the initial-events-end bookmark", "R7.6",
       WatchListEndsTheInitialEventsWithABookmark},
      {"watch", "an object leaving a label selector is DELETED, returning is ADDED", "R7.9",
       ObjectLeavingTheSelectorIsDeleted},
  };
}

}  // namespace kubefake::testkit::conformance
