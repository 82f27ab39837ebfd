// A set of field paths, as structured-merge-diff's fieldpath.Set: what one manager owns. Paths
// are sequences of elements (`f:spec`, `k:{"name":"web"}`, `v:"a"`, `.`) and encode to and
// from the FieldsV1 trie of managedFields (R8.10). Value type; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

namespace kubefake::fakeserver {

class FieldSet {
 public:
  // One path: its elements joined by kSeparator.
  using Path = std::string;
  static constexpr char kSeparator = '\x1f';

  FieldSet() = default;
  // The paths of a FieldsV1 trie; a leaf (`{}`) ends a path.
  static FieldSet FromFieldsV1(const nlohmann::json& fields);
  nlohmann::json ToFieldsV1() const;

  // `prefix` followed by `element`.
  static Path Join(std::string_view prefix, std::string_view element);
  // The path as structured-merge-diff prints it in conflicts: `.spec.containers[name="web"]
  // .image`, `.metadata.finalizers[="a"]`; the `.` member element prints nothing.
  static std::string Describe(const Path& path);

  void Insert(Path path) { paths_.insert(std::move(path)); }
  void Erase(const Path& path) { paths_.erase(path); }
  bool Contains(const Path& path) const { return paths_.contains(path); }
  // Whether `path` or any path below it is in the set.
  bool ContainsPrefix(const Path& path) const;
  bool empty() const { return paths_.empty(); }
  const std::set<Path>& paths() const { return paths_; }

  FieldSet Union(const FieldSet& other) const;
  FieldSet Difference(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;

  bool operator==(const FieldSet&) const = default;

 private:
  std::set<Path> paths_;
};

}  // namespace kubefake::fakeserver
