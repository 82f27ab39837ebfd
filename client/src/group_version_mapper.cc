// GroupVersionMapper: DefaultRESTMapper's matching, reduced to one group-version.
#include "group_version_mapper.h"

#include <algorithm>

#include "kubefake/api/ascii.h"

namespace kubefake::client {

std::pair<std::string, std::string> GuessKindToResource(std::string_view kind) {
  if (kind.empty()) return {};
  const std::string singular = api::AsciiLowered(kind);
  if (singular.ends_with("endpoints")) return {singular, singular};
  if (singular.back() == 's') return {singular + "es", singular};
  if (singular.back() == 'y') return {singular.substr(0, singular.size() - 1) + "ies", singular};
  return {singular + "s", singular};
}

void GroupVersionMapper::AddSpecific(const std::string& kind, const std::string& plural,
                                     const std::string& singular, RESTScopeName scope) {
  plural_to_singular_[plural] = singular;
  resource_to_kind_[singular] = kind;
  resource_to_kind_[plural] = kind;
  kind_to_plural_[kind] = plural;
  kind_to_scope_[kind] = scope;
}

void GroupVersionMapper::Add(const std::string& kind, RESTScopeName scope) {
  const auto [plural, singular] = GuessKindToResource(kind);
  AddSpecific(kind, plural, singular, scope);
}

bool GroupVersionMapper::Admits(const api::GroupVersionResource& partial) const {
  // A group without a version also matches as a prefix ("storage" for storage.k8s.io): an
  // exact group is a prefix of itself, so one test covers DefaultRESTMapper's two passes.
  if (!partial.group.empty() && !partial.version.empty()) {
    return partial.group == group_version_.group && partial.version == group_version_.version;
  }
  if (!partial.group.empty()) return group_version_.group.starts_with(partial.group);
  if (!partial.version.empty()) return partial.version == group_version_.version;
  return true;
}

std::vector<api::GroupVersionResource> GroupVersionMapper::ResourcesFor(
    const api::GroupVersionResource& partial) const {
  std::vector<api::GroupVersionResource> out;
  if (!Admits(partial)) return out;
  const bool fully_qualified = !partial.group.empty() && !partial.version.empty();
  // A plural named as such comes before one named by its singular.
  if (plural_to_singular_.contains(partial.resource)) {
    out.push_back({group_version_.group, group_version_.version, partial.resource});
    if (fully_qualified) return out;
  }
  for (const auto& [plural, singular] : plural_to_singular_) {
    if (singular != partial.resource || plural == partial.resource) continue;
    out.push_back({group_version_.group, group_version_.version, plural});
    if (fully_qualified) break;
  }
  return out;
}

std::optional<api::GroupVersionKind> GroupVersionMapper::KindFor(
    const api::GroupVersionResource& partial) const {
  if (!Admits(partial)) return std::nullopt;
  auto it = resource_to_kind_.find(partial.resource);
  if (it == resource_to_kind_.end()) return std::nullopt;
  return api::GroupVersionKind{group_version_.group, group_version_.version, it->second};
}

std::optional<RESTMapping> GroupVersionMapper::MappingFor(
    const api::GroupKind& kind, const std::vector<std::string>& versions) const {
  if (kind.group != group_version_.group) return std::nullopt;
  const bool had_version = std::ranges::any_of(
      versions, [](const std::string& v) { return !v.empty() && v != "__internal"; });
  // With versions given, only the first one this mapper serves counts; an unusable list
  // falls back to this mapper's own version, as DefaultRESTMapper's default versions.
  if (had_version && std::ranges::find(versions, group_version_.version) == versions.end()) {
    return std::nullopt;
  }
  auto plural = kind_to_plural_.find(kind.kind);
  if (plural == kind_to_plural_.end()) return std::nullopt;
  return RESTMapping{{group_version_.group, group_version_.version, plural->second},
                     {group_version_.group, group_version_.version, kind.kind},
                     kind_to_scope_.at(kind.kind)};
}

std::optional<std::string> GroupVersionMapper::SingularOf(const std::string& plural) const {
  auto it = plural_to_singular_.find(plural);
  if (it == plural_to_singular_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kubefake::client
