// The real kubectl changing things through `kubefake serve`: label, annotate, patch, scale,
// client-side apply, status, cascading deletion, namespace termination and custom resources
// (C6 of the reference spec; R3.3, R3.4, R4.5, R4.9, R8, R10).
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "kubectl_fixture.h"

namespace kubefake::integration {
namespace {

using testing::AllOf;
using testing::Contains;
using testing::ElementsAre;
using testing::HasSubstr;

constexpr char kGadgetCrd[] = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, minimum: 1}
          status:
            type: object
            properties:
              ready: {type: boolean}
)";

std::string Jsonpath(const std::string& expression) { return "jsonpath=" + expression; }

TEST_P(KubectlTest, LabelAndAnnotateSendMergePatches) {  // R8.3
  EXPECT_EQ(KubectlOk({"label", "deployment", "web", "-n", "demo", "tier=frontend"}),
            "deployment.apps/web labeled\n");
  EXPECT_EQ(KubectlOk({"label", "deployment", "web", "-n", "demo", "app=api", "--overwrite"}),
            "deployment.apps/web labeled\n");
  EXPECT_EQ(KubectlOk({"annotate", "deployment", "web", "-n", "demo", "owner=team-web"}),
            "deployment.apps/web annotated\n");
  EXPECT_EQ(KubectlOk({"label", "deployment", "web", "-n", "demo", "tier-"}),
            "deployment.apps/web unlabeled\n");
  const nlohmann::json metadata = nlohmann::json::parse(
      KubectlOk({"get", "deployment", "web", "-n", "demo", "-o", Jsonpath("{.metadata}")}));
  EXPECT_EQ(metadata["labels"], (nlohmann::json{{"app", "api"}}));
  EXPECT_EQ(metadata["annotations"]["owner"], "team-web");
}

TEST_P(KubectlTest, PatchOfEveryType) {  // R8.2, R8.3, R8.5
  EXPECT_EQ(KubectlOk({"patch", "deployment", "web", "-n", "demo", "--type=json", "-p",
                       R"([{"op":"replace","path":"/spec/replicas","value":4}])"}),
            "deployment.apps/web patched\n");
  KubectlOk({"patch", "deployment", "web", "-n", "demo", "--type=merge", "-p",
             R"({"spec":{"minReadySeconds":5}})"});
  KubectlOk(
      {"patch", "deployment", "web", "-n", "demo", "-p",
       R"({"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}})"});
  const nlohmann::json spec = nlohmann::json::parse(
      KubectlOk({"get", "deployment", "web", "-n", "demo", "-o", Jsonpath("{.spec}")}));
  EXPECT_EQ(spec["replicas"], 4);
  EXPECT_EQ(spec["minReadySeconds"], 5);
  std::vector<std::string> containers;
  for (const nlohmann::json& container : spec["template"]["spec"]["containers"]) {
    containers.push_back(container["name"]);
  }
  EXPECT_THAT(containers, testing::UnorderedElementsAre("nginx", "sidecar"));
  const ProcessResult failed =
      Kubectl({"patch", "deployment", "web", "-n", "demo", "--type=json", "-p",
               R"([{"op":"test","path":"/spec/replicas","value":9}])"});
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_THAT(failed.err, HasSubstr("the server rejected our request due to an error in our "
                                    "request"));
}

TEST_P(KubectlTest, ScaleChangesSpecReplicas) {  // R3.4
  EXPECT_EQ(KubectlOk({"scale", "deployment", "web", "-n", "demo", "--replicas=3"}),
            "deployment.apps/web scaled\n");
  EXPECT_EQ(
      KubectlOk({"get", "deployment", "web", "-n", "demo", "-o", Jsonpath("{.spec.replicas}")}),
      "3");
}

TEST_P(KubectlTest, ScaleChangesACustomResourcesReplicasPath) {  // R3.4, R10.5
  EXPECT_EQ(KubectlOk({"scale", "widget", "small", "-n", "demo", "--replicas=4"}),
            "widget.example.com/small scaled\n");
  EXPECT_EQ(KubectlOk({"get", "widget", "small", "-n", "demo", "-o", Jsonpath("{.spec.replicas}")}),
            "4");
  EXPECT_EQ(
      KubectlOk({"scale", "widget", "small", "-n", "demo", "--current-replicas=4", "--replicas=2"}),
      "widget.example.com/small scaled\n");
  EXPECT_EQ(KubectlOk({"get", "widget", "small", "-n", "demo", "-o", Jsonpath("{.spec.replicas}")}),
            "2");
}

