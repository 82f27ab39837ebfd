// DelayedReplyController: a dynamic-client watch and one clock timer per request.
#include "delayed_reply_controller.h"

#include <string>
#include <utility>

#include "../test_resources.h"

namespace kubefake::testkit {

DelayedReplyController::~DelayedReplyController() {
  if (watcher_) watcher_->Stop();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  timers_.clear();
}

Result<void> DelayedReplyController::Start(const client::Config& config) {
  auto client = client::DynamicClient::NewForConfig(config);
  if (!client) return Fail(client.error());
  client_ = std::move(*client);
  auto watcher = client_->Resource(kConfigMaps).Namespace("demo").Watch();
  if (!watcher) return Fail(watcher.error());
  watcher_ = std::move(*watcher);
  thread_ = std::thread([this] { Run(); });
  return {};
}

void DelayedReplyController::Run() {
  for (;;) {
    auto event = watcher_->Next();
    if (!event || !*event) return;
    const nlohmann::json& object = (*event)->object;
    if ((*event)->type != "ADDED" || object["metadata"].value("name", "") != "request") continue;
    const std::string uid = object["metadata"].value("uid", "");
    std::lock_guard lock(mutex_);
    timers_.push_back(clock_.AfterFunc(delay_, [this, uid] {
      nlohmann::json reply = {{"apiVersion", "v1"},
                              {"kind", "ConfigMap"},
                              {"metadata", {{"name", "reply"}, {"namespace", "demo"}}},
                              {"data", {{"for", uid}}}};
      (void)client_->Resource(kConfigMaps).Namespace("demo").Create(reply);
    }));
  }
}

}  // namespace kubefake::testkit
