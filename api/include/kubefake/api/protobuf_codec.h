// Kubernetes' protobuf encoding of built-in objects (R11.4), converted to and from the JSON form
// the apiserver writes, table-driven by protobuf_schema.h: the `k8s\0` envelope around a
// runtime.Unknown {typeMeta, raw}, and Kubernetes' own mappings (Time and MicroTime as RFC 3339
// strings, Quantity as a string, IntOrString as a number or string, RawExtension, FieldsV1 and
// apiextensions JSON as embedded JSON, []byte as base64, inline structs, maps). Unknown fields
// are skipped; malformed bytes are errors, never crashes. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  protobuf -> JSON writes what Go's json.Marshal of the decoded struct would for
//              scalars: empty strings, 0 and false are left out unless the field keeps zeroes
//              (ProtoField::keep_zero: required, non-omitempty by its zero OpenAPI default, or
//              a Go pointer such as DeploymentSpec.replicas, so `replicas: 0` stays 0); empty
//              (zero) Time is left out; repeated and map fields as sent, and one with no
//              element on the wire as null when its Go field has no omitempty (required, or
//              ClusterRole.rules: the nil slice Go decodes it to is written `"rules": null`),
//              else left out, but a list's items as [] (R6.1); JSON -> protobuf writes nothing
//              for an empty, null or absent one, as Go's generated Marshal does for nil and
//              empty slices alike; invalid UTF-8 in strings becomes U+FFFD as encoding/json
//              does. MicroTime keeps microseconds; Time drops its nanoseconds on decode, as
//              Go's Time.Unmarshal does.
//   Differs:   which scalar fields are Go pointers is not in any .proto or OpenAPI file; the
//              generated tables carry it for every served group as facts taken from the Go
//              types (codegen/data/go_pointer_scalars.txt). A field missing there would drop
//              an explicit zero like an omitempty value. Likewise, optional collections without
//              omitempty come from codegen/data/go_non_omitempty_collections.txt; one missing
//              there decodes as absent where Go writes null.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kubefake/api/group_version.h"
#include "kubefake/api/protobuf_schema.h"
#include "kubefake/api/result.h"

namespace kubefake::api {

// "k8s\0", the prefix of every protobuf object body.
inline constexpr std::string_view kProtobufMagic{"k8s\0", 4};
// The media type of Kubernetes protobuf (R11.1).
inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// Whether a Content-Type header names kProtobufMediaType (parameters such as `;stream=watch`
// ignored, the type matched without case).
bool IsProtobufContentType(std::string_view content_type);

// The protobuf message of a built-in kind (Status, WatchEvent and the list kinds included), or
// nullptr (custom resources, unknown kinds).
const ProtoMessage* FindProtoMessage(const GroupVersionKind& gvk);

// One message's bytes (no envelope) as JSON. Errors: BadRequest for malformed bytes.
Result<nlohmann::json> ProtobufToJson(const ProtoMessage& message, std::string_view bytes);
// JSON as one message's bytes. Errors: BadRequest for a value of the wrong JSON type.
Result<std::string> JsonToProtobuf(const ProtoMessage& message, const nlohmann::json& value);

// A body with the envelope as the JSON object, apiVersion and kind first from its typeMeta.
// Errors: BadRequest (no magic: `provided data does not appear to be a protobuf message,
// expected prefix [107 56 115 0]`; an unknown kind; malformed bytes).
Result<nlohmann::json> DecodeProtobufObject(std::string_view body);
// A JSON object with apiVersion and kind as an envelope body.
// Errors: BadRequest when the kind has no protobuf message or a value has the wrong type.
Result<std::string> EncodeProtobufObject(const nlohmann::json& object);

// A watch event {type, object} as the raw (envelope-less) metav1.WatchEvent whose object.raw is
// the object's envelope body (R11.4), without the frame's length prefix.
Result<std::string> EncodeProtobufWatchEvent(const nlohmann::json& event);
// The inverse: a raw metav1.WatchEvent (one frame without its length prefix) as {type, object}.
// Errors: BadRequest for malformed bytes or an object that is not an envelope body.
Result<nlohmann::json> DecodeProtobufWatchEvent(std::string_view bytes);

}  // namespace kubefake::api
