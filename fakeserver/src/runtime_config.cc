// ParseRuntimeConfig: kube-apiserver's --runtime-config over the built-in catalog's
// group-versions.
#include "kubefake/fakeserver/runtime_config.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "kubefake/api/ascii.h"
#include "kubefake/api/resource_catalog.h"
#include "kubefake/fakeserver/api_server.h"

namespace kubefake::fakeserver {
namespace {

enum class Stability { kGa, kBeta, kAlpha, kOther };

// v<N> is GA, v<N>beta<M> beta, v<N>alpha<M> alpha (resourceconfig's patterns).
Stability StabilityOf(std::string_view version) {
  if (!version.starts_with('v')) return Stability::kOther;
  version.remove_prefix(1);
  const size_t letters = version.find_first_not_of("0123456789");
  if (letters == 0) return Stability::kOther;
  if (letters == std::string_view::npos) return Stability::kGa;
  const std::string_view rest = version.substr(letters);
  if (rest.starts_with("beta") && api::IsAsciiDigits(rest.substr(4))) return Stability::kBeta;
  if (rest.starts_with("alpha") && api::IsAsciiDigits(rest.substr(5))) return Stability::kAlpha;
  return Stability::kOther;
}

// Go's strconv.ParseBool.
std::optional<bool> ParseGoBool(std::string_view value) {
  for (std::string_view yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (value == yes) return true;
  }
  for (std::string_view no : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (value == no) return false;
  }
  return std::nullopt;
}

}  // namespace

void RuntimeConfig::ApplyTo(ApiServerOptions& options) const {
  options.enabled = enabled;
  options.disabled = disabled;
  options.serve_all = false;
}

bool IsServedByDefault(const api::GroupVersion& group_version) {
  return StabilityOf(group_version.version) == Stability::kGa;
}

Result<RuntimeConfig> ParseRuntimeConfig(std::string_view runtime_config) {
  // The flag is a map: a repeated key keeps its last value.
  std::map<std::string, std::string, std::less<>> overrides;
  std::string_view rest = runtime_config;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view pair = api::TrimAsciiSpace(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    const std::string_view key = api::TrimAsciiSpace(pair.substr(0, equals));
    const std::string_view value = equals == std::string_view::npos
                                       ? std::string_view()
                                       : api::TrimAsciiSpace(pair.substr(equals + 1));
    overrides.insert_or_assign(std::string(key), std::string(value));
  }

  const std::vector<api::GroupVersion> known = api::ResourceCatalog::BuiltIn().GroupVersions();
  std::set<api::GroupVersion> served;
  for (const api::GroupVersion& gv : known) {
    if (IsServedByDefault(gv)) served.insert(gv);
  }
  auto set_matching = [&](bool enable, auto matches) {
    for (const api::GroupVersion& gv : known) {
      if (!matches(gv)) continue;
      if (enable) {
        served.insert(gv);
      } else {
        served.erase(gv);
      }
    }
  };

  constexpr std::pair<std::string_view, Stability> kMatchers[] = {
      {"api/all", Stability::kOther},
      {"api/ga", Stability::kGa},
      {"api/beta", Stability::kBeta},
      {"api/alpha", Stability::kAlpha}};
  for (const auto& [flag, stability] : kMatchers) {
    auto it = overrides.find(flag);
    if (it == overrides.end()) continue;
    if (it->second != "true" && it->second != "false") {
      return Fail(api::NewBadRequest("invalid value " + it->first + "=" + it->second));
    }
    const bool all = flag == "api/all";
    set_matching(it->second == "true", [&, s = stability](const api::GroupVersion& gv) {
      return all || StabilityOf(gv.version) == s;
    });
    overrides.erase(it);
  }

  for (const auto& [key, value] : overrides) {
    const size_t first = key.find('/');
    if (first == std::string::npos || first == 0 || first + 1 == key.size()) {
      return Fail(api::NewBadRequest("runtime-config invalid key " + key));
    }
    if (key.find('/', first + 1) != std::string::npos) {
      return Fail(api::NewBadRequest("runtime-config invalid key " + key +
                                     ": per-resource keys are not emulated by kubefake"));
    }
    api::GroupVersion gv{key.substr(0, first), key.substr(first + 1)};
    if (gv.group == "api" && gv.version == "v1") gv.group.clear();  // the core group
    if (std::ranges::find(known, gv) == known.end()) {
      return Fail(api::NewBadRequest("group version " + gv.String() +
                                     " that has not been registered"));
    }
    std::optional<bool> enable = value.empty() ? std::optional<bool>(true) : ParseGoBool(value);
    if (!enable) {
      return Fail(api::NewBadRequest("invalid value of " + key + ": " + value +
                                     ", err: strconv.ParseBool: parsing \"" + value +
                                     "\": invalid syntax"));
    }
    set_matching(*enable, [&](const api::GroupVersion& candidate) { return candidate == gv; });
  }

  RuntimeConfig config;
  for (const api::GroupVersion& gv : known) {
    const bool is_served = served.contains(gv);
    if (is_served && !IsServedByDefault(gv)) config.enabled.push_back(gv);
    if (!is_served && IsServedByDefault(gv)) config.disabled.push_back(gv);
  }
  return config;
}

}  // namespace kubefake::fakeserver
