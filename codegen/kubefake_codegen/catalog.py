"""The resource catalog: every built-in resource and subresource, from the discovery data.

Writes api/src/generated/builtin_resources.{h,cc}: one constexpr table of every top-level
resource in discovery order (core v1 first, then the groups in the order /apis lists them;
within a group the versions in preference order; within a version the resources in the order
discovery lists them), with its subresources. ResourceCatalog (api/src/resource_catalog.cc)
builds its entries from that table.

Sources and how they are reconciled:
  discovery/api__v1.json        core v1: names, scope, kind, verbs, short names, categories,
                                storageVersionHash; subresources as "pods/status" entries.
  discovery/aggregated_v2.json  every other group: the same facts (no storageVersionHash).
  swagger.json                  list kinds (the response of each list operation), and a
                                cross-check: every resource's scope and verbs, and every
                                subresource's verbs and response kind, must agree with the
                                paths. A subresource the paths have and discovery lacks is
                                added from the paths (api__v1.json predates pods/resize).
Anything else that disagrees stops the generator: the table is never silently wrong.
"""
from kubefake_codegen import output

HEADER_PATH = "api/src/generated/builtin_resources.h"
SOURCE_PATH = "api/src/generated/builtin_resources.cc"

# HTTP method of a swagger operation -> discovery verb, for operations on one object or on a
# subresource. Collection operations are mapped in _swagger_resources. HEAD and OPTIONS (proxy
# connect operations) have no discovery verb.
_ITEM_VERBS = {"get": "get", "post": "create", "put": "update", "patch": "patch", "delete": "delete"}


class CatalogError(SystemExit):
    pass


def _fail(message):
    raise CatalogError(f"codegen catalog: {message}")


# --- reading the discovery data ---------------------------------------------------------------


def _core_resources(core):
    """Resources of /api/v1 from the legacy APIResourceList, subresources folded in."""
    group_version = core["groupVersion"]
    if group_version != "v1":
        _fail(f"core discovery is for {group_version!r}, expected 'v1'")
    resources = []
    by_name = {}
    for entry in core["resources"]:
        name = entry["name"]
        if "/" in name:
            parent, sub = name.split("/", 1)
            if parent not in by_name:
                _fail(f"core subresource {name} comes before its resource")
            by_name[parent]["subresources"].append({
                "name": sub,
                "group": entry.get("group", ""),
                "version": entry.get("version", "v1"),
                "kind": entry["kind"],
                "verbs": list(entry["verbs"]),
            })
            continue
        resource = {
            "group": "",
            "version": "v1",
            "name": name,
            "singular_name": entry["singularName"],
            "kind": entry["kind"],
            "namespaced": entry["namespaced"],
            "verbs": list(entry["verbs"]),
            "short_names": list(entry.get("shortNames", [])),
            "categories": list(entry.get("categories", [])),
            "subresources": [],
            "storage_version_hash": entry.get("storageVersionHash", ""),
        }
        by_name[name] = resource
        resources.append(resource)
    return resources


def _scope_is_namespaced(scope, where):
    if scope == "Namespaced":
        return True
    if scope == "Cluster":
        return False
    return _fail(f"{where}: unknown scope {scope!r}")


def _group_resources(aggregated):
    """Resources of every named group from the aggregated APIGroupDiscoveryList."""
    resources = []
    for item in aggregated["items"]:
        group = item["metadata"]["name"]
        for version_entry in item["versions"]:
            version = version_entry["version"]
            for entry in version_entry["resources"]:
                where = f"{group}/{version} {entry['resource']}"
                kind = entry["responseKind"]
                subresources = []
                for sub in entry.get("subresources", []):
                    sub_kind = sub["responseKind"]
                    # An empty group and version mean "the enclosing group-version".
                    same = not sub_kind.get("group") and not sub_kind.get("version")
                    subresources.append({
                        "name": sub["subresource"],
                        "group": group if same else sub_kind.get("group", ""),
                        "version": version if same else sub_kind["version"],
                        "kind": sub_kind["kind"],
                        "verbs": list(sub["verbs"]),
                    })
                resources.append({
                    "group": group,
                    "version": version,
                    "name": entry["resource"],
                    "singular_name": entry["singularResource"],
                    "kind": kind["kind"],
                    "namespaced": _scope_is_namespaced(entry["scope"], where),
                    "verbs": list(entry["verbs"]),
                    "short_names": list(entry.get("shortNames", [])),
                    "categories": list(entry.get("categories", [])),
                    "subresources": subresources,
                    "storage_version_hash": "",
                })
    return resources


