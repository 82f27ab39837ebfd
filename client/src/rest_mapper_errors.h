// The RESTMapper's errors, worded as apimachinery's meta/errors.go words them. Each is a
// client-side Error (code 0) whose single cause's type names the Go error type.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "kubefake/api/error.h"
#include "kubefake/api/group_version.h"

namespace kubefake::client {

inline constexpr char kNoResourceMatch[] = "NoResourceMatch";
inline constexpr char kNoKindMatch[] = "NoKindMatch";
inline constexpr char kAmbiguousResource[] = "AmbiguousResource";
inline constexpr char kAmbiguousKind[] = "AmbiguousKind";

// `no matches for <partial>`.
api::Error NoResourceMatchError(const api::GroupVersionResource& partial);
// `no matches for kind "<kind>" in group "<group>"`, `... in version "<gv>"` for one searched
// version, `... in versions ["v1" "v2"]` for several (sorted, duplicates once).
api::Error NoKindMatchError(const api::GroupKind& kind, const std::vector<std::string>& versions);
// `<partial> matches multiple resources [...]` / `kinds [...]` / `resources [...] and kinds [...]`.
api::Error AmbiguousResourceError(const api::GroupVersionResource& partial,
                                  const std::vector<api::GroupVersionResource>& resources,
                                  const std::vector<api::GroupVersionKind>& kinds);
api::Error AmbiguousKindError(const api::GroupVersionKind& partial,
                              const std::vector<api::GroupVersionResource>& resources,
                              const std::vector<api::GroupVersionKind>& kinds);
// A client-side error that is none of the above (`a resource must be present, got: ...`).
api::Error MapperError(std::string message);

}  // namespace kubefake::client
