// Resource arguments: kubectl's parsing and its resource-then-kind lookup.
#include "kubefake/client/resource_arg.h"

#include <algorithm>
#include <array>

#include "kubefake/api/go_quote.h"
#include "rest_mapper_errors.h"

namespace kubefake::client {
namespace {

// "a.b.c.d" -> {"a", "b", "c.d"} when there are at least two dots.
std::optional<std::array<std::string, 3>> SplitThree(std::string_view arg) {
  if (std::ranges::count(arg, '.') < 2) return std::nullopt;
  const size_t first = arg.find('.');
  const size_t second = arg.find('.', first + 1);
  return std::array<std::string, 3>{std::string(arg.substr(0, first)),
                                    std::string(arg.substr(first + 1, second - first - 1)),
                                    std::string(arg.substr(second + 1))};
}

}  // namespace

std::pair<std::optional<api::GroupVersionResource>, api::GroupResource> ParseResourceArg(
    std::string_view arg) {
  std::optional<api::GroupVersionResource> full;
  if (auto parts = SplitThree(arg))
    full = api::GroupVersionResource{(*parts)[2], (*parts)[1], (*parts)[0]};
  return {full, api::GroupResource::Parse(arg)};
}

std::pair<std::optional<api::GroupVersionKind>, api::GroupKind> ParseKindArg(std::string_view arg) {
  std::optional<api::GroupVersionKind> full;
  if (auto parts = SplitThree(arg))
    full = api::GroupVersionKind{(*parts)[2], (*parts)[1], (*parts)[0]};
  const api::GroupResource split = api::GroupResource::Parse(arg);
  return {full, api::GroupKind{split.group, split.resource}};
}

Result<RESTMapping> MappingFor(RESTMapper& mapper, std::string_view arg) {
  const auto [full_resource, group_resource] = ParseResourceArg(arg);
  std::optional<api::GroupVersionKind> kind;
  if (full_resource) {
    if (auto found = mapper.KindFor(*full_resource)) kind = *found;
  }
  if (!kind) {
    if (auto found = mapper.KindFor({group_resource.group, "", group_resource.resource})) {
      kind = *found;
    }
  }
  if (kind) return mapper.RESTMapping(kind->GetGroupKind(), {kind->version});

  const auto [full_kind, group_kind] = ParseKindArg(arg);
  const api::GroupVersionKind wanted =
      full_kind.value_or(api::GroupVersionKind{group_kind.group, "", group_kind.kind});
  if (!wanted.Empty()) {
    if (auto mapping = mapper.RESTMapping(wanted.GetGroupKind(), {wanted.version})) return mapping;
  }
  auto mapping = mapper.RESTMapping(group_kind);
  if (!mapping && IsNoMatchError(mapping.error())) {
    return Fail(MapperError("the server doesn't have a resource type " +
                            api::GoQuote(group_resource.resource)));
  }
  return mapping;
}

}  // namespace kubefake::client
