// Subresource checks: /status writes only status and the main endpoint only the rest; /scale
// reads and writes a Deployment's replicas as an autoscaling/v1 Scale.
#include "check_steps.h"

namespace kubefake::testkit::conformance {
namespace {

Verdict StatusSubresourceSplitsTheObject(CheckContext& context) {
  const std::string path = DeploymentsPath(context) + "/split";
  Step<nlohmann::json> created = Expect(
      context.Rest().Post().AbsPath(DeploymentsPath(context)).Body(IdleDeployment("split")).Do(),
      201, "POST deployment");
  if (!created) return created.error();
  Step<nlohmann::json> main = ExpectMergePatch(context, path, R"({"status":{"collisionCount":7}})",
                                               "status change on the main endpoint");
  if (!main) return main.error();
  const nlohmann::json none = nlohmann::json::object();
  if (main->value("status", none).value("collisionCount", 0) == 7) {
    return Failed("status ignored on the main endpoint", main->value("status", none).dump());
  }
  Step<nlohmann::json> status = Expect(
      context.Rest()
          .Patch(client::PatchType::kMerge)
          .AbsPath(path)
          .SubResource("status")
          .Body(std::string(R"({"spec":{"minReadySeconds":9},"status":{"collisionCount":7}})"))
          .Do(),
      200, "PATCH /status");
  if (!status) return status.error();
  if (status->value("status", none).value("collisionCount", 0) != 7 ||
      (*status)["spec"].value("minReadySeconds", 0) == 9 ||
      Meta(*status, "generation") != Meta(*created, "generation")) {
    return Failed("status.collisionCount 7, spec unchanged and generation " +
                      Meta(*created, "generation") + " after PATCH /status",
                  "collisionCount " +
                      status->value("status", none).value("collisionCount", none).dump() +
                      ", minReadySeconds " +
                      (*status)["spec"].value("minReadySeconds", nlohmann::json()).dump() +
                      ", generation " + Meta(*status, "generation"));
  }
  Step<nlohmann::json> read =
      Expect(context.Rest().Get().AbsPath(path).SubResource("status").Do(), 200, "GET /status");
  if (!read) return read.error();
  if (read->value("kind", "") != "Deployment") {
    return Failed("GET /status answers the whole Deployment", read->value("kind", ""));
  }
  return Passed();
}

Verdict ScaleSubresourceReadsAndWritesReplicas(CheckContext& context) {
  const std::string path = DeploymentsPath(context) + "/scaled";
  Step<nlohmann::json> created = Expect(
      context.Rest().Post().AbsPath(DeploymentsPath(context)).Body(IdleDeployment("scaled")).Do(),
      201, "POST deployment");
  if (!created) return created.error();
  Step<nlohmann::json> scale =
      Expect(context.Rest().Get().AbsPath(path).SubResource("scale").Do(), 200, "GET /scale");
  if (!scale) return scale.error();
  if (scale->value("kind", "") != "Scale" || scale->value("apiVersion", "") != "autoscaling/v1" ||
      scale->value("spec", nlohmann::json::object()).value("replicas", 0) != 0 ||
      Meta(*scale, "uid") != Meta(*created, "uid") ||
      (*scale)["status"].value("selector", "") != "app=scaled") {
    return Failed(
        "autoscaling/v1 Scale with spec.replicas 0 (omitted when 0), the parent's uid, "
        "selector app=scaled",
        scale->dump());
  }
  // Unconditional (no resourceVersion): a cluster's deployment controller may have written the
  // Deployment's status since the GET.
  nlohmann::json wanted = *scale;
  wanted["spec"]["replicas"] = 1;
  wanted["metadata"].erase("resourceVersion");
  Step<nlohmann::json> written = Expect(
      context.Rest().Put().AbsPath(path).SubResource("scale").Body(wanted).Do(), 200, "PUT /scale");
  if (!written) return written.error();
  if (written->value("kind", "") != "Scale" || (*written)["spec"].value("replicas", -1) != 1) {
    return Failed("a Scale with spec.replicas 1", written->dump());
  }
  Step<nlohmann::json> parent =
      Expect(context.Rest().Get().AbsPath(path).Do(), 200, "GET deployment");
  if (!parent) return parent.error();
  if ((*parent)["spec"].value("replicas", -1) != 1 || Meta(*parent, "generation") != "2") {
    return Failed("the Deployment at spec.replicas 1, generation 2",
                  (*parent)["spec"].value("replicas", nlohmann::json()).dump() + ", generation " +
                      Meta(*parent, "generation"));
  }
  nlohmann::json stale = *scale;  // the resourceVersion read before the PUT
  stale["spec"]["replicas"] = 3;
  return ExpectError(context.Rest().Put().AbsPath(path).SubResource("scale").Body(stale).Do(), 409,
                     "Conflict")
      .value_or(Passed());
}

}  // namespace

std::vector<ServerCheck> SubresourceChecks() {
  return {
      {"subresources", "/status writes only status, the main endpoint ignores status", "R3.3",
       StatusSubresourceSplitsTheObject},
      {"subresources", "/scale is an autoscaling/v1 Scale; writing it sets spec.replicas", "R3.4",
       ScaleSubresourceReadsAndWritesReplicas},
  };
}

}  // namespace kubefake::testkit::conformance
