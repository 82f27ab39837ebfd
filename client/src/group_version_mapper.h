// GroupVersionMapper: apimachinery's DefaultRESTMapper as restmapper.NewDiscoveryRESTMapper
// uses it, one per served group-version. It answers for its own group-version only; the
// discovery mapper unites them and applies the priorities. Immutable once filled;
// thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kubefake/api/group_version.h"
#include "kubefake/client/rest_mapper.h"

namespace kubefake::client {

class GroupVersionMapper {
 public:
  explicit GroupVersionMapper(api::GroupVersion group_version)
      : group_version_(std::move(group_version)) {}

  const api::GroupVersion& group_version() const { return group_version_; }

  // meta.DefaultRESTMapper.AddSpecific.
  void AddSpecific(const std::string& kind, const std::string& plural, const std::string& singular,
                   RESTScopeName scope);
  // meta.DefaultRESTMapper.Add: plural and singular guessed from the kind.
  void Add(const std::string& kind, RESTScopeName scope);

  // The plural resources the partial resource names here (already lower-cased; resource set).
  // A fully qualified resource gives at most one.
  std::vector<api::GroupVersionResource> ResourcesFor(
      const api::GroupVersionResource& partial) const;
  // The kind the partial resource names here, if any.
  std::optional<api::GroupVersionKind> KindFor(const api::GroupVersionResource& partial) const;
  // The mapping of `kind` here: for the first of `versions` that is this group-version, or
  // with no usable version for this group-version when the group matches.
  std::optional<RESTMapping> MappingFor(const api::GroupKind& kind,
                                        const std::vector<std::string>& versions) const;
  // The singular of a plural this mapper holds.
  std::optional<std::string> SingularOf(const std::string& plural) const;

 private:
  // Whether a partial resource's group and version can name this group-version.
  bool Admits(const api::GroupVersionResource& partial) const;

  api::GroupVersion group_version_;
  std::map<std::string, std::string> plural_to_singular_;
  std::map<std::string, std::string> resource_to_kind_;
  std::map<std::string, std::string> kind_to_plural_;
  std::map<std::string, RESTScopeName> kind_to_scope_;
};

// meta.UnsafeGuessKindToResource: {plural, singular} of a kind ("Endpoints" stays as is).
std::pair<std::string, std::string> GuessKindToResource(std::string_view kind);

}  // namespace kubefake::client
