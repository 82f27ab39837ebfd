// Dry-run checks: dryRun=All runs a write through and stores nothing.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

Verdict DryRunCreateStoresNothing(CheckContext& context) {
  Step<nlohmann::json> created = Expect(context.Rest()
                                            .Post()
                                            .AbsPath(context.CorePath("configmaps"))
                                            .Param("dryRun", "All")
                                            .Body(ConfigMap("dry", {{"a", "1"}}))
                                            .Do(),
                                        201, "dry-run create");
  if (!created) return created.error();
  if (Meta(*created, "uid").empty() || Meta(*created, "creationTimestamp").empty() ||
      !Meta(*created, "resourceVersion").empty()) {
    return Failed("the would-be object: uid and creationTimestamp set, resourceVersion empty",
                  (*created)["metadata"].dump());
  }
  return ExpectError(context.Rest().Get().AbsPath(context.CorePath("configmaps", "dry")).Do(), 404,
                     "NotFound")
      .value_or(Passed());
}

Verdict DryRunUpdateAndDeleteChangeNothing(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("kept", {{"a", "1"}}));
  if (!created) return created.error();
  const std::string path = context.CorePath("configmaps", "kept");
  nlohmann::json changed = *created;
  changed["data"]["a"] = "2";
  Step<nlohmann::json> updated =
      Expect(context.Rest().Put().AbsPath(path).Param("dryRun", "All").Body(changed).Do(), 200,
             "dry-run update");
  if (!updated) return updated.error();
  if ((*updated)["data"].value("a", "") != "2" ||
      Meta(*updated, "resourceVersion") != Meta(*created, "resourceVersion")) {
    return Failed("the would-be object with data.a 2 and the current resourceVersion",
                  (*updated).dump());
  }
  Step<nlohmann::json> deleted = Expect(
      context.Rest().Delete().AbsPath(path).Param("dryRun", "All").Do(), 200, "dry-run delete");
  if (!deleted) return deleted.error();
  Step<nlohmann::json> stored = Expect(context.Rest().Get().AbsPath(path).Do(), 200, "GET after");
  if (!stored) return stored.error();
  if ((*stored)["data"].value("a", "") != "1" ||
      Meta(*stored, "resourceVersion") != Meta(*created, "resourceVersion")) {
    return Failed("the object unchanged (data.a 1, resourceVersion " +
                      Meta(*created, "resourceVersion") + ")",
                  (*stored).dump());
  }
  return Passed();
}

}  // namespace

std::vector<ServerCheck> DryRunChecks() {
  return {
      {"dryrun", "dry-run create answers the would-be object and stores nothing", "R3.8",
       DryRunCreateStoresNothing},
      {"dryrun", "dry-run update and delete leave the stored object unchanged", "R3.8",
       DryRunUpdateAndDeleteChangeNothing},
  };
}

}  // namespace kubefake::testkit::conformance
