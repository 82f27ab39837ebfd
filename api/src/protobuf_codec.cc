// Table-driven conversion between Kubernetes protobuf messages and their JSON form, over
// libprotobuf's coded streams.
#include "kubefake/api/protobuf_codec.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <utility>
#include <limits>
#include <optional>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "kubefake/api/base64.h"
#include "kubefake/api/error.h"
#include "kubefake/api/openapi_schema.h"
#include "kubefake/api/time.h"
#include "kubefake/api/utf8.h"

namespace kubefake::api {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;
using WireFormat = google::protobuf::internal::WireFormatLite;

constexpr int kMaxDepth = 100;

Error Malformed(std::string_view what) {
  return NewBadRequest("unable to decode protobuf: " + std::string(what));
}

const ProtoField* FieldByNumber(const ProtoMessage& message, std::uint32_t number) {
  for (const ProtoField& field : message.fields) {
    if (field.number == number) return &field;
  }
  return nullptr;
}

WireFormat::WireType WireTypeOf(ProtoType type) {
  switch (type) {
    case ProtoType::kBool:
    case ProtoType::kInt32:
    case ProtoType::kInt64:
      return WireFormat::WIRETYPE_VARINT;
    case ProtoType::kDouble:
      return WireFormat::WIRETYPE_FIXED64;
    default:
      return WireFormat::WIRETYPE_LENGTH_DELIMITED;
  }
}

// Invalid UTF-8 becomes U+FFFD, as encoding/json writes it.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const DecodedRune rune = DecodeRune(s, i);
    if (rune.valid) {
      out.append(s.substr(i, rune.width));
    } else {
      AppendRune(out, kRuneError);
    }
    i += rune.width;
  }
  return out;
}

void WriteBytes(CodedOutputStream& output, int number, std::string_view bytes) {
  output.WriteTag(WireFormat::MakeTag(number, WireFormat::WIRETYPE_LENGTH_DELIMITED));
  output.WriteVarint32(static_cast<std::uint32_t>(bytes.size()));
  output.WriteRaw(bytes.data(), static_cast<int>(bytes.size()));
}

// A message of length-delimited fields {number, bytes} in order.
std::string LengthDelimited(std::initializer_list<std::pair<int, std::string_view>> fields) {
  std::string out;
  {
    StringOutputStream stream(&out);
    CodedOutputStream output(&stream);
    for (const auto& [number, bytes] : fields) WriteBytes(output, number, bytes);
  }
  return out;
}

// A length-delimited field's bytes, viewed in place in the flat buffer `input` reads.
Result<std::string_view> ReadBytes(CodedInputStream& input) {
  std::uint32_t size = 0;
  if (!input.ReadVarint32(&size)) return Fail(Malformed("truncated length-delimited field"));
  if (size == 0) return std::string_view();
  const void* data = nullptr;
  int available = 0;
  if (!input.GetDirectBufferPointer(&data, &available) ||
      static_cast<std::uint32_t>(available) < size || !input.Skip(static_cast<int>(size))) {
    return Fail(Malformed("truncated length-delimited field"));
  }
  return std::string_view(static_cast<const char*>(data), size);
}

CodedInputStream InputOf(std::string_view bytes) {
  return CodedInputStream(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                          static_cast<int>(bytes.size()));
}

// Calls `on_field(number, bytes)` for each length-delimited field of `message` and skips the
// others. Errors: Malformed; on_field's.
template <typename OnField>
Result<void> ForEachLengthDelimited(std::string_view message, OnField on_field) {
  CodedInputStream input = InputOf(message);
  while (const std::uint32_t tag = input.ReadTag()) {
    if (WireFormat::GetTagWireType(tag) != WireFormat::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormat::SkipField(&input, tag)) return Fail(Malformed("truncated field"));
      continue;
    }
    auto bytes = ReadBytes(input);
    if (!bytes) return Fail(bytes.error());
    if (auto done = on_field(WireFormat::GetTagFieldNumber(tag), *bytes); !done) return done;
  }
  if (!input.ConsumedEntireMessage()) return Fail(Malformed("invalid tag or truncated message"));
  return {};
}

