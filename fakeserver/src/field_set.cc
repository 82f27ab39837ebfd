// FieldSet: set operations and the FieldsV1 codec (R8.10).
#include "field_set.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>
#include <vector>

namespace kubefake::fakeserver {
namespace {

// `path` is the buffer the walk extends and restores. The walk meets the paths in ascending
// order (members come sorted, and kSeparator sorts before the bytes of keys but control
// characters), so each is inserted with the end as its hint; a wrong hint costs only a search.
void Flatten(const nlohmann::json& node, FieldSet::Path& path, std::set<FieldSet::Path>& out) {
  if (!node.is_object() || node.empty()) {
    if (!path.empty()) out.insert(out.end(), path);
    return;
  }
  for (const auto& [key, child] : node.items()) {
    const size_t size = path.size();
    if (!path.empty()) path += FieldSet::kSeparator;
    path += key;
    Flatten(child, path, out);
    path.resize(size);
  }
}

// `k:{"name":"web","protocol":"TCP"}` -> `[name="web",protocol="TCP"]`.
std::string DescribeKey(std::string_view json_text) {
  const nlohmann::json key = nlohmann::json::parse(json_text, nullptr, false);
  if (!key.is_object()) return "[" + std::string(json_text) + "]";
  std::string out = "[";
  bool first = true;
  for (const auto& [name, value] : key.items()) {
    if (!first) out += ",";
    first = false;
    out += name + "=" + value.dump();
  }
  return out + "]";
}

}  // namespace

FieldSet FieldSet::FromFieldsV1(const nlohmann::json& fields) {
  FieldSet set;
  Path path;
  Flatten(fields, path, set.paths_);
  return set;
}

nlohmann::json FieldSet::ToFieldsV1() const {
  nlohmann::json root = nlohmann::json::object();
  // Each path starts below the deepest node it shares with the previous one: `trail[i]` is the
  // node after the previous path's first i elements, `ends[i]` where its element i ends.
  std::vector<nlohmann::json*> trail{&root};
  std::vector<size_t> ends;
  std::string_view previous;
  for (const Path& path : paths_) {
    size_t depth = 0;
    size_t start = 0;
    for (; depth < ends.size(); ++depth) {
      const size_t end = ends[depth];
      if (path.size() < end || (path.size() > end && path[end] != kSeparator) ||
          std::string_view(path).substr(start, end - start) !=
              previous.substr(start, end - start)) {
        break;
      }
      start = end + 1;
    }
    trail.resize(depth + 1);
    ends.resize(depth);
    while (start <= path.size()) {
      const size_t end = std::min(path.find(kSeparator, start), path.size());
      nlohmann::json& child = (*trail.back())[path.substr(start, end - start)];
      if (!child.is_object()) child = nlohmann::json::object();
      trail.push_back(&child);
      ends.push_back(end);
      start = end + 1;
    }
    previous = path;
  }
  return root;
}

FieldSet::Path FieldSet::Join(std::string_view prefix, std::string_view element) {
  Path path(prefix);
  if (!path.empty()) path += kSeparator;
  path += element;
  return path;
}

std::string FieldSet::Describe(const Path& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(kSeparator, start);
    if (end == std::string::npos) end = path.size();
    const std::string_view element = std::string_view(path).substr(start, end - start);
    const std::string_view rest = element.size() >= 2 ? element.substr(2) : "";
    if (element.starts_with("f:")) {
      out += "." + std::string(rest);
    } else if (element.starts_with("k:")) {
      out += DescribeKey(rest);
    } else if (element.starts_with("v:")) {
      out += "[=" + std::string(rest) + "]";
    } else if (element.starts_with("i:")) {
      out += "[" + std::string(rest) + "]";
    }
    start = end + 1;
  }
  return out;
}

bool FieldSet::ContainsPrefix(const Path& path) const {
  auto it = paths_.lower_bound(path);
  if (it == paths_.end()) return false;
  if (*it == path) return true;
  return it->size() > path.size() && it->starts_with(path) && (*it)[path.size()] == kSeparator;
}

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out = *this;
  out.paths_.insert(other.paths_.begin(), other.paths_.end());
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  std::ranges::set_difference(paths_, other.paths_, std::inserter(out.paths_, out.paths_.end()));
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  std::ranges::set_intersection(paths_, other.paths_, std::inserter(out.paths_, out.paths_.end()));
  return out;
}

}  // namespace kubefake::fakeserver
