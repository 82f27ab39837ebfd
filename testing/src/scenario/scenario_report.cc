// ScenarioReport: the text of a report.
#include "kubefake/testing/scenario/scenario_report.h"

#include <sstream>

namespace kubefake::testkit {

std::string StepReport::String() const {
  if (passed()) return "ok   " + label;
  std::string text = "FAIL " + label + " at " + source;
  std::istringstream lines(message);
  for (std::string line; std::getline(lines, line);) text += "\n    " + line;
  return text;
}

bool ScenarioReport::Passed() const {
  return error.empty() && static_cast<int>(steps.size()) == total_steps &&
         (steps.empty() || steps.back().passed());
}

std::string ScenarioReport::Summary() const {
  if (!error.empty()) return "FAIL " + scenario + ": " + error;
  if (Passed()) return "PASS " + scenario + ": " + std::to_string(total_steps) + " steps";
  return "FAIL " + scenario + ": " + steps.back().label + " of " + std::to_string(total_steps) +
         " failed";
}

std::string ScenarioReport::String() const {
  std::string text;
  for (const StepReport& step : steps) text += step.String() + "\n";
  return text + Summary() + "\n";
}

}  // namespace kubefake::testkit
