// ScenarioReader: reads a scenario file (fixtures/README.md) into a Scenario, checking every
// key, so a mistake is reported before anything is played. Stateless; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "kubefake/api/result.h"
#include "kubefake/testing/scenario/scenario.h"

namespace kubefake::testkit {

// Reads the scenario in `path`; its fixture paths are relative to the file's directory.
// Errors: BadRequest, its message `file:line: step N (name): what is wrong` (without the step
// part for keys outside `steps`), for unreadable files, bad YAML, unknown or missing keys, two
// action keys in one step, bad durations (Go syntax), bad fault specs and bad fixtures.
Result<Scenario> ReadScenario(const std::filesystem::path& path);

// As ReadScenario, from `text`; `source` names it in messages and its directory is where
// fixture paths are resolved.
Result<Scenario> ParseScenario(std::string_view text, const std::filesystem::path& source);

}  // namespace kubefake::testkit
