// EventRecorder: writes events.k8s.io/v1 Events about objects, as client-go's tools/events
// recorder and broadcaster do, aggregating repeats into a series. Events are isomorphic when
// they share action, reason, reporting controller, regarding and related (the note and type
// are not part of the key). The first is created; the second within the window patches the
// Event with series {count: 2, lastObservedTime}; later ones only count in memory until
// Flush (client-go's 30-minute refresh) or until the series has been idle for six minutes,
// when its final count is written and the next repeat starts a new Event. All times come
// from the Clock.
//
//   EventRecorder recorder(dynamic, clock, {.reporting_controller = "demo-controller",
//                                            .reporting_instance = "demo-controller-host"});
//   recorder.Event({.regarding = pod_ref, .type = "Warning", .reason = "FailedMount",
//                   .action = "Mounting", .note = "volume not found"});
//
// Fidelity:
//   Emulated:  the Event's name (`<regarding name>.<unix nanoseconds in hex>`), namespace (the
//              regarding object's, "default" when it has none), eventTime, the isomorphic key,
//              series count starting at 2, a patched Event the server no longer has being
//              created again, the six-minute idle window (client-go's finishTime).
//   Differs:   an Event created in the same nanosecond as this recorder's previous one (a
//              FakeClock that has not moved) is named after the next nanosecond, so it is
//              not refused as AlreadyExists; writes are synchronous and report their error instead of a background
//              goroutine retrying; expired series are finished when the next Event is
//              recorded or on Flush, not by a timer; the series patch is a JSON merge patch
//              (client-go sends the equivalent strategic merge patch).
//   Rejected:  a type other than Normal or Warning (BadRequest), as client-go refuses it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kubefake/api/clock.h"
#include "kubefake/api/result.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/api/types/events/v1.h"
#include "kubefake/client/dynamic_client.h"

namespace kubefake::client::record {

struct EventRecorderOptions {
  std::string reporting_controller;
  std::string reporting_instance;  // client-go: "<reporting_controller>-<hostname>"
};

// One occurrence to record.
struct EventSpec {
  api::core::v1::ObjectReference regarding;
  std::optional<api::core::v1::ObjectReference> related;
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  std::string action;
  std::string note;
};

class EventRecorder {
 public:
  EventRecorder(std::shared_ptr<const DynamicClient> client, std::shared_ptr<api::Clock> clock,
                EventRecorderOptions options);
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // How long a series (or a single Event) stays open for repeats after its last occurrence.
  static constexpr std::chrono::minutes kSeriesWindow{6};

  // Records one occurrence: creates an Event, or counts it into the open series.
  // Errors: BadRequest for an unsupported type; the server's error when a write fails.
  Result<void> Event(const EventSpec& spec);

  // Writes the current count of every open series to the server.
  Result<void> Flush();

 private:
  struct Open {
    api::events::v1::Event event;  // as last written, with the counted series
    bool unwritten = false;        // counted occurrences the server has not seen
  };

  Result<void> FinishIdleSeries(std::chrono::system_clock::time_point now);
  // Writes `open.event`'s series; creates the Event again if the server lost it.
  Result<void> WriteSeries(Open& open);
  Result<void> Create(Open& open);
  DynamicResource Events(const std::string& ns) const;

  std::shared_ptr<const DynamicClient> client_;
  std::shared_ptr<api::Clock> clock_;
  EventRecorderOptions options_;
  std::mutex mutex_;
  std::map<std::string, Open> open_;  // by isomorphic key
  int64_t last_name_nanos_ = 0;  // the nanoseconds in the last Event name created
};

}  // namespace kubefake::client::record
