// The Reconciler alone, with every collaborator a StrictMock: the exact calls one pass makes
// for a new Widget, a Widget without the finalizer, a Widget being deleted, a Widget whose
// status write conflicts, and a Deployment of the same name that another owner controls.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubefake/client/kubernetes/typed/apps/v1.h"
#include "kubefake/client/kubernetes/typed/core/v1.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/mock_clientset.h"
#include "kubefake/testing/mock_resource_interface.h"
#include "mock_widget_store.h"
#include "reconciler.h"
#include "widget.h"

namespace example {
namespace {

using kubefake::Fail;
using kubefake::api::apps::v1::Deployment;
using kubefake::api::apps::v1::DeploymentList;
using kubefake::api::core::v1::ObjectReference;
using kubefake::api::core::v1::Service;
using kubefake::api::core::v1::ServiceList;
using kubefake::client::record::EventSpec;
using kubefake::testkit::ErrorIs;
using kubefake::testkit::HasFinalizer;
using kubefake::testkit::HasOwner;
using kubefake::testkit::IsOk;
using kubefake::testkit::MatchesYaml;
using testing::_;
using testing::AllOf;
using testing::Field;
using testing::InSequence;
using testing::Not;
using testing::Return;
using testing::ReturnArg;
using testing::StrictMock;

const kubefake::api::GroupResource kDeploymentsGr{"apps", "deployments"};
const kubefake::api::GroupResource kServicesGr{"", "services"};

nlohmann::json WidgetW(nlohmann::json metadata_extra = nlohmann::json::object()) {
  nlohmann::json widget = {
      {"apiVersion", "example.com/v1"},
      {"kind", "Widget"},
      {"metadata",
       {{"name", "w"}, {"namespace", "demo"}, {"uid", "uid-w"}, {"resourceVersion", "7"}}},
      {"spec", {{"size", 2}, {"replicas", 3}}}};
  widget["metadata"].update(metadata_extra);
  return widget;
}

const nlohmann::json kFinalized = {{"finalizers", {kCleanupFinalizer}}};

auto WriteOptionsOfTheController() {
  return Field(&kubefake::client::CreateOptions::field_manager, "widget-controller");
}

class ReconcilerMockTest : public testing::Test {
 protected:
  ReconcilerMockTest()
      : reconciler_(
            widgets_, clientset_,
            [this](const EventSpec& spec) -> kubefake::Result<void> {
              events_.push_back(spec);
              return {};
            },
            "widget-controller") {
    clientset_.Install("demo", deployments_);
    clientset_.Install("demo", services_);
  }

