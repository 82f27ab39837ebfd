#include "generated/types/json_fields.h"

#include <cmath>
#include <limits>

namespace kubefake::api::codec_internal {
namespace {

[[noreturn]] void ThrowTypeMismatch(const nlohmann::json& j, std::string_view expected) {
  throw nlohmann::json::type_error::create(
      302, "type must be " + std::string(expected) + ", but is " + j.type_name(), nullptr);
}

[[noreturn]] void ThrowOverflow(const nlohmann::json& j) {
  throw nlohmann::json::out_of_range::create(
      406, "number " + j.dump() + " does not fit the field", nullptr);
}

// An integer in [min, max]. Floats are accepted when they hold an integral value, as a JSON
// number written as 3.0 or 1e3 still names an integer.
int64_t ReadInteger(const nlohmann::json& j, int64_t min, int64_t max) {
  int64_t value = 0;
  if (j.is_number_unsigned()) {
    uint64_t u = j.get<uint64_t>();
    if (u > static_cast<uint64_t>(max)) ThrowOverflow(j);
    value = static_cast<int64_t>(u);
  } else if (j.is_number_integer()) {
    value = j.get<int64_t>();
  } else if (j.is_number_float()) {
    double d = j.get<double>();
    if (!std::isfinite(d) || d != std::trunc(d)) {
      throw nlohmann::json::type_error::create(
          302, "type must be an integer, but is number " + j.dump(), nullptr);
    }
    // -2^63 and 2^63 are exact doubles; int64 holds [-2^63, 2^63).
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) ThrowOverflow(j);
    value = static_cast<int64_t>(d);
  } else {
    ThrowTypeMismatch(j, "number");
  }
  if (value < min || value > max) ThrowOverflow(j);
  return value;
}

}  // namespace

bool BeginObject(const nlohmann::json& j) {
  if (j.is_null()) return false;
  if (!j.is_object()) ThrowTypeMismatch(j, "object");
  return true;
}

bool BeginArray(const nlohmann::json& j) {
  if (j.is_null()) return false;
  if (!j.is_array()) ThrowTypeMismatch(j, "array");
  return true;
}

void RethrowAt(const nlohmann::json::exception& e, std::string_view segment) {
  std::string_view text = e.what();
  if (std::string_view::size_type end = text.find("] "); end != std::string_view::npos) {
    text.remove_prefix(end + 2);
  }
  std::string path(segment);
  std::string_view problem = text;
  if (text.starts_with("at ")) {
    if (std::string_view::size_type colon = text.find(": "); colon != std::string_view::npos) {
      std::string_view inner = text.substr(3, colon - 3);
      if (!inner.starts_with('[')) path += '.';
      path += inner;
      problem = text.substr(colon + 2);
    }
  }
  std::string message = "at " + path + ": " + std::string(problem);
  if (dynamic_cast<const nlohmann::json::type_error*>(&e) != nullptr) {
    throw nlohmann::json::type_error::create(e.id, message, nullptr);
  }
  if (dynamic_cast<const nlohmann::json::out_of_range*>(&e) != nullptr) {
    throw nlohmann::json::out_of_range::create(e.id, message, nullptr);
  }
  if (dynamic_cast<const nlohmann::json::invalid_iterator*>(&e) != nullptr) {
    throw nlohmann::json::invalid_iterator::create(e.id, message, nullptr);
  }
  throw nlohmann::json::other_error::create(e.id, message, nullptr);
}

void RethrowAtIndex(const nlohmann::json::exception& e, std::size_t index) {
  RethrowAt(e, "[" + std::to_string(index) + "]");
}

void RethrowAtKey(const nlohmann::json::exception& e, const std::string& key) {
  RethrowAt(e, "[" + key + "]");
}

void ReadString(const nlohmann::json& j, std::string& out) {
  if (j.is_null()) {
    out.clear();
  } else if (j.is_string()) {
    out = j.get_ref<const std::string&>();
  } else {
    ThrowTypeMismatch(j, "string");
  }
}

void ReadBool(const nlohmann::json& j, bool& out) {
  if (j.is_null()) {
    out = false;
  } else if (j.is_boolean()) {
    out = j.get<bool>();
  } else {
    ThrowTypeMismatch(j, "boolean");
  }
}

void ReadInt32(const nlohmann::json& j, int32_t& out) {
  out = j.is_null() ? 0
                    : static_cast<int32_t>(ReadInteger(j, std::numeric_limits<int32_t>::min(),
                                                       std::numeric_limits<int32_t>::max()));
}

void ReadInt64(const nlohmann::json& j, int64_t& out) {
  out = j.is_null() ? 0
                    : ReadInteger(j, std::numeric_limits<int64_t>::min(),
                                  std::numeric_limits<int64_t>::max());
}

void ReadDouble(const nlohmann::json& j, double& out) {
  if (j.is_null()) {
    out = 0;
  } else if (j.is_number()) {
    out = j.get<double>();
  } else {
    ThrowTypeMismatch(j, "number");
  }
}

void ReadJson(const nlohmann::json& j, nlohmann::json& out) { out = j; }

void ReadQuantity(const nlohmann::json& j, Quantity& out) {
  if (j.is_null()) {
    out = Quantity();
  } else {
    from_json(j, out);
  }
}

void ReadIntOrString(const nlohmann::json& j, IntOrString& out) {
  if (j.is_null()) {
    out = IntOrString();
  } else {
    from_json(j, out);
  }
}

void ReadTime(const nlohmann::json& j, Time& out) {
  if (j.is_null()) {
    out = Time();
  } else {
    from_json(j, out);
  }
}

void ReadMicroTime(const nlohmann::json& j, MicroTime& out) {
  if (j.is_null()) {
    out = MicroTime();
  } else {
    from_json(j, out);
  }
}

void ReadFieldsV1(const nlohmann::json& j, FieldsV1& out) {
  if (j.is_null()) {
    out = FieldsV1();
  } else {
    from_json(j, out);
  }
}

nlohmann::json& Slot(nlohmann::json& j, const char* key) {
  // The generated writers add members in ascending key order: each goes at the end, found
  // without a search. Anything but an object or null throws as operator[] does.
  if (j.is_null()) j = nlohmann::json(nlohmann::json::value_t::object);
  if (!j.is_object()) return j[key];
  auto& members = j.get_ref<nlohmann::json::object_t&>();
  return members.emplace_hint(members.end(), key, nullptr)->second;
}

void WriteString(nlohmann::json& out, const std::string& v) { out = v; }
void WriteBool(nlohmann::json& out, bool v) { out = v; }
void WriteInt32(nlohmann::json& out, int32_t v) { out = v; }
void WriteInt64(nlohmann::json& out, int64_t v) { out = v; }
// Integral values are written as integers (3, not 3.0), as Go's encoding/json prints a float64.
void WriteDouble(nlohmann::json& out, double v) {
  if (std::trunc(v) == v && std::abs(v) < 1e15) {
    out = static_cast<int64_t>(v);
  } else {
    out = v;
  }
}
void WriteJson(nlohmann::json& out, const nlohmann::json& v) { out = v; }
void WriteQuantity(nlohmann::json& out, const Quantity& v) { to_json(out, v); }
void WriteIntOrString(nlohmann::json& out, const IntOrString& v) { to_json(out, v); }
void WriteTime(nlohmann::json& out, const Time& v) { to_json(out, v); }
void WriteMicroTime(nlohmann::json& out, const MicroTime& v) { to_json(out, v); }
void WriteFieldsV1(nlohmann::json& out, const FieldsV1& v) { to_json(out, v); }

}  // namespace kubefake::api::codec_internal
