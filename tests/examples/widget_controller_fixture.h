// WidgetControllerTest: the example controller running against a fresh fake, on either door:
// FakeClientset (in-process) or TestServer (loopback HTTP), the same test body for both. The
// fake is seeded with the namespaces fixture and fixtures/default/widgets.yaml (the Widget CRD
// and the Widgets `small` and `large` in namespace demo); the controller runs on the fake's
// FakeClock until the test ends.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "kubefake/testing/fake_clientset.h"
#include "kubefake/testing/matchers.h"
#include "kubefake/testing/test_server.h"
#include "object_waiter.h"
#include "widget.h"
#include "widget_controller.h"

namespace example {

using kubefake::testkit::FakeClientset;
using kubefake::testkit::FakeClientsetOptions;

inline const kubefake::api::GroupVersionResource kDeploymentsResource{"apps", "v1",
                                                                      "deployments"};
inline const kubefake::api::GroupVersionResource kServicesResource{"", "v1", "services"};

struct Door {
  const char* name;
  std::function<kubefake::Result<std::unique_ptr<FakeClientset>>(FakeClientsetOptions)> make;
};

inline void PrintTo(const Door& door, std::ostream* os) { *os << door.name; }

inline auto Doors() {
  return testing::Values(
      Door{"FakeClientset",
           [](FakeClientsetOptions options) { return FakeClientset::New(std::move(options)); }},
      Door{"TestServer",
           [](FakeClientsetOptions options) -> kubefake::Result<std::unique_ptr<FakeClientset>> {
             auto server = kubefake::testkit::TestServer::New(std::move(options));
             if (!server) return kubefake::Fail(server.error());
             return std::unique_ptr<FakeClientset>(std::move(*server));
           }});
}

inline std::string DoorName(const testing::TestParamInfo<Door>& info) { return info.param.name; }

class WidgetControllerTest : public testing::TestWithParam<Door> {
 protected:
  void SetUp() override {
    auto fake = GetParam().make({.fixtures = {KUBEFAKE_FIXTURES_DIR "/default/namespaces.yaml",
                                              KUBEFAKE_FIXTURES_DIR "/default/widgets.yaml"}});
    ASSERT_THAT(fake, kubefake::testkit::IsOk());
    fake_ = std::move(*fake);
    waiter_ = std::make_unique<ObjectWaiter>(fake_->Server());
  }

  // Stops the controller before the fake goes away.
  void TearDown() override {
    runner_ = {};
    EXPECT_THAT(run_result_, kubefake::testkit::IsOk());
  }

  // Runs the controller on its own thread, over the fake's door, on the fake's clock.
  void StartController(WidgetControllerOptions options = {}) {
    auto controller = WidgetController::New(fake_->Config(), fake_->SharedClock(), std::move(options));
    ASSERT_THAT(controller, kubefake::testkit::IsOk());
    controller_ = std::move(*controller);
    runner_ = std::jthread([this](std::stop_token stop) {
      run_result_ = controller_->Run(stop, std::chrono::steady_clock::now() + std::chrono::seconds(30));
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
