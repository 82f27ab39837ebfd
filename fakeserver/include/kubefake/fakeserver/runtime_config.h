// RuntimeConfig: which built-in group-versions the fake serves, parsed from kube-apiserver's
// --runtime-config flag (k8s.io/apiserver pkg/server/resourceconfig MergeAPIResourceConfigs).
// Value type; the functions are pure and thread-safe.
//
// Fidelity:
//   Emulated:  the default a 1.33 kube-apiserver starts with: every GA group-version (v1, v2)
//              and no beta or alpha one (since 1.24 new beta APIs are off by default, and the
//              betas that were on before were all removed by 1.33). Keys api/all, api/ga,
//              api/beta and api/alpha (value exactly `true` or `false`) apply first in that
//              order, then `<group>/<version>` keys (core is `api/v1`) whose value is parsed as
//              Go's strconv.ParseBool, an empty value or a bare key meaning true; a key given
//              twice keeps its last value, as the flag's map does.
//   Differs:   a group the fake does not know is an error naming it (`group version foo/v1
//              that has not been registered`); the real server skips unknown groups silently
//              and only rejects unknown versions of known groups.
//   Rejected:  per-resource keys (`<group>/<version>/<resource>`), which kube-apiserver only
//              honours for a few legacy resources: BadRequest.
#pragma once

#include <string_view>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"

namespace kubefake::fakeserver {

struct ApiServerOptions;

// The group-versions to serve, relative to the default (IsServedByDefault).
struct RuntimeConfig {
  std::vector<api::GroupVersion> enabled;   // served though not by default
  std::vector<api::GroupVersion> disabled;  // not served though served by default

  // Copies `enabled` and `disabled` into `options` and clears options.serve_all.
  void ApplyTo(ApiServerOptions& options) const;
};

// True for the group-versions a default 1.33 kube-apiserver serves: the GA ones (`v<N>`).
bool IsServedByDefault(const api::GroupVersion& group_version);

// Parses a --runtime-config value: comma-separated `key[=value]` pairs, e.g.
// `api/beta=true,batch/v1=false,resource.k8s.io/v1beta1`. "" is the default configuration.
// Errors: BadRequest naming the offending key or value: `runtime-config invalid key <key>`,
// `invalid value api/all=<v>`, `invalid value of <key>: <v>, err: strconv.ParseBool: parsing
// "<v>": invalid syntax`, `group version <gv> that has not been registered`.
Result<RuntimeConfig> ParseRuntimeConfig(std::string_view runtime_config);

}  // namespace kubefake::fakeserver
