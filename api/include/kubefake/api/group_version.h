// GroupVersion, GroupVersionKind, GroupVersionResource, GroupResource and GroupKind: the names
// of API types and resources, parsed and printed as apimachinery's runtime/schema does.
// Value types; thread-compatible.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace kubefake::api {

struct GroupResource;
struct GroupKind;

// An API group and version: "apps/v1"; the core group prints as just "v1".
struct GroupVersion {
  std::string group;
  std::string version;

  // Parses an apiVersion string. "" is the empty GroupVersion, "v1" is the core group,
  // "apps/v1" a named group. Returns nullopt for more than one '/' (as ParseGroupVersion
  // errors with `unexpected GroupVersion string: <s>`).
  static std::optional<GroupVersion> Parse(std::string_view api_version);

  bool Empty() const { return group.empty() && version.empty(); }
  // "apps/v1", "v1", or "" when empty.
  std::string String() const;

  auto operator<=>(const GroupVersion&) const = default;
};

struct GroupKind {
  std::string group;
  std::string kind;

  bool Empty() const { return group.empty() && kind.empty(); }
  // "Deployment.apps", or "Pod" for the core group.
  std::string String() const;

  auto operator<=>(const GroupKind&) const = default;
};

struct GroupResource {
  std::string group;
  std::string resource;

  // Parses "deployments.apps" (everything after the first '.' is the group) or "pods".
  static GroupResource Parse(std::string_view s);

  bool Empty() const { return group.empty() && resource.empty(); }
  // "deployments.apps", or "pods" for the core group.
  std::string String() const;

  auto operator<=>(const GroupResource&) const = default;
};

struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;

  // Splits an apiVersion and kind as a Kubernetes object carries them.
  static std::optional<GroupVersionKind> FromApiVersionAndKind(std::string_view api_version,
                                                               std::string_view kind);

  GroupVersion GetGroupVersion() const { return {group, version}; }
  GroupKind GetGroupKind() const { return {group, kind}; }
  bool Empty() const { return group.empty() && version.empty() && kind.empty(); }
  // "apps/v1, Kind=Deployment", or "/v1, Kind=Pod" for the core group (apimachinery's format).
  std::string String() const;

  auto operator<=>(const GroupVersionKind&) const = default;
};

struct GroupVersionResource {
  std::string group;
  std::string version;
  std::string resource;

  GroupVersion GetGroupVersion() const { return {group, version}; }
  GroupResource GetGroupResource() const { return {group, resource}; }
  bool Empty() const { return group.empty() && version.empty() && resource.empty(); }
  // "apps/v1, Resource=deployments", or "/v1, Resource=pods" for the core group.
  std::string String() const;

  auto operator<=>(const GroupVersionResource&) const = default;
};

}  // namespace kubefake::api
