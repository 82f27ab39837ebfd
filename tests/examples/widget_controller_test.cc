// The example controller against the fake, each test on both doors (in-process and HTTP) with
// the same body: a Widget gets an owned Deployment and Service and the cleanup finalizer,
// scaling and readiness flow through, deletion removes the children and then the Widget, and
// the creations are reported as Events.
#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "widget_controller_fixture.h"

namespace example {
namespace {

using kubefake::client::PatchType;
using kubefake::testkit::FinalizerCheck;
using kubefake::testkit::IsOk;
using kubefake::testkit::OwnerCheck;
using kubefake::testkit::YamlCheck;

TEST_P(WidgetControllerTest, AWidgetGetsAControlledDeploymentAndServiceAndTheFinalizer) {
  StartController();
  ASSERT_THAT(Widgets().Create(Widget("w", 2)), IsOk());

  const auto controlled_by_w = YamlCheck(R"(
    metadata:
      labels: {example.com/widget: w}
      ownerReferences: [{apiVersion: example.com/v1, kind: Widget, name: w, controller: true,
                         blockOwnerDeletion: true}])");
  EXPECT_TRUE(waiter_->Until(kDeploymentsResource, "demo", "w", {controlled_by_w, YamlCheck(R"(
    spec:
      replicas: 2
      selector: {matchLabels: {example.com/widget: w}}
      template:
        metadata: {labels: {example.com/widget: w}}
        spec: {containers: [{name: widget, image: registry.k8s.io/pause:3.10}]})")}));
  EXPECT_TRUE(waiter_->Until(
      kServicesResource, "demo", "w",
      {controlled_by_w, YamlCheck("spec: {selector: {example.com/widget: w}, "
                                  "ports: [{name: http, port: 80, targetPort: 8080}]}")}));
  // No pods run in the fake: the Deployment reports none ready (status written via /status).
  EXPECT_TRUE(waiter_->Until(
      kWidgets, "demo", "w",
      {FinalizerCheck(kCleanupFinalizer), YamlCheck("status: {replicas: 0, ready: false}")}));
}

TEST_P(WidgetControllerTest, WidgetsThatExistAtStartAreReconciled) {
  StartController();
  // fixtures/default/widgets.yaml: small (size 1) and large (size 5).
  EXPECT_TRUE(waiter_->Until(kDeploymentsResource, "demo", "small",
                             {OwnerCheck("Widget", "small"), YamlCheck("spec: {replicas: 1}")}));
  EXPECT_TRUE(waiter_->Until(kDeploymentsResource, "demo", "large",
                             {OwnerCheck("Widget", "large"), YamlCheck("spec: {replicas: 5}")}));
}

TEST_P(WidgetControllerTest, SpecReplicasOverridesSizeAndScalesTheDeployment) {
  StartController();
  CreateAndWaitForChildren("w", 2);
  ASSERT_THAT(Widgets().Patch("w", PatchType::kMerge, R"({"spec": {"replicas": 4}})"), IsOk());
  EXPECT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w", {YamlCheck("spec: {replicas: 4}")}));
  ASSERT_THAT(Widgets().Patch("w", PatchType::kMerge, R"({"spec": {"replicas": null}})"), IsOk());
  EXPECT_TRUE(
      waiter_->Until(kDeploymentsResource, "demo", "w", {YamlCheck("spec: {replicas: 2}")}));
}

TEST_P(WidgetControllerTest, TheWidgetIsReadyOnceItsDeploymentHasEveryReplicaReady) {
  StartController();
  CreateAndWaitForChildren("w", 2);
  // The fake runs no deployment controller: the test reports the pods as it would.
  auto& deployments = fake_->Clientset().AppsV1().Deployments("demo");
  auto deployment = deployments.Get("w");
  ASSERT_THAT(deployment, IsOk());
  deployment->status.emplace().replicas = 2;
  deployment->status->ready_replicas = 1;
  ASSERT_THAT(deployments.UpdateStatus(*deployment), IsOk());
  ASSERT_TRUE(
      waiter_->Until(kWidgets, "demo", "w", {YamlCheck("status: {replicas: 2, ready: false}")}));

  deployment = deployments.Get("w");
  ASSERT_THAT(deployment, IsOk());
  deployment->status->ready_replicas = 2;
  ASSERT_THAT(deployments.UpdateStatus(*deployment), IsOk());
  EXPECT_TRUE(
      waiter_->Until(kWidgets, "demo", "w", {YamlCheck("status: {replicas: 2, ready: true}")}));
}

TEST_P(WidgetControllerTest, DeletingTheWidgetDeletesItsChildrenThenReleasesTheFinalizer) {
  StartController();
  CreateAndWaitForChildren("w", 2);
  // The finalizer holds the Widget (R4.3) until the controller has deleted the children and
  // removed it; then the Widget goes (R4.6).
  ASSERT_THAT(Widgets().Delete("w"), IsOk());
  EXPECT_TRUE(waiter_->UntilAbsent(kWidgets, "demo", "w"));
  fake_->Server().Settle();  // whatever the garbage collector had left to do is done
  EXPECT_THAT(fake_->Clientset().AppsV1().Deployments("demo").Get("w"),
              kubefake::testkit::ErrorIs(kubefake::api::Reason::kNotFound));
  EXPECT_THAT(fake_->Dynamic().Resource(kServicesResource).Namespace("demo").Get("w"),
              kubefake::testkit::ErrorIs(kubefake::api::Reason::kNotFound));
}

TEST_P(WidgetControllerTest, CreatingTheChildrenIsReportedAsEvents) {
  // An Event is named <regarding name>.<nanoseconds of its time in hex>: on a FakeClock that
  // stands still, the Service's Event would get the Deployment's name and be refused as
  // AlreadyExists (dropped, as client-go drops it). On a real clock their times differ.
  StartController({}, std::make_shared<kubefake::api::RealClock>());
  CreateAndWaitForChildren("w", 2);  // the status is written after both Events
  auto events =
      fake_->Dynamic().Resource({"events.k8s.io", "v1", "events"}).Namespace("demo").List();
  ASSERT_THAT(events, IsOk());
  std::vector<std::string> notes;
  for (const nlohmann::json& event : (*events)["items"]) {
    if (event["regarding"].value("name", "") != "w") continue;
    EXPECT_EQ(event.value("reason", ""), "Created");
    EXPECT_EQ(event.value("reportingController", ""), "widget-controller");
    notes.push_back(event.value("note", "") + " (related " +
                    event.value(nlohmann::json::json_pointer("/related/kind"), "") + ")");
  }
  EXPECT_THAT(notes, testing::UnorderedElementsAre("Created Deployment w (related Deployment)",
                                                   "Created Service w (related Service)"));
}

INSTANTIATE_TEST_SUITE_P(Doors, WidgetControllerTest, Doors(), DoorName);

}  // namespace
}  // namespace example
