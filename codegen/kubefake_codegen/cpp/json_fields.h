// Helpers that the generated to_json/from_json of the typed structs call. Scalars and value
// types have one plain function each, so a field costs a call; the templates cover only
// containers and dispatch on the exact element type (no overload resolution by conversion,
// which is slow to compile against nlohmann::json's converting constructors). Internal to
// kubefake::api. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/fields_v1.h"
#include "kubefake/api/indirect.h"
#include "kubefake/api/int_or_string.h"
#include "kubefake/api/quantity.h"
#include "kubefake/api/time.h"

namespace kubefake::api::codec_internal {

// The members of an object in key order, for a decoder that asks for its fields in ascending
// byte-wise key order, the order nlohmann's std::map keeps them in: each Field call continues
// where the previous one stopped, so decoding a struct is one walk over its members and fields
// rather than a map lookup per field. Refers to the object, which must outlive it.
class ObjectMembers {
 public:
  // `object` must be a JSON object (BeginObject returned true).
  explicit ObjectMembers(const nlohmann::json& object)
      : next_(object.get_ptr<const nlohmann::json::object_t*>()->begin()),
        end_(object.get_ptr<const nlohmann::json::object_t*>()->end()) {}

  // The member `key`, or nullptr when it is absent or null (Go leaves the field at its zero
  // value for both). `key` sorts after the keys of the earlier calls and outlives this cursor
  // (the generated code passes literals).
  const nlohmann::json* Field(std::string_view key) {
    key_ = key;
    for (; next_ != end_; ++next_) {
      const int order = CompareKeys(next_->first, key);
      if (order > 0) return nullptr;
      if (order == 0) {
        const nlohmann::json& value = (next_++)->second;
        return value.is_null() ? nullptr : &value;
      }
    }
    return nullptr;
  }

  // The key of the last Field call: the field a failed read belongs to.
  std::string_view key() const { return key_; }

 private:
  // std::string's ordering (unsigned bytes), with the first byte compared inline since most
  // keys differ there.
  static int CompareKeys(std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a.front() != b.front()) {
      return static_cast<unsigned char>(a.front()) < static_cast<unsigned char>(b.front()) ? -1
                                                                                           : 1;
    }
    return a.compare(b);
  }

  nlohmann::json::object_t::const_iterator next_;
  nlohmann::json::object_t::const_iterator end_;
  std::string_view key_;
};

// False for null (the struct keeps its values), true for an object; throws type_error 302 for
// anything else.
bool BeginObject(const nlohmann::json& j);
// As BeginObject, for arrays.
bool BeginArray(const nlohmann::json& j);
// Rethrows `e` (same exception type and id) with `segment` prepended to the field path its
// message carries: "at spec.containers[0].name: type must be string, but is number".
[[noreturn]] void RethrowAt(const nlohmann::json::exception& e, std::string_view segment);
[[noreturn]] void RethrowAtIndex(const nlohmann::json::exception& e, std::size_t index);
[[noreturn]] void RethrowAtKey(const nlohmann::json::exception& e, const std::string& key);

// Readers: null gives the zero value; a value of the wrong JSON type throws type_error 302; an
// integer out of range throws out_of_range 406; a fraction for an integer throws type_error.
void ReadString(const nlohmann::json& j, std::string& out);
void ReadBool(const nlohmann::json& j, bool& out);
void ReadInt32(const nlohmann::json& j, int32_t& out);
void ReadInt64(const nlohmann::json& j, int64_t& out);
void ReadDouble(const nlohmann::json& j, double& out);
void ReadJson(const nlohmann::json& j, nlohmann::json& out);
void ReadQuantity(const nlohmann::json& j, Quantity& out);
void ReadIntOrString(const nlohmann::json& j, IntOrString& out);
void ReadTime(const nlohmann::json& j, Time& out);
void ReadMicroTime(const nlohmann::json& j, MicroTime& out);
void ReadFieldsV1(const nlohmann::json& j, FieldsV1& out);

