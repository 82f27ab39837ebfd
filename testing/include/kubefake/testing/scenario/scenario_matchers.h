// ScenarioPassed: a GoogleMock matcher for a ScenarioReport that, on failure, prints the whole
// report (each step, where it is written, what was expected and found).
//   EXPECT_THAT(RunScenario(path, options), ScenarioPassed());
// Header-only over GoogleMock; the test links it. Stateless; thread-safe.
#pragma once

#include <gmock/gmock.h>

#include <ostream>

#include "kubefake/testing/scenario/scenario_report.h"

namespace kubefake::testkit {

MATCHER(ScenarioPassed,
        negation ? "is a failed scenario" : "is a scenario whose steps all passed") {
  *result_listener << "\n" << arg.String();
  return arg.Passed();
}

// How gtest prints a report in other assertions.
inline void PrintTo(const ScenarioReport& report, std::ostream* os) { *os << report.String(); }

}  // namespace kubefake::testkit
