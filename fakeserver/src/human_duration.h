// HumanDuration: apimachinery's duration.HumanDuration, the "5s", "3m20s", "2d3h", "3y100d"
// form of AGE and other duration cells in server-side Tables (R6.14). Pure; thread-safe.
#pragma once

#include <chrono>
#include <string>

namespace kubefake::fakeserver {

// ~2-3 significant figures of `d`: whole seconds below 2m, then minutes (with seconds below
// 10m), hours (with minutes below 8h), days (with hours below 8d), years (with days below 8y).
// Up to 1s in the future counts as "0s" (clock skew); further is "<invalid>".
std::string HumanDuration(std::chrono::nanoseconds d);

}  // namespace kubefake::fakeserver