# --- reading swagger.json ---------------------------------------------------------------------


def _parse_path(path):
    """(group, version, namespaced, resource, has_name, subresource, watch) or None."""
    segments = path.strip("/").split("/")
    if segments[:2] == ["api", "v1"]:
        group, version, rest = "", "v1", segments[2:]
    elif segments[0] == "apis" and len(segments) >= 3:
        group, version, rest = segments[1], segments[2], segments[3:]
    else:
        return None
    watch = bool(rest) and rest[0] == "watch"
    if watch:
        rest = rest[1:]
    namespaced = len(rest) >= 2 and rest[0] == "namespaces" and rest[1] == "{namespace}"
    if namespaced:
        rest = rest[2:]
    if not rest:
        return None
    resource = rest[0]
    has_name = len(rest) >= 2 and rest[1] == "{name}"
    subresource = rest[2] if has_name and len(rest) >= 3 else ""
    return group, version, namespaced, resource, has_name, subresource, watch


def _definition_kind(swagger, ref):
    name = ref.rsplit("/", 1)[-1]
    gvks = swagger["definitions"].get(name, {}).get("x-kubernetes-group-version-kind", [])
    if len(gvks) != 1:
        _fail(f"definition {name} has {len(gvks)} group-version-kinds, expected 1")
    return gvks[0]["kind"]


def _swagger_resources(swagger):
    """(group, version, resource) -> facts the paths state about that resource."""
    found = {}
    for path, operations in swagger["paths"].items():
        parsed = _parse_path(path)
        if parsed is None:
            continue
        group, version, namespaced, name, has_name, sub, watch = parsed
        facts = found.setdefault((group, version, name), {
            "namespaced": False, "verbs": set(), "list_kind": "", "subresources": {}})
        facts["namespaced"] |= namespaced
        for method, operation in operations.items():
            if method == "parameters":
                continue
            action = operation.get("x-kubernetes-action")
            if sub:
                if method not in _ITEM_VERBS:
                    continue
                gvk = operation["x-kubernetes-group-version-kind"]
                entry = facts["subresources"].setdefault(sub, {"gvk": None, "verbs": set()})
                key = (gvk["group"], gvk["version"], gvk["kind"])
                if entry["gvk"] not in (None, key):
                    _fail(f"{path}: subresource {sub} answers both {entry['gvk']} and {key}")
                entry["gvk"] = key
                entry["verbs"].add(_ITEM_VERBS[method])
            elif watch or action in ("watch", "watchlist"):
                facts["verbs"].add("watch")
            elif has_name:
                facts["verbs"].add(_ITEM_VERBS[method])
            elif action == "list":
                facts["verbs"].add("list")
                facts["list_kind"] = _definition_kind(
                    swagger, operation["responses"]["200"]["schema"]["$ref"])
            elif action == "deletecollection":
                facts["verbs"].add("deletecollection")
            elif method == "post":
                facts["verbs"].add("create")
            else:
                _fail(f"{path}: unexpected collection operation {method} {action}")
    return found


# --- reconciling ------------------------------------------------------------------------------


