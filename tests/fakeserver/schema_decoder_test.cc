// Unit tests of the typed decode against the schema (R3.1 step 3, R3.10, R3.16): Go's type
// errors, strict errors, and where unknown fields are.
#include "schema_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace kubefake::fakeserver {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

const api::TypeSchema& Schema(std::string group, std::string version, std::string kind) {
  const api::TypeSchema* schema =
      api::FindTypeSchema(api::GroupVersionKind{std::move(group), std::move(version), kind});
  if (schema == nullptr) {
    ADD_FAILURE() << "no schema for " << kind;
    static const api::TypeSchema kEmpty;
    return kEmpty;
  }
  return *schema;
}

const api::TypeSchema& Pod() { return Schema("", "v1", "Pod"); }
const api::TypeSchema& Deployment() { return Schema("apps", "v1", "Deployment"); }
const api::TypeSchema& ConfigMap() { return Schema("", "v1", "ConfigMap"); }

std::string ErrorOf(std::string_view json, const api::TypeSchema& schema) {
  return DecodeWithSchema(json, schema, /*strict=*/true).error;
}

TEST(SchemaDecoderTest, StringIntoInt32NamesTheStructFieldPathAndGoType) {
  EXPECT_EQ(ErrorOf(R"({"spec":{"replicas":"two"}})", Deployment()),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of "
            "type int32");
}

TEST(SchemaDecoderTest, BoolIntoMetadataNameIsATypeError) {
  EXPECT_EQ(ErrorOf(R"({"metadata":{"name":true}})", ConfigMap()),
            "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type "
            "string");
}

TEST(SchemaDecoderTest, MapValuesAndListElementsKeepTheStructFieldPath) {
  EXPECT_EQ(ErrorOf(R"({"metadata":{"labels":{"a":1}}})", ConfigMap()),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of "
            "type string");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"name":"a"},{"name":"b","env":[{"name":"P",
                    "value":8080}]}]}})",
                    Pod()),
            "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value "
            "of type string");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"args":["a",1]}]}})", Pod()),
            "json: cannot unmarshal number into Go struct field Container.spec.containers.args "
            "of type string");
}

TEST(SchemaDecoderTest, CompositeTypesPrintAsGoPrintsThem) {
  EXPECT_EQ(ErrorOf(R"({"spec":"web"})", Deployment()),
            "json: cannot unmarshal string into Go struct field Deployment.spec of type "
            "v1.DeploymentSpec");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":{"name":"a"}}})", Pod()),
            "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type "
            "[]v1.Container");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":["a"]}})", Pod()),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type "
            "v1.Container");
  EXPECT_EQ(ErrorOf(R"({"metadata":{"labels":["a"]}})", ConfigMap()),
            "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type "
            "map[string]string");
  EXPECT_EQ(ErrorOf(R"({"spec":{"paused":"yes"}})", Deployment()),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of "
            "type bool");
  EXPECT_EQ(ErrorOf(R"({"spec":{"activeDeadlineSeconds":true}})", Pod()),
            "json: cannot unmarshal bool into Go struct field PodSpec.spec.activeDeadlineSeconds "
            "of type int64");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"resources":{"limits":"1"}}]}})", Pod()),
            "json: cannot unmarshal string into Go struct field "
            "ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList");
}

TEST(SchemaDecoderTest, IntegersAreJudgedByTheirLiteralText) {
  EXPECT_EQ(ErrorOf(R"({"spec":{"replicas":1.0}})", Deployment()),
            "json: cannot unmarshal number 1.0 into Go struct field DeploymentSpec.spec.replicas "
            "of type int32");
  EXPECT_EQ(ErrorOf(R"({"spec":{"replicas":1e3}})", Deployment()),
            "json: cannot unmarshal number 1e3 into Go struct field DeploymentSpec.spec.replicas "
            "of type int32");
  EXPECT_EQ(ErrorOf(R"({"spec":{"replicas":3000000000}})", Deployment()),
            "json: cannot unmarshal number 3000000000 into Go struct field "
            "DeploymentSpec.spec.replicas of type int32");
  EXPECT_EQ(
      ErrorOf(R"({"spec":{"replicas":-2147483648,"progressDeadlineSeconds":0}})", Deployment()),
      "");
  EXPECT_EQ(ErrorOf(R"({"spec":{"activeDeadlineSeconds":3000000000}})", Pod()), "");
}