  StrictMock<MockWidgetStore> widgets_;
  StrictMock<kubefake::testkit::MockScalableResourceInterface<Deployment, DeploymentList>>
      deployments_;
  StrictMock<kubefake::testkit::MockResourceInterface<Service, ServiceList>> services_;
  kubefake::testkit::MockClientset clientset_;
  std::vector<EventSpec> events_;
  Reconciler reconciler_;
};

TEST_F(ReconcilerMockTest, ANewWidgetGetsItsDeploymentServiceEventsAndStatus) {
  InSequence in_order;
  EXPECT_CALL(widgets_, Get("demo", "w")).WillOnce(Return(WidgetW(kFinalized)));
  EXPECT_CALL(deployments_, Get("w", _))
      .WillOnce(Return(Fail(kubefake::api::NewNotFound(kDeploymentsGr, "w"))));
  // spec.replicas (3) wins over spec.size (2).
  EXPECT_CALL(deployments_, Create(AllOf(HasOwner("Widget", "w"), MatchesYaml(R"(
                metadata:
                  name: w
                  namespace: demo
                  ownerReferences: [{apiVersion: example.com/v1, kind: Widget, name: w,
                                     uid: uid-w, controller: true, blockOwnerDeletion: true}]
                spec:
                  replicas: 3
                  selector: {matchLabels: {example.com/widget: w}}
                  template: {metadata: {labels: {example.com/widget: w}}})")),
                                   WriteOptionsOfTheController()))
      .WillOnce(ReturnArg<0>());
  EXPECT_CALL(services_, Get("w", _))
      .WillOnce(Return(Fail(kubefake::api::NewNotFound(kServicesGr, "w"))));
  EXPECT_CALL(services_, Create(AllOf(HasOwner("Widget", "w"),
                                      MatchesYaml("spec: {ports: [{port: 80, targetPort: 8080}]}")),
                                WriteOptionsOfTheController()))
      .WillOnce(ReturnArg<0>());
  EXPECT_CALL(widgets_, UpdateStatus(MatchesYaml("status: {replicas: 0, ready: false}")))
      .WillOnce(ReturnArg<0>());

  EXPECT_THAT(reconciler_.Reconcile("demo/w"), IsOk());
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[0].reason, "Created");
  EXPECT_EQ(events_[0].note, "Created Deployment w");
  EXPECT_EQ(events_[0].regarding.uid, "uid-w");
  EXPECT_EQ(events_[0].related.value_or(ObjectReference{}).kind, "Deployment");
  EXPECT_EQ(events_[1].note, "Created Service w");
  EXPECT_THAT(clientset_.UnmockedRequests(), testing::IsEmpty());
}

TEST_F(ReconcilerMockTest, TheFirstPassAddsTheFinalizerBeforeAnythingElse) {
  EXPECT_CALL(widgets_, Get("demo", "w")).WillOnce(Return(WidgetW()));
  // The update fails: nothing else may happen in this pass.
  EXPECT_CALL(widgets_, Update(HasFinalizer(kCleanupFinalizer)))
      .WillOnce(Return(Fail(kubefake::api::NewConflict({"example.com", "widgets"}, "w", "stale"))));
  EXPECT_THAT(reconciler_.Reconcile("demo/w"), ErrorIs(kubefake::api::Reason::kConflict));
}

TEST_F(ReconcilerMockTest, AWidgetBeingDeletedLosesItsChildrenThenItsFinalizer) {
  InSequence in_order;
  EXPECT_CALL(widgets_, Get("demo", "w"))
      .WillOnce(Return(WidgetW(
          {{"finalizers", {kCleanupFinalizer}}, {"deletionTimestamp", "2026-09-21T14:13:20Z"}})));
  EXPECT_CALL(deployments_, Delete("w", _)).WillOnce(Return(kubefake::Result<void>{}));
  // Already gone is fine.
  EXPECT_CALL(services_, Delete("w", _))
      .WillOnce(Return(Fail(kubefake::api::NewNotFound(kServicesGr, "w"))));
  EXPECT_CALL(widgets_, Update(Not(HasFinalizer(kCleanupFinalizer)))).WillOnce(ReturnArg<0>());
  EXPECT_THAT(reconciler_.Reconcile("demo/w"), IsOk());
}

TEST_F(ReconcilerMockTest, AStatusConflictFailsThePassSoItIsRequeued) {
  Deployment existing = DesiredDeployment(WidgetW());
  Service service = DesiredService(WidgetW());
  EXPECT_CALL(widgets_, Get("demo", "w")).WillOnce(Return(WidgetW(kFinalized)));
  EXPECT_CALL(deployments_, Get("w", _)).WillOnce(Return(existing));  // replicas already 3
  EXPECT_CALL(services_, Get("w", _)).WillOnce(Return(service));
  EXPECT_CALL(widgets_, UpdateStatus(_))
      .WillOnce(Return(Fail(kubefake::api::NewConflict({"example.com", "widgets"}, "w", "stale"))));
  EXPECT_THAT(reconciler_.Reconcile("demo/w"), ErrorIs(kubefake::api::Reason::kConflict));
  EXPECT_TRUE(events_.empty());
}

TEST_F(ReconcilerMockTest, ADeploymentControlledBySomethingElseIsLeftAlone) {
  Deployment foreign = DesiredDeployment(WidgetW());
  foreign.metadata->owner_references->front().uid = "someone-else";
  EXPECT_CALL(widgets_, Get("demo", "w")).WillOnce(Return(WidgetW(kFinalized)));
  EXPECT_CALL(deployments_, Get("w", _)).WillOnce(Return(foreign));
  EXPECT_THAT(reconciler_.Reconcile("demo/w"), ErrorIs(kubefake::api::Reason::kConflict));
}

TEST_F(ReconcilerMockTest, AWidgetThatIsGoneNeedsNothing) {
  EXPECT_CALL(widgets_, Get("demo", "w"))
      .WillOnce(Return(Fail(kubefake::api::NewNotFound({"example.com", "widgets"}, "w"))));
  EXPECT_THAT(reconciler_.Reconcile("demo/w"), IsOk());
}

}  // namespace
}  // namespace example
