// WidgetControllerTest: the example controller running against a fresh fake, on either door:
// FakeClientset (in-process) or TestServer (loopback HTTP), the same test body for both. The
// fake is seeded with the namespaces fixture and fixtures/default/widgets.yaml (the Widget CRD
// and the Widgets `small` and `large` in namespace demo, or with SeedWidgets() false only the
// CRD); the controller runs, on the fake's FakeClock unless a test says otherwise, until the
// test ends.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "kubefake/testing/either_door.h"
#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/fixtures.h"
#include "kubefake/testing/matchers.h"
#include "object_waiter.h"
#include "widget.h"
#include "widget_controller.h"

namespace example {

using kubefake::testkit::FakeClientset;
using kubefake::testkit::FakeClientsetOptions;

inline const kubefake::api::GroupVersionResource kDeploymentsResource{"apps", "v1", "deployments"};
inline const kubefake::api::GroupVersionResource kServicesResource{"", "v1", "services"};

using kubefake::testkit::ClientsetDoor;

// Both doors: INSTANTIATE_TEST_SUITE_P(Doors, T, Doors(), DoorName).
inline auto Doors() { return testing::ValuesIn(kubefake::testkit::ClientsetDoors()); }
using kubefake::testkit::DoorName;

class WidgetControllerTest : public testing::TestWithParam<ClientsetDoor> {
 protected:
  // Whether `small` and `large` exist from the start.
  virtual bool SeedWidgets() const { return true; }

  void SetUp() override {
    FakeClientsetOptions options{.fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml"}};
    const std::filesystem::path widgets = KUBEFAKE_FIXTURES_DIR "/default/widgets.yaml";
    if (SeedWidgets()) {
      options.fixtures.push_back(widgets);
    } else {
      auto read = kubefake::testkit::ReadFixtures({&widgets, 1});
      ASSERT_THAT(read, kubefake::testkit::IsOk());
      for (const kubefake::testkit::Fixture& fixture : *read) {
        if (fixture.object["kind"] == "CustomResourceDefinition") {
          options.objects.push_back(fixture.object);
        }
      }
    }
    auto fake = GetParam().make(std::move(options));
    ASSERT_THAT(fake, kubefake::testkit::IsOk());
    fake_ = std::move(*fake);
    waiter_ = std::make_unique<ObjectWaiter>(fake_->Server());
  }

  // Stops the controller before the fake goes away.
  void TearDown() override {
    runner_ = {};
    EXPECT_THAT(run_result_, kubefake::testkit::IsOk());
  }

  // Runs the controller on its own thread, over the fake's door, on `clock` (by default the
  // fake's FakeClock).
  void StartController(WidgetControllerOptions options = {},
                       std::shared_ptr<kubefake::api::Clock> clock = nullptr) {
    if (clock == nullptr) clock = fake_->SharedClock();
    auto controller = WidgetController::New(fake_->Config(), std::move(clock), std::move(options));
    ASSERT_THAT(controller, kubefake::testkit::IsOk());
    controller_ = std::move(*controller);
    runner_ = std::jthread([this](std::stop_token stop) {
      run_result_ =
          controller_->Run(stop, std::chrono::steady_clock::now() + std::chrono::seconds(30));
    });
  }

  kubefake::client::DynamicResource Widgets() const {
    return fake_->Dynamic().Resource(kWidgets).Namespace("demo");
  }

  static nlohmann::json Widget(const std::string& name, int size) {
    return {{"apiVersion", "example.com/v1"},
            {"kind", "Widget"},
            {"metadata", {{"name", name}, {"namespace", "demo"}}},
            {"spec", {{"size", size}}}};
  }

  // Creates the widget and waits until the controller has reconciled it fully: finalizer,
  // children and status written.
  void CreateAndWaitForChildren(const std::string& name, int size) {
    ASSERT_THAT(Widgets().Create(Widget(name, size)), kubefake::testkit::IsOk());
    ASSERT_TRUE(waiter_->Until(kServicesResource, "demo", name, {}));
    ASSERT_TRUE(waiter_->Until(kWidgets, "demo", name,
                               {kubefake::testkit::FinalizerCheck(kCleanupFinalizer),
                                kubefake::testkit::YamlCheck("status: {ready: false}")}));
  }

  std::unique_ptr<FakeClientset> fake_;
  std::unique_ptr<ObjectWaiter> waiter_;
  std::unique_ptr<WidgetController> controller_;
  kubefake::Result<void> run_result_;
  std::jthread runner_;
};

}  // namespace example
