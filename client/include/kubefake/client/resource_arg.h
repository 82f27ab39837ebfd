// Resource arguments as kubectl reads them (`po`, `deploy`, `deployments.apps`,
// `deployments.v1.apps`, `Deployment`, `Deployment.v1.apps`): apimachinery's
// schema.ParseResourceArg / ParseKindArg and cli-runtime's resource.Builder.mappingFor.
// Pure functions (MappingFor is as thread-safe as the mapper).
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "kubefake/api/group_version.h"
#include "kubefake/api/result.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::client {

// schema.ParseResourceArg: with two dots or more, the fully specified resource.version.group;
// always the group-resource split at the first dot.
std::pair<std::optional<api::GroupVersionResource>, api::GroupResource> ParseResourceArg(
    std::string_view arg);
// schema.ParseKindArg: the same for Kind.version.group.
std::pair<std::optional<api::GroupVersionKind>, api::GroupKind> ParseKindArg(std::string_view arg);

// The mapping kubectl uses for `arg`: as a resource (fully specified first), then as a kind.
// Errors: `the server doesn't have a resource type "<resource>"` when nothing matches; the
// mapper's other errors (discovery failures) as they are.
Result<RESTMapping> MappingFor(RESTMapper& mapper, std::string_view arg);

}  // namespace kubefake::client
