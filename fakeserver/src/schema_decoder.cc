#include "schema_decoder.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <unordered_set>
#include <utility>

#include "compact_json_writer.h"
#include "kubefake/api/ascii.h"
#include "kubefake/api/base64.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/quantity.h"
#include "kubefake/api/time.h"
#include "kubefake/api/utf8.h"

namespace kubefake::fakeserver {
namespace {

// sigs.k8s.io/json's saveStrictError keeps at most this many.
constexpr size_t kMaxStrictErrors = 100;

// Value types whose UnmarshalJSON takes any JSON without looking at it the way the struct
// decoder would (their contents are never type-checked, pruned or searched for duplicates).
constexpr std::string_view kOpaqueTypes[] = {
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
};

// Structs that embed another struct inline (`json:",inline"`): the OpenAPI definition shows the
// embedded fields flat, Go's error path names the embedded struct. From the Go types of 1.33
// (their generated.proto shows each embedding as a field named after the type).
struct Embedding {
  std::string_view type;    // the definition
  std::string_view prefix;  // the embedded struct's Go field name(s), outermost first
  // The embedded fields; with `all_but`, the struct's own fields (every other one is embedded).
  std::span<const std::string_view> fields;
  bool all_but = false;
};

constexpr std::string_view kRuleFields[] = {"apiGroups", "apiVersions", "resources", "scope"};
constexpr std::string_view kOperations[] = {"operations"};
constexpr std::string_view kNameField[] = {"name"};
constexpr std::string_view kTargetContainerName[] = {"targetContainerName"};
constexpr std::string_view kPersistentVolumeSpecOwn[] = {
    "accessModes",      "capacity",
    "claimRef",         "mountOptions",
    "nodeAffinity",     "persistentVolumeReclaimPolicy",
    "storageClassName", "volumeAttributesClassName",
    "volumeMode"};
constexpr std::string_view kHttp[] = {"http"};
constexpr std::string_view kOpaque[] = {"opaque"};

constexpr Embedding kEmbeddings[] = {
    {"io.k8s.api.admissionregistration.v1.NamedRuleWithOperations", "RuleWithOperations",
     kOperations},
    {"io.k8s.api.admissionregistration.v1.NamedRuleWithOperations", "RuleWithOperations.Rule",
     kRuleFields},
    {"io.k8s.api.admissionregistration.v1alpha1.NamedRuleWithOperations", "RuleWithOperations",
     kOperations},
    {"io.k8s.api.admissionregistration.v1alpha1.NamedRuleWithOperations", "RuleWithOperations.Rule",
     kRuleFields},
    {"io.k8s.api.admissionregistration.v1beta1.NamedRuleWithOperations", "RuleWithOperations",
     kOperations},
    {"io.k8s.api.admissionregistration.v1beta1.NamedRuleWithOperations", "RuleWithOperations.Rule",
     kRuleFields},
    {"io.k8s.api.admissionregistration.v1.RuleWithOperations", "Rule", kRuleFields},
    {"io.k8s.api.core.v1.ConfigMapEnvSource", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.ConfigMapKeySelector", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.ConfigMapProjection", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.ConfigMapVolumeSource", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.SecretEnvSource", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.SecretKeySelector", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.SecretProjection", "LocalObjectReference", kNameField},
    {"io.k8s.api.core.v1.EphemeralContainer", "EphemeralContainerCommon", kTargetContainerName,
     true},
    {"io.k8s.api.core.v1.PersistentVolumeSpec", "PersistentVolumeSource", kPersistentVolumeSpecOwn,
     true},
    {"io.k8s.api.core.v1.Volume", "VolumeSource", kNameField, true},
    {"io.k8s.api.networking.v1.IngressRule", "IngressRuleValue", kHttp},
    {"io.k8s.api.resource.v1alpha3.DeviceAllocationConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1alpha3.DeviceClaimConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1alpha3.DeviceClassConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta1.DeviceAllocationConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta1.DeviceClaimConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta1.DeviceClassConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta2.DeviceAllocationConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta2.DeviceClaimConfiguration", "DeviceConfiguration", kOpaque},
    {"io.k8s.api.resource.v1beta2.DeviceClassConfiguration", "DeviceConfiguration", kOpaque},
};

// The embedded struct(s) field `field` of `type` comes from, or "".
std::string_view EmbeddingPrefix(std::string_view type, std::string_view field) {
  for (const Embedding& embedding : kEmbeddings) {
    if (embedding.type != type) continue;
    bool listed = false;
    for (std::string_view name : embedding.fields) listed = listed || name == field;
    if (listed != embedding.all_but) return embedding.prefix;
  }
  return {};
}

bool IsOpaque(const api::TypeSchema* type) {
  if (type == nullptr) return false;
  for (std::string_view name : kOpaqueTypes) {
    if (type->name == name) return true;
  }
  return false;
}

// reflect.Type.Name() of a definition: "io.k8s.api.apps.v1.DeploymentSpec" -> "DeploymentSpec".
std::string_view GoName(std::string_view definition) {
  const size_t dot = definition.rfind('.');
  return dot == std::string_view::npos ? definition : definition.substr(dot + 1);
}

// reflect.Type.String(): the package's last element and the name, "v1.DeploymentSpec".
std::string_view GoQualifiedName(std::string_view definition) {
  const size_t last = definition.rfind('.');
  if (last == std::string_view::npos || last == 0) return definition;
  const size_t package = definition.rfind('.', last - 1);
  return package == std::string_view::npos ? definition : definition.substr(package + 1);
}

std::string GoTypeName(const api::ValueSchema& value) {
  using api::SchemaType;
  switch (value.type) {
    case SchemaType::kString:
      return value.format == "byte" ? "[]uint8" : "string";
    case SchemaType::kInteger:
      return value.format == "int32" ? "int32" : "int64";
    case SchemaType::kNumber:
      return "float64";
    case SchemaType::kBoolean:
      return "bool";
    case SchemaType::kArray:
      return value.element == nullptr ? "[]interface {}" : "[]" + GoTypeName(*value.element);
    case SchemaType::kMap:
      if (value.element == nullptr) return "map[string]interface {}";
      if (value.element->type == SchemaType::kQuantity) return "v1.ResourceList";
      return "map[string]" + GoTypeName(*value.element);
    case SchemaType::kIntOrString:
      return "intstr.IntOrString";
    case SchemaType::kQuantity:
      return "resource.Quantity";
    case SchemaType::kTime:
      return "v1.Time";
    case SchemaType::kMicroTime:
      return "v1.MicroTime";
    case SchemaType::kObject:
    case SchemaType::kFreeForm:
      break;
  }
  if (value.ref != nullptr) return std::string(GoQualifiedName(value.ref->name));
  return "interface {}";
}

// strconv.ParseInt(s, 10, 64) (bits 64) with reflect's OverflowInt for int32 (bits 32).
bool ParsesAsInt(std::string_view s, int bits) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) return false;
  if (bits == 32) {
    return value >= std::numeric_limits<int32_t>::min() &&
           value <= std::numeric_limits<int32_t>::max();
  }
  return true;
}

