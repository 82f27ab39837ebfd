"""Static OpenAPI schema data for every definition (kubefake/api/openapi_schema.h).

Writes api/src/generated/openapi/: type_schemas.h declaring one TypeSchema per definition, one
translation unit of constant data per API group, and index.cc with the sorted lookup tables.
Every object is constant-initialized: no code runs at start-up.
"""
import collections
import json
import re

from . import definitions as defs
from . import output

OUT = "api/src/generated/openapi"

_SCHEMA_TYPES = {
    "string": "kString", "integer": "kInteger", "number": "kNumber", "boolean": "kBoolean",
    "array": "kArray", "map": "kMap", "free-form": "kFreeForm", "object": "kObject",
    "quantity": "kQuantity", "int-or-string": "kIntOrString", "time": "kTime",
    "microtime": "kMicroTime",
}


def generate(api) -> dict:
    model = defs.Model(api)
    all_defs = list(model.definitions.values())
    files = {f"{OUT}/type_schemas.h": _declarations(all_defs)}
    by_file = collections.defaultdict(list)
    for d in all_defs:
        by_file[_file_key(d)].append(d)
    for key, members in sorted(by_file.items()):
        files[f"{OUT}/{key}.cc"] = _data(model, key, members)
    files[f"{OUT}/index.cc"] = _index(all_defs)
    return files


def var(name: str) -> str:
    return "kSchema_" + re.sub(r"[^A-Za-z0-9]", "_", name)


def _file_key(d) -> str:
    # One file per typed API group (all its versions); the rest of apimachinery in one more.
    return d.namespace[0] if d.namespace else "apimachinery"


def _str(s: str) -> str:
    return json.dumps(s)  # a JSON string literal is a valid C++ literal for this ASCII data


def _declarations(all_defs) -> str:
    out = [output.header(),
           "// One TypeSchema per definition of the spec; defined in the per-group files next to\n"
           "// this one. Internal to kubefake::api.\n",
           "#pragma once\n\n#include \"kubefake/api/openapi_schema.h\"\n\n",
           "namespace kubefake::api::openapi_data {\n\n"]
    out.extend(f"extern const TypeSchema {var(d.name)};\n" for d in all_defs)
    out.append("\n}  // namespace kubefake::api::openapi_data\n")
    return "".join(out)


class _Writer:
    """Emits the constants of one file, sharing identical value schemas and string lists."""

    def __init__(self, model, prefix):
        self.model = model
        self.prefix = prefix  # keeps the names unique when a unity build joins the files
        self.lines = []
        self.values = {}
        self.lists = {}

    def string_list(self, items) -> str:
        items = tuple(items)
        if items not in self.lists:
            name = f"{self.prefix}List{len(self.lists)}"
            self.lists[items] = name
            self.lines.append(f"constexpr std::string_view {name}[] = {{"
                              + ", ".join(_str(i) for i in items) + "};\n")
        return self.lists[items]

    def value_init(self, shape) -> str:
        parts = []
        kind = shape.kind
        ref = ""
        if kind == "ref":
            target = self.model.definitions[shape.ref]
            kind = target.kind
            ref = f"&{var(target.name)}"
        parts.append(f".type = SchemaType::{_SCHEMA_TYPES[kind]}")
        if shape.format:
            parts.append(f".format = {_str(shape.format)}")
        if ref:
            parts.append(f".ref = {ref}")
        if shape.element is not None:
            parts.append(f".element = &{self.value(shape.element)}")
        if shape.default:
            parts.append(f".default_json = {_str(shape.default)}")
        if shape.enum:
            parts.append(f".enum_values = {self.string_list(shape.enum)}")
        return "{" + ", ".join(parts) + "}"

    def value(self, shape) -> str:
        if shape not in self.values:
            init = self.value_init(shape)
            name = f"{self.prefix}Value{len(self.values)}"
            self.values[shape] = name
            self.lines.append(f"constexpr ValueSchema {name} = {init};\n")
        return self.values[shape]


