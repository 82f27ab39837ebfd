// ObjectWaiter: list, then watch from the list's resourceVersion until the verdict is good.
#include "object_waiter.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "kubefake/testing/in_process_transport.h"

namespace example {
namespace {

using kubefake::testkit::DescribeError;
// nullopt when the state (nullptr: absent) is the one waited for; else what is wrong with it.
using Judge = std::function<std::optional<std::string>(const nlohmann::json* object)>;

testing::AssertionResult Wait(const kubefake::client::DynamicResource& resource,
                              const std::string& name, const Judge& judge,
                              std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string selector = "metadata.name=" + name;
  std::string last = "nothing was read";
  while (std::chrono::steady_clock::now() < deadline) {
    auto list = resource.List({.field_selector = selector});
    if (!list) return testing::AssertionFailure() << "list failed: " << DescribeError(list.error());
    const nlohmann::json& items = (*list)["items"];
    std::optional<std::string> verdict = judge(items.empty() ? nullptr : &items[0]);
    if (!verdict) return testing::AssertionSuccess();
    last = *verdict;
    auto watcher =
        resource.Watch({.field_selector = selector,
                        .resource_version = (*list)["metadata"].value("resourceVersion", "")});
    if (!watcher) {
      return testing::AssertionFailure() << "watch failed: " << DescribeError(watcher.error());
    }
    // Ends the watch at the deadline, or not at all once this attempt is over.
    std::jthread alarm([&watcher, deadline](std::stop_token stop) {
      std::mutex mutex;
      std::condition_variable_any never;
      std::unique_lock lock(mutex);
      if (!never.wait_until(lock, stop, deadline, [] { return false; })) (*watcher)->Stop();
    });
    for (;;) {
      auto event = (*watcher)->Next();
      if (!event || !*event) break;  // ended: list again (or give up past the deadline)
      if ((*event)->type == "BOOKMARK") continue;
      verdict = judge((*event)->type == "DELETED" ? nullptr : &(*event)->object);
      if (!verdict) return testing::AssertionSuccess();
      last = *verdict;
    }
  }
  return testing::AssertionFailure() << "after " << timeout.count() << " s, " << last;
}

}  // namespace

ObjectWaiter::ObjectWaiter(kubefake::fakeserver::ApiServer& server) {
  kubefake::client::Config config;
  config.transport = std::make_shared<kubefake::testkit::InProcessTransport>(server);
  config.qps = -1;
  client_ = std::move(kubefake::client::DynamicClient::NewForConfig(config).value());
}

testing::AssertionResult ObjectWaiter::Until(
    const kubefake::api::GroupVersionResource& gvr, const std::string& ns, const std::string& name,
    const std::vector<kubefake::testkit::ObjectCheck>& checks, std::chrono::seconds timeout) const {
  const std::string what = gvr.resource + " \"" + name + "\"";
  return Wait(
      client_->Resource(gvr).Namespace(ns), name,
      [&](const nlohmann::json* object) -> std::optional<std::string> {
        if (object == nullptr) return what + " does not exist";
        for (const kubefake::testkit::ObjectCheck& check : checks) {
          if (auto mismatch = check.mismatch(*object)) {
            return what + " " + check.negation + " (" + *mismatch + ")";
          }
        }
        return std::nullopt;
      },
      timeout);
}

testing::AssertionResult ObjectWaiter::UntilAbsent(const kubefake::api::GroupVersionResource& gvr,
                                                   const std::string& ns, const std::string& name,
                                                   std::chrono::seconds timeout) const {
  return Wait(
      client_->Resource(gvr).Namespace(ns), name,
      [&](const nlohmann::json* object) -> std::optional<std::string> {
        if (object == nullptr) return std::nullopt;
        return gvr.resource + " \"" + name + "\" still exists";
      },
      timeout);
}

}  // namespace example
