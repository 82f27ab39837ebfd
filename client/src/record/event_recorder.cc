// EventRecorder: creates events.k8s.io/v1 Events and aggregates isomorphic repeats into series.
#include "kubefake/client/record/event_recorder.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/api/time.h"
#include "kubefake/api/typed_codec.h"

namespace kubefake::client::record {
namespace {

using api::events::v1::Event;

const api::GroupVersionResource kEvents{"events.k8s.io", "v1", "events"};

// client-go's eventKey: action, reason, reporting controller, regarding, related.
std::string IsomorphicKey(const Event& event) {
  nlohmann::json key = {event.action.value_or(""), event.reason.value_or(""),
                        event.reporting_controller.value_or(""), api::Encode(*event.regarding),
                        event.related ? api::Encode(*event.related) : nlohmann::json()};
  return key.dump();
}

// The time the Event was last observed: its series', else its own.
std::chrono::system_clock::time_point LastObserved(const Event& event) {
  return event.series ? event.series->last_observed_time.time_point() : event.event_time.time_point();
}

}  // namespace

EventRecorder::EventRecorder(std::shared_ptr<const DynamicClient> client,
                             std::shared_ptr<api::Clock> clock, EventRecorderOptions options)
    : client_(std::move(client)), clock_(std::move(clock)), options_(std::move(options)) {}

DynamicResource EventRecorder::Events(const std::string& ns) const {
  return client_->Resource(kEvents).Namespace(ns);
}

Result<void> EventRecorder::Event(const EventSpec& spec) {
  if (spec.type != "Normal" && spec.type != "Warning") {
    return Fail(api::NewBadRequest("Unsupported event type: '" + spec.type + "'"));
  }
  std::chrono::system_clock::time_point now = clock_->Now();
  api::MicroTime observed = api::MicroTime::FromTimePoint(now);
  Open occurrence;
  api::events::v1::Event& event = occurrence.event;
  event.metadata.emplace();
  event.metadata->namespace_ = spec.regarding.namespace_.value_or("");
  if (event.metadata->namespace_->empty()) event.metadata->namespace_ = "default";
  event.event_time = observed;
  event.regarding = spec.regarding;
  event.related = spec.related;
  event.type = spec.type;
  event.reason = spec.reason;
  event.action = spec.action;
  event.note = spec.note;
  event.reporting_controller = options_.reporting_controller;
  event.reporting_instance = options_.reporting_instance;

  std::lock_guard lock(mutex_);
  if (Result<void> finished = FinishIdleSeries(now); !finished) return finished;
  std::string key = IsomorphicKey(event);
  auto open = open_.find(key);
  if (open == open_.end()) {
    // Names are unique per recorder even when the clock has not moved (a FakeClock).
    const int64_t now_nanos =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    last_name_nanos_ = std::max(now_nanos, last_name_nanos_ + 1);
    char nanos_hex[17];
    std::snprintf(nanos_hex, sizeof nanos_hex, "%llx",
                  static_cast<unsigned long long>(last_name_nanos_));
    event.metadata->name = spec.regarding.name.value_or("") + "." + nanos_hex;
    auto [created, inserted] = open_.emplace(key, std::move(occurrence));
    Result<void> written = Create(created->second);
    if (!written) open_.erase(created);
    return written;
  }
  Open& series = open->second;
  if (series.event.series) {
    ++series.event.series->count;
    series.event.series->last_observed_time = observed;
    series.unwritten = true;
    return {};
  }
  series.event.series = api::events::v1::EventSeries{.count = 2, .last_observed_time = observed};
  return WriteSeries(series);
}

Result<void> EventRecorder::Flush() {
  std::lock_guard lock(mutex_);
  for (auto& [key, open] : open_) {
    if (!open.unwritten) continue;
    if (Result<void> written = WriteSeries(open); !written) return written;
  }
  return {};
}

Result<void> EventRecorder::FinishIdleSeries(std::chrono::system_clock::time_point now) {
  for (auto open = open_.begin(); open != open_.end();) {
    if (LastObserved(open->second.event) + kSeriesWindow >= now) {
      ++open;
      continue;
    }
    if (open->second.unwritten) {
      if (Result<void> written = WriteSeries(open->second); !written) return written;
    }
    open = open_.erase(open);
  }
  return {};
}

Result<void> EventRecorder::WriteSeries(Open& open) {
  nlohmann::json patch = {{"series", api::Encode(*open.event.series)}};
  Result<nlohmann::json> patched =
      Events(*open.event.metadata->namespace_)
          .Patch(*open.event.metadata->name, PatchType::kMerge, patch.dump());
  if (!patched && api::IsNotFound(patched.error())) return Create(open);
  if (!patched) return Fail(patched.error());
  Result<api::events::v1::Event> decoded = api::Decode<api::events::v1::Event>(*patched);
  if (!decoded) return Fail(decoded.error());
  open.event = std::move(*decoded);
  open.unwritten = false;
  return {};
}

Result<void> EventRecorder::Create(Open& open) {
  nlohmann::json object = api::Encode(open.event);
  object["metadata"].erase("resourceVersion");
  Result<nlohmann::json> created = Events(*open.event.metadata->namespace_).Create(object);
  if (!created) return Fail(created.error());
  Result<api::events::v1::Event> decoded = api::Decode<api::events::v1::Event>(*created);
  if (!decoded) return Fail(decoded.error());
  open.event = std::move(*decoded);
  open.unwritten = false;
  return {};
}

}  // namespace kubefake::client::record
