// Storage keys for API objects: /registry/<group>/<resource>/<namespace>/<name>, like the
// apiserver's etcd keys, so that a list in key order is in namespace-then-name order (R6.1).
// Every version of a group-resource shares one key space. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kubefake/api/group_version.h"

namespace kubefake::fakeserver {

// The key of one object; `ns` is empty for cluster-scoped resources.
std::string ObjectKey(const api::GroupResource& resource, std::string_view ns,
                      std::string_view name);
// The prefix of every object of `resource` in `ns` (all namespaces when `ns` is empty).
std::string CollectionPrefix(const api::GroupResource& resource, std::string_view ns);

}  // namespace kubefake::fakeserver