def _reconcile(resources, swagger):
    paths = _swagger_resources(swagger)
    seen = set()
    for resource in resources:
        key = (resource["group"], resource["version"], resource["name"])
        where = "{}/{} {}".format(*key)
        if key in seen:
            _fail(f"{where} is listed twice")
        seen.add(key)
        facts = paths.get(key)
        if facts is None:
            _fail(f"{where} has no paths in swagger.json")
        if facts["namespaced"] != resource["namespaced"]:
            _fail(f"{where}: discovery and paths disagree on scope")
        if facts["verbs"] != set(resource["verbs"]):
            _fail(f"{where}: discovery verbs {sorted(resource['verbs'])} but paths give "
                  f"{sorted(facts['verbs'])}")
        resource["list_kind"] = facts["list_kind"]
        listed = {sub["name"]: sub for sub in resource["subresources"]}
        for name, sub in listed.items():
            from_paths = facts["subresources"].get(name)
            if from_paths is None:
                _fail(f"{where}/{name} has no paths in swagger.json")
            if from_paths["verbs"] != set(sub["verbs"]):
                _fail(f"{where}/{name}: discovery verbs {sorted(sub['verbs'])} but paths give "
                      f"{sorted(from_paths['verbs'])}")
            if from_paths["gvk"] != (sub["group"], sub["version"], sub["kind"]):
                _fail(f"{where}/{name}: discovery kind differs from paths {from_paths['gvk']}")
        for name, from_paths in facts["subresources"].items():
            if name in listed:
                continue
            group, version, kind = from_paths["gvk"]
            resource["subresources"].append({
                "name": name, "group": group, "version": version, "kind": kind,
                "verbs": sorted(from_paths["verbs"]),  # built-in verbs are sorted (R9.1)
            })
        resource["subresources"].sort(key=lambda sub: sub["name"])
    # Every resource in the paths must be in discovery too (the count of 88 rests on it).
    for key in sorted(paths):
        if key not in seen:
            _fail("{}/{} {} is in swagger.json but not in discovery".format(*key))


def _check_unique_kinds(resources):
    kinds = {}
    for resource in resources:
        key = (resource["group"], resource["version"], resource["kind"])
        if key in kinds:
            _fail(f"{key} is served by both {kinds[key]} and {resource['name']}")
        kinds[key] = resource["name"]


def _check_contiguous(resources):
    """Each group, and each version within it, is one run: the table's order is its meaning."""
    groups, group_versions = set(), set()
    previous = None
    for resource in resources:
        key = (resource["group"], resource["version"])
        if key == previous:
            continue
        new_group = previous is None or key[0] != previous[0]
        if key in group_versions or (new_group and key[0] in groups):
            _fail(f"{key} is listed in more than one place")
        groups.add(key[0])
        group_versions.add(key)
        previous = key


def build(api):
    """Every built-in resource, reconciled, in discovery order."""
    resources = _core_resources(api.core_discovery) + _group_resources(api.aggregated_discovery)
    _check_contiguous(resources)
    _reconcile(resources, api.swagger)
    _check_unique_kinds(resources)
    return resources


# --- writing C++ ------------------------------------------------------------------------------


def _literal(text):
    if any(c in text for c in '"\\') or not text.isascii() or not text.isprintable():
        _fail(f"unexpected characters in {text!r}")
    return f'"{text}"'


class _Pool:
    """Deduplicated constexpr string_view arrays, named prefix0, prefix1, ..."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.names = {}

    def name(self, values):
        if not values:
            return None
        key = tuple(values)
        if key not in self.names:
            self.names[key] = f"{self.prefix}{len(self.names)}"
        return self.names[key]

    def definitions(self):
        text = ""
        for values, name in self.names.items():
            literals = [_literal(v) for v in values]
            line = f"constexpr std::string_view {name}[] = {{{', '.join(literals)}}};\n"
            if len(line) > 101:  # wrapped as clang-format lays out a trailing-comma list
                rows, row = [], "   "
                for literal in literals:
                    if len(row) + len(literal) + 2 > 100:
                        rows.append(row)
                        row = "   "
                    row += f" {literal},"
                rows.append(row)
                line = (f"constexpr std::string_view {name}[] = {{\n"
                        + "".join(f"{row}\n" for row in rows) + "};\n")
            text += line
        return text


def _header():
    return output.header() + """\