def _data(model, key, members) -> str:
    w = _Writer(model, "k" + key.capitalize())
    body = []
    for d in members:
        v = var(d.name)
        fields = None
        if d.properties:
            fields = f"kFields_{v[len('kSchema_'):]}"
            entries = []
            for p in d.properties:
                parts = [f".json_name = {_str(p.json_name)}", f".value = {w.value_init(p.shape)}"]
                if p.required:
                    parts.append(".required = true")
                if p.patch_strategy:
                    parts.append(f".patch_strategy = {_str(p.patch_strategy)}")
                if p.patch_merge_key:
                    parts.append(f".patch_merge_key = {_str(p.patch_merge_key)}")
                if p.list_type:
                    parts.append(f".list_type = {_str(p.list_type)}")
                if p.list_map_keys:
                    parts.append(f".list_map_keys = {w.string_list(p.list_map_keys)}")
                if p.map_type:
                    parts.append(f".map_type = {_str(p.map_type)}")
                if p.preserve_unknown_fields:
                    parts.append(".preserve_unknown_fields = true")
                entries.append("    {" + ", ".join(parts) + "},\n")
            body.append(f"constexpr FieldSchema {fields}[] = {{\n" + "".join(entries) + "};\n")
        gvks = None
        if d.gvks:
            gvks = f"kGvks_{v[len('kSchema_'):]}"
            body.append(f"constexpr SchemaGroupVersionKind {gvks}[] = {{\n"
                        + "".join(f"    {{{_str(g)}, {_str(ver)}, {_str(k)}}},\n"
                                  for g, ver, k in d.gvks) + "};\n")
        unions = None
        if d.unions:
            unions = f"kUnions_{v[len('kSchema_'):]}"
            for n, (_, members_) in enumerate(d.unions):
                body.append(f"constexpr SchemaUnion::Member {unions}_{n}[] = {{"
                            + ", ".join(f"{{{_str(f)}, {_str(val)}}}" for f, val in members_)
                            + "};\n")
            body.append(f"constexpr SchemaUnion {unions}[] = {{"
                        + ", ".join(f"{{{_str(disc)}, {unions}_{n}}}"
                                    for n, (disc, _) in enumerate(d.unions)) + "};\n")
        parts = [f".name = {_str(d.name)}", f".type = SchemaType::{_SCHEMA_TYPES[d.kind]}"]
        if d.openapi_type:
            parts.append(f".openapi_type = {_str(d.openapi_type)}")
        if d.format:
            parts.append(f".format = {_str(d.format)}")
        if fields:
            parts.append(f".fields = {fields}")
        if d.required:
            parts.append(f".required = {w.string_list(d.required)}")
        if gvks:
            parts.append(f".gvks = {gvks}")
        if d.map_type:
            parts.append(f".map_type = {_str(d.map_type)}")
        if d.preserve_unknown_fields:
            parts.append(".preserve_unknown_fields = true")
        if unions:
            parts.append(f".unions = {unions}")
        body.append(f"constexpr TypeSchema {v} = {{\n    " + ",\n    ".join(parts) + "};\n\n")
    out = [output.header(),
           f"// OpenAPI schema data of the {key} definitions.\n",
           '#include "generated/openapi/type_schemas.h"\n\n',
           "// Designated initializers name only the members that differ from their defaults.\n"
           '#pragma GCC diagnostic ignored "-Wmissing-field-initializers"\n\n',
           "namespace kubefake::api::openapi_data {\n\n"]
    out.extend(w.lines)
    out.append("\n")
    out.extend(body)
    out.append("}  // namespace kubefake::api::openapi_data\n")
    return "".join(out)


def _index(all_defs) -> str:
    by_gvk = sorted((g, d.name) for d in all_defs for g in d.gvks)
    out = [output.header(),
           "// Lookup tables over the schema data and the functions of kubefake/api/openapi_schema.h.\n",
           '#include <algorithm>\n#include <tuple>\n\n#include "generated/openapi/type_schemas.h"\n\n',
           "namespace kubefake::api {\nnamespace {\n\n",
           "using namespace ::kubefake::api::openapi_data;  // NOLINT(build/namespaces)\n\n",
           "// Sorted by name.\nconstexpr const TypeSchema* kSchemasByName[] = {\n"]
    out.extend(f"    &{var(d.name)},\n" for d in sorted(all_defs, key=lambda d: d.name))
    out.append("};\n\n"
               "struct GvkEntry {\n  std::string_view group;\n  std::string_view version;\n"
               "  std::string_view kind;\n  const TypeSchema* type;\n};\n\n"
               "// Sorted by group, version, kind.\nconstexpr GvkEntry kSchemasByGvk[] = {\n")
    out.extend(f"    {{{_str(g)}, {_str(v)}, {_str(k)}, &{var(name)}}},\n"
               for (g, v, k), name in by_gvk)
    out.append("};\n\n}  // namespace\n\n")
    out.append(_INDEX_FUNCTIONS)
    out.append("\n}  // namespace kubefake::api\n")
    return "".join(out)


_INDEX_FUNCTIONS = """std::string_view SchemaTypeName(SchemaType type) {
  switch (type) {
    case SchemaType::kString:
      return "string";
    case SchemaType::kInteger:
      return "integer";
    case SchemaType::kNumber:
      return "number";
    case SchemaType::kBoolean:
      return "boolean";
    case SchemaType::kObject:
      return "object";
    case SchemaType::kArray:
      return "array";
    case SchemaType::kMap:
      return "map";
    case SchemaType::kIntOrString:
      return "int-or-string";
    case SchemaType::kQuantity:
      return "quantity";
    case SchemaType::kTime:
      return "time";
    case SchemaType::kMicroTime:
      return "microtime";
    case SchemaType::kFreeForm:
      return "free-form";
  }
  return "";
}

const FieldSchema* TypeSchema::FindField(std::string_view json_name) const {
  for (const FieldSchema& field : fields) {
    if (field.json_name == json_name) return &field;
  }
  return nullptr;
}

const TypeSchema* FindTypeSchema(std::string_view name) {
  auto it = std::lower_bound(std::begin(kSchemasByName), std::end(kSchemasByName), name,
                             [](const TypeSchema* t, std::string_view n) { return t->name < n; });
  return it != std::end(kSchemasByName) && (*it)->name == name ? *it : nullptr;
}

const TypeSchema* FindTypeSchema(const GroupVersionKind& gvk) {
  auto key = std::tuple<std::string_view, std::string_view, std::string_view>(
      gvk.group, gvk.version, gvk.kind);
  auto it = std::lower_bound(std::begin(kSchemasByGvk), std::end(kSchemasByGvk), key,
                             [](const GvkEntry& e, const auto& k) {
                               return std::tie(e.group, e.version, e.kind) < k;
                             });
  if (it == std::end(kSchemasByGvk) || std::tie(it->group, it->version, it->kind) != key) return nullptr;
  return it->type;
}

std::span<const TypeSchema* const> AllTypeSchemas() { return kSchemasByName; }
"""
