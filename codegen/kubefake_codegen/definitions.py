"""The spec's definitions as the typed-struct and schema generators see them.

Reads swagger.json's definitions (OpenAPI v2, the complete set) and the property defaults that
only the v3 documents carry, classifies every definition and property shape, and names the C++
namespace, struct and member each one becomes. Names, types and structure only: description
prose is never read.
"""
import dataclasses
import json
import re

# Definitions that become hand-written value types rather than generated structs.
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
MICRO_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"
FIELDS_V1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"
VALUE_TYPES = {
    QUANTITY: ("quantity", "::kubefake::api::Quantity", "kubefake/api/quantity.h"),
    INT_OR_STRING: ("int-or-string", "::kubefake::api::IntOrString", "kubefake/api/int_or_string.h"),
    TIME: ("time", "::kubefake::api::Time", "kubefake/api/time.h"),
    MICRO_TIME: ("microtime", "::kubefake::api::MicroTime", "kubefake/api/time.h"),
    # Free-form JSON to the schema generators; a shared immutable tree to the typed structs.
    FIELDS_V1: ("free-form", "::kubefake::api::FieldsV1", "kubefake/api/fields_v1.h"),
}

# Definition prefixes that get typed structs, and the C++ namespace each becomes: the Go
# package name and version (io.k8s.api.apps.v1 -> apps::v1).
_TYPED_PREFIXES = [
    re.compile(r"^io\.k8s\.api\.([a-z0-9]+)\.(v[0-9a-z]+)$"),
    re.compile(r"^io\.k8s\.apimachinery\.pkg\.apis\.(meta)\.(v1)$"),
    re.compile(r"^io\.k8s\.apiextensions-apiserver\.pkg\.apis\.(apiextensions)\.(v1)$"),
    re.compile(r"^io\.k8s\.kube-aggregator\.pkg\.apis\.(apiregistration)\.(v1)$"),
]

# C++ keywords, alternative tokens and names that are macros in common configurations.
_RESERVED = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if import inline int long module mutable namespace new
noexcept not not_eq nullptr operator or or_eq private protected public register
reinterpret_cast requires return short signed sizeof static static_assert static_cast struct
switch template this thread_local throw true try typedef typeid typename union unsigned using
virtual void volatile wchar_t while xor xor_eq
linux unix major minor errno assert
""".split())

_WORD = re.compile(r"[A-Z]{2,}s(?=[A-Z]|$)|[A-Z]+(?=[A-Z][a-z0-9]|$)|[A-Z]?[a-z]+[0-9]*|[A-Z]?[0-9]+|[A-Z]+")


def member_name(json_name: str) -> str:
    """snake_case C++ member for a JSON property: hostIPs -> host_ips, namespace -> namespace_."""
    words = [w.lower() for part in re.split(r"[^A-Za-z0-9]+", json_name) for w in _WORD.findall(part)]
    name = "_".join(words)
    if not name:
        raise SystemExit(f"codegen: cannot name a member for property {json_name!r}")
    return name + "_" if name in _RESERVED else name


@dataclasses.dataclass(frozen=True)
class Shape:
    """A property's (or element's) value: a scalar, a reference, an array or a map."""
    kind: str  # string integer number boolean ref array map free-form
    format: str = ""
    ref: str = ""  # the referenced definition, for kind "ref"
    element: "Shape | None" = None  # items of an array, values of a map
    default: str = ""  # the v3 default as compact JSON text, "" when none
    enum: tuple = ()  # enum values as compact JSON texts


@dataclasses.dataclass
class Property:
    json_name: str
    member: str
    shape: Shape
    required: bool
    patch_strategy: str
    patch_merge_key: str
    list_type: str
    list_map_keys: tuple
    map_type: str
    preserve_unknown_fields: bool


@dataclasses.dataclass
class Definition:
    name: str  # io.k8s.api.core.v1.Pod
    kind: str  # object quantity int-or-string time microtime free-form
    openapi_type: str  # the definition's "type" ("object", "string" or "")
    format: str
    properties: list  # [Property] in spec order
    required: list  # [str] in spec order
    gvks: list  # [(group, version, kind)] in spec order
    map_type: str
    preserve_unknown_fields: bool
    unions: list  # [(discriminator, [(field, discriminator value)])]
    namespace: tuple | None  # ("core", "v1") when the definition gets a typed struct or alias

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[1]

    @property
    def prefix(self) -> str:
        return self.name.rsplit(".", 1)[0]

    @property
    def is_struct(self) -> bool:
        return self.namespace is not None and self.kind == "object"

    def cpp_name(self) -> str:
        """Fully qualified C++ type this definition maps to."""
        if self.name in VALUE_TYPES:
            return VALUE_TYPES[self.name][1]
        if self.kind == "free-form":
            return "::nlohmann::json"
        return "::kubefake::api::" + "::".join(self.namespace) + "::" + self.short_name

    def default_gvk(self):
        """The (group, version, kind) a kind's apiVersion and kind default to; None for
        non-kinds and for types listed under several (meta.v1 DeleteOptions, WatchEvent)."""
        return self.gvks[0] if len(self.gvks) == 1 else None


class Model:
    def __init__(self, api):
        self.definitions = {}
        v3 = {}
        for doc in api.v3.values():
            v3.update(doc.get("components", {}).get("schemas", {}))
        raw = api.swagger["definitions"]
        for name in sorted(raw):
            self.definitions[name] = _definition(name, raw[name], v3.get(name, {}), raw)
        for d in self.definitions.values():
            for p in d.properties:
                _check_refs(p.shape, self.definitions, d.name)

    def structs(self):
        return [d for d in self.definitions.values() if d.is_struct]

    def namespaces(self):
        """Every (package, version) with typed structs, sorted."""
        return sorted({d.namespace for d in self.definitions.values() if d.namespace})

    def cpp_type(self, shape: Shape, owner: str = "") -> str:
        """C++ type of a value of `shape`; references in `owner`'s namespace are unqualified."""
        if shape.kind == "string":
            return "std::string"
        if shape.kind == "boolean":
            return "bool"
        if shape.kind == "number":
            return "double"
        if shape.kind == "integer":
            return "int32_t" if shape.format == "int32" else "int64_t"
        if shape.kind == "free-form":
            return "::nlohmann::json"
        if shape.kind == "array":
            return f"std::vector<{self.cpp_type(shape.element, owner)}>"
        if shape.kind == "map":
            return f"std::map<std::string, {self.cpp_type(shape.element, owner)}>"
        target = self.definitions[shape.ref]
        if target.is_struct and owner and target.namespace == self.definitions[owner].namespace:
            return target.short_name
        return target.cpp_name()

    def refs(self, shape: Shape):
        """Definitions `shape` refers to, through arrays and maps."""
        while shape.kind in ("array", "map"):
            shape = shape.element
        return [shape.ref] if shape.kind == "ref" else []


