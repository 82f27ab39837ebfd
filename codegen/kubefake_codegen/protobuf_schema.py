"""Static protobuf message tables for every upstream generated.proto message
(kubefake/api/protobuf_schema.h).

Reads the proto/ files beside the OpenAPI spec (field numbers and wire types) and names each
field by its JSON property in the spec's definition of the same type, so one table-driven codec
turns protobuf bytes into the JSON the apiserver would write and back. Writes
api/src/generated/protobuf_messages.cc: constant data only, sorted by name for lookup.
"""
import json
import pathlib
import re

from . import output

OUT = "api/src/generated/protobuf_messages.cc"
# Facts from the Go types that no .proto or OpenAPI file carries (see the file's header).
_DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
_POINTER_SCALARS = _DATA / "go_pointer_scalars.txt"
_NON_OMITEMPTY_COLLECTIONS = _DATA / "go_non_omitempty_collections.txt"
_ZERO = {"string": "", "bool": False, "int32": 0, "int64": 0, "double": 0}

_SCALARS = {"string": "kString", "bytes": "kBytes", "bool": "kBool", "int32": "kInt32",
            "int64": "kInt64", "double": "kDouble"}

_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions."
# Messages whose JSON form is not their fields (Kubernetes' custom marshallers).
_SPECIAL = {
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "kTime",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "kMicroTime",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "kQuantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "kIntOrString",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "kRawJson",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "kRawJson",
}
for _v in ("v1", "v1beta1"):
    _SPECIAL[f"{_APIEXT}{_v}.JSON"] = "kRawJson"
    _SPECIAL[f"{_APIEXT}{_v}.JSONSchemaPropsOrArray"] = "kSchemaOrArray"
    _SPECIAL[f"{_APIEXT}{_v}.JSONSchemaPropsOrBool"] = "kSchemaOrBool"
    _SPECIAL[f"{_APIEXT}{_v}.JSONSchemaPropsOrStringArray"] = "kSchemaOrStringArray"

_MESSAGE = re.compile(r"^message (\w+) \{(.*?)^\}", re.M | re.S)
_FIELD = re.compile(r"^\s*(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;", re.M)
_MAP = re.compile(r"^\s*map<\s*string\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;", re.M)
_PACKAGE = re.compile(r"^package ([\w.]+);", re.M)


def openapi_name(package: str, message: str) -> str:
    """k8s.io.apiextensions_apiserver.pkg... -> io.k8s.apiextensions-apiserver.pkg..."""
    rest = package[len("k8s.io."):].split(".")
    rest[0] = rest[0].replace("_", "-")
    return ".".join(["io.k8s"] + rest + [message])


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _parse(api):
    """{openapi name: [(label, type, proto name, number)]} over every proto file."""
    messages = {}
    for text in api.proto.values():
        text = re.sub(r"//[^\n]*", "", text)
        package = _PACKAGE.search(text).group(1)
        for m in _MESSAGE.finditer(text):
            fields = []
            for f in _FIELD.finditer(m.group(2)):
                fields.append((f.group(1), _resolve(package, f.group(2)), f.group(3), int(f.group(4))))
            for f in _MAP.finditer(m.group(2)):
                fields.append(("map", _resolve(package, f.group(1)), f.group(2), int(f.group(3))))
            messages[openapi_name(package, m.group(1))] = sorted(fields, key=lambda f: f[3])
    return messages


def _resolve(package: str, type_name: str) -> str:
    type_name = type_name.lstrip(".")
    if type_name in _SCALARS:
        return type_name
    if "." in type_name:
        package, _, type_name = type_name.rpartition(".")
    return openapi_name(package, type_name)


def _go_facts(path) -> set:
    """{(definition, json name)} of the fields a data file lists."""
    lines = path.read_text().splitlines()
    return {tuple(line.split()) for line in lines if line.strip() and not line.startswith("#")}


def _v3_schemas(api) -> dict:
    """Every OpenAPI v3 schema by name (v3 carries the `default`s that v2 lacks)."""
    schemas = {}
    for document in api.v3.values():
        schemas.update(document.get("components", {}).get("schemas", {}))
    return schemas


