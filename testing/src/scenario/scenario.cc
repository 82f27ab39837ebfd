// Scenario: the labels and names reports print.
#include "kubefake/testing/scenario/scenario.h"

#include <algorithm>

namespace kubefake::testkit {

std::string ObjectRef::String() const {
  return kind + " " + (namespace_.empty() ? name : namespace_ + "/" + name);
}

std::string Step::Label() const {
  std::string label = "step " + std::to_string(number);
  return name.empty() ? label : label + " (" + name + ")";
}

std::string Step::Source() const { return file + ":" + std::to_string(line); }

bool Scenario::AdvancesClock() const {
  return std::ranges::any_of(steps, [](const Step& step) {
    return std::holds_alternative<AdvanceClockStep>(step.action);
  });
}

}  // namespace kubefake::testkit
