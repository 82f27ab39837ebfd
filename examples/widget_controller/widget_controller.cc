// WidgetController: informers and event handlers, the work queue and its workers.
#include "widget_controller.h"

#include <unistd.h>

#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "informer_widget_store.h"
#include "kubefake/api/error.h"
#include "kubefake/client/cache/shared_informer_factory.h"
#include "kubefake/client/clientset.h"
#include "kubefake/client/dynamic_client.h"
#include "kubefake/client/record/event_recorder.h"
#include "kubefake/client/workqueue/default_controller_rate_limiter.h"
#include "kubefake/client/workqueue/rate_limiting_queue.h"
#include "reconciler.h"
#include "widget.h"

namespace example {
namespace {

using kubefake::Fail;
using kubefake::Result;
namespace cache = kubefake::client::cache;

const kubefake::api::GroupVersionResource kDeployments{"apps", "v1", "deployments"};
const kubefake::api::GroupVersionResource kServices{"", "v1", "services"};

// client-go's reporting instance: "<controller>-<hostname>".
std::string ReportingInstance(const std::string& controller) {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) return controller;
  return controller + "-" + host;
}

// The key of the Widget that controls `child`, if one does.
std::optional<std::string> ControllingWidgetKey(const nlohmann::json& child) {
  const nlohmann::json owners = child.value(
      nlohmann::json::json_pointer("/metadata/ownerReferences"), nlohmann::json::array());
  for (const nlohmann::json& owner : owners) {
    if (owner.value("controller", false) && owner.value("kind", "") == "Widget" &&
        owner.value("apiVersion", "").starts_with(kWidgets.group + "/")) {
      return child.value(nlohmann::json::json_pointer("/metadata/namespace"), std::string()) + "/" +
             owner.value("name", "");
    }
  }
  return std::nullopt;
}

}  // namespace

struct WidgetController::State {
  State(std::unique_ptr<kubefake::client::Clientset> clientset_,
        std::shared_ptr<const kubefake::client::DynamicClient> dynamic_,
        std::shared_ptr<kubefake::api::Clock> clock_, WidgetControllerOptions options_)
      : options(std::move(options_)),
        clock(std::move(clock_)),
        clientset(std::move(clientset_)),
        dynamic(std::move(dynamic_)),
        factory(dynamic, clock, {.ns = options.ns, .reflector = options.reflector}),
        widget_informer(factory.ForResource(kWidgets)),
        deployment_informer(factory.ForResource(kDeployments)),
        service_informer(factory.ForResource(kServices)),
        queue(kubefake::client::workqueue::DefaultControllerRateLimiter<std::string>(*clock),
              *clock),
        store(widget_informer.GetIndexer(), dynamic->Resource(kWidgets), options.name),
        recorder(dynamic, clock,
                 {.reporting_controller = options.name,
                  .reporting_instance = ReportingInstance(options.name)}),
        reconciler(
            store, *clientset,
            [this](const kubefake::client::record::EventSpec& spec) {
              return recorder.Event(spec);
            },
            options.name) {}

  // Queues the widget itself, or the widget that controls a child.
  void EnqueueWidget(const cache::ObjectPtr& widget) {
    if (auto key = cache::MetaNamespaceKeyFunc(*widget)) queue.Add(std::move(*key));
  }
  void EnqueueOwner(const cache::ObjectPtr& child) {
    if (auto key = ControllingWidgetKey(*child)) queue.Add(std::move(*key));
  }

  // Adds the handlers; the registrations live as long as the controller.
  Result<void> Watch(cache::SharedIndexInformer& informer,
                     void (State::*enqueue)(const cache::ObjectPtr&)) {
    auto registration = informer.AddEventHandler({
        .on_add = [this, enqueue](const cache::ObjectPtr& object,
                                  bool) { (this->*enqueue)(object); },
        .on_update = [this, enqueue](const cache::ObjectPtr&,
                                     const cache::ObjectPtr& object) { (this->*enqueue)(object); },
        .on_delete = [this, enqueue](const cache::ObjectPtr& object,
                                     bool) { (this->*enqueue)(object); },
    });
    if (!registration) return Fail(registration.error());
    registrations.push_back(std::move(*registration));
    return {};
  }

  // A worker: reconciles keys until the queue shuts down.
  void Work() {
    while (std::optional<std::string> key = queue.Get()) {
      Result<void> reconciled = reconciler.Reconcile(*key);
      if (reconciled) {
        queue.Forget(*key);
      } else {
        if (options.log) options.log(*key + ": " + reconciled.error().message());
        queue.AddRateLimited(*key);
      }
      queue.Done(*key);
    }
  }

  WidgetControllerOptions options;
  std::shared_ptr<kubefake::api::Clock> clock;
  std::unique_ptr<kubefake::client::Clientset> clientset;
  std::shared_ptr<const kubefake::client::DynamicClient> dynamic;
  cache::SharedInformerFactory factory;
  cache::SharedIndexInformer& widget_informer;
  cache::SharedIndexInformer& deployment_informer;
  cache::SharedIndexInformer& service_informer;
  kubefake::client::workqueue::RateLimitingQueue<std::string> queue;
  InformerWidgetStore store;
  kubefake::client::record::EventRecorder recorder;
  Reconciler reconciler;
  std::vector<std::unique_ptr<cache::HandlerRegistration>> registrations;
};

Result<std::unique_ptr<WidgetController>> WidgetController::New(
    const kubefake::client::Config& config, std::shared_ptr<kubefake::api::Clock> clock,
    WidgetControllerOptions options) {
  auto clientset = kubefake::client::Clientset::NewForConfig(config);
  if (!clientset) return Fail(clientset.error());
  auto dynamic = kubefake::client::DynamicClient::NewForConfig(config);
  if (!dynamic) return Fail(dynamic.error());
  return std::unique_ptr<WidgetController>(new WidgetController(std::make_unique<State>(
      std::move(*clientset), std::move(*dynamic), std::move(clock), std::move(options))));
}

WidgetController::WidgetController(std::unique_ptr<State> state) : state_(std::move(state)) {}

WidgetController::~WidgetController() {
  state_->queue.ShutDown();
  state_->factory.Shutdown();
}

Result<void> WidgetController::Run(std::stop_token stop,
                                   std::chrono::steady_clock::time_point sync_deadline) {
  State& state = *state_;
  if (auto watched = state.Watch(state.widget_informer, &State::EnqueueWidget); !watched) {
    return watched;
  }
  for (cache::SharedIndexInformer* child : {&state.deployment_informer, &state.service_informer}) {
    if (auto watched = state.Watch(*child, &State::EnqueueOwner); !watched) return watched;
  }
  state.factory.Start();
  for (const auto& [resource, synced] : state.factory.WaitForCacheSync(sync_deadline)) {
    if (!synced) {
      state.factory.Shutdown();
      return Fail(kubefake::api::NewTimeoutError(
          "timed out waiting for the " + resource + " cache to sync", 0));
    }
  }
  std::stop_callback shut_down(stop, [&state] { state.queue.ShutDown(); });
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < state.options.workers; ++i)
      workers.emplace_back([&state] { state.Work(); });
  }  // joins the workers once the queue has shut down
  state.factory.Shutdown();
  return {};
}

bool WidgetController::WaitForCacheSync(std::chrono::steady_clock::time_point deadline) const {
  return cache::WaitForCacheSync(
      {}, deadline,
      {&state_->widget_informer, &state_->deployment_informer, &state_->service_informer});
}

int WidgetController::NumRequeues(const std::string& key) const {
  return state_->queue.NumRequeues(key);
}

}  // namespace example