TEST(SchemaDecoderTest, NullIsAcceptedForEveryType) {
  EXPECT_EQ(ErrorOf(R"({"metadata":{"name":null,"labels":null,"creationTimestamp":null},
                      "spec":{"replicas":null,"selector":null,"template":{"spec":
                      {"containers":[{"name":null,"ports":[null],"resources":{"limits":
                      {"cpu":null}}}]}},"strategy":{"rollingUpdate":{"maxSurge":null}}}})",
                    Deployment()),
            "");
}

TEST(SchemaDecoderTest, TheFirstTypeErrorInDocumentOrderWins) {
  EXPECT_EQ(ErrorOf(R"({"spec":{"replicas":"x"},"metadata":{"name":1}})", Deployment()),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of "
            "type int32");
  EXPECT_EQ(ErrorOf(R"({"metadata":{"name":1},"spec":{"replicas":"x"}})", Deployment()),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type "
            "string");
}

TEST(SchemaDecoderTest, MalformedQuantityGivesParseQuantitysMessageAndWins) {
  const std::string kFormat =
      "quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"resources":{"limits":{"cpu":"abc"}}}]}})", Pod()),
            kFormat);
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"resources":{"limits":{"cpu":true}}}]}})", Pod()),
            kFormat);
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"resources":{"limits":{"cpu":"1K"}}}]}})", Pod()),
            "unable to parse quantity's suffix");
  // An UnmarshalJSON error ends the decode and replaces an earlier saved type error.
  EXPECT_EQ(ErrorOf(R"({"metadata":{"name":1},"spec":{"containers":[{"resources":
                      {"requests":{"memory":"lots"}}}]}})",
                    Pod()),
            kFormat);
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"resources":{"limits":{"cpu":0.5,
                      "memory":" 1Gi "}}}]}})",
                    Pod()),
            "");
}

TEST(SchemaDecoderTest, IntOrStringTakesStringsAndInt32s) {
  const api::TypeSchema& service = Schema("", "v1", "Service");
  EXPECT_EQ(ErrorOf(R"({"spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,
                      "targetPort":8081}]}})",
                    service),
            "");
  EXPECT_EQ(ErrorOf(R"({"spec":{"ports":[{"port":80,"targetPort":true}]}})", service),
            "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort "
            "of type int32");
  EXPECT_EQ(ErrorOf(R"({"spec":{"ports":[{"port":80,"targetPort":1.5}]}})", service),
            "json: cannot unmarshal number 1.5 into Go struct field "
            "ServicePort.spec.ports.targetPort of type int32");
}

TEST(SchemaDecoderTest, TimesGetTimeParseErrorsOrATypeErrorAgainstString) {
  EXPECT_EQ(ErrorOf(R"({"metadata":{"creationTimestamp":"yesterday"}})", ConfigMap()),
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
            "\"yesterday\" as \"2006\"");
  EXPECT_EQ(ErrorOf(R"({"metadata":{"creationTimestamp":5}})", ConfigMap()),
            "json: cannot unmarshal number into Go struct field "
            "ObjectMeta.metadata.creationTimestamp of type string");
  EXPECT_EQ(ErrorOf(R"({"metadata":{"creationTimestamp":"2026-01-02T03:04:05Z"}})", ConfigMap()),
            "");
  const api::TypeSchema& lease = Schema("coordination.k8s.io", "v1", "Lease");
  EXPECT_EQ(ErrorOf(R"({"spec":{"renewTime":"2026-01-02T03:04:05Z"}})", lease),
            "parsing time \"2026-01-02T03:04:05Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
            "cannot parse \"Z\" as \".000000\"");
  EXPECT_EQ(ErrorOf(R"({"spec":{"renewTime":"2026-01-02T03:04:05.000000Z"}})", lease), "");
}

