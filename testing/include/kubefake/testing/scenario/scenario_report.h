// ScenarioReport: what playing a scenario found, step by step, in the words a person reads in a
// test failure or on a terminal: `ok   step 2 (create the widget)`, or `FAIL step 4 (...)` with
// where the step is written and what was expected and found. Value types; thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace kubefake::testkit {

struct StepReport {
  enum class Outcome { kPassed, kFailed };
  std::string label;   // `step 4 (scale up)`
  std::string source;  // `fixtures/scenarios/x.yaml:31`
  Outcome outcome = Outcome::kPassed;
  std::string message;  // for kFailed: what was expected and what was found (may span lines)

  bool passed() const { return outcome == Outcome::kPassed; }
  // `ok   step 2 (create the widget)`, or `FAIL step 4 (scale up) at file:line` followed by the
  // message, each of its lines indented by four spaces.
  std::string String() const;
};

struct ScenarioReport {
  std::string scenario;  // the scenario's file
  // Set when the scenario could not be played at all (a bad file, a fixture the server refused,
  // a controller that did not start); no steps are reported then.
  std::string error;
  // The steps played, in order; playing stops at the first failed step.
  std::vector<StepReport> steps;
  int total_steps = 0;

  bool Passed() const;
  // `PASS <file>: 6 steps`, `FAIL <file>: step 4 (scale up) of 6 failed` or `FAIL <file>:
  // <error>`.
  std::string Summary() const;
  // Every step's String(), then the Summary, one per line.
  std::string String() const;
};

}  // namespace kubefake::testkit
