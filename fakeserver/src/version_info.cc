// The version.Info document, from the CMake-configured versions and the compiler's macros.
#include "version_info.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "kubefake/api/version.h"
#include "negotiation.h"

namespace kubefake::fakeserver {
namespace {

// "1" and "33" from "v1.33.1".
std::pair<std::string, std::string> MajorMinor(std::string_view git_version) {
  if (git_version.starts_with('v')) git_version.remove_prefix(1);
  const size_t dot = git_version.find('.');
  const std::string_view major = git_version.substr(0, dot);
  std::string_view minor =
      dot == std::string_view::npos ? std::string_view() : git_version.substr(dot + 1);
  minor = minor.substr(0, minor.find_first_not_of("0123456789"));
  return {std::string(major), std::string(minor)};
}

// __DATE__ ("Jun  5 2026") and __TIME__ ("12:34:56") as RFC 3339 UTC.
std::string BuildDate() {
  constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const std::string_view date = __DATE__;
  const size_t month = kMonths.find(date.substr(0, 3)) / 3 + 1;
  char out[64];
  std::snprintf(out, sizeof out, "%.4s-%02zu-%02d%s%sZ", date.data() + 7, month,
                std::stoi(std::string(date.substr(4, 2))), "T", __TIME__);
  return out;
}

std::string_view Platform() {
#if defined(__x86_64__)
  constexpr std::string_view kArch = "amd64";
#elif defined(__aarch64__)
  constexpr std::string_view kArch = "arm64";
#else
  constexpr std::string_view kArch = "unknown";
#endif
#if defined(__APPLE__)
  static const std::string platform = "darwin/" + std::string(kArch);
#else
  static const std::string platform = "linux/" + std::string(kArch);
#endif
  return platform;
}

std::string Compiler() {
#if defined(__clang__)
  return __VERSION__;  // "Debian Clang 19.1.7 ..."
#else
  return std::string("gcc ") + __VERSION__;  // "12.2.0"
#endif
}

}  // namespace

Response HandleVersion(const Request& request) {
  const auto [major, minor] = MajorMinor(api::kKubernetesVersion);
  const std::string previous_minor = std::to_string(std::stoi(minor) - 1);
  nlohmann::ordered_json info = {
      {"major", major},
      {"minor", minor},
      {"emulationMajor", major},
      {"emulationMinor", minor},
      {"minCompatibilityMajor", major},
      {"minCompatibilityMinor", previous_minor},
      {"gitVersion", api::kKubernetesVersion},
      {"gitCommit", std::string("kubefake-") + api::kKubefakeVersion},
      {"gitTreeState", "clean"},
      {"buildDate", BuildDate()},
      {"goVersion", std::string("none (kubefake ") + api::kKubefakeVersion + ")"},
      {"compiler", Compiler()},
      {"platform", Platform()},
  };
  const bool pretty = NegotiateOutput(request, false).value_or(OutputFormat{}).pretty;
  Response response;
  response.headers.Set("Content-Type", "application/json");
  response.body = info.dump(pretty ? 2 : -1) + "\n";
  return response;
}

}  // namespace kubefake::fakeserver
