// CheckContext: the clients a check uses, wired through a transport that keeps the last answer.
#include "kubefake/testing/conformance/check_context.h"

#include <thread>
#include <utility>

namespace kubefake::testkit::conformance {

struct WarningLog {
  std::mutex mutex;
  std::vector<std::string> texts;
};

// Passes requests to `inner` and keeps a copy of the last answer that is not a stream.
class RecordingTransport final : public client::Transport {
 public:
  explicit RecordingTransport(std::shared_ptr<client::Transport> inner)
      : inner_(std::move(inner)) {}

  Result<client::TransportResponse> Send(const client::TransportRequest& request) override {
    Result<client::TransportResponse> response = inner_->Send(request);
    if (response && !response->stream) {
      std::lock_guard lock(mutex_);
      last_.status = response->status;
      last_.headers = response->headers;
      last_.body =
          response->parsed_json ? client::JsonBodyBytes(*response->parsed_json) : response->body;
    }
    return response;
  }

  client::TransportResponse Last() const {
    std::lock_guard lock(mutex_);
    client::TransportResponse copy;
    copy.status = last_.status;
    copy.headers = last_.headers;
    copy.body = last_.body;
    return copy;
  }

 private:
  std::shared_ptr<client::Transport> inner_;
  mutable std::mutex mutex_;
  client::TransportResponse last_;
};

Result<std::unique_ptr<CheckContext>> CheckContext::New(
    const client::Config& config, std::string ns, std::chrono::steady_clock::time_point deadline,
    std::function<void()> compact) {
  std::unique_ptr<CheckContext> context(new CheckContext());
  Result<std::shared_ptr<client::Transport>> inner = client::TransportFor(config);
  if (!inner) return Fail(inner.error());
  context->transport_ = std::make_shared<RecordingTransport>(std::move(*inner));
  context->warnings_ = std::make_shared<WarningLog>();
  context->config_ = client::JsonConfigFor(config);
  context->config_.transport = context->transport_;
  context->config_.warning_handler = [log = context->warnings_](int, std::string_view,
                                                                std::string_view text) {
    std::lock_guard lock(log->mutex);
    log->texts.emplace_back(text);
  };
  context->namespace_ = std::move(ns);
  context->deadline_ = deadline;
  context->compact_ = std::move(compact);
  Result<std::unique_ptr<client::RESTClient>> rest =
      client::UnversionedRESTClientFor(context->config_);
  if (!rest) return Fail(rest.error());
  context->rest_ = std::move(*rest);
  context->dynamic_ = std::make_unique<client::DynamicClient>(context->rest_);
  return context;
}

CheckContext::~CheckContext() = default;

std::string CheckContext::CorePath(std::string_view resource, std::string_view name) const {
  std::string path = "/api/v1/namespaces/" + namespace_ + "/" + std::string(resource);
  if (!name.empty()) path += "/" + std::string(name);
  return path;
}

client::TransportResponse CheckContext::LastResponse() const { return transport_->Last(); }

std::vector<std::string> CheckContext::Warnings() const {
  std::lock_guard lock(warnings_->mutex);
  return warnings_->texts;
}

Result<std::shared_ptr<client::Watcher>> CheckContext::Watch(client::RestRequest request) {
  Result<std::unique_ptr<client::Watcher>> opened = request.Watch();
  if (!opened) return Fail(opened.error());
  std::shared_ptr<client::Watcher> watcher = std::move(*opened);
  std::lock_guard lock(mutex_);
  if (cancelled_) watcher->Stop();
  watches_.push_back(watcher);
  return watcher;
}

bool CheckContext::Eventually(const std::function<bool()>& done) const {
  // A real cluster's controllers act on their own schedule: ask again every 100 ms.
  constexpr std::chrono::milliseconds kPollInterval{100};
  while (!cancelled_) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() + kPollInterval > deadline_) return false;
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

void CheckContext::DeferCleanup(std::function<void()> cleanup) {
  cleanups_.push_back(std::move(cleanup));
}

void CheckContext::RunCleanups() {
  for (auto it = cleanups_.rbegin(); it != cleanups_.rend(); ++it) (*it)();
  cleanups_.clear();
}

void CheckContext::Cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  for (const std::weak_ptr<client::Watcher>& weak : watches_) {
    if (std::shared_ptr<client::Watcher> watcher = weak.lock()) watcher->Stop();
  }
}

}  // namespace kubefake::testkit::conformance
