"""Typed C++ structs for every struct definition, with JSON conversion both ways.

Writes one public header per group-version (api/include/kubefake/api/types/<pkg>/<version>.h,
namespace kubefake::api::<pkg>::<version>), the to_json/from_json definitions in translation
units of at most CHUNK structs (api/src/generated/types/), the helpers they call (copied from
cpp/), and a test-only registry from definition name to a typed round trip
(tests/api/generated/).

Conventions (kubefake/api/types/*.h say the same to users):
  - required property -> plain T (always encoded); optional -> std::optional<T> (omitted when
    empty, so absent and empty stay distinct);
  - arrays -> std::vector, maps -> std::map<std::string, T>, int32/int64 -> int32_t/int64_t,
    number -> double, byte -> std::string holding the base64 text;
  - Quantity, IntOrString, Time, MicroTime, FieldsV1 -> the hand-written value types;
    definitions without properties -> nlohmann::json;
  - a field whose type contains the struct itself -> Indirect<T> (kubefake/api/indirect.h);
  - a kind with one group-version-kind gets `std::string api_version` and `kind` defaulted to it.
"""
import collections
import pathlib
import textwrap

from . import definitions as defs
from . import output

CHUNK = 40  # structs per generated source
ROUND_TRIP_CHUNK = 120  # structs per test registry source
TYPES_SRC = "api/src/generated/types"
TEST_DIR = "tests/api/generated"


def generate(api) -> dict:
    model = defs.Model(api)
    structs = model.structs()
    for d in structs:
        for p in d.properties:
            for ref in model.refs(p.shape):
                target = model.definitions[ref]
                if target.kind == "object" and not target.is_struct:
                    raise SystemExit(f"codegen: {d.name}.{p.json_name} refers to {ref}, "
                                     "which gets no typed struct")
    boxed = _boxed_properties(model, structs)
    files = {}
    by_namespace = collections.defaultdict(list)
    for d in model.definitions.values():
        if d.namespace:
            by_namespace[d.namespace].append(d)
    for ns, members in sorted(by_namespace.items()):
        files[_header_path(ns)] = _header(model, ns, members, boxed)
    by_group = collections.defaultdict(list)
    for d in structs:
        by_group[d.namespace[0]].append(d)
    for members in by_group.values():
        members.sort(key=lambda d: (d.namespace, d.short_name))
    for name, chunk in _translation_units(by_group):
        files[f"{TYPES_SRC}/{name}.cc"] = _source(model, chunk, boxed)
    for name in ("json_fields.h", "json_fields.cc"):
        text = (pathlib.Path(__file__).parent / "cpp" / name).read_text(encoding="utf-8")
        files[f"{TYPES_SRC}/{name}"] = output.header() + text
    files.update(_round_trips(by_group))
    return files