TEST_P(KubectlTest, StatusSubresourcePatchAndTheMainEndpointIgnoringStatus) {  // R3.3
  KubectlOk({"patch", "deployment", "web", "-n", "demo", "--subresource=status", "--type=merge",
             "-p", R"({"status":{"readyReplicas":1}})"});
  KubectlOk({"patch", "deployment", "web", "-n", "demo", "--type=merge", "-p",
             R"({"status":{"readyReplicas":7}})"});
  EXPECT_EQ(KubectlOk({"get", "deployment", "web", "-n", "demo", "-o",
                       Jsonpath("{.status.readyReplicas}")}),
            "1");
}

TEST_P(KubectlTest, WaitForACondition) {
  KubectlOk({"wait", "--for=condition=Available", "deployment/web", "-n", "demo", "--timeout=20s"});
  KubectlOk({"wait", "--for=condition=Ready", "node/worker", "--timeout=20s"});
}

TEST_P(KubectlTest, ClientSideApplyCreatesThenPatches) {  // R8.6
  const std::string v1 =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: demo}\n"
      "data: {a: '1', b: '2'}\n";
  EXPECT_EQ(KubectlOk({"apply", "-f", "-"}, v1), "configmap/applied created\n");
  const std::string v2 =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: demo}\n"
      "data: {a: '1', c: '3'}\n";
  EXPECT_EQ(KubectlOk({"apply", "-f", "-"}, v2), "configmap/applied configured\n");
  EXPECT_EQ(KubectlOk({"apply", "-f", "-"}, v2), "configmap/applied unchanged\n");
  const nlohmann::json data = nlohmann::json::parse(
      KubectlOk({"get", "configmap", "applied", "-n", "demo", "-o", Jsonpath("{.data}")}));
  EXPECT_EQ(data, (nlohmann::json{{"a", "1"}, {"c", "3"}}));
}

TEST_P(KubectlTest, ServerSideApplyOwnsFieldsAndReportsConflicts) {  // R8.7, R8.9
  const std::string mine =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: demo}\n"
      "data: {mode: fast}\n";
  EXPECT_EQ(KubectlOk({"apply", "--server-side", "-f", "-"}, mine),
            "configmap/ssa serverside-applied\n");
  const std::string theirs =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: demo}\n"
      "data: {mode: slow}\n";
  const ProcessResult conflict =
      Kubectl({"apply", "--server-side", "--field-manager=other", "-f", "-"}, theirs);
  EXPECT_NE(conflict.exit_code, 0);
  EXPECT_THAT(conflict.err, AllOf(HasSubstr("conflict with \"kubectl\""), HasSubstr(".data.mode")));
  KubectlOk({"apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-"},
            theirs);
  EXPECT_EQ(KubectlOk({"get", "configmap", "ssa", "-n", "demo", "-o", Jsonpath("{.data.mode}")}),
            "slow");
  const std::string yaml =
      KubectlOk({"get", "configmap", "ssa", "-n", "demo", "-o", "yaml", "--show-managed-fields"});
  EXPECT_THAT(yaml, AllOf(HasSubstr("manager: kubectl"), HasSubstr("manager: other"),
                          HasSubstr("operation: Apply")));
}

TEST_P(KubectlTest, DiffAndServerDryRunChangeNothing) {  // R3.8
  KubectlOk({"apply", "-f", "-"},
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: planned, namespace: demo}\n"
            "data: {a: '1'}\n");
  const std::string changed =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: planned, namespace: demo}\n"
      "data: {a: '2'}\n";
  const ProcessResult diff = Kubectl({"diff", "-f", "-"}, changed);
  EXPECT_EQ(diff.exit_code, 1) << diff.err;  // 1: differences found
  EXPECT_THAT(diff.out, AllOf(HasSubstr("-  a: \"1\""), HasSubstr("+  a: \"2\"")));
  EXPECT_EQ(KubectlOk({"apply", "--dry-run=server", "-f", "-"}, changed),
            "configmap/planned configured (server dry run)\n");
  EXPECT_EQ(KubectlOk({"get", "configmap", "planned", "-n", "demo", "-o", Jsonpath("{.data.a}")}),
            "1");
}

TEST_P(KubectlTest, DeletingADeploymentCascadesAndOrphanKeepsDependents) {  // R4.5
  KubectlOk({"delete", "deployment", "web", "-n", "demo", "--cascade=orphan"});
  const nlohmann::json rs = nlohmann::json::parse(
      KubectlOk({"get", "replicaset", "web-7c9d8b6f5d", "-n", "demo", "-o", "json"}));
  EXPECT_FALSE(rs["metadata"].contains("ownerReferences")) << rs["metadata"].dump();

  KubectlOk({"delete", "replicaset", "web-7c9d8b6f5d", "-n", "demo", "--wait=true"});
  KubectlOk({"wait", "--for=delete", "pod", "-l", "app=web", "-n", "demo", "--timeout=60s"});
  EXPECT_EQ(KubectlOk({"get", "pods", "-n", "demo", "-o", "name"}), "");
}