bool IsEmptyScalar(const nlohmann::json& value) {
  return (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         (value.is_boolean() && !value.get<bool>()) ||
         (value.is_number() && value.get<double>() == 0);
}

class Decoder {
 public:
  Result<nlohmann::json> Message(const ProtoMessage& message, std::string_view bytes, int depth) {
    if (depth > kMaxDepth) return Fail(Malformed("nesting too deep"));
    if (message.special == ProtoSpecial::kRawJson) return RawJson(bytes);
    auto fields = Fields(message, bytes, depth);
    if (!fields) return Fail(fields.error());
    return Special(message, std::move(*fields), bytes.empty());
  }

 private:
  // The fields of `message` as a JSON object (special messages by their proto names).
  Result<nlohmann::json> Fields(const ProtoMessage& message, std::string_view bytes, int depth) {
    CodedInputStream input = InputOf(bytes);
    nlohmann::json object = nlohmann::json::object();
    while (const std::uint32_t tag = input.ReadTag()) {
      const ProtoField* field = FieldByNumber(message, WireFormat::GetTagFieldNumber(tag));
      const auto wire_type = WireFormat::GetTagWireType(tag);
      if (field == nullptr) {
        if (!WireFormat::SkipField(&input, tag)) return Fail(Malformed("truncated field"));
        continue;
      }
      const bool nested = field->label == ProtoLabel::kMap || field->label == ProtoLabel::kInline;
      if (wire_type != (nested ? WireFormat::WIRETYPE_LENGTH_DELIMITED : WireTypeOf(field->type))) {
        return Fail(Malformed("wrong wire type for field " + std::to_string(field->number)));
      }
      if (field->label == ProtoLabel::kMap) {
        auto entry = ReadBytes(input);
        if (!entry) return Fail(entry.error());
        auto kv = MapEntry(*field, *entry, depth);
        if (!kv) return Fail(kv.error());
        object[field->json_name][kv->first] = std::move(kv->second);
        continue;
      }
      if (field->label == ProtoLabel::kInline) {
        auto inner = ReadBytes(input);
        if (!inner) return Fail(inner.error());
        auto value = Message(*field->message, *inner, depth + 1);
        if (!value) return Fail(value.error());
        if (value->is_object()) object.update(*value);
        continue;
      }
      auto value = Value(input, *field, depth);
      if (!value) return Fail(value.error());
      if (field->label == ProtoLabel::kRepeated) {
        object[field->json_name].push_back(std::move(*value));
      } else if (value->is_null() || (!field->keep_zero && IsEmptyScalar(*value))) {
        object.erase(std::string(field->json_name));
      } else {
        object[field->json_name] = std::move(*value);
      }
    }
    if (!input.ConsumedEntireMessage()) {
      return Fail(Malformed("invalid tag or truncated message"));
    }
    return object;
  }

  // RawExtension, FieldsV1 and apiextensions JSON: field 1 holds JSON, or (a watch event's
  // object) an envelope body.
  static Result<nlohmann::json> RawJson(std::string_view bytes) {
    std::optional<std::string_view> raw;
    auto read = ForEachLengthDelimited(bytes, [&raw](std::uint32_t number, std::string_view b) {
      if (number == 1) raw = b;
      return Result<void>();
    });
    if (!read) return Fail(read.error());
    if (!raw) return nlohmann::json(nullptr);
    if (raw->starts_with(kProtobufMagic)) return DecodeProtobufObject(*raw);
    nlohmann::json value = nlohmann::json::parse(*raw, nullptr, false);
    if (value.is_discarded()) return Fail(Malformed("raw bytes are not JSON"));
    return value;
  }

  Result<nlohmann::json> Value(CodedInputStream& input, const ProtoField& field, int depth) {
    return ScalarOrMessage(input, field.type, field.message, depth);
  }

  Result<nlohmann::json> ScalarOrMessage(CodedInputStream& input, ProtoType type,
                                         const ProtoMessage* message, int depth) {
    std::uint64_t varint = 0;
    switch (type) {
      case ProtoType::kBool:
      case ProtoType::kInt32:
      case ProtoType::kInt64:
        if (!input.ReadVarint64(&varint)) return Fail(Malformed("truncated varint"));
        if (type == ProtoType::kBool) return nlohmann::json(varint != 0);
        if (type == ProtoType::kInt32) return nlohmann::json(static_cast<std::int32_t>(varint));
        return nlohmann::json(static_cast<std::int64_t>(varint));
      case ProtoType::kDouble: {
        if (!input.ReadLittleEndian64(&varint)) return Fail(Malformed("truncated double"));
        double d = 0;
        std::memcpy(&d, &varint, sizeof d);
        return nlohmann::json(d);
      }
      default:
        break;
    }
    auto bytes = ReadBytes(input);
    if (!bytes) return Fail(bytes.error());
    if (type == ProtoType::kString) return nlohmann::json(ValidUtf8(*bytes));
    if (type == ProtoType::kBytes) return nlohmann::json(Base64Encode(*bytes));
    return Message(*message, *bytes, depth + 1);
  }

  Result<std::pair<std::string, nlohmann::json>> MapEntry(const ProtoField& field,
                                                          std::string_view bytes, int depth) {
    CodedInputStream input = InputOf(bytes);
    std::pair<std::string, nlohmann::json> kv;
    bool has_value = false;
    while (const std::uint32_t tag = input.ReadTag()) {
      const int number = WireFormat::GetTagFieldNumber(tag);
      const auto wire_type = WireFormat::GetTagWireType(tag);
      if (number == 1 && wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED) {
        auto key = ReadBytes(input);
        if (!key) return Fail(key.error());
        kv.first = ValidUtf8(*key);
      } else if (number == 2 && wire_type == WireTypeOf(field.type)) {
        auto value = ScalarOrMessage(input, field.type, field.message, depth);
        if (!value) return Fail(value.error());
        kv.second = std::move(*value);
        has_value = true;
      } else if (!WireFormat::SkipField(&input, tag)) {
        return Fail(Malformed("truncated map entry"));
      }
    }
    if (!input.ConsumedEntireMessage()) return Fail(Malformed("invalid map entry"));
    if (!has_value) {
      kv.second = field.type == ProtoType::kMessage
                      ? Message(*field.message, {}, depth + 1).value_or(nullptr)
                      : nlohmann::json("");
    }
    return kv;
  }

  // The JSON form of a special message from its fields by proto name.
  static Result<nlohmann::json> Special(const ProtoMessage& message, nlohmann::json fields,
                                        bool empty) {
    switch (message.special) {
      case ProtoSpecial::kNone:
      case ProtoSpecial::kRawJson:  // read whole by RawJson
        return fields;
      case ProtoSpecial::kTime:
      case ProtoSpecial::kMicroTime: {
        if (empty) return nlohmann::json(nullptr);
        const std::int64_t seconds = fields.value("seconds", std::int64_t{0});
        const std::int64_t nanos = fields.value("nanos", std::int64_t{0});
        const std::chrono::sys_seconds at{std::chrono::seconds{seconds}};
        if (message.special == ProtoSpecial::kTime) return nlohmann::json(Time(at).String());
        return nlohmann::json(MicroTime(at + std::chrono::microseconds{nanos / 1000}).String());
      }
      case ProtoSpecial::kQuantity:
        return nlohmann::json(fields.value("string", std::string("0")));
      case ProtoSpecial::kIntOrString:
        if (fields.value("type", std::int64_t{0}) == 1) {
          return nlohmann::json(fields.value("strVal", std::string()));
        }
        return nlohmann::json(fields.value("intVal", std::int64_t{0}));
      case ProtoSpecial::kArrayWrapper:
        return fields.contains("items") ? fields["items"] : nlohmann::json::array();
      case ProtoSpecial::kSchemaOrArray:
        if (fields.contains("jSONSchemas")) return fields["jSONSchemas"];
        return fields.contains("schema") ? fields["schema"] : nlohmann::json(nullptr);
      case ProtoSpecial::kSchemaOrBool:
        if (fields.contains("schema")) return fields["schema"];
        return nlohmann::json(fields.value("allows", false));
      case ProtoSpecial::kSchemaOrStringArray:
        if (fields.contains("property")) return fields["property"];
        return fields.contains("schema") ? fields["schema"] : nlohmann::json(nullptr);
    }
    return fields;
  }
};

class Encoder {
 public:
  Result<std::string> Message(const ProtoMessage& message, const nlohmann::json& value) {
    if (message.special == ProtoSpecial::kNone) {
      if (!value.is_object()) return Fail(WrongType(message.name, value));
      return Write(message, value);
    }
    // RawExtension, FieldsV1 and apiextensions JSON: field 1 holds the JSON.
    if (message.special == ProtoSpecial::kRawJson) return LengthDelimited({{1, value.dump()}});
    auto fields = Fields(message, value);
    if (!fields) return Fail(fields.error());
    return Write(message, *fields);
  }

 private:
  // The fields of `message` found in the JSON object `fields`, in field-number order.
  Result<std::string> Write(const ProtoMessage& message, const nlohmann::json& fields) {
    std::string out;
    {
      StringOutputStream stream(&out);
      CodedOutputStream output(&stream);
      for (const ProtoField& field : message.fields) {
        if (auto written = Field(output, field, fields); !written) return Fail(written.error());
      }
    }
    return out;
  }

  static Error WrongType(std::string_view name, const nlohmann::json& value) {
    return NewBadRequest("protobuf: cannot encode " + std::string(value.type_name()) +
                         " as field " + std::string(name));
  }

  // The JSON object of fields that a special message's `value` stands for, by proto names.
  static Result<nlohmann::json> Fields(const ProtoMessage& message, const nlohmann::json& value) {
    using J = nlohmann::json;
    switch (message.special) {
      case ProtoSpecial::kNone:
      case ProtoSpecial::kRawJson:  // written by Message directly
        return value;
      case ProtoSpecial::kTime:
      case ProtoSpecial::kMicroTime: {
        if (!value.is_string()) return Fail(WrongType(message.name, value));
        const std::string& text = value.get_ref<const std::string&>();
        if (message.special == ProtoSpecial::kTime) {
          auto t = Time::Parse(text);
          if (!t) return Fail(t.error());
          return J{{"seconds", t->time_point().time_since_epoch().count()}, {"nanos", 0}};
        }
        auto t = MicroTime::Parse(text);
        if (!t) return Fail(t.error());
        const auto micros = t->time_point().time_since_epoch().count();
        const auto seconds = micros / 1000000 - (micros % 1000000 < 0 ? 1 : 0);
        return J{{"seconds", seconds}, {"nanos", (micros - seconds * 1000000) * 1000}};
      }
      case ProtoSpecial::kQuantity:
        if (!value.is_string() && !value.is_number()) return Fail(WrongType(message.name, value));
        return J{{"string", value.is_string() ? value.get<std::string>() : value.dump()}};
      case ProtoSpecial::kIntOrString:
        if (value.is_string()) return J{{"type", 1}, {"intVal", 0}, {"strVal", value}};
        if (!value.is_number_integer()) return Fail(WrongType(message.name, value));
        return J{{"type", 0}, {"intVal", value}, {"strVal", ""}};
      case ProtoSpecial::kArrayWrapper:
        return J{{"items", value}};
      case ProtoSpecial::kSchemaOrArray:
        return value.is_array() ? J{{"jSONSchemas", value}} : J{{"schema", value}};
      case ProtoSpecial::kSchemaOrBool:
        return value.is_boolean() ? J{{"allows", value}} : J{{"allows", true}, {"schema", value}};
      case ProtoSpecial::kSchemaOrStringArray:
        return value.is_array() ? J{{"property", value}} : J{{"schema", value}};
    }
    return value;
  }

  Result<void> Field(CodedOutputStream& output, const ProtoField& field,
                     const nlohmann::json& object) {
    if (field.label == ProtoLabel::kInline) {
      auto bytes = Message(*field.message, object);
      if (!bytes) return Fail(bytes.error());
      WriteBytes(output, static_cast<int>(field.number), *bytes);
      return {};
    }
    const auto it = object.find(field.json_name);
    if (it == object.end() || it->is_null()) return {};
    if (field.label == ProtoLabel::kOptional) return Value(output, field.number, field, *it);
    if (field.label == ProtoLabel::kRepeated) {
      if (!it->is_array()) return Fail(WrongType(field.json_name, *it));
      for (const nlohmann::json& element : *it) {
        if (auto written = Value(output, field.number, field, element); !written) return written;
      }
      return {};
    }
    if (!it->is_object()) return Fail(WrongType(field.json_name, *it));
    for (const auto& [key, element] : it->items()) {
      std::string entry;
      {
        StringOutputStream stream(&entry);
        CodedOutputStream entry_output(&stream);
        WriteBytes(entry_output, 1, key);
        if (auto written = Value(entry_output, 2, field, element); !written) return written;
      }
      WriteBytes(output, static_cast<int>(field.number), entry);
    }
    return {};
  }

  Result<void> Value(CodedOutputStream& output, std::uint32_t number, const ProtoField& field,
                     const nlohmann::json& value) {
    const int n = static_cast<int>(number);
    switch (field.type) {
      case ProtoType::kString:
        if (!value.is_string()) return Fail(WrongType(field.json_name, value));
        WriteBytes(output, n, value.get_ref<const std::string&>());
        return {};
      case ProtoType::kBytes: {
        if (!value.is_string()) return Fail(WrongType(field.json_name, value));
        auto bytes = Base64Decode(value.get_ref<const std::string&>());
        if (!bytes) return Fail(NewBadRequest(bytes.error().Message()));
        WriteBytes(output, n, *bytes);
        return {};
      }
      case ProtoType::kBool:
        if (!value.is_boolean()) return Fail(WrongType(field.json_name, value));
        output.WriteTag(WireFormat::MakeTag(n, WireFormat::WIRETYPE_VARINT));
        output.WriteVarint64(value.get<bool>() ? 1 : 0);
        return {};
      case ProtoType::kInt32:
      case ProtoType::kInt64:
        if (!value.is_number_integer()) return Fail(WrongType(field.json_name, value));
        output.WriteTag(WireFormat::MakeTag(n, WireFormat::WIRETYPE_VARINT));
        output.WriteVarint64(static_cast<std::uint64_t>(value.get<std::int64_t>()));
        return {};
      case ProtoType::kDouble: {
        if (!value.is_number()) return Fail(WrongType(field.json_name, value));
        const double d = value.get<double>();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        output.WriteTag(WireFormat::MakeTag(n, WireFormat::WIRETYPE_FIXED64));
        output.WriteLittleEndian64(bits);
        return {};
      }
      case ProtoType::kMessage: {
        auto bytes = Message(*field.message, value);
        if (!bytes) return Fail(bytes.error());
        WriteBytes(output, n, *bytes);
        return {};
      }
    }
    return {};
  }
};

// runtime.Unknown {typeMeta {apiVersion, kind}, raw} after the magic.
std::string Envelope(std::string_view api_version, std::string_view kind, std::string_view raw) {
  const std::string type_meta = LengthDelimited({{1, api_version}, {2, kind}});
  return std::string(kProtobufMagic) + LengthDelimited({{1, type_meta}, {2, raw}});
}

}  // namespace