// strconv.ParseUint(s, 10, 64) with reflect's OverflowUint for uint8.
bool ParsesAsUint8(std::string_view s) {
  if (s.empty() || s.front() == '-') return false;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  return error == std::errc() && end == s.data() + s.size() && value <= 0xFF;
}

// What the value at a cursor is.
enum class TokenKind { kObject, kArray, kString, kNumber, kBool, kNull, kEnd };

// A forward reader over JSON text that api::DecodeJson has already validated: it trusts the
// syntax, and stops harmlessly (reporting the end) if the text is not what it expects.
// SchemaWalker reads through Peek, Skip, Take, String, Enter, NextKey and NextElement.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : text_(text) {}

  TokenKind Peek() {
    SkipSpace();
    if (pos_ >= text_.size()) return TokenKind::kEnd;
    switch (text_[pos_]) {
      case '{':
        return TokenKind::kObject;
      case '[':
        return TokenKind::kArray;
      case '"':
        return TokenKind::kString;
      case 't':
      case 'f':
        return TokenKind::kBool;
      case 'n':
        return TokenKind::kNull;
      default:
        return TokenKind::kNumber;
    }
  }

  void Skip() { Take(); }

  // The string value at the cursor, consumed.
  std::string String() { return Unquote(Take()); }

  // Consumes the value at the cursor and returns its text.
  std::string_view Take() {
    SkipSpace();
    const size_t start = pos_;
    if (pos_ >= text_.size()) return {};
    const char c = text_[pos_];
    if (c == '"') {
      SkipString();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == '"') {
          SkipString();
          continue;
        }
        ++pos_;
        if (d == '{' || d == '[') ++depth;
        if ((d == '}' || d == ']') && --depth == 0) break;
      }
    } else {
      while (pos_ < text_.size() && !IsDelimiter(text_[pos_])) ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  // Consumes the '{' or '[' that opens the value at the cursor.
  void Enter() {
    SkipSpace();
    if (pos_ < text_.size()) ++pos_;
  }

  // Reads the next `"key":` of the object being read into *key; false at its closing '}'.
  bool NextKey(std::string* key) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      SkipSpace();
    }
    if (pos_ >= text_.size() || text_[pos_] != '"') {
      if (pos_ < text_.size()) ++pos_;  // the '}'
      return false;
    }
    *key = Unquote(Take());
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ':') ++pos_;
    return true;
  }

  // Moves to the next element of the array being read; false at its closing ']'.
  bool NextElement() {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      return true;
    }
    if (pos_ >= text_.size() || text_[pos_] == ']') {
      if (pos_ < text_.size()) ++pos_;
      return false;
    }
    return true;
  }

  // The string a quoted JSON string literal stands for (lone surrogates become U+FFFD).
  static std::string Unquote(std::string_view literal) {
    if (literal.size() < 2) return {};
    const std::string_view body = literal.substr(1, literal.size() - 2);
    bool plain = true;
    for (char c : body) plain = plain && c != '\\' && static_cast<unsigned char>(c) < 0x80;
    if (plain) return std::string(body);
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
      if (static_cast<unsigned char>(body[i]) >= 0x80) {
        // Go's unquote coerces invalid UTF-8 to U+FFFD, byte by byte.
        const api::DecodedRune r = api::DecodeRune(body, i);
        if (!r.valid) {
          api::AppendRune(out, api::kRuneError);
        } else {
          out.append(body.substr(i, r.width));
          i += r.width - 1;
        }
        continue;
      }
      if (body[i] != '\\' || i + 1 >= body.size()) {
        out += body[i];
        continue;
      }
      const char e = body[++i];
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t rune = Hex4(body, i + 1);
          i += 4;
          if (rune >= 0xD800 && rune < 0xDC00 && i + 6 < body.size() &&
              body.substr(i + 1, 2) == "\\u") {
            const uint32_t low = Hex4(body, i + 3);
            if (low >= 0xDC00 && low < 0xE000) {
              rune = 0x10000 + ((rune - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          if (rune >= 0xD800 && rune < 0xE000) rune = 0xFFFD;
          api::AppendRune(out, rune);
          break;
        }
        default:
          out += e;  // '"', '\\', '/'
      }
    }
    return out;
  }

 private:
  static uint32_t Hex4(std::string_view s, size_t at) {
    uint32_t value = 0;
    for (size_t k = at; k < at + 4 && k < s.size(); ++k) {
      const char c = s[k];
      const uint32_t digit = c >= '0' && c <= '9'   ? c - '0'
                             : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                    : c - 'A' + 10;
      value = value * 16 + digit;
    }
    return value;
  }

  static bool IsDelimiter(char c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  void SkipString() {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '\\') {
        ++pos_;
      } else if (c == '"') {
        return;
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// A reader over a parsed JSON tree that reads it as JsonCursor reads the tree's compact dump:
// keys in the tree's (sorted) order, Take giving the compact dump of the value (written by
// CompactJsonWriter). Strings must be valid UTF-8 (the dump's condition).
class TreeCursor {
 public:
  explicit TreeCursor(const nlohmann::json& root) : root_(&root) {}

  TokenKind Peek() const {
    const nlohmann::json* value = Current();
    if (value == nullptr) return TokenKind::kEnd;
    switch (value->type()) {
      case nlohmann::json::value_t::object:
        return TokenKind::kObject;
      case nlohmann::json::value_t::array:
        return TokenKind::kArray;
      case nlohmann::json::value_t::string:
        return TokenKind::kString;
      case nlohmann::json::value_t::boolean:
        return TokenKind::kBool;
      case nlohmann::json::value_t::null:
        return TokenKind::kNull;
      default:
        return TokenKind::kNumber;
    }
  }

  void Skip() { Consume(); }

  std::string String() {
    const nlohmann::json* value = Current();
    std::string out = value != nullptr && value->is_string() ? value->get<std::string>() : "";
    Consume();
    return out;
  }

  std::string_view Take() {
    const nlohmann::json* value = Current();
    text_.clear();
    if (value != nullptr) CompactJsonWriter(text_).Value(*value);
    Consume();
    return text_;
  }

  void Enter() {
    const nlohmann::json* value = Current();
    if (value == nullptr || !value->is_structured()) return;
    frames_.push_back({value->cbegin(), value->cend(), false});
  }

  bool NextKey(std::string* key) {
    if (!Next()) return false;
    *key = frames_.back().at.key();
    return true;
  }

  bool NextElement() { return Next(); }

 private:
  // An object or array being read: `at` is its current member once `pending`.
  struct Frame {
    nlohmann::json::const_iterator at;
    nlohmann::json::const_iterator end;
    bool pending;
  };

  const nlohmann::json* Current() const {
    if (frames_.empty()) return root_pending_ ? root_ : nullptr;
    const Frame& frame = frames_.back();
    return frame.pending ? &*frame.at : nullptr;
  }

  // Moves past the current value.
  void Consume() {
    if (frames_.empty()) {
      root_pending_ = false;
      return;
    }
    Frame& frame = frames_.back();
    if (frame.pending) {
      ++frame.at;
      frame.pending = false;
    }
  }

  // Makes the next member current; at the end leaves the container, which counts as read.
  bool Next() {
    if (frames_.empty()) return false;
    Consume();
    Frame& frame = frames_.back();
    if (frame.at == frame.end) {
      frames_.pop_back();
      Consume();
      return false;
    }
    frame.pending = true;
    return true;
  }

  const nlohmann::json* root_;
  bool root_pending_ = true;
  std::vector<Frame> frames_;
  std::string text_;
};

// The Value of an UnmarshalTypeError: what the JSON value is.
std::string_view Describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::kObject:
      return "object";
    case TokenKind::kArray:
      return "array";
    case TokenKind::kString:
      return "string";
    case TokenKind::kBool:
      return "bool";
    case TokenKind::kNull:
      return "null";
    default:
      return "number";
  }
}

// Walks a body the way sigs.k8s.io/json's decoder walks it into the kind's struct; `Cursor` reads
// text (JsonCursor) or a parsed tree (TreeCursor).
template <typename Cursor>
class SchemaWalker {
 public:
  SchemaWalker(Cursor cursor, bool strict) : cursor_(std::move(cursor)), strict_(strict) {}

  SchemaDecodeResult Run(const api::TypeSchema& type) {
    if (cursor_.Peek() == TokenKind::kObject) Struct(type);
    return std::move(result_);
  }

  SchemaDecodeResult Run(const api::ValueSchema& root) {
    Value(root);
    return std::move(result_);
  }

 private:
  // One step of the path from the root: a struct field, a map key or a list index.
  struct Frame {
    enum class Type : uint8_t { kField, kKey, kIndex };
    Type type;
    // Field name or map key: a view of the key buffer of the Struct or Map walk that pushed the
    // frame, which keeps it until the frame is popped.
    std::string_view name;
    size_t index = 0;
    const api::TypeSchema* owner = nullptr;  // the struct of a field
  };

  void Value(const api::ValueSchema& schema) {
    using api::SchemaType;
    const TokenKind kind = cursor_.Peek();
    if (kind == TokenKind::kNull || kind == TokenKind::kEnd) {
      cursor_.Skip();  // null leaves every Go value as it is
      return;
    }
    switch (schema.type) {
      case SchemaType::kString:
        if (schema.format == "byte") return Bytes(kind);
        if (kind == TokenKind::kString) {
          cursor_.Skip();
          return;
        }
        return Mismatch(kind, "string");
      case SchemaType::kInteger: {
        const int bits = schema.format == "int32" ? 32 : 64;
        if (kind != TokenKind::kNumber) return Mismatch(kind, bits == 32 ? "int32" : "int64");
        const std::string_view text = cursor_.Take();
        if (!ParsesAsInt(text, bits)) {
          SaveError(TypeError("number " + std::string(text), bits == 32 ? "int32" : "int64"));
        }
        return;
      }
      case SchemaType::kNumber:
        // api::DecodeJson has already refused numbers beyond float64.
        if (kind == TokenKind::kNumber) {
          cursor_.Skip();
          return;
        }
        return Mismatch(kind, "float64");
      case SchemaType::kBoolean:
        if (kind == TokenKind::kBool) {
          cursor_.Skip();
          return;
        }
        return Mismatch(kind, "bool");
      case SchemaType::kObject:
        if (schema.ref == nullptr) return Untyped();
        if (kind == TokenKind::kObject) return Struct(*schema.ref);
        return Mismatch(kind, GoTypeName(schema));
      case SchemaType::kArray:
        if (kind == TokenKind::kArray) return Array(schema.element);
        return Mismatch(kind, GoTypeName(schema));
      case SchemaType::kMap:
        if (kind == TokenKind::kObject) return Map(schema.element);
        return Mismatch(kind, GoTypeName(schema));
      case SchemaType::kIntOrString:
        return IntOrString(kind);
      case SchemaType::kQuantity:
        return QuantityValue(kind);
      case SchemaType::kTime:
      case SchemaType::kMicroTime:
        return TimeValue(kind, schema.type == SchemaType::kMicroTime);
      case SchemaType::kFreeForm:
        if (IsOpaque(schema.ref)) {
          cursor_.Skip();
          return;
        }
        if (schema.ref != nullptr) {
          // A Go struct without fields (StorageVersionSpec, CustomResourceSubresourceStatus).
          if (kind == TokenKind::kObject) return Struct(*schema.ref);
          return Mismatch(kind, GoTypeName(schema));
        }
        return Untyped();
    }
  }

  void Struct(const api::TypeSchema& type) {
    cursor_.Enter();
    // Which fields were seen, for duplicates: a bitset as sigs.k8s.io/json keeps one.
    uint64_t seen_small = 0;
    std::vector<bool> seen_large;
    if (strict_ && type.fields.size() > 64) seen_large.resize(type.fields.size());
    std::string key;
    while (!fatal_ && cursor_.NextKey(&key)) {
      const api::FieldSchema* field = type.FindField(key);
      if (field == nullptr) {
        Unknown(key);
        cursor_.Skip();
        continue;
      }
      if (strict_) {
        const size_t index = static_cast<size_t>(field - type.fields.data());
        bool repeated;
        if (seen_large.empty()) {
          repeated = (seen_small >> index) & 1;
          seen_small |= uint64_t{1} << index;
        } else {
          repeated = seen_large[index];
          seen_large[index] = true;
        }
        if (repeated) StrictError("duplicate field", key);
      }
      frames_.push_back({Frame::Type::kField, key, 0, &type});
      Value(field->value);
      frames_.pop_back();
    }
  }

  void Map(const api::ValueSchema* element) {
    cursor_.Enter();
    std::unordered_set<std::string> seen;
    std::string key;
    while (!fatal_ && cursor_.NextKey(&key)) {
      if (strict_ && !seen.insert(key).second) StrictError("duplicate field", key);
      frames_.push_back({Frame::Type::kKey, key});
      if (element != nullptr) {
        Value(*element);
      } else {
        Untyped();
      }
      frames_.pop_back();
    }
  }

  void Array(const api::ValueSchema* element) {
    cursor_.Enter();
    for (size_t i = 0; !fatal_ && cursor_.NextElement(); ++i) {
      frames_.push_back({Frame::Type::kIndex, {}, i});
      if (element != nullptr) {
        Value(*element);
      } else {
        Untyped();
      }
      frames_.pop_back();
    }
  }

  // interface{}: anything goes; repeated keys are still duplicates.
  void Untyped() {
    const TokenKind kind = cursor_.Peek();
    if (kind == TokenKind::kObject) return Map(nullptr);
    if (kind == TokenKind::kArray) return Array(nullptr);
    cursor_.Skip();
  }

  // []byte: a base64 string, or a list of uint8 numbers.
  void Bytes(TokenKind kind) {
    if (kind == TokenKind::kString) {
      const std::string value = cursor_.String();
      if (const auto decoded = api::Base64Decode(value); !decoded) {
        SaveError(decoded.error().Message());
      }
      return;
    }
    if (kind != TokenKind::kArray) return Mismatch(kind, "[]uint8");
    cursor_.Enter();
    while (!fatal_ && cursor_.NextElement()) {
      const TokenKind element = cursor_.Peek();
      if (element == TokenKind::kNumber) {
        const std::string_view text = cursor_.Take();
        if (!ParsesAsUint8(text)) SaveError(TypeError("number " + std::string(text), "uint8"));
      } else if (element == TokenKind::kNull || element == TokenKind::kEnd) {
        cursor_.Skip();
      } else {
        Mismatch(element, "uint8");
      }
    }
  }

  // intstr.IntOrString.UnmarshalJSON: strings as they are, anything else into an int32 by
  // encoding/json, whose type error comes back with the field's context.
  void IntOrString(TokenKind kind) {
    const std::string_view text = cursor_.Take();
    if (kind == TokenKind::kString) return;
    if (kind == TokenKind::kNumber) {
      if (!ParsesAsInt(text, 32)) Fatal(TypeError("number " + std::string(text), "int32"));
      return;
    }
    Fatal(TypeError(Describe(kind), "int32"));
  }

  // resource.Quantity.UnmarshalJSON: ParseQuantity of the text (quotes stripped, escapes not
  // decoded); its errors come back bare.
  void QuantityValue(TokenKind kind) {
    std::string_view text = cursor_.Take();
    if (kind == TokenKind::kString) text = text.substr(1, text.size() - 2);
    Result<api::Quantity> parsed = api::Quantity::Parse(api::TrimAsciiSpace(text));
    if (!parsed) Fatal(parsed.error().message());
  }

  // metav1.Time / MicroTime.UnmarshalJSON: encoding/json into a string, then time.Parse.
  void TimeValue(TokenKind kind, bool micro) {
    if (kind != TokenKind::kString) {
      cursor_.Skip();
      return Fatal(TypeError(Describe(kind), "string"));
    }
    const std::string value = cursor_.String();
    if (micro) {
      if (Result<api::MicroTime> parsed = api::MicroTime::Parse(value); !parsed) {
        Fatal(parsed.error().message());
      }
    } else if (Result<api::Time> parsed = api::Time::Parse(value); !parsed) {
      Fatal(parsed.error().message());
    }
  }

  void Mismatch(TokenKind kind, std::string_view go_type) {
    SaveError(TypeError(Describe(kind), go_type));
    cursor_.Skip();
  }

  // An UnmarshalTypeError with the decoder's error context: the innermost struct holding a
  // field on the path, and the struct field names (embedded structs included) from the root.
  std::string TypeError(std::string_view value, std::string_view go_type) const {
    std::string fields;
    std::string_view struct_name;
    for (const Frame& frame : frames_) {
      if (frame.type != Frame::Type::kField) continue;
      if (!fields.empty()) fields += '.';
      if (std::string_view prefix = EmbeddingPrefix(frame.owner->name, frame.name);
          !prefix.empty()) {
        fields.append(prefix);
        fields += '.';
      }
      fields += frame.name;
      struct_name = GoName(frame.owner->name);
    }
    std::string message = "json: cannot unmarshal ";
    message.append(value);
    if (fields.empty()) {
      message += " into Go value of type ";
    } else {
      message += " into Go struct field ";
      message.append(struct_name);
      message += '.';
      message += fields;
      message += " of type ";
    }
    message.append(go_type);
    return message;
  }

  // The first saved error is the one Unmarshal returns.
  void SaveError(std::string message) {
    if (result_.error.empty()) result_.error = std::move(message);
  }

  // An error returned by a value's UnmarshalJSON: it ends the decode and wins.
  void Fatal(std::string message) {
    result_.error = std::move(message);
    fatal_ = true;
  }

  void Unknown(const std::string& key) {
    FieldPath path;
    path.reserve(frames_.size() + 1);
    for (const Frame& frame : frames_) {
      if (frame.type == Frame::Type::kIndex) {
        path.emplace_back(frame.index);
      } else {
        path.emplace_back(std::string(frame.name));
      }
    }
    path.emplace_back(key);
    result_.unknown_fields.push_back(std::move(path));
    StrictError("unknown field", key);
  }

  // sigs.k8s.io/json's newFieldError and saveStrictError: the path of the strict field stack
  // (keys joined by '.', indexes as [i]) then the key, capped and deduplicated.
  void StrictError(std::string_view what, std::string_view key) {
    if (!strict_ || result_.strict_errors.size() >= kMaxStrictErrors) return;
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.type == Frame::Type::kIndex) {
        path += '[';
        path += std::to_string(frame.index);
        path += ']';
      } else {
        if (!path.empty()) path += '.';
        path += frame.name;
      }
    }
    if (!path.empty()) path += '.';
    path.append(key);
    std::string message(what);
    message += ' ';
    message += api::GoQuote(path);
    if (seen_strict_errors_.insert(message).second) {
      result_.strict_errors.push_back(std::move(message));
    }
  }

  Cursor cursor_;
  const bool strict_;
  bool fatal_ = false;
  std::vector<Frame> frames_;
  std::unordered_set<std::string> seen_strict_errors_;
  SchemaDecodeResult result_;
};