TEST(SchemaDecoderTest, ByteFieldsAreBase64OrListsOfUint8) {
  const api::TypeSchema& secret = Schema("", "v1", "Secret");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":"YWJj","b":"YWI=","c":"YQ==","d":"YW\nJj"}})", secret), "");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":"!!!!"}})", secret), "illegal base64 data at input byte 0");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":"YWJjZA"}})", secret), "illegal base64 data at input byte 4");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":"YQ==YQ=="}})", secret), "illegal base64 data at input byte 4");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":[97,98]}})", secret), "");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":[97,300]}})", secret),
            "json: cannot unmarshal number 300 into Go struct field Secret.data of type uint8");
  EXPECT_EQ(ErrorOf(R"({"data":{"a":5}})", secret),
            "json: cannot unmarshal number into Go struct field Secret.data of type []uint8");
}

TEST(SchemaDecoderTest, InlineEmbeddedStructsAppearInTheFieldPath) {
  EXPECT_EQ(ErrorOf(R"({"spec":{"volumes":[{"name":"v","hostPath":"/tmp"}]}})", Pod()),
            "json: cannot unmarshal string into Go struct field "
            "Volume.spec.volumes.VolumeSource.hostPath of type v1.HostPathVolumeSource");
  EXPECT_EQ(ErrorOf(R"({"spec":{"volumes":[{"name":"v","hostPath":{"path":5}}]}})", Pod()),
            "json: cannot unmarshal number into Go struct field "
            "HostPathVolumeSource.spec.volumes.VolumeSource.hostPath.path of type string");
  EXPECT_EQ(ErrorOf(R"({"spec":{"volumes":[{"name":5}]}})", Pod()),
            "json: cannot unmarshal number into Go struct field Volume.spec.volumes.name of type "
            "string");
  EXPECT_EQ(ErrorOf(R"({"spec":{"containers":[{"env":[{"name":"A","valueFrom":
                      {"secretKeyRef":{"name":1}}}]}]}})",
                    Pod()),
            "json: cannot unmarshal number into Go struct field "
            "SecretKeySelector.spec.containers.env.valueFrom.secretKeyRef.LocalObjectReference."
            "name of type string");
}

TEST(SchemaDecoderTest, StrictErrorsFollowDocumentOrderWithListIndexes) {
  const SchemaDecodeResult result = DecodeWithSchema(
      R"({"spec":{"zeta":1,"containers":[{"name":"a"},{"name":"b","foo":{"x":1}}],"alpha":2},
          "Metadata":{}})",
      Pod(), /*strict=*/true);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors,
              ElementsAre("unknown field \"spec.zeta\"", "unknown field \"spec.containers[1].foo\"",
                          "unknown field \"spec.alpha\"", "unknown field \"Metadata\""));
}

TEST(SchemaDecoderTest, DuplicatesOfFieldsAndMapKeysAreReportedWithTheirPath) {
  const SchemaDecodeResult result = DecodeWithSchema(
      R"({"metadata":{"name":"a","labels":{"x":"1","x":"2"},"name":"b"},
          "data":{"k":"v"},"extra":1,"extra":2})",
      ConfigMap(), /*strict=*/true);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors,
              ElementsAre("duplicate field \"metadata.labels.x\"",
                          "duplicate field \"metadata.name\"", "unknown field \"extra\""));
}

TEST(SchemaDecoderTest, OpaqueValuesAreNotLookedInto) {
  const SchemaDecodeResult result = DecodeWithSchema(
      R"({"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:a":{},"f:a":{},"x":1}}]}})",
      ConfigMap(), /*strict=*/true);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors, IsEmpty());
}

TEST(SchemaDecoderTest, FieldsOfStructsWithoutFieldsAreUnknown) {
  const SchemaDecodeResult result = DecodeWithSchema(
      R"({"spec":{"versions":[{"name":"v1","subresources":{"status":{"x":1}}}]}})",
      Schema("apiextensions.k8s.io", "v1", "CustomResourceDefinition"), /*strict=*/true);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors,
              ElementsAre("unknown field \"spec.versions[0].subresources.status.x\""));
}