def _translation_units(by_group, limit=CHUNK):
    """(file stem, structs) per generated source: a group of more than CHUNK structs is split
    evenly ("core_0" ... "core_5"); consecutive smaller groups share a file up to `limit` structs
    ("authentication_authorization"), since every file pays for parsing its headers."""
    units, pending, pending_groups = [], [], []

    def flush():
        if pending:
            units.append(("_".join(pending_groups), list(pending)))
            pending.clear()
            pending_groups.clear()

    for group, members in sorted(by_group.items()):
        if len(members) > limit:
            flush()
            count = -(-len(members) // limit)
            size = -(-len(members) // count)
            for n in range(count):
                units.append((f"{group}_{n}", members[n * size:(n + 1) * size]))
            continue
        if len(pending) + len(members) > limit:
            flush()
        pending.extend(members)
        pending_groups.append(group)
    flush()
    return units


def _header_path(ns) -> str:
    return f"api/include/kubefake/api/types/{ns[0]}/{ns[1]}.h"


def _boxed_properties(model, structs) -> set:
    """(definition, property) pairs that refer directly to a struct that contains the owner."""
    edges = collections.defaultdict(set)
    for d in structs:
        for p in d.properties:
            for ref in model.refs(p.shape):
                if model.definitions[ref].is_struct:
                    edges[d.name].add(ref)

    def reaches(start, goal):
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(edges[node])
        return False

    boxed = set()
    for d in structs:
        for p in d.properties:
            refs = model.refs(p.shape)
            if not refs or not model.definitions[refs[0]].is_struct:
                continue
            target = model.definitions[refs[0]]
            if not reaches(target.name, d.name):
                continue
            if target.namespace != d.namespace:
                raise SystemExit(f"codegen: {d.name} and {target.name} contain each other "
                                 "across group-versions")
            if p.shape.kind == "ref":
                if p.required:
                    raise SystemExit(f"codegen: {d.name}.{p.json_name} requires itself")
                boxed.add((d.name, p.json_name))
    return boxed


def _member_type(model, d, p, boxed) -> str:
    t = model.cpp_type(p.shape, d.name)
    if (d.name, p.json_name) in boxed:
        t = f"::kubefake::api::Indirect<{t}>"
    return t if p.required else f"std::optional<{t}>"


def _is_gvk_field(d, p) -> bool:
    return d.default_gvk() is not None and p.json_name in ("apiVersion", "kind")


def _api_version(gvk) -> str:
    group, version, _ = gvk
    return f"{group}/{version}" if group else version


def _struct_order(model, members):
    """Structs of one namespace, each after the structs its members hold by value."""
    names = {d.name: d for d in members if d.is_struct}
    order, state = [], {}

    def visit(name):
        if state.get(name) == "done" or state.get(name) == "active":
            return
        state[name] = "active"
        deps = set()
        for p in names[name].properties:
            deps.update(r for r in model.refs(p.shape) if r in names and r != name)
        for dep in sorted(deps):
            visit(dep)
        state[name] = "done"
        order.append(names[name])

    for name in sorted(names):
        visit(name)
    return order


def _header(model, ns, members, boxed) -> str:
    pkg, version = ns
    includes = set()
    std_includes = {"<cstdint>", "<map>", "<optional>", "<string>", "<vector>"}
    for d in members:
        if d.name in defs.VALUE_TYPES:
            includes.add(defs.VALUE_TYPES[d.name][2])
        for p in d.properties:
            for ref in model.refs(p.shape):
                target = model.definitions[ref]
                if ref in defs.VALUE_TYPES:
                    includes.add(defs.VALUE_TYPES[ref][2])
                elif target.is_struct and target.namespace != ns:
                    includes.add(_header_path(target.namespace)[len("api/include/"):])
            if (d.name, p.json_name) in boxed:
                includes.add("kubefake/api/indirect.h")
    prefix = members[0].prefix
    out = [output.header()]
    go_package = "k8s.io/" + prefix[len("io.k8s."):].replace(".", "/")
    comment = (
        f"Typed structs for the {prefix} definitions, in namespace kubefake::api::{pkg}::{version}. "
        f"Kubernetes counterpart: the Go package {go_package}. Members are the JSON properties in "
        "snake_case (the JSON name follows in a comment when it differs); required properties "
        "are plain values, optional ones std::optional; a kind's apiVersion and kind default to "
        "its group-version-kind. Decode and Encode them with kubefake/api/typed_codec.h. "
        "Value types; thread-compatible.")
    out.extend(f"// {line}\n" for line in textwrap.wrap(comment, 97, break_on_hyphens=False))
    out.append("#pragma once\n\n")
    out.extend(f"#include {i}\n" for i in sorted(std_includes))
    out.append("\n#include <nlohmann/json.hpp>\n\n")
    out.extend(f'#include "{i}"\n' for i in sorted(includes))
    if includes:
        out.append("\n")
    out.append(f"namespace kubefake::api::{pkg}::{version} {{\n\n")
    aliases = [d for d in members if not d.is_struct]
    for d in sorted(aliases, key=lambda d: d.short_name):
        out.append(f"// {d.name}.\nusing {d.short_name} = {d.cpp_name()};\n")
    if aliases:
        out.append("\n")
    order = _struct_order(model, members)
    for d in sorted(order, key=lambda d: d.short_name):
        out.append(f"struct {d.short_name};\n")
    for d in order:
        out.append("\n")
        gvk = d.default_gvk()
        comment = f"// {d.name}"
        if d.gvks:
            kinds = ", ".join(f"{_api_version(g)} {g[2]}" for g in d.gvks[:3])
            comment += f": {kinds}" + (f" and {len(d.gvks) - 3} more" if len(d.gvks) > 3 else "")
        out.append(comment + ".\n")
        out.append(f"struct {d.short_name} {{\n")
        for p in d.properties:
            if _is_gvk_field(d, p):
                value = _api_version(gvk) if p.json_name == "apiVersion" else gvk[2]
                decl = f'  std::string {p.member} = "{value}";'
            else:
                t = _member_type(model, d, p, boxed)
                init = ""
                if p.required:
                    if p.shape.kind == "integer" or p.shape.kind == "number":
                        init = " = 0"
                    elif p.shape.kind == "boolean":
                        init = " = false"
                decl = f"  {t} {p.member}{init};"
            if p.member != p.json_name:
                decl += f"  // {p.json_name}"
            out.append(decl + "\n")
        out.append(f"\n  bool operator==(const {d.short_name}&) const = default;\n}};\n")
        out.append(f"void to_json(nlohmann::json& j, const {d.short_name}& v);\n")
        out.append(f"void from_json(const nlohmann::json& j, {d.short_name}& v);\n")
    out.append(f"\n}}  // namespace kubefake::api::{pkg}::{version}\n")
    return "".join(out)


def _source(model, chunk, boxed) -> str:
    headers = sorted({_header_path(d.namespace)[len("api/include/"):] for d in chunk})
    first, last = chunk[0], chunk[-1]
    out = [output.header()]
    out.append(f"// JSON conversion of the typed structs {'::'.join(first.namespace)}::"
               f"{first.short_name} to {'::'.join(last.namespace)}::{last.short_name}.\n")
    out.extend(f'#include "{h}"\n' for h in headers)
    out.append('\n#include "generated/types/json_fields.h"\n')
    current = None
    for d in chunk:
        if d.namespace != current:
            if current:
                out.append(f"\n}}  // namespace kubefake::api::{'::'.join(current)}\n")
            current = d.namespace
            out.append(f"\nnamespace kubefake::api::{'::'.join(current)} {{\n\n")
            out.append("using namespace ::kubefake::api::codec_internal;  // NOLINT(build/namespaces)\n")
        out.append(_to_json(model, d, boxed))
        out.append(_from_json(model, d, boxed))
    out.append(f"\n}}  // namespace kubefake::api::{'::'.join(current)}\n")
    return "".join(out)


_SCALAR_CODEC = {
    ("string", ""): "String", ("string", "byte"): "String", ("boolean", ""): "Bool",
    ("integer", "int32"): "Int32", ("integer", "int64"): "Int64", ("number", "double"): "Double",
    ("number", ""): "Double", ("free-form", ""): "Json",
}
_VALUE_CODEC = {defs.QUANTITY: "Quantity", defs.INT_OR_STRING: "IntOrString", defs.TIME: "Time",
                defs.MICRO_TIME: "MicroTime", defs.FIELDS_V1: "FieldsV1"}


def _codec(model, shape):
    """How the generated code reads and writes a value of `shape`: ("Int32", False) names the
    ReadInt32/WriteInt32 helpers, ("", False) a generated struct's from_json/to_json, and
    ("", True) the container templates Read/Write."""
    if shape.kind in ("array", "map"):
        return "", True
    if shape.kind == "ref":
        target = model.definitions[shape.ref]
        if target.is_struct:
            return "", False
        return _VALUE_CODEC.get(target.name, "Json"), False  # other definitions are free-form
    key = (shape.kind, shape.format)
    if key not in _SCALAR_CODEC:
        key = (shape.kind, "")
    return _SCALAR_CODEC[key], False


def _to_json(model, d, boxed) -> str:
    out = [f"\nvoid to_json(nlohmann::json& j, const {d.short_name}& v) {{\n",
           "  j = nlohmann::json::object();\n"]
    for p in d.properties:
        slot = f'Slot(j, "{p.json_name}")'
        name, container = _codec(model, p.shape)
        fn = "Write" if container else (f"Write{name}" if name else "to_json")
        value = f"v.{p.member}" if p.required or _is_gvk_field(d, p) else f"*v.{p.member}"
        if (d.name, p.json_name) in boxed:
            value = "*" + value
        if _is_gvk_field(d, p):
            out.append(f"  if (!v.{p.member}.empty()) {fn}({slot}, {value});\n")
        elif p.required:
            out.append(f"  {fn}({slot}, {value});\n")
        else:
            out.append(f"  if (v.{p.member}) {fn}({slot}, {value});\n")
    out.append("}\n")
    return "".join(out)


def _from_json(model, d, boxed) -> str:
    """One walk over the object's members: the fields are asked for in the members' key order
    (nlohmann keeps an object's members in a std::map, byte-wise ordered), so each lookup
    continues where the previous one stopped."""
    out = [f"\nvoid from_json(const nlohmann::json& j, {d.short_name}& v) {{\n",
           "  if (!BeginObject(j)) return;\n",
           "  ObjectMembers members(j);\n",
           "  try {\n"]
    for p in sorted(d.properties, key=lambda p: p.json_name.encode()):
        name, container = _codec(model, p.shape)
        fn = "Read" if container else (f"Read{name}" if name else "from_json")
        target = f"v.{p.member}" if p.required or _is_gvk_field(d, p) else f"v.{p.member}.emplace()"
        if (d.name, p.json_name) in boxed:
            target = f"*{target}"
        out.append(f'    if (const nlohmann::json* f = members.Field("{p.json_name}")) '
                   f"{fn}(*f, {target});\n")
    out.append("  } catch (const nlohmann::json::exception& e) {\n"
               "    RethrowAt(e, members.key());\n"
               "  }\n}\n")
    return "".join(out)


def _round_trips(by_group) -> dict:
    files = {}
    header = [output.header(),
              "// Test-only registry: for every generated typed struct, a function that decodes JSON\n"
              "// into the struct and encodes it again, as Decode and Encode of\n"
              "// kubefake/api/typed_codec.h do (without instantiating Result<T> per struct).\n",
              "#pragma once\n\n#include <span>\n#include <string_view>\n#include <vector>\n\n",
              "#include <nlohmann/json.hpp>\n\n",
              '#include "kubefake/api/result.h"\n#include "kubefake/api/typed_codec.h"\n\n',
              "namespace kubefake::api::roundtrip {\n\n",
              "using RoundTripFunction = Result<nlohmann::json> (*)(const nlohmann::json&);\n\n",
              "struct TypedRoundTrip {\n  std::string_view definition;  // io.k8s.api.core.v1.Pod\n",
              "  RoundTripFunction round_trip;\n};\n\n",
              "template <typename T>\nResult<nlohmann::json> RoundTrip(const nlohmann::json& json) {\n",
              "  T value;\n  try {\n    from_json(json, value);\n",
              "  } catch (const nlohmann::json::exception& e) {\n",
              "    return Fail(TypedDecodeError(e));\n  }\n",
              "  nlohmann::json out;\n  to_json(out, value);\n  return out;\n}\n\n",
              "// Every generated typed struct, sorted by definition name.\n",
              "std::vector<TypedRoundTrip> AllTypedRoundTrips();\n\n"]
    index = [output.header(), '#include "typed_round_trips.h"\n\n#include <algorithm>\n\n',
             "namespace kubefake::api::roundtrip {\n\n",
             "std::vector<TypedRoundTrip> AllTypedRoundTrips() {\n",
             "  std::vector<TypedRoundTrip> all;\n"]
    sources = ["typed_round_trips.cc"]
    for n, (_, members) in enumerate(_translation_units(by_group, ROUND_TRIP_CHUNK)):
        fn = f"RoundTrips{n}"
        header.append(f"std::span<const TypedRoundTrip> {fn}();\n")
        index.append(f"  for (const TypedRoundTrip& r : {fn}()) all.push_back(r);\n")
        headers = sorted({_header_path(d.namespace)[len("api/include/"):] for d in members})
        body = [output.header(), '#include "typed_round_trips.h"\n\n']
        body.extend(f'#include "{h}"\n' for h in headers)
        body.append("\nnamespace kubefake::api::roundtrip {\n\n")
        body.append(f"std::span<const TypedRoundTrip> {fn}() {{\n")
        body.append("  static constexpr TypedRoundTrip kRoundTrips[] = {\n")
        for d in sorted(members, key=lambda d: d.name):
            body.append(f'      {{"{d.name}", &RoundTrip<{d.cpp_name()}>}},\n')
        body.append("  };\n  return kRoundTrips;\n}\n\n}  // namespace kubefake::api::roundtrip\n")
        name = f"typed_round_trips_{n}.cc"
        files[f"{TEST_DIR}/{name}"] = "".join(body)
        sources.append(name)
    header.append("\n}  // namespace kubefake::api::roundtrip\n")
    index.append("  std::sort(all.begin(), all.end(), [](const TypedRoundTrip& a, const TypedRoundTrip& b) {\n"
                 "    return a.definition < b.definition;\n  });\n  return all;\n}\n\n"
                 "}  // namespace kubefake::api::roundtrip\n")
    files[f"{TEST_DIR}/typed_round_trips.h"] = "".join(header)
    files[f"{TEST_DIR}/typed_round_trips.cc"] = "".join(index)
    files["tests/api/generated_sources.cmake"] = (
        output.header("#") + "set(KUBEFAKE_API_TEST_GENERATED_SOURCES\n"
        + "".join(f"  generated/{s}\n" for s in sorted(sources)) + ")\n")
    return files


