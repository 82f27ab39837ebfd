// GoDuration: Go's time.ParseDuration, the syntax of every duration Kubernetes tools accept on
// their command lines and in config ("1h2m3.5s", "500ms", "-1.5h"); scenario files use it too.
// Pure function; thread-safe.
#pragma once

#include <chrono>
#include <string_view>

#include "kubefake/api/result.h"

namespace kubefake::api {

// Parses a signed sequence of decimal numbers, each with an optional fraction and a unit
// (ns, us, µs, ms, s, m, h), as Go's time.ParseDuration does; "0" needs no unit.
// Errors: BadRequest with Go's message: `time: invalid duration "x"`, `time: missing unit in
// duration "1"`, `time: unknown unit "d" in duration "1d"`; overflow of int64 nanoseconds is an
// invalid duration.
Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view text);

}  // namespace kubefake::api
