// Report of a conformance run (`kubefake conformance server|client`): one result per check
// (PASS, FAIL with expected and actual, SKIP with why), a progress line as each check ends,
// the summary line `N passed, M failed, K skipped`, and JUnit XML for CI systems.
// Thread-compatible: one thread adds results.
#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::testkit::conformance {

enum class Outcome { kPass, kFail, kSkip };

// "PASS", "FAIL", "SKIP".
std::string_view OutcomeName(Outcome outcome);

// What one check decided: PASS, FAIL with expected and actual, SKIP with why.
struct Verdict {
  Outcome outcome = Outcome::kPass;
  std::string detail;  // FAIL: expected and actual; SKIP: why
};

Verdict Passed();
// detail `expected <expected>, got <actual>`.
Verdict Failed(std::string_view expected, std::string_view actual);
// detail as given.
Verdict Failed(std::string detail);
Verdict Skipped(std::string why);

struct CheckResult {
  std::string area;  // "lifecycle", "watch", ...: the JUnit classname
  std::string name;  // what the check verifies, one line
  std::string rule;  // the api-semantics.md rule ("R2.4"), "" when none applies
  Outcome outcome = Outcome::kPass;
  // FAIL: what was expected and what came ("expected 409 Conflict, got 200"); SKIP: why.
  std::string detail;
  std::chrono::milliseconds duration{0};
};

class Report {
 public:
  // `progress` (not owned, may be nullptr for silence) receives one line per check as it is
  // added: `PASS  lifecycle  generateName appends 5 characters [R2.4] (3 ms)`, then the detail
  // indented on the next lines.
  explicit Report(std::ostream* progress = nullptr) : progress_(progress) {}

  void Add(CheckResult result);

  const std::vector<CheckResult>& results() const { return results_; }
  int Count(Outcome outcome) const;
  // True when no check failed.
  bool Ok() const { return Count(Outcome::kFail) == 0; }
  // "N passed, M failed, K skipped".
  std::string Summary() const;

  // JUnit XML: one <testsuite name="`suite`"> with a <testcase> per check (classname = area),
  // <failure message=...> for FAIL and <skipped message=...> for SKIP.
  std::string JUnitXml(std::string_view suite) const;
  // Errors: InternalError naming the path when it cannot be written.
  Result<void> WriteJUnit(const std::filesystem::path& path, std::string_view suite) const;

 private:
  std::ostream* progress_;
  std::vector<CheckResult> results_;
};

}  // namespace kubefake::testkit::conformance