def _namespace(prefix: str):
    for pattern in _TYPED_PREFIXES:
        m = pattern.match(prefix)
        if m:
            return (m.group(1), m.group(2))
    return None


def _classify(name: str, schema: dict) -> str:
    if name in VALUE_TYPES:
        return VALUE_TYPES[name][0]
    if schema.get("properties"):
        return "object"
    return "free-form"


def _compact(value) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def _shape(p: dict, v3: dict) -> Shape:
    default = _compact(v3["default"]) if "default" in v3 else ""
    enum = tuple(_compact(e) for e in p.get("enum", v3.get("enum", [])))
    if "$ref" in p:
        return Shape("ref", ref=p["$ref"].rsplit("/", 1)[1], default=default, enum=enum)
    t = p.get("type", "")
    fmt = p.get("format", "")
    if t == "array":
        return Shape("array", element=_shape(p["items"], v3.get("items", {})), default=default,
                     enum=enum)
    if t == "object" and isinstance(p.get("additionalProperties"), dict):
        return Shape("map", element=_shape(p["additionalProperties"],
                                           v3.get("additionalProperties", {})),
                     default=default, enum=enum)
    if t in ("string", "boolean", "number"):
        return Shape(t, format=fmt, default=default, enum=enum)
    if t == "integer":
        return Shape(t, format=fmt or "int64", default=default, enum=enum)
    if t in ("object", ""):
        return Shape("free-form", default=default, enum=enum)
    raise SystemExit(f"codegen: unknown property type {t!r}")


def _definition(name: str, schema: dict, v3: dict, raw: dict) -> Definition:
    kind = _classify(name, schema)
    required = list(schema.get("required", []))
    props = []
    v3_props = v3.get("properties", {})
    for json_name, p in schema.get("properties", {}).items():
        pv3 = dict(v3_props.get(json_name, {}))
        # v3 wraps a $ref in allOf to be able to attach a default next to it.
        props.append(Property(
            json_name=json_name,
            member=member_name(json_name),
            shape=_shape(p, pv3),
            required=json_name in required,
            patch_strategy=p.get("x-kubernetes-patch-strategy", ""),
            patch_merge_key=p.get("x-kubernetes-patch-merge-key", ""),
            list_type=p.get("x-kubernetes-list-type", ""),
            list_map_keys=tuple(p.get("x-kubernetes-list-map-keys", [])),
            map_type=p.get("x-kubernetes-map-type", ""),
            preserve_unknown_fields=bool(p.get("x-kubernetes-preserve-unknown-fields", False)),
        ))
    for r in required:
        if r not in schema.get("properties", {}):
            raise SystemExit(f"codegen: {name} requires unknown property {r}")
    members = [p.member for p in props]
    if len(set(members)) != len(members):
        raise SystemExit(f"codegen: two properties of {name} map to one C++ member")
    unions = []
    for u in schema.get("x-kubernetes-unions", []):
        unions.append((u.get("discriminator", ""),
                       sorted(u.get("fields-to-discriminateBy", {}).items())))
    prefix = name.rsplit(".", 1)[0]
    namespace = _namespace(prefix)
    if namespace and kind in ("quantity", "int-or-string"):
        namespace = None
    return Definition(
        name=name,
        kind=kind,
        openapi_type=schema.get("type", ""),
        format=schema.get("format", ""),
        properties=props,
        required=required,
        gvks=[(g["group"], g["version"], g["kind"])
              for g in schema.get("x-kubernetes-group-version-kind", [])],
        map_type=schema.get("x-kubernetes-map-type", ""),
        preserve_unknown_fields=bool(schema.get("x-kubernetes-preserve-unknown-fields", False)),
        unions=unions,
        namespace=namespace,
    )


def _check_refs(shape: Shape, definitions: dict, owner: str) -> None:
    while shape.kind in ("array", "map"):
        shape = shape.element
    if shape.kind == "ref" and shape.ref not in definitions:
        raise SystemExit(f"codegen: {owner} refers to unknown definition {shape.ref}")
