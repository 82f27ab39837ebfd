// Scenario: a test story read from YAML (fixtures/README.md documents the format): objects to
// seed, then steps that act on a fake apiserver (create, apply, update, patch, delete, advance
// the clock, inject faults), wait for a condition, or check objects and recorded actions.
// ReadScenario (scenario_reader.h) builds it; PlayScenario (scenario_player.h) plays it.
// Value types; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/fakeserver/action.h"
#include "kubefake/fakeserver/faults.h"
#include "kubefake/testing/fixtures.h"

namespace kubefake::testkit {

// One object named by apiVersion, kind, namespace ("" for cluster-scoped) and name.
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;

  // `Deployment demo/w` (`Namespace demo` when cluster-scoped).
  std::string String() const;
};

struct CreateStep {
  nlohmann::json object;
};
// Server-side apply with force.
struct ApplyStep {
  nlohmann::json object;
  std::string field_manager = "kubefake-scenario";
};
// PUT of the object (status = true: of its status subresource); without a resourceVersion the
// stored one is used.
struct UpdateStep {
  nlohmann::json object;
  bool status = false;
};
struct PatchStep {
  ObjectRef target;
  std::string content_type;  // application/merge-patch+json, ...
  nlohmann::json patch;
  std::string subresource{};  // "" for the object itself, "status" or "scale"
};
struct DeleteStep {
  ObjectRef target;
  std::string propagation_policy;  // "" for the resource's default
};
struct AdvanceClockStep {
  std::chrono::nanoseconds duration;
};
struct FaultStep {
  fakeserver::FaultSpec spec;
};
struct ClearFaultsStep {};
// Waits until `object` (a partial object) matches, or `absent` is gone.
struct WaitForStep {
  std::variant<nlohmann::json, ObjectRef> condition;
  std::chrono::nanoseconds timeout = std::chrono::seconds(30);
};
// How many recorded actions (since the scenario began) a pattern must match.
struct ActionExpectation {
  fakeserver::ActionPattern pattern;
  std::optional<int64_t> count;  // exactly
  std::optional<int64_t> min;
  std::optional<int64_t> max;
  std::string text;  // the entry as written, for reports
};
struct ExpectStep {
  std::vector<nlohmann::json> objects;  // partial objects that must match
  std::vector<ObjectRef> absent;
  std::vector<ActionExpectation> actions;
};

using StepAction =
    std::variant<CreateStep, ApplyStep, UpdateStep, PatchStep, DeleteStep, AdvanceClockStep,
                 FaultStep, ClearFaultsStep, WaitForStep, ExpectStep>;

struct Step {
  int number = 0;    // 1-based
  std::string name;  // optional
  std::string file;
  int line = 0;
  StepAction action;
  // For create, apply, update, updateStatus, patch and delete: the step passes only when the
  // server answers with this Status reason (`expectError: Conflict`).
  std::optional<api::Reason> expect_error;

  // `step 3 (create the widget)`, or `step 3` without a name.
  std::string Label() const;
  // `file:line`.
  std::string Source() const;
};

struct Scenario {
  std::string file;  // the source name given to the reader
  std::string name;  // metadata.name
  std::string description;
  std::optional<std::chrono::system_clock::time_point> clock_start;
  // The fixture files' objects, then the inline `objects`, in the order LoadFixtures takes.
  std::vector<Fixture> fixtures;
  std::vector<Step> steps;

  // Whether a step advances the clock (a served scenario then needs a FakeClock).
  bool AdvancesClock() const;
};

}  // namespace kubefake::testkit