// strconv.FormatFloat as encoding/json writes a float64: 'f' unless tiny or huge, then 'e'
// with a one-digit negative exponent where Go cleans it up (1e-07 -> 1e-7).
void AppendGoFloat(std::string& out, double value) {
  const double magnitude = std::fabs(value);
  const bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
  std::array<char, 64> buffer;
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                    exponent ? std::chars_format::scientific : std::chars_format::fixed);
  std::string text(buffer.data(), result.ptr);
  const size_t n = text.size();
  if (exponent && n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
    text.erase(n - 2, 1);
  }
  out += text;
}

// `json` as encoding/json marshals it: keys sorted (nlohmann's objects already are, byte-wise
// as Go sorts them), Go's float format.
void AppendGoJson(std::string& out, const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : json.items()) {
        if (!first) out += ',';
        first = false;
        out += nlohmann::json(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += ':';
        AppendGoJson(out, value);
      }
      out += '}';
      return;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      for (size_t i = 0; i < json.size(); ++i) {
        if (i > 0) out += ',';
        AppendGoJson(out, json[i]);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::number_float:
      AppendGoFloat(out, json.get<double>());
      return;
    default:
      out += json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

SchemaDecodeResult DecodeWithSchema(std::string_view json, const api::TypeSchema& type,
                                    bool strict) {
  return SchemaWalker(JsonCursor(json), strict).Run(type);
}

SchemaDecodeResult DecodeTreeWithSchema(const nlohmann::json& json, const api::TypeSchema& type,
                                        bool strict) {
  return SchemaWalker(TreeCursor(json), strict).Run(type);
}

SchemaDecodeResult DecodeValueWithSchema(const nlohmann::json& json, const api::TypeSchema& type,
                                         bool strict) {
  return DecodeWithSchema(GoJsonText(json), type, strict);
}

SchemaDecodeResult DecodeTextWithValueSchema(std::string_view json, const api::ValueSchema& root,
                                             bool strict) {
  return SchemaWalker(JsonCursor(json), strict).Run(root);
}

std::string GoJsonText(const nlohmann::json& json) {
  std::string text;
  AppendGoJson(text, json);
  return text;
}

void DropFields(nlohmann::json& object, const std::vector<FieldPath>& fields) {
  for (const FieldPath& path : fields) {
    if (path.empty()) continue;
    nlohmann::json* node = &object;
    for (size_t i = 0; node != nullptr && i + 1 < path.size(); ++i) {
      if (const std::string* key = std::get_if<std::string>(&path[i])) {
        auto it = node->is_object() ? node->find(*key) : node->end();
        node = it == node->end() ? nullptr : &*it;
      } else {
        const size_t index = std::get<size_t>(path[i]);
        node = node->is_array() && index < node->size() ? &(*node)[index] : nullptr;
      }
    }
    const std::string* last = std::get_if<std::string>(&path.back());
    if (node != nullptr && last != nullptr && node->is_object()) node->erase(*last);
  }
}

std::string TakeDecodeResult(SchemaDecodeResult decoded, nlohmann::json& value,
                             std::vector<std::string>& problems) {
  if (!decoded.error.empty()) return std::move(decoded.error);
  for (std::string& problem : decoded.strict_errors) problems.push_back(std::move(problem));
  DropFields(value, decoded.unknown_fields);
  return {};
}

}  // namespace kubefake::fakeserver