// The member `key` of object `j`, created as null.
nlohmann::json& Slot(nlohmann::json& j, const char* key);
void WriteString(nlohmann::json& out, const std::string& v);
void WriteBool(nlohmann::json& out, bool v);
void WriteInt32(nlohmann::json& out, int32_t v);
void WriteInt64(nlohmann::json& out, int64_t v);
void WriteDouble(nlohmann::json& out, double v);
void WriteJson(nlohmann::json& out, const nlohmann::json& v);
void WriteQuantity(nlohmann::json& out, const Quantity& v);
void WriteIntOrString(nlohmann::json& out, const IntOrString& v);
void WriteTime(nlohmann::json& out, const Time& v);
void WriteMicroTime(nlohmann::json& out, const MicroTime& v);
void WriteFieldsV1(nlohmann::json& out, const FieldsV1& v);

// Container elements: a scalar, a value type, a generated struct (its from_json/to_json), or
// another container.
template <typename T>
void Read(const nlohmann::json& j, T& out);
template <typename T>
void Read(const nlohmann::json& j, std::vector<T>& out);
template <typename T>
void Read(const nlohmann::json& j, std::map<std::string, T>& out);
template <typename T>
void Write(nlohmann::json& out, const T& v);
template <typename T>
void Write(nlohmann::json& out, const std::vector<T>& v);
template <typename T>
void Write(nlohmann::json& out, const std::map<std::string, T>& v);

template <typename T>
void Read(const nlohmann::json& j, T& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    ReadString(j, out);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    ReadInt32(j, out);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    ReadInt64(j, out);
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    ReadJson(j, out);
  } else if constexpr (std::is_same_v<T, Quantity>) {
    ReadQuantity(j, out);
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    ReadIntOrString(j, out);
  } else if constexpr (std::is_same_v<T, double>) {
    ReadDouble(j, out);
  } else if constexpr (std::is_same_v<T, Time>) {
    ReadTime(j, out);
  } else if constexpr (std::is_same_v<T, MicroTime>) {
    ReadMicroTime(j, out);
  } else {
    static_assert(std::is_class_v<T>, "no reader for this element type");
    from_json(j, out);
  }
}

template <typename T>
void Read(const nlohmann::json& j, std::vector<T>& out) {
  out.clear();
  if (!BeginArray(j)) return;
  out = std::vector<T>(j.size());
  std::size_t i = 0;
  try {
    for (; i < out.size(); ++i) Read(j[i], out[i]);
  } catch (const nlohmann::json::exception& e) {
    RethrowAtIndex(e, i);
  }
}

template <typename T>
void Read(const nlohmann::json& j, std::map<std::string, T>& out) {
  out.clear();
  if (!BeginObject(j)) return;
  auto it = j.begin();
  try {
    for (; it != j.end(); ++it) Read(*it, out[it.key()]);
  } catch (const nlohmann::json::exception& e) {
    RethrowAtKey(e, it.key());
  }
}

template <typename T>
void Write(nlohmann::json& out, const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    WriteString(out, v);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    WriteInt32(out, v);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    WriteInt64(out, v);
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    WriteJson(out, v);
  } else if constexpr (std::is_same_v<T, Quantity>) {
    WriteQuantity(out, v);
  } else if constexpr (std::is_same_v<T, IntOrString>) {
    WriteIntOrString(out, v);
  } else if constexpr (std::is_same_v<T, double>) {
    WriteDouble(out, v);
  } else if constexpr (std::is_same_v<T, Time>) {
    WriteTime(out, v);
  } else if constexpr (std::is_same_v<T, MicroTime>) {
    WriteMicroTime(out, v);
  } else {
    static_assert(std::is_class_v<T>, "no writer for this element type");
    to_json(out, v);
  }
}

template <typename T>
void Write(nlohmann::json& out, const std::vector<T>& v) {
  out = nlohmann::json::array();
  out.get_ref<nlohmann::json::array_t&>().resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) Write(out[i], v[i]);
}

template <typename T>
void Write(nlohmann::json& out, const std::map<std::string, T>& v) {
  out = nlohmann::json::object();
  for (const auto& [key, value] : v) Write(Slot(out, key.c_str()), value);
}

}  // namespace kubefake::api::codec_internal
