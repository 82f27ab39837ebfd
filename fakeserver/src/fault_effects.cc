// The effects of injected faults: clock waits, injected answers and shortened watch streams.
#include "fault_effects.h"

#include <algorithm>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "watch_stream.h"

namespace kubefake::fakeserver {
namespace {

// Priority-and-fairness's rejection text, written by Go's http.Error (R5.12).
constexpr char kTooManyRequests[] = "Too many requests, please try again later.\n";

// Blocks until `delay` has passed on `clock`.
void WaitOn(api::Clock& clock, std::chrono::nanoseconds delay) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> fired = done->get_future();
  std::unique_ptr<api::Timer> timer = clock.AfterFunc(delay, [done] { done->set_value(); });
  fired.wait();
}

// A watch stream that passes on `limit` frames of `inner`, then ends it.
class FrameLimitedStream final : public ResponseStream {
 public:
  FrameLimitedStream(std::unique_ptr<ResponseStream> inner, int64_t limit)
      : inner_(std::move(inner)), left_(limit) {}

  StreamRead NextWithin(std::chrono::milliseconds timeout) override {
    if (left_ == 0) {
      inner_->Cancel();
      return StreamRead::Ended();
    }
    StreamRead read = inner_->NextWithin(timeout);
    if (read.state == StreamRead::State::kFrame) --left_;
    return read;
  }
  void Cancel() override { inner_->Cancel(); }

 private:
  std::unique_ptr<ResponseStream> inner_;
  int64_t left_;  // read by the one reading thread only
};

// A watch stream of fixed frames that then ends.
class FixedFramesStream final : public ResponseStream {
 public:
  explicit FixedFramesStream(std::string frame) : frame_(std::move(frame)) {}

  StreamRead NextWithin(std::chrono::milliseconds) override {
    std::lock_guard lock(mutex_);
    if (ended_) return StreamRead::Ended();
    ended_ = true;
    return StreamRead::Frame(std::move(frame_));
  }
  void Cancel() override {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }

 private:
  std::mutex mutex_;
  std::string frame_;
  bool ended_ = false;
};

Response ThrottledResponse(int retry_after_seconds) {
  Response response;
  response.status = 429;
  response.headers.Set("Content-Type", "text/plain; charset=utf-8");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("Retry-After", std::to_string(retry_after_seconds));
  response.body = kTooManyRequests;
  return response;
}

// 200 with one ERROR event carrying 410 Expired, as a watch from a compacted resourceVersion
// is answered (R7.4).
Response ExpiredWatchResponse(const RequestScope& scope) {
  const std::string requested(scope.request.Query("resourceVersion").value_or("0"));
  const api::Error expired =
      api::NewResourceExpired("too old resource version: " + (requested.empty() ? "0" : requested) +
                              " (" + std::to_string(scope.server.storage.CurrentRevision()) + ")");
  const bool protobuf = scope.format.media_type == MediaType::kProtobuf;
  Response response;
  response.headers.Set("Content-Type", std::string(WatchContentType(protobuf)));
  response.stream =
      std::make_unique<FixedFramesStream>(EncodeWatchFrame("ERROR", expired.ToStatus(), protobuf));
  return response;
}

}  // namespace

Result<Response> ServeWithFaults(const std::vector<FaultEffect>& effects, RequestScope& scope,
                                 Handler handler) {
  std::optional<int64_t> frame_limit;
  for (const FaultEffect& effect : effects) {
    if (const auto* delay = std::get_if<DelayEffect>(&effect)) {
      WaitOn(scope.server.clock, delay->duration);
    } else if (const auto* fail = std::get_if<FailEffect>(&effect)) {
      return kubefake::Fail(fail->error);
    } else if (const auto* throttle = std::get_if<ThrottleEffect>(&effect)) {
      return ThrottledResponse(throttle->retry_after_seconds);
    } else if (std::holds_alternative<ExpireWatchEffect>(effect)) {
      return ExpiredWatchResponse(scope);
    } else if (const auto* close = std::get_if<CloseWatchEffect>(&effect)) {
      frame_limit = frame_limit ? std::min(*frame_limit, close->frames) : close->frames;
    }
  }
  Result<Response> response = handler(scope);
  if (response && response->stream && frame_limit) {
    response->stream =
        std::make_unique<FrameLimitedStream>(std::move(response->stream), *frame_limit);
  }
  return response;
}

}  // namespace kubefake::fakeserver
