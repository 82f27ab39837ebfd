// Concurrency checks: optimistic locking on resourceVersion and name collisions.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

Verdict StaleResourceVersionIsAConflict(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("stale", {{"a", "1"}}));
  if (!created) return created.error();
  const std::string path = context.CorePath("configmaps", "stale");
  nlohmann::json first = *created;
  first["data"]["a"] = "2";
  Step<nlohmann::json> updated = Expect(context.Rest().Put().AbsPath(path).Body(first).Do(), 200,
                                        "PUT with the current resourceVersion");
  if (!updated) return updated.error();
  nlohmann::json stale = *created;
  stale["data"]["a"] = "3";
  client::RestResult result = context.Rest().Put().AbsPath(path).Body(stale).Do();
  if (auto failed = ExpectError(
          result, 409, "Conflict",
          "Operation cannot be fulfilled on configmaps \"stale\": the object has been modified; "
          "please apply your changes to the latest version and try again")) {
    return *failed;
  }
  const auto& details = result.error()->details();
  if (!details || details->name != "stale" || details->kind != "configmaps") {
    return Failed("details {name: stale, kind: configmaps}", context.LastResponse().body);
  }
  return Passed();
}

Verdict PatchWithAStaleResourceVersionIsAConflict(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("pre", {{"a", "1"}}));
  if (!created) return created.error();
  const std::string path = context.CorePath("configmaps", "pre");
  Step<nlohmann::json> unconditional = ExpectMergePatch(context, path, R"({"data":{"a":"2"}})",
                                                        "merge patch without a resourceVersion");
  if (!unconditional) return unconditional.error();
  const nlohmann::json stale = {
      {"metadata", {{"resourceVersion", Meta(*created, "resourceVersion")}}},
      {"data", {{"a", "3"}}}};
  return ExpectError(
             context.Rest().Patch(client::PatchType::kMerge).AbsPath(path).Body(stale.dump()).Do(),
             409, "Conflict")
      .value_or(Passed());
}

Verdict CreateOfAnExistingNameIsAlreadyExists(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("twice"));
  if (!created) return created.error();
  return ExpectError(context.Rest()
                         .Post()
                         .AbsPath(context.CorePath("configmaps"))
                         .Body(ConfigMap("twice"))
                         .Do(),
                     409, "AlreadyExists", "configmaps \"twice\" already exists")
      .value_or(Passed());
}

}  // namespace

std::vector<ServerCheck> ConcurrencyChecks() {
  return {
      {"concurrency", "update with a stale resourceVersion is 409 Conflict with the exact message",
       "R3.2, R5.4", StaleResourceVersionIsAConflict},
      {"concurrency", "a patch's metadata.resourceVersion is a precondition", "R3.6",
       PatchWithAStaleResourceVersionIsAConflict},
      {"concurrency", "create of an existing name is 409 AlreadyExists", "R3.1, R5.4",
       CreateOfAnExistingNameIsAlreadyExists},
  };
}

}  // namespace kubefake::testkit::conformance
