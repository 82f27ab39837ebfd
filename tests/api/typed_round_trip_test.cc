// Every generated typed struct round-trips an object built from its OpenAPI schema with every
// property set, so no field the schema defines is lost between JSON and the struct. The schema
// data (kubefake/api/openapi_schema.h) and the structs are generated separately from the spec;
// this test holds them to each other.
#include <cctype>
#include <map>
#include <ostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "generated/typed_round_trips.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/api/openapi_schema.h"

namespace kubefake::api {
namespace roundtrip {

// gtest prints parameters of failed tests with this.
void PrintTo(const TypedRoundTrip& r, std::ostream* os) { *os << r.definition; }

}  // namespace roundtrip
namespace {

using roundtrip::AllTypedRoundTrips;
using roundtrip::TypedRoundTrip;

// Builds a JSON object with every property of a schema set to a valid value: scalars of their
// type, one-element arrays, one-entry maps, canonical quantities, times and int-or-strings,
// nested objects recursed. A type is entered at most twice on one path, so recursive types
// (JSONSchemaProps) get one nested level and then stop.
class SampleBuilder {
 public:
  nlohmann::json Object(const TypeSchema& type) {
    nlohmann::json object = nlohmann::json::object();
    ++active_[&type];
    for (const FieldSchema& field : type.fields) {
      if (std::optional<nlohmann::json> value = Value(field.value)) {
        object[std::string(field.json_name)] = std::move(*value);
      }
    }
    --active_[&type];
    // A kind's apiVersion and kind name its own group-version-kind, as a real object's do.
    if (type.gvks.size() == 1) {
      const SchemaGroupVersionKind& gvk = type.gvks[0];
      object["apiVersion"] = gvk.group.empty() ? std::string(gvk.version)
                                               : std::string(gvk.group) + "/" +
                                                     std::string(gvk.version);
      object["kind"] = std::string(gvk.kind);
    }
    return object;
  }

  // nullopt when `value` is an object type already entered twice on this path.
  std::optional<nlohmann::json> Value(const ValueSchema& value) {
    if (!value.enum_values.empty()) return nlohmann::json::parse(value.enum_values[0]);
    switch (value.type) {
      case SchemaType::kString:
        return value.format == "byte" ? "aGVsbG8=" : "text";
      case SchemaType::kInteger:
        return value.format == "int32" ? nlohmann::json(2147483647)
                                       : nlohmann::json(int64_t{9007199254740993});
      case SchemaType::kNumber:
        return 1.5;
      case SchemaType::kBoolean:
        return true;
      case SchemaType::kObject:
        if (active_[value.ref] >= 2) return std::nullopt;
        return Object(*value.ref);
      case SchemaType::kArray: {
        nlohmann::json array = nlohmann::json::array();
        if (std::optional<nlohmann::json> element = Value(*value.element)) {
          array.push_back(std::move(*element));
        }
        return array;
      }
      case SchemaType::kMap: {
        nlohmann::json map = nlohmann::json::object();
        if (std::optional<nlohmann::json> element = Value(*value.element)) {
          map["key"] = std::move(*element);
        }
        return map;
      }
      case SchemaType::kIntOrString:
        // Alternate so both forms occur throughout the spec.
        return (int_or_string_count_++ % 2 == 0) ? nlohmann::json(8080) : nlohmann::json("25%");
      case SchemaType::kQuantity:
        return "250m";
      case SchemaType::kTime:
        return "2024-01-02T03:04:05Z";
      case SchemaType::kMicroTime:
        return "2024-01-02T03:04:05.123456Z";
      case SchemaType::kFreeForm:
        return nlohmann::json{{"free", {"form", 1, true, nullptr}}};
    }
    return std::nullopt;
  }