TEST(SchemaDecoderTest, StrictErrorsAreQuotedDeduplicatedAndCapped) {
  EXPECT_THAT(
      DecodeWithSchema(R"({"a\"b":1,"a\"b":2,"c\u0001":3})", ConfigMap(), true).strict_errors,
      ElementsAre("unknown field \"a\\\"b\"", "unknown field \"c\\x01\""));
  std::string many = "{";
  for (int i = 0; i < 150; ++i) many += "\"u" + std::to_string(i) + "\":1,";
  many += "\"data\":{}}";
  const SchemaDecodeResult result = DecodeWithSchema(many, ConfigMap(), true);
  EXPECT_EQ(result.strict_errors.size(), 100u);
  EXPECT_EQ(result.strict_errors.back(), "unknown field \"u99\"");
  EXPECT_EQ(result.unknown_fields.size(), 150u) << "every unknown field is still dropped";
}

TEST(SchemaDecoderTest, KeysDecodeAsGoUnquotesThem) {
  // Invalid UTF-8 becomes U+FFFD, as in the object api::DecodeJson builds.
  const SchemaDecodeResult result =
      DecodeWithSchema("{\"x\xff\":1,\"\\u0064ata\":{\"k\":\"v\"}}", ConfigMap(), true);
  EXPECT_THAT(result.strict_errors, ElementsAre("unknown field \"x\xEF\xBF\xBD\""));
  EXPECT_THAT(result.unknown_fields, ElementsAre(FieldPath{std::string("x\xEF\xBF\xBD")}));
}

TEST(SchemaDecoderTest, NonStrictDecodingReportsNoStrictErrorsButLocatesUnknownFields) {
  const SchemaDecodeResult result = DecodeWithSchema(
      R"({"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c","foo":1}]}})", Pod(),
      /*strict=*/false);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors, IsEmpty());
  EXPECT_THAT(result.unknown_fields,
              ElementsAre(FieldPath{std::string("spec"), std::string("containers"), size_t{0},
                                    std::string("foo")}));
}

TEST(SchemaDecoderTest, DropFieldsErasesUnknownFieldsAndSkipsMissingPaths) {
  nlohmann::json object =
      nlohmann::json::parse(R"({"spec":{"containers":[{"name":"c","foo":1}],"bar":2},"keep":3})");
  DropFields(
      object,
      {FieldPath{std::string("spec"), std::string("containers"), size_t{0}, std::string("foo")},
       FieldPath{std::string("spec"), std::string("bar")},
       FieldPath{std::string("spec"), std::string("containers"), size_t{5}, std::string("foo")},
       FieldPath{std::string("nothing"), std::string("here")}});
  EXPECT_EQ(object, nlohmann::json::parse(R"({"spec":{"containers":[{"name":"c"}]},"keep":3})"));
}

TEST(SchemaDecoderTest, YamlBodiesAreReadAsGoMarshalsThem) {
  // YAMLToJSON writes the float 1.0 as 1, which an int32 takes; 1.5 it does not.
  nlohmann::json body = {{"spec", {{"replicas", 1.0}, {"foo", 1}}}};
  SchemaDecodeResult result = DecodeValueWithSchema(body, Deployment(), /*strict=*/true);
  EXPECT_EQ(result.error, "");
  EXPECT_THAT(result.strict_errors, ElementsAre("unknown field \"spec.foo\""));
  body["spec"]["replicas"] = 1.5;
  EXPECT_EQ(DecodeValueWithSchema(body, Deployment(), true).error,
            "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas "
            "of type int32");
  body["spec"]["replicas"] = 1e21;
  EXPECT_EQ(DecodeValueWithSchema(body, Deployment(), true).error,
            "json: cannot unmarshal number 1e+21 into Go struct field "
            "DeploymentSpec.spec.replicas of type int32");
}

}  // namespace
}  // namespace kubefake::fakeserver
