// /version: the version.Info document kubectl and client-go read (R9.3). Pure; thread-safe.
//
// Fidelity:
//   Emulated:  every key of version.Info in its order: major, minor, emulationMajor,
//              emulationMinor, minCompatibilityMajor, minCompatibilityMinor (1.33's
//              compatibility versions), gitVersion = the emulated release (v1.33.1), gitCommit,
//              gitTreeState, buildDate, goVersion, compiler, platform.
//   Differs:   no Go build: gitCommit says `kubefake-<version>`, goVersion names kubefake and
//              compiler is the C++ compiler (kubectl prints these but parses only gitVersion);
//              buildDate is when version_info.cc was compiled.
#pragma once

#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// The /version response (JSON; pretty for the pretty user agents and ?pretty, as everywhere).
Response HandleVersion(const Request& request);

}  // namespace kubefake::fakeserver