TEST_P(KubectlTest, DeletingANamespaceRemovesEverythingInIt) {  // R4.9
  EXPECT_EQ(KubectlOk({"delete", "namespace", "demo", "--timeout=60s"}),
            "namespace \"demo\" deleted\n");
  const ProcessResult gone = Kubectl({"get", "namespace", "demo"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_THAT(gone.err, HasSubstr("namespaces \"demo\" not found"));
  EXPECT_EQ(KubectlOk({"get", "all,configmaps,secrets", "-n", "demo", "-o", "name"}), "");
}

TEST_P(KubectlTest, CustomResourcesFromTheirDefinition) {  // R10
  EXPECT_EQ(KubectlOk({"create", "-f", "-"}, kGadgetCrd),
            "customresourcedefinition.apiextensions.k8s.io/gadgets.example.com created\n");
  KubectlOk({"wait", "--for=condition=Established", "crd/gadgets.example.com", "--timeout=20s"});
  EXPECT_EQ(KubectlOk({"create", "-f", "-"},
                      "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: w1, namespace: "
                      "demo}\nspec: {size: 3}\n"),
            "gadget.example.com/w1 created\n");

  const std::vector<std::string> table = Lines(KubectlOk({"get", "gadgets", "-n", "demo"}));
  ASSERT_EQ(table.size(), 2u);
  // With additionalPrinterColumns the table is Name and those columns (R10.9).
  EXPECT_THAT(Cells(table[0]), ElementsAre("NAME", "SIZE"));
  EXPECT_THAT(Cells(table[1]), ElementsAre("w1", "3"));
  EXPECT_EQ(KubectlOk({"get", "gd", "-n", "demo", "-o", "name"}), "gadget.example.com/w1\n");
  EXPECT_THAT(KubectlOk({"get", "all", "-n", "demo", "-o", "name"}),
              HasSubstr("gadget.example.com/w1"));

  std::vector<std::vector<std::string>> resources;
  for (const std::string& line : Lines(KubectlOk({"api-resources", "--api-group=example.com"}))) {
    resources.push_back(Cells(line));
  }
  EXPECT_THAT(resources,
              Contains(ElementsAre("gadgets", "gd", "example.com/v1", "true", "Gadget")));
  EXPECT_THAT(KubectlOk({"explain", "gadget.spec"}), HasSubstr("size\t<integer>"));

  const ProcessResult invalid =
      Kubectl({"create", "-f", "-"},
              "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: w2, namespace: demo}\n"
              "spec: {size: 0}\n");
  EXPECT_NE(invalid.exit_code, 0);
  EXPECT_THAT(invalid.err, HasSubstr("spec.size: Invalid value: 0: spec.size in body should be "
                                     "greater than or equal to 1"));

  EXPECT_EQ(KubectlOk({"delete", "gadget", "w1", "-n", "demo"}),
            "gadget.example.com \"w1\" deleted\n");
  EXPECT_EQ(KubectlOk({"get", "gadgets", "-n", "demo", "-o", "name"}), "");

  KubectlOk({"create", "-f", "-"},
            "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: w3, namespace: demo}\n"
            "spec: {size: 2}\n");
  EXPECT_EQ(KubectlOk({"delete", "crd", "gadgets.example.com", "--timeout=20s"}),
            "customresourcedefinition.apiextensions.k8s.io \"gadgets.example.com\" deleted\n");
  EXPECT_THAT(Kubectl({"get", "crd", "gadgets.example.com"}).err, HasSubstr("NotFound"));
  EXPECT_NE(Kubectl({"get", "gadgets", "-n", "demo"}).exit_code, 0) << "the endpoints went too";
}

// kubectl 1.32+ sends the Deployment in protobuf; replicas is a *int32 there, so 0 stays 0.
TEST_P(KubectlTest, CreateDeploymentWithZeroReplicasKeepsZero) {  // R11.4
  KubectlOk({"create", "deployment", "idle", "--image=nginx", "--replicas=0"});
  EXPECT_EQ(KubectlOk({"get", "deployment", "idle", "-o", Jsonpath("{.spec.replicas}")}), "0");
}

}  // namespace
}  // namespace kubefake::integration
