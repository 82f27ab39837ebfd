// The scale subresource of custom resources (R3.4, R10.5): the Scale is read from and written
// to the CRD version's specReplicasPath, statusReplicasPath and labelSelectorPath, with the
// apiextensions ScaleREST's errors and the custom resource's validation.
#include <gmock/gmock.h>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

const std::string kWidgetScale = std::string(kWidget) + "/scale";

class CrdScaleTest : public CrdTest {
 protected:
  void SetUp() override { CreateWidgetCrd(); }

  // Creates w1 with `spec` and sets its status through /status.
  nlohmann::json CreateWidget(const nlohmann::json& spec, const nlohmann::json& status = nullptr) {
    nlohmann::json widget = Expect(201, "POST", kWidgets, Widget("w1", spec));
    if (status.is_null()) return widget;
    widget["status"] = status;
    return Expect(200, "PUT", std::string(kWidget) + "/status", widget);
  }

  Response MergePatchScale(const nlohmann::json& patch) {
    return Send("PATCH", kWidgetScale, patch, {}, "application/merge-patch+json");
  }
};

TEST_P(CrdScaleTest, GetReadsTheReplicasPaths) {  // R3.4
  const nlohmann::json widget = CreateWidget({{"size", 1}, {"replicas", 3}}, {{"replicas", 2}});
  const nlohmann::json scale = Expect(200, "GET", kWidgetScale);
  EXPECT_EQ(scale["apiVersion"], "autoscaling/v1");
  EXPECT_EQ(scale["kind"], "Scale");
  EXPECT_EQ(scale["metadata"]["name"], "w1");
  EXPECT_EQ(scale["metadata"]["namespace"], "default");
  EXPECT_EQ(scale["metadata"]["uid"], widget["metadata"]["uid"]);
  EXPECT_EQ(scale["metadata"]["resourceVersion"], widget["metadata"]["resourceVersion"]);
  EXPECT_EQ(scale["spec"]["replicas"], 3);
  EXPECT_EQ(scale["status"], nlohmann::json({{"replicas", 2}})) << "no labelSelectorPath";
}

TEST_P(CrdScaleTest, GetWithoutSpecReplicasAnswers500) {  // R3.4
  CreateWidget({{"size", 1}});
  const nlohmann::json status = Expect(500, "GET", kWidgetScale);
  EXPECT_EQ(status["reason"], "InternalError");
  EXPECT_EQ(status["message"],
            "Internal error occurred: the spec replicas field \".spec.replicas\" does not exist");
}

TEST_P(CrdScaleTest, SelectorComesFromTheLabelSelectorPath) {  // R3.4
  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  nlohmann::json& version = crd["spec"]["versions"][0];
  version["subresources"]["scale"]["labelSelectorPath"] = ".status.selector";
  version["schema"]["openAPIV3Schema"]["properties"]["status"]["properties"]["selector"] = {
      {"type", "string"}};
  Expect(200, "PUT", kWidgetCrd, crd);
  CreateWidget({{"size", 1}, {"replicas", 1}}, {{"selector", "app=web"}});
  EXPECT_EQ(Expect(200, "GET", kWidgetScale)["status"],
            nlohmann::json({{"replicas", 0}, {"selector", "app=web"}}));
}

TEST_P(CrdScaleTest, PutWritesSpecReplicasAndBumpsGeneration) {  // R3.4
  const nlohmann::json widget = CreateWidget({{"size", 1}, {"replicas", 1}});
  const nlohmann::json scale = Expect(200, "PUT", kWidgetScale,
                                      {{"apiVersion", "autoscaling/v1"},
                                       {"kind", "Scale"},
                                       {"metadata", {{"name", "w1"}, {"namespace", "default"}}},
                                       {"spec", {{"replicas", 5}}}});
  EXPECT_EQ(scale["spec"]["replicas"], 5);
  const nlohmann::json updated = Expect(200, "GET", kWidget);
  EXPECT_EQ(updated["spec"]["replicas"], 5);
  EXPECT_EQ(updated["spec"]["size"], 1);
  EXPECT_EQ(updated["metadata"]["generation"], 2);
  EXPECT_EQ(scale["metadata"]["resourceVersion"], updated["metadata"]["resourceVersion"]);
  EXPECT_NE(updated["metadata"]["resourceVersion"], widget["metadata"]["resourceVersion"]);
}

TEST_P(CrdScaleTest, MergePatchSetsMissingReplicas) {  // R3.4, as kubectl scale sends it
  CreateWidget({{"size", 1}});
  const Response response = MergePatchScale({{"spec", {{"replicas", 4}}}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Json(response)["spec"]["replicas"], 4);
  EXPECT_EQ(Expect(200, "GET", kWidget)["spec"]["replicas"], 4);
}

TEST_P(CrdScaleTest, APatchThatLeavesReplicasUnsetAnswers400) {  // R3.4
  CreateWidget({{"size", 1}});
  const Response response = MergePatchScale({{"metadata", {{"labels", {{"a", "b"}}}}}});
  ASSERT_EQ(response.status, 400) << response.body;
  EXPECT_EQ(Json(response)["message"],
            "the spec replicas field \".spec.replicas\" cannot be empty");
}

TEST_P(CrdScaleTest, NegativeReplicasAreInvalidOnTheCustomKind) {  // R3.4, R10.8
  CreateWidget({{"size", 1}, {"replicas", 1}});
  const Response response = MergePatchScale({{"spec", {{"replicas", -1}}}});
  ASSERT_EQ(response.status, 422) << response.body;
  const nlohmann::json status = Json(response);
  EXPECT_EQ(status["details"]["kind"], "Widget");
  EXPECT_EQ(status["message"],
            "Widget.example.com \"w1\" is invalid: .spec.replicas: Invalid value: -1: should be "
            "a non-negative integer");
  EXPECT_EQ(Expect(200, "GET", kWidget)["spec"]["replicas"], 1);
}

TEST_P(CrdScaleTest, TheMainEndpointChecksTheReplicasPathsToo) {  // R10.8
  const nlohmann::json status =
      Expect(422, "POST", kWidgets, Widget("w1", {{"size", 1}, {"replicas", -2}}));
  EXPECT_THAT(Causes(status),
              testing::ElementsAre(".spec.replicas: Invalid value: -2: should be a non-negative "
                                   "integer"));
}

TEST_P(CrdScaleTest, AStaleResourceVersionConflicts) {  // R3.4
  const nlohmann::json widget = CreateWidget({{"size", 1}, {"replicas", 1}});
  nlohmann::json scale = Expect(200, "GET", kWidgetScale);
  Expect(200, "PUT", kWidgetScale, scale);  // unchanged: the stored version stays
  nlohmann::json patched = widget;
  patched["spec"]["size"] = 2;
  Expect(200, "PUT", kWidget, patched);
  scale["spec"]["replicas"] = 2;
  const nlohmann::json status = Expect(409, "PUT", kWidgetScale, scale);
  EXPECT_EQ(status["reason"], "Conflict");
  EXPECT_EQ(Expect(200, "GET", kWidget)["spec"]["replicas"], 1);
}

TEST_P(CrdScaleTest, StrategicMergePatchIsUnsupported) {  // R10.10
  CreateWidget({{"size", 1}, {"replicas", 1}});
  EXPECT_EQ(Send("PATCH", kWidgetScale, {{"spec", {{"replicas", 2}}}}, {},
                 "application/strategic-merge-patch+json")
                .status,
            415);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CrdScaleTest);

}  // namespace
}  // namespace kubefake::fakeserver