const ProtoMessage* FindProtoMessage(const GroupVersionKind& gvk) {
  // meta.k8s.io/v1 (DeleteOptions, Status, Table, ...) is apimachinery's own group-version: the
  // apiserver's metainternalversionscheme decodes its kinds from any resource's endpoint.
  if (gvk.group == "meta.k8s.io" && gvk.version == "v1") {
    return FindProtoMessage("io.k8s.apimachinery.pkg.apis.meta.v1." + gvk.kind);
  }
  const TypeSchema* schema = FindTypeSchema(gvk);
  return schema == nullptr ? nullptr : FindProtoMessage(schema->name);
}

Result<nlohmann::json> ProtobufToJson(const ProtoMessage& message, std::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Fail(Malformed("message too large"));
  }
  return Decoder().Message(message, bytes, 0);
}

Result<std::string> JsonToProtobuf(const ProtoMessage& message, const nlohmann::json& value) {
  return Encoder().Message(message, value);
}

bool IsProtobufContentType(std::string_view content_type) {
  std::string_view media_type = content_type.substr(0, content_type.find(';'));
  while (media_type.ends_with(' ')) media_type.remove_suffix(1);
  while (media_type.starts_with(' ')) media_type.remove_prefix(1);
  return std::ranges::equal(media_type, kProtobufMediaType, [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

Result<nlohmann::json> DecodeProtobufObject(std::string_view body) {
  if (!body.starts_with(kProtobufMagic)) {
    return Fail(NewBadRequest(
        "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"));
  }
  // runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding}.
  std::string api_version, kind;
  std::string_view raw;
  bool content_encoding = false;
  auto unknown = ForEachLengthDelimited(
      body.substr(kProtobufMagic.size()), [&](std::uint32_t number, std::string_view bytes) {
        if (number == 2) raw = bytes;
        if (number == 3) content_encoding = !bytes.empty();
        if (number != 1) return Result<void>();
        return ForEachLengthDelimited(bytes, [&](std::uint32_t field, std::string_view value) {
          if (field == 1) api_version = ValidUtf8(value);
          if (field == 2) kind = ValidUtf8(value);
          return Result<void>();
        });
      });
  if (!unknown) return Fail(unknown.error());
  if (content_encoding) return Fail(NewBadRequest("protobuf: contentEncoding is not supported"));
  const auto gvk = GroupVersionKind::FromApiVersionAndKind(api_version, kind);
  const ProtoMessage* message = gvk ? FindProtoMessage(*gvk) : nullptr;
  if (message == nullptr) {
    return Fail(NewBadRequest("no kind \"" + kind + "\" is registered for version \"" +
                              api_version + "\" in scheme \"pkg/api/legacyscheme/scheme.go:30\""));
  }
  auto object = ProtobufToJson(*message, raw);
  if (!object) return Fail(object.error());
  if (!object->is_object()) return Fail(Malformed("not an object"));
  nlohmann::json out = {{"apiVersion", std::move(api_version)}, {"kind", std::move(kind)}};
  for (auto& [key, value] : object->items()) out[key] = std::move(value);
  return out;
}

Result<std::string> EncodeProtobufObject(const nlohmann::json& object) {
  const std::string api_version = object.value("apiVersion", "");
  const std::string kind = object.value("kind", "");
  const auto gvk = GroupVersionKind::FromApiVersionAndKind(api_version, kind);
  const ProtoMessage* message = gvk ? FindProtoMessage(*gvk) : nullptr;
  if (message == nullptr) {
    return Fail(NewBadRequest("protobuf: no message for " + api_version + " " + kind));
  }
  auto raw = JsonToProtobuf(*message, object);
  if (!raw) return Fail(raw.error());
  return Envelope(api_version, kind, *raw);
}

Result<std::string> EncodeProtobufWatchEvent(const nlohmann::json& event) {
  auto object = EncodeProtobufObject(event.value("object", nlohmann::json::object()));
  if (!object) return Fail(object.error());
  const std::string raw_extension = LengthDelimited({{1, *object}});
  const std::string type = event.value("type", "");
  return LengthDelimited({{1, type}, {2, raw_extension}});
}

}  // namespace kubefake::api

namespace kubefake::api {

Result<nlohmann::json> DecodeProtobufWatchEvent(std::string_view bytes) {
  static const ProtoMessage* const kWatchEvent =
      FindProtoMessage("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent");
  auto event = ProtobufToJson(*kWatchEvent, bytes);
  if (!event) return Fail(event.error());
  if (!event->value("object", nlohmann::json()).is_object()) {
    return Fail(Malformed("watch event without an object"));
  }
  return event;
}

}  // namespace kubefake::api