// The built-in resource table's layout: plain constexpr data that ResourceCatalog reads.
// Internal to kubefake::api; written by codegen/kubefake_codegen/catalog.py.
#pragma once

#include <span>
#include <string_view>

namespace kubefake::api::generated {

// A subresource: its name ("status") and the kind it takes and returns (discovery's
// responseKind), fully qualified.
struct BuiltinSubresource {
  std::string_view name;
  std::string_view group;
  std::string_view version;
  std::string_view kind;
  std::span<const std::string_view> verbs;
};

// A top-level resource. `group` is "" for core, `name` is the plural, `list_kind` is "" when the
// resource has no list verb, `subresources` are sorted by name, and `storage_version_hash` is ""
// where the discovery data has none.
struct BuiltinResource {
  std::string_view group;
  std::string_view version;
  std::string_view name;
  std::string_view singular_name;
  std::string_view kind;
  std::string_view list_kind;
  bool namespaced = false;
  std::span<const std::string_view> verbs;
  std::span<const std::string_view> short_names;
  std::span<const std::string_view> categories;
  std::span<const BuiltinSubresource> subresources;
  std::string_view storage_version_hash;
};

// Every top-level built-in resource of Kubernetes 1.33, in discovery order: core v1 first, then
// the groups as /apis lists them; within a group its versions in preference order (the first
// is the preferred version); within a version its resources as discovery lists them.
std::span<const BuiltinResource> BuiltinResources();

}  // namespace kubefake::api::generated
"""


def _source(resources):
    verbs, short_names, categories = _Pool("kVerbs"), _Pool("kShortNames"), _Pool("kCategories")
    subresource_arrays = []
    rows = []
    for index, resource in enumerate(resources):
        subresources_name = None
        if resource["subresources"]:
            subresources_name = f"kSubresources{index}"
            lines = "".join(
                f"    {{{_literal(sub['name'])}, {_literal(sub['group'])}, "
                f"{_literal(sub['version'])}, {_literal(sub['kind'])}, "
                f"{verbs.name(sub['verbs'])}}},\n"
                for sub in resource["subresources"])
            subresource_arrays.append(
                f"constexpr BuiltinSubresource {subresources_name}[] = {{\n{lines}}};\n")
        fields = [
            ("group", _literal(resource["group"])),
            ("version", _literal(resource["version"])),
            ("name", _literal(resource["name"])),
            ("singular_name", _literal(resource["singular_name"])),
            ("kind", _literal(resource["kind"])),
            ("list_kind", _literal(resource["list_kind"])),
            ("namespaced", "true" if resource["namespaced"] else "false"),
            ("verbs", verbs.name(resource["verbs"])),
            ("short_names", short_names.name(resource["short_names"])),
            ("categories", categories.name(resource["categories"])),
            ("subresources", subresources_name),
            ("storage_version_hash", _literal(resource["storage_version_hash"])),
        ]
        # Every field is written (GCC's -Wmissing-field-initializers counts designated ones).
        body = "".join(f"        .{field} = {value or '{}'},\n" for field, value in fields)
        rows.append(f"    {{\n{body}    }},\n")
    groups = []
    for resource in resources:
        if resource["group"] not in groups:
            groups.append(resource["group"])
    return (
        output.header()
        + f"// {len(resources)} top-level resources in {len(groups)} groups.\n"
        + '#include "generated/builtin_resources.h"\n\n'
        + "namespace kubefake::api::generated {\nnamespace {\n\n"
        + verbs.definitions() + "\n"
        + short_names.definitions() + "\n"
        + categories.definitions() + "\n"
        + "\n".join(subresource_arrays) + "\n"
        + "constexpr BuiltinResource kResources[] = {\n" + "".join(rows) + "};\n\n"
        + "}  // namespace\n\n"
        + "std::span<const BuiltinResource> BuiltinResources() { return kResources; }\n\n"
        + "}  // namespace kubefake::api::generated\n")


def generate(api):
    resources = build(api)
    return {HEADER_PATH: _header(), SOURCE_PATH: _source(resources)}
