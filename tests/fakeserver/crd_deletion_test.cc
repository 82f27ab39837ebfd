// Deleting a CustomResourceDefinition (R4.10, R10.2): the cleanup finalizer and the
// Terminating condition, custom objects deleted with their finalizers honoured, creates
// refused while the CRD terminates, and the CRD and its endpoints gone at the end.
#include <gmock/gmock.h>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kCleanupFinalizer[] = "customresourcecleanup.apiextensions.k8s.io";
const std::string kWidget1 = std::string(kWidgets) + "/w1";
const std::string kWidget2 = std::string(kWidgets) + "/w2";

class CrdDeletionTest : public CrdTest {
 protected:
  void SetUp() override { CreateWidgetCrd(); }

  // Creates w1, held by a finalizer of its own, and w2, free to go.
  void CreateHeldAndFreeWidgets() {
    nlohmann::json held = Widget("w1", {{"size", 1}});
    held["metadata"]["finalizers"] = {"example.com/hold"};
    Expect(201, "POST", kWidgets, held);
    Expect(201, "POST", kWidgets, Widget("w2", {{"size", 1}}));
  }
};

TEST_P(CrdDeletionTest, DeleteMarksTheCrdForCleanup) {  // R4.10
  const nlohmann::json crd = Expect(200, "DELETE", kWidgetCrd);
  EXPECT_EQ(crd["kind"], "CustomResourceDefinition");
  EXPECT_TRUE(crd["metadata"].contains("deletionTimestamp"));
  EXPECT_FALSE(crd["metadata"].contains("deletionGracePeriodSeconds"));
  EXPECT_EQ(crd["metadata"]["finalizers"], nlohmann::json({kCleanupFinalizer}));
  const nlohmann::json terminating = ConditionOf(crd, "Terminating");
  EXPECT_EQ(terminating["status"], "True");
  EXPECT_EQ(terminating["reason"], "InstanceDeletionPending");
  EXPECT_EQ(terminating["message"],
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin "
            "soon");
  Expect(404, "GET", kWidgetCrd);  // nothing held it: the finalizer controller finished
}

TEST_P(CrdDeletionTest, ObjectsWithFinalizersHoldTheTerminatingCrd) {  // R4.10
  CreateHeldAndFreeWidgets();
  Expect(200, "DELETE", kWidgetCrd);

  const nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  EXPECT_EQ(crd["metadata"]["finalizers"], nlohmann::json({kCleanupFinalizer}));
  const nlohmann::json terminating = ConditionOf(crd, "Terminating");
  EXPECT_EQ(terminating["status"], "True");
  EXPECT_EQ(terminating["reason"], "InstanceDeletionInProgress");
  EXPECT_EQ(terminating["message"], "CustomResource deletion is in progress");
  Expect(404, "GET", kWidget2);
  nlohmann::json held = Expect(200, "GET", kWidget1);
  EXPECT_TRUE(held["metadata"].contains("deletionTimestamp"));

  const nlohmann::json discovery = Expect(200, "GET", "/apis/example.com/v1");
  EXPECT_EQ(discovery["resources"][0]["verbs"],
            nlohmann::json({"delete", "deletecollection", "get", "list", "watch"}));

  held["metadata"].erase("finalizers");
  Expect(200, "PUT", kWidget1, held);  // updates still work; the last finalizer goes
  Expect(404, "GET", kWidget1);
  Expect(404, "GET", kWidgetCrd);
  Expect(404, "GET", "/apis/example.com/v1");
  Expect(404, "GET", kWidgets);
}

TEST_P(CrdDeletionTest, CreatesAreRefusedWhileTheCrdTerminates) {  // R4.10
  CreateHeldAndFreeWidgets();
  Expect(200, "DELETE", kWidgetCrd);
  const nlohmann::json status = Expect(405, "POST", kWidgets, Widget("w3", {{"size", 1}}));
  EXPECT_EQ(status["reason"], "MethodNotAllowed");
  EXPECT_EQ(status["message"],
            "create not allowed while custom resource definition is terminating");
  EXPECT_EQ(status["details"]["kind"], "widgets");
  EXPECT_EQ(status["details"]["group"], "example.com");
}

TEST_P(CrdDeletionTest, ASecondDeleteKeepsWaiting) {  // R4.3, R4.10
  CreateHeldAndFreeWidgets();
  Expect(200, "DELETE", kWidgetCrd);
  const nlohmann::json again = Expect(200, "DELETE", kWidgetCrd);
  EXPECT_EQ(again["metadata"]["finalizers"], nlohmann::json({kCleanupFinalizer}));
  Expect(200, "GET", kWidgetCrd);
}

TEST_P(CrdDeletionTest, ACrdNeverEstablishedGoesAtOnce) {  // R4.10
  nlohmann::json gadgets = WidgetCrd();
  gadgets["metadata"]["name"] = "gadgets.example.com";
  gadgets["spec"]["names"] = {{"plural", "gadgets"}, {"kind", "Widget"}};
  Expect(201, "POST", kCrds, gadgets);
  const std::string path = std::string(kCrds) + "/gadgets.example.com";
  EXPECT_EQ(ConditionOf(Expect(200, "GET", path), "Established")["status"], "False");
  Expect(200, "DELETE", path);
  Expect(404, "GET", path);
}

TEST_P(CrdDeletionTest, ObjectsOutliveACrdWhoseFinalizerIsRemovedByHand) {  // R4.10
  CreateHeldAndFreeWidgets();
  Expect(200, "DELETE", kWidgetCrd);
  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  crd["metadata"]["finalizers"] = nlohmann::json::array();
  Expect(200, "PUT", kWidgetCrd, crd);
  Expect(404, "GET", kWidgetCrd);
  CreateWidgetCrd();
  const nlohmann::json list = Expect(200, "GET", kWidgets);
  ASSERT_EQ(list["items"].size(), 1u) << "the held object stayed in storage, as in etcd";
  EXPECT_EQ(list["items"][0]["metadata"]["name"], "w1");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CrdDeletionTest);

}  // namespace
}  // namespace kubefake::fakeserver