def _keeps_zero(name, json_name, type_name, definition, v3, facts) -> bool:
    """Whether an explicit zero/empty value decodes to a JSON value rather than nothing: the
    field is required, a Go pointer or a collection without omitempty (`facts`), or (a zero
    `default`, which openapi-gen writes for non-pointer fields without omitempty) always
    written by encoding/json."""
    if json_name in definition.get("required", []) or (name, json_name) in facts:
        return True
    schema = v3.get(name, {}).get("properties", {}).get(json_name, {})
    return type_name in _ZERO and schema.get("default", None) == _ZERO[type_name] and \
        type(schema.get("default")) is type(_ZERO[type_name])


def var(name: str) -> str:
    return "kProto_" + re.sub(r"[^A-Za-z0-9]", "_", name)


def _special(name, fields, definitions) -> str:
    if name in _SPECIAL:
        return _SPECIAL[name]
    if name not in definitions and len(fields) == 1 and fields[0][0] == "repeated" \
            and fields[0][2] == "items":
        return "kArrayWrapper"  # a named []string (authentication's ExtraValue): a JSON array
    return "kNone"


def _served(messages, definitions) -> dict:
    """The messages of spec definitions and those they reach (unserved versions dropped)."""
    keep = set()
    todo = [n for n in messages if n in definitions]
    while todo:
        name = todo.pop()
        if name in keep or name not in messages:
            continue
        keep.add(name)
        todo.extend(f[1] for f in messages[name] if f[1] not in _SCALARS)
    return {n: messages[n] for n in keep}


def generate(api) -> dict:
    definitions = api.swagger["definitions"]
    messages = _served(_parse(api), definitions)
    facts = set()
    for path in (_POINTER_SCALARS, _NON_OMITEMPTY_COLLECTIONS):
        listed = _go_facts(path)
        unknown = sorted(p for p in listed if p[0] not in messages)
        if unknown:
            raise SystemExit(f"codegen: {path.name} names unknown messages {unknown}")
        facts |= listed
    v3 = _v3_schemas(api)
    out = [output.header(),
           "// Protobuf message tables of every built-in type, by OpenAPI definition name.\n",
           "#include <algorithm>\n\n#include \"kubefake/api/protobuf_schema.h\"\n\n",
           "namespace kubefake::api {\nnamespace {\n\n"]
    out.extend(f"extern const ProtoMessage {var(n)};\n" for n in sorted(messages))
    out.append("\n")
    for name in sorted(messages):
        fields = messages[name]
        # Special messages are converted by the codec, which reads their fields by proto name.
        definition = {} if name in _SPECIAL else definitions.get(name, {})
        if definition and fields and "properties" not in definition:
            raise SystemExit(f"codegen: {name} has a custom JSON form the protobuf codec lacks")
        properties = {_normal(p): p for p in definition.get("properties", {})}
        entries = []
        for label, type_name, proto_name, number in fields:
            json_name = proto_name
            if definition:
                json_name = properties.get(_normal(proto_name))
                if json_name is None and type_name in _SCALARS:
                    continue  # not part of the JSON form (json:"-")
                if json_name is None:  # an embedded struct: its fields inline (json:",inline")
                    json_name, label = "", "inline"
            value_type = _SCALARS.get(type_name, "kMessage")
            message = "nullptr" if value_type != "kMessage" else f"&{var(type_name)}"
            entries.append(
                f"    {{{json.dumps(json_name)}, {number}, ProtoType::{value_type}, "
                f"ProtoLabel::k{label.capitalize()}, "
                f"{str(_keeps_zero(name, json_name, type_name, definition, v3, facts)).lower()}"
                f", "
                f"{message}}},\n")
        field_list = "{}"
        if entries:
            out.append(f"constexpr ProtoField kFields_{var(name)[7:]}[] = {{\n"
                       + "".join(entries) + "};\n")
            field_list = f"kFields_{var(name)[7:]}"
        out.append(f"constexpr ProtoMessage {var(name)} = {{{json.dumps(name)}, "
                   f"ProtoSpecial::{_special(name, fields, definitions)}, {field_list}}};\n\n")
    out.append("// Sorted by name.\nconstexpr const ProtoMessage* kMessagesByName[] = {\n")
    out.extend(f"    &{var(n)},\n" for n in sorted(messages))
    out.append("};\n\n}  // namespace\n\n" + _FIND + "\n}  // namespace kubefake::api\n")
    return {OUT: "".join(out)}


_FIND = """\
const ProtoMessage* FindProtoMessage(std::string_view name) {
  const auto* it = std::ranges::lower_bound(kMessagesByName, name, {},
                                            [](const ProtoMessage* m) { return m->name; });
  return it != std::end(kMessagesByName) && (*it)->name == name ? *it : nullptr;
}
"""
