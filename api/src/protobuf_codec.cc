// Table-driven conversion between Kubernetes protobuf messages and their JSON form, over
// libprotobuf's coded streams.
#include "kubefake/api/protobuf_codec.h"

#include <algorithm>
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

#include "kubefake/api/ascii.h"
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

// Fields are sorted by number and mostly numbered 1..n, so field n is usually fields[n - 1].
const ProtoField* FieldByNumber(const ProtoMessage& message, std::uint32_t number) {
  const std::span<const ProtoField> fields = message.fields;
  if (number - 1 < fields.size() && fields[number - 1].number == number) return &fields[number - 1];
  const auto it = std::ranges::lower_bound(fields, number, {}, &ProtoField::number);
  return it != fields.end() && it->number == number ? &*it : nullptr;
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

// A list kind's `items` (field 2, required), or nullptr. An empty list has no item on the wire,
// but its JSON form says `"items": []`, never leaves it out (R6.1).
const ProtoField* ListItems(const ProtoMessage& message) {
  const ProtoField* field = FieldByNumber(message, 2);
  return field != nullptr && field->label == ProtoLabel::kRepeated && field->keep_zero &&
                 field->json_name == "items"
             ? field
             : nullptr;
}

bool IsEmptyScalar(const nlohmann::json& value) {
  return (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         (value.is_boolean() && !value.get<bool>()) ||
         (value.is_number() && value.get<double>() == 0);
}

// Fields 1-3 of Time, MicroTime, Quantity and IntOrString, read without a JSON object between.
struct SmallFields {
  std::uint64_t varint[4] = {};
  std::string_view bytes[4];
};

// The member `name` of `map`, inserted null if absent. Lookups compare views: no key is built
// for a member that exists.
nlohmann::json& MemberOf(nlohmann::json::object_t& map, std::string_view name) {
  const auto it = map.lower_bound(name);
  if (it != map.end() && it->first == name) return it->second;
  return map.emplace_hint(it, name, nullptr)->second;
}

// Go writes a repeated or map field without omitempty (ProtoField::keep_zero) even when it is
// nil, as null; protobuf carries no element for an empty one, so one absent here was nil or empty
// in Go and is `null` in its JSON (a ClusterRole without rules: `"rules": null`), but a list
// kind's items, which are `[]` (R6.1). An inline struct's fields are the message's own.
void AddAbsentCollections(const ProtoMessage& message, nlohmann::json::object_t& members) {
  const ProtoField* items = ListItems(message);
  for (const ProtoField& field : message.fields) {
    if (field.label == ProtoLabel::kInline) {
      AddAbsentCollections(*field.message, members);
      continue;
    }
    if ((field.label != ProtoLabel::kRepeated && field.label != ProtoLabel::kMap) ||
        !field.keep_zero) {
      continue;
    }
    nlohmann::json& member = MemberOf(members, field.json_name);
    if (member.is_null() && &field == items) member = nlohmann::json::array();
  }
}

// Decodes messages straight into the nlohmann tree, as nlohmann's own parser builds it: a member's
// map node is made first and its value decoded into it, with no intermediate objects or moves.
// Thread-compatible; one per call.
class Decoder {
 public:
  Result<nlohmann::json> Message(const ProtoMessage& message, std::string_view bytes, int depth) {
    nlohmann::json value;
    if (auto decoded = Into(message, bytes, depth, value); !decoded) return Fail(decoded.error());
    return value;
  }

 private:
  // Decodes `bytes` of `message` into `out` (null for an empty Time).
  Result<void> Into(const ProtoMessage& message, std::string_view bytes, int depth,
                    nlohmann::json& out) {
    if (depth > kMaxDepth) return Fail(Malformed("nesting too deep"));
    switch (message.special) {
      case ProtoSpecial::kRawJson: {
        auto raw = RawJson(bytes);
        if (!raw) return Fail(raw.error());
        out = std::move(*raw);
        return {};
      }
      case ProtoSpecial::kTime:
      case ProtoSpecial::kMicroTime:
      case ProtoSpecial::kQuantity:
      case ProtoSpecial::kIntOrString: {
        auto fields = Small(message, bytes);
        if (!fields) return Fail(fields.error());
        out = SmallSpecial(message.special, *fields, bytes.empty());
        return {};
      }
      case ProtoSpecial::kNone: {
        out = nlohmann::json::object();
        auto& members = out.get_ref<nlohmann::json::object_t&>();
        if (auto collected = Collect(message, bytes, depth, members); !collected) return collected;
        AddAbsentCollections(message, members);
        return {};
      }
      default: {
        nlohmann::json::object_t fields;
        if (auto collected = Collect(message, bytes, depth, fields); !collected) return collected;
        out = Special(message, std::move(fields));
        return {};
      }
    }
  }

  // Adds the members `bytes` holds for `message` to `map` (special messages' by their proto
  // names; an inline struct's into the same map).
  Result<void> Collect(const ProtoMessage& message, std::string_view bytes, int depth,
                       nlohmann::json::object_t& map) {
    if (depth > kMaxDepth) return Fail(Malformed("nesting too deep"));
    CodedInputStream input = InputOf(bytes);
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
      if (auto added = Field(input, *field, depth, map); !added) return added;
    }
    if (!input.ConsumedEntireMessage()) {
      return Fail(Malformed("invalid tag or truncated message"));
    }
    return {};
  }

  // Reads one occurrence of `field` from `input` into `map`.
  Result<void> Field(CodedInputStream& input, const ProtoField& field, int depth,
                     nlohmann::json::object_t& map) {
    if (field.label == ProtoLabel::kInline || field.label == ProtoLabel::kMap) {
      auto inner = ReadBytes(input);
      if (!inner) return Fail(inner.error());
      // Inline structs are plain messages (ProtoSpecial::kNone): their fields are members.
      if (field.label == ProtoLabel::kInline) return Collect(*field.message, *inner, depth + 1, map);
      nlohmann::json& entries = MemberOf(map, field.json_name);
      if (!entries.is_object()) entries = nlohmann::json::object();
      return MapEntry(field, *inner, depth, entries.get_ref<nlohmann::json::object_t&>());
    }
    if (field.label == ProtoLabel::kRepeated) {
      nlohmann::json& elements = MemberOf(map, field.json_name);
      if (!elements.is_array()) elements = nlohmann::json::array();
      auto& array = elements.get_ref<nlohmann::json::array_t&>();
      array.emplace_back();
      return Value(input, field.type, field.message, depth, array.back());
    }
    if (field.type != ProtoType::kMessage) {
      nlohmann::json value;
      if (auto read = Value(input, field.type, nullptr, depth, value); !read) return read;
      if (field.keep_zero || !IsEmptyScalar(value)) {
        MemberOf(map, field.json_name) = std::move(value);
      } else if (const auto it = map.find(field.json_name); it != map.end()) {
        map.erase(it);  // a later zero replaces an earlier value
      }
      return {};
    }
    nlohmann::json& member = MemberOf(map, field.json_name);
    if (auto read = Value(input, field.type, field.message, depth, member); !read) return read;
    if (member.is_null()) map.erase(map.find(field.json_name));  // an empty Time
    return {};
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

  // Reads one value of `type` into `out`.
  Result<void> Value(CodedInputStream& input, ProtoType type, const ProtoMessage* message,
                     int depth, nlohmann::json& out) {
    std::uint64_t varint = 0;
    switch (type) {
      case ProtoType::kBool:
      case ProtoType::kInt32:
      case ProtoType::kInt64:
        if (!input.ReadVarint64(&varint)) return Fail(Malformed("truncated varint"));
        if (type == ProtoType::kBool) {
          out = varint != 0;
        } else if (type == ProtoType::kInt32) {
          out = static_cast<std::int32_t>(varint);
        } else {
          out = static_cast<std::int64_t>(varint);
        }
        return {};
      case ProtoType::kDouble: {
        if (!input.ReadLittleEndian64(&varint)) return Fail(Malformed("truncated double"));
        double d = 0;
        std::memcpy(&d, &varint, sizeof d);
        out = d;
        return {};
      }
      default:
        break;
    }
    auto bytes = ReadBytes(input);
    if (!bytes) return Fail(bytes.error());
    if (type == ProtoType::kString) {
      out = ValidUtf8(*bytes);
    } else if (type == ProtoType::kBytes) {
      out = Base64Encode(*bytes);
    } else {
      return Into(*message, *bytes, depth + 1, out);
    }
    return {};
  }

  // A map entry {1 key, 2 value} into `entries`; a missing value is the type's empty one.
  Result<void> MapEntry(const ProtoField& field, std::string_view bytes, int depth,
                        nlohmann::json::object_t& entries) {
    CodedInputStream input = InputOf(bytes);
    std::string key;
    nlohmann::json value;
    bool has_value = false;
    while (const std::uint32_t tag = input.ReadTag()) {
      const int number = WireFormat::GetTagFieldNumber(tag);
      const auto wire_type = WireFormat::GetTagWireType(tag);
      if (number == 1 && wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED) {
        auto read = ReadBytes(input);
        if (!read) return Fail(read.error());
        key = ValidUtf8(*read);
      } else if (number == 2 && wire_type == WireTypeOf(field.type)) {
        if (auto read = Value(input, field.type, field.message, depth, value); !read) return read;
        has_value = true;
      } else if (!WireFormat::SkipField(&input, tag)) {
        return Fail(Malformed("truncated map entry"));
      }
    }
    if (!input.ConsumedEntireMessage()) return Fail(Malformed("invalid map entry"));
    if (!has_value) {
      value = field.type == ProtoType::kMessage
                  ? Message(*field.message, {}, depth + 1).value_or(nullptr)
                  : nlohmann::json("");
    }
    entries.insert_or_assign(std::move(key), std::move(value));
    return {};
  }

  // The fields 1-3 of a small special message.
  static Result<SmallFields> Small(const ProtoMessage& message, std::string_view bytes) {
    SmallFields fields;
    CodedInputStream input = InputOf(bytes);
    while (const std::uint32_t tag = input.ReadTag()) {
      const std::uint32_t number = WireFormat::GetTagFieldNumber(tag);
      const ProtoField* field = FieldByNumber(message, number);
      if (field == nullptr || number >= std::size(fields.varint)) {
        if (!WireFormat::SkipField(&input, tag)) return Fail(Malformed("truncated field"));
        continue;
      }
      const auto wire_type = WireTypeOf(field->type);
      if (WireFormat::GetTagWireType(tag) != wire_type) {
        return Fail(Malformed("wrong wire type for field " + std::to_string(number)));
      }
      if (wire_type == WireFormat::WIRETYPE_VARINT) {
        if (!input.ReadVarint64(&fields.varint[number])) {
          return Fail(Malformed("truncated varint"));
        }
      } else if (wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED) {
        auto value = ReadBytes(input);
        if (!value) return Fail(value.error());
        fields.bytes[number] = *value;
      } else if (!WireFormat::SkipField(&input, tag)) {
        return Fail(Malformed("truncated field"));
      }
    }
    if (!input.ConsumedEntireMessage()) {
      return Fail(Malformed("invalid tag or truncated message"));
    }
    return fields;
  }

  // Time and MicroTime {1 seconds, 2 nanos}, Quantity {1 string}, IntOrString {1 type,
  // 2 intVal, 3 strVal} in their JSON forms.
  static nlohmann::json SmallSpecial(ProtoSpecial special, const SmallFields& fields,
                                     bool empty) {
    if (special == ProtoSpecial::kQuantity) {
      return fields.bytes[1].empty() ? nlohmann::json("0") : nlohmann::json(ValidUtf8(fields.bytes[1]));
    }
    if (special == ProtoSpecial::kIntOrString) {
      if (static_cast<std::int64_t>(fields.varint[1]) == 1) {
        return nlohmann::json(ValidUtf8(fields.bytes[3]));
      }
      return nlohmann::json(std::int64_t{static_cast<std::int32_t>(fields.varint[2])});
    }
    if (empty) return nlohmann::json(nullptr);
    const std::int64_t seconds = static_cast<std::int64_t>(fields.varint[1]);
    const std::int64_t nanos = static_cast<std::int32_t>(fields.varint[2]);
    const std::chrono::sys_seconds at{std::chrono::seconds{seconds}};
    if (special == ProtoSpecial::kTime) return nlohmann::json(Time(at).String());
    return nlohmann::json(MicroTime(at + std::chrono::microseconds{nanos / 1000}).String());
  }

  // The JSON form of the other special messages from their fields by proto name.
  static nlohmann::json Special(const ProtoMessage& message, nlohmann::json fields) {
    switch (message.special) {
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
      default:  // kNone, and those Into converts itself
        return fields;
    }
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
  return EqualFoldAscii(media_type, kProtobufMediaType);
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
  object->emplace("apiVersion", std::move(api_version));
  object->emplace("kind", std::move(kind));
  return object;
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