 private:
  std::map<const TypeSchema*, int> active_;
  int int_or_string_count_ = 0;
};

std::string TestName(const testing::TestParamInfo<TypedRoundTrip>& info) {
  std::string_view name = info.param.definition;
  if (name.starts_with("io.k8s.")) name.remove_prefix(7);
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

class TypedRoundTripTest : public testing::TestWithParam<TypedRoundTrip> {
 protected:
  const TypeSchema& Schema() {
    const TypeSchema* schema = FindTypeSchema(GetParam().definition);
    EXPECT_NE(schema, nullptr) << GetParam().definition << " has no schema data";
    return schema != nullptr ? *schema : *AllTypeSchemas().front();
  }
};

TEST_P(TypedRoundTripTest, FullyPopulatedObjectRoundTripsWithoutLosingAField) {
  const TypeSchema& schema = Schema();
  nlohmann::json sample = SampleBuilder().Object(schema);
  for (const FieldSchema& field : schema.fields) {
    ASSERT_TRUE(sample.contains(field.json_name)) << "sample lacks " << field.json_name;
  }

  Result<nlohmann::json> encoded = GetParam().round_trip(sample);

  ASSERT_TRUE(encoded.has_value()) << encoded.error().message();
  EXPECT_EQ(*encoded, sample) << "changed: " << nlohmann::json::diff(sample, *encoded).dump();
}

// What Go's protobuf form drops, so a removal the protobuf round trip may make: an empty list
// or map (omitempty in JSON, absent in protobuf), the TypeMeta of an embedded object (a nested
// DeleteOptions' apiVersion and kind: only the envelope carries type information), and the
// sample's free-form filler ("free") inside a Go struct without fields.
bool ProtobufCannotCarry(const nlohmann::json& before, const nlohmann::json& change) {
  if (change["op"] != "remove") return false;
  const std::string path = change["path"];
  const nlohmann::json& removed = before.at(nlohmann::json::json_pointer(path));
  return ((removed.is_array() || removed.is_object()) && removed.empty()) ||
         path.ends_with("/deleteOptions/apiVersion") || path.ends_with("/deleteOptions/kind") ||
         path.ends_with("/free");
}

// Issue 8, R11.4: JSON -> struct -> protobuf -> struct -> JSON unchanged for every type that has
// a protobuf message. apiVersion and kind travel in the envelope, not in the message.
TEST_P(TypedRoundTripTest, FullyPopulatedObjectRoundTripsThroughProtobuf) {
  const ProtoMessage* message = FindProtoMessage(GetParam().definition);
  if (message == nullptr) GTEST_SKIP() << GetParam().definition << " has no protobuf message";
  Result<nlohmann::json> typed = GetParam().round_trip(SampleBuilder().Object(Schema()));
  ASSERT_TRUE(typed.has_value()) << typed.error().message();

  Result<std::string> bytes = JsonToProtobuf(*message, *typed);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
  Result<nlohmann::json> decoded = ProtobufToJson(*message, *bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  for (const char* type_meta : {"apiVersion", "kind"}) {
    if (typed->contains(type_meta)) (*decoded)[type_meta] = (*typed)[type_meta];
  }
  Result<nlohmann::json> again = GetParam().round_trip(*decoded);

  ASSERT_TRUE(again.has_value()) << again.error().message();
  for (const nlohmann::json& change : nlohmann::json::diff(*typed, *again)) {
    EXPECT_TRUE(ProtobufCannotCarry(*typed, change)) << "changed: " << change.dump();
  }
}

TEST_P(TypedRoundTripTest, EmptyObjectEncodesOnlyRequiredFieldsAndGroupVersionKind) {
  const TypeSchema& schema = Schema();
  std::set<std::string> expected(schema.required.begin(), schema.required.end());
  if (schema.gvks.size() == 1) expected.insert({"apiVersion", "kind"});

  Result<nlohmann::json> encoded = GetParam().round_trip(nlohmann::json::object());

  ASSERT_TRUE(encoded.has_value()) << encoded.error().message();
  std::set<std::string> keys;
  for (const auto& [key, value] : encoded->items()) keys.insert(key);
  EXPECT_EQ(keys, expected);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, TypedRoundTripTest, testing::ValuesIn(AllTypedRoundTrips()),
                         TestName);

// The typed structs cover io.k8s.api.*, meta.v1, apiextensions and apiregistration.
bool IsTypedDefinition(std::string_view name) {
  return name.starts_with("io.k8s.api.") ||
         name.starts_with("io.k8s.apimachinery.pkg.apis.meta.v1.") ||
         name.starts_with("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.") ||
         name.starts_with("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.");
}

TEST(TypedRoundTripRegistryTest, EveryObjectDefinitionOfTheTypedGroupsHasAStruct) {
  std::set<std::string_view> registered;
  for (const TypedRoundTrip& r : AllTypedRoundTrips()) registered.insert(r.definition);
  std::set<std::string_view> expected;
  for (const TypeSchema* schema : AllTypeSchemas()) {
    if (schema->type == SchemaType::kObject && IsTypedDefinition(schema->name)) {
      expected.insert(schema->name);
    }
  }

  EXPECT_EQ(registered, expected);
  EXPECT_GT(registered.size(), 650u);
}

}  // namespace
}  // namespace kubefake::api
