// Patch checks: JSON patch, merge patch, strategic merge patch (lists merged by key) and apply
// patch, and which of them create a missing object.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

client::RestResult PatchConfigMap(CheckContext& context, client::PatchType type,
                                  const std::string& name, std::string body) {
  client::RestRequest request = context.Rest()
                                    .Patch(type)
                                    .AbsPath(context.CorePath("configmaps", name))
                                    .Body(std::move(body));
  if (type == client::PatchType::kApply) request.Param("fieldManager", "kubefake-conformance");
  return request.Do();
}

Verdict JsonPatchAppliesOperations(CheckContext& context) {
  Step<nlohmann::json> created = CreateIn(context, "configmaps", ConfigMap("json", {{"a", "1"}}));
  if (!created) return created.error();
  Step<nlohmann::json> patched =
      Expect(PatchConfigMap(
                 context, client::PatchType::kJson, "json",
                 R"([{"op":"test","path":"/data/a","value":"1"},)"
                 R"({"op":"add","path":"/data/b","value":"2"},{"op":"remove","path":"/data/a"}])"),
             200, "JSON patch");
  if (!patched) return patched.error();
  if ((*patched)["data"] != nlohmann::json{{"b", "2"}}) {
    return Failed(R"(data {"b":"2"})", (*patched)["data"].dump());
  }
  client::RestResult failed_test = PatchConfigMap(
      context, client::PatchType::kJson, "json", R"([{"op":"test","path":"/data/b","value":"9"}])");
  if (failed_test.status_code() != 422) {
    return Failed("422 for a failing test operation", Describe(failed_test));
  }
  return Passed();
}

Verdict MergePatchMergesAndNullDeletes(CheckContext& context) {
  Step<nlohmann::json> created =
      CreateIn(context, "configmaps", ConfigMap("merge", {{"a", "1"}, {"b", "2"}}));
  if (!created) return created.error();
  Step<nlohmann::json> patched = Expect(
      PatchConfigMap(context, client::PatchType::kMerge, "merge", R"({"data":{"a":null,"c":"3"}})"),
      200, "merge patch");
  if (!patched) return patched.error();
  const nlohmann::json expected = {{"b", "2"}, {"c", "3"}};
  if ((*patched)["data"] != expected) return Failed(expected.dump(), (*patched)["data"].dump());
  return Passed();
}

Verdict StrategicMergePatchMergesListsByKey(CheckContext& context) {
  nlohmann::json deployment = IdleDeployment("smp");
  deployment["spec"]["template"]["spec"]["containers"].push_back(
      {{"name", "side"}, {"image", "registry.k8s.io/pause:3.9"}});
  const std::string path = DeploymentsPath(context);
  Step<nlohmann::json> created =
      Expect(context.Rest().Post().AbsPath(path).Body(deployment).Do(), 201, "POST deployment");
  if (!created) return created.error();
  Step<nlohmann::json> patched = Expect(
      context.Rest()
          .Patch(client::PatchType::kStrategicMerge)
          .AbsPath(path + "/smp")
          .Body(std::string(
              R"({"spec":{"template":{"spec":{"containers":[{"name":"side","image":"registry.k8s.io/pause:3.10"}]}}}})"))
          .Do(),
      200, "strategic merge patch");
  if (!patched) return patched.error();
  const nlohmann::json& containers = (*patched)["spec"]["template"]["spec"]["containers"];
  if (containers.size() != 2 || containers[0].value("name", "") != "main" ||
      containers[1].value("image", "") != "registry.k8s.io/pause:3.10") {
    return Failed("containers main and side, side's image replaced (merged by name)",
                  containers.dump());
  }
  return Passed();
}

Verdict OnlyApplyCreatesAMissingObject(CheckContext& context) {
  for (const auto type :
       {client::PatchType::kJson, client::PatchType::kMerge, client::PatchType::kStrategicMerge}) {
    const std::string body = type == client::PatchType::kJson
                                 ? R"([{"op":"add","path":"/data","value":{}}])"
                                 : R"({"data":{"a":"1"}})";
    client::RestResult result = PatchConfigMap(context, type, "absent", body);
    if (auto failed = ExpectError(result, 404, "NotFound", "configmaps \"absent\" not found")) {
      return Failed(std::string(client::PatchContentType(type)) + " on a missing object: 404",
                    Describe(result));
    }
  }
  Step<nlohmann::json> applied = Expect(
      PatchConfigMap(
          context, client::PatchType::kApply, "absent",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"absent"},"data":{"a":"1"}})"),
      201, "apply of a missing object");
  if (!applied) return applied.error();
  return Passed();
}

}  // namespace

std::vector<ServerCheck> PatchChecks() {
  return {
      {"patch", "JSON patch applies test, add and remove; a failing test is 422", "R8.1, R8.2",
       JsonPatchAppliesOperations},
      {"patch", "merge patch merges maps and null deletes a key", "R8.3",
       MergePatchMergesAndNullDeletes},
      {"patch", "strategic merge patch merges containers by name", "R8.5",
       StrategicMergePatchMergesListsByKey},
      {"patch", "only apply creates a missing object; the other patch types are 404", "R3.5",
       OnlyApplyCreatesAMissingObject},
  };
}

}  // namespace kubefake::testkit::conformance
