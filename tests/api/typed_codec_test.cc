// Decode and Encode over the generated typed structs: what the decoder accepts and rejects (as
// the apiserver's JSON decoder does), how optional, required and defaulted fields encode, and
// the naming of members.
#include "kubefake/api/typed_codec.h"

#include <ostream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kubefake/api/types/apiextensions/v1.h"
#include "kubefake/api/types/apiregistration/v1.h"
#include "kubefake/api/types/apps/v1.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/api/types/meta/v1.h"
#include "kubefake/api/types/resource/v1beta1.h"

namespace kubefake::api {
namespace {

using nlohmann::json;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::Pair;

struct TypedRejectCase {
  std::string name;
  json input;
  std::string message;
};

void PrintTo(const TypedRejectCase& c, std::ostream* os) { *os << c.name; }

class DecodePodRejectsTest : public testing::TestWithParam<TypedRejectCase> {};

TEST_P(DecodePodRejectsTest, WithBadRequestNamingTheFieldPath) {
  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(GetParam().input);

  ASSERT_FALSE(pod.has_value());
  EXPECT_TRUE(IsBadRequest(pod.error()));
  EXPECT_EQ(pod.error().code(), 400);
  EXPECT_EQ(pod.error().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    TypeMismatches, DecodePodRejectsTest,
    testing::Values(
        TypedRejectCase{"NumberForString",
                   {{"spec", {{"containers", {{{"name", 5}}}}}}},
                   "at spec.containers[0].name: type must be string, but is number"},
        TypedRejectCase{"StringForObject",
                   {{"metadata", "web"}},
                   "at metadata: type must be object, but is string"},
        TypedRejectCase{"ObjectForArray",
                   {{"spec", {{"containers", {{"name", "a"}}}}}},
                   "at spec.containers: type must be array, but is object"},
        TypedRejectCase{"StringForBoolean",
                   {{"spec", {{"hostNetwork", "true"}}}},
                   "at spec.hostNetwork: type must be boolean, but is string"},
        TypedRejectCase{"FractionForInteger",
                   {{"spec", {{"priority", 1.5}}}},
                   "at spec.priority: type must be an integer, but is number 1.5"},
        TypedRejectCase{"Int32Overflow",
                   {{"spec", {{"containers", {{{"name", "a"}, {"ports", {{{"containerPort",
                                                                              4294967296}}}}}}}}}},
                   "at spec.containers[0].ports[0].containerPort: number 4294967296 does not fit "
                   "the field"},
        TypedRejectCase{"NumberInStringMap",
                   {{"metadata", {{"labels", {{"app", 1}}}}}},
                   "at metadata.labels[app]: type must be string, but is number"},
        TypedRejectCase{"StringTopLevel", json("pod"), "type must be object, but is string"}),
    [](const testing::TestParamInfo<TypedRejectCase>& info) { return info.param.name; });

TEST(TypedCodecTest, DecodeRejectsABooleanIntOrStringWithBadRequest) {
  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(json{
      {"spec",
       {{"containers", {{{"name", "a"}, {"livenessProbe", {{"httpGet", {{"port", true}}}}}}}}}}});

  ASSERT_FALSE(pod.has_value());
  EXPECT_TRUE(IsBadRequest(pod.error()));
  EXPECT_THAT(pod.error().message(), HasSubstr("at spec.containers[0].livenessProbe.httpGet.port: "));
}

TEST(TypedCodecTest, DecodeRejectsAMalformedQuantityWithBadRequest) {
  Result<core::v1::ResourceRequirements> r =
      Decode<core::v1::ResourceRequirements>(json{{"limits", {{"cpu", "lots"}}}});

  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(IsBadRequest(r.error()));
  EXPECT_THAT(r.error().message(), HasSubstr("at limits[cpu]: "));
}

TEST(TypedCodecTest, DecodeRejectsAMalformedTimeWithBadRequest) {
  Result<meta::v1::ObjectMeta> meta =
      Decode<meta::v1::ObjectMeta>(json{{"creationTimestamp", "yesterday"}});

  ASSERT_FALSE(meta.has_value());
  EXPECT_TRUE(IsBadRequest(meta.error()));
  EXPECT_THAT(meta.error().message(), HasSubstr("at creationTimestamp: "));
}

TEST(TypedCodecTest, NullAndAbsentOptionalFieldsDecodeAsEmpty) {
  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(
      json{{"metadata", nullptr}, {"spec", {{"nodeName", nullptr}, {"containers", nullptr}}}});

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  EXPECT_FALSE(pod->metadata.has_value());
  ASSERT_TRUE(pod->spec.has_value());
  EXPECT_FALSE(pod->spec->node_name.has_value());
  EXPECT_TRUE(pod->spec->containers.empty());
  EXPECT_FALSE(pod->status.has_value());
}

TEST(TypedCodecTest, NullForARequiredFieldDecodesAsItsZeroValue) {
  Result<core::v1::ServicePort> port =
      Decode<core::v1::ServicePort>(json{{"port", nullptr}, {"name", "http"}});

  ASSERT_TRUE(port.has_value()) << port.error().message();
  EXPECT_EQ(port->port, 0);
  EXPECT_EQ(port->name, "http");
}

TEST(TypedCodecTest, UnknownFieldsAreDropped) {
  Result<core::v1::ConfigMap> cm =
      Decode<core::v1::ConfigMap>(json{{"data", {{"k", "v"}}}, {"bogus", 1}});

  ASSERT_TRUE(cm.has_value()) << cm.error().message();
  EXPECT_EQ(Encode(*cm), (json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"data", {{"k", "v"}}}}));
}

// The decoder walks an object's members once, in key order, beside the struct's fields in the
// same order: unknown members sorting before, between and after known ones, and keys that
// extend a field's name, must not hide a field.
TEST(TypedCodecTest, FieldsAmongUnknownMembersAreAllFound) {
  Result<meta::v1::ObjectMeta> meta = Decode<meta::v1::ObjectMeta>(json{{"A", 1},
                                                                        {"generation", 3},
                                                                        {"generationX", "?"},
                                                                        {"labels", {{"a", "b"}}},
                                                                        {"n", 1},
                                                                        {"name", "web"},
                                                                        {"nameX", 1},
                                                                        {"namespace", "demo"},
                                                                        {"uid", "u-1"},
                                                                        {"zzz", 1}});

  ASSERT_TRUE(meta.has_value()) << meta.error().message();
  EXPECT_EQ(meta->generation, 3);
  EXPECT_THAT(*meta->labels, ElementsAre(Pair("a", "b")));
  EXPECT_EQ(meta->name, "web");
  EXPECT_EQ(meta->namespace_, "demo");
  EXPECT_EQ(meta->uid, "u-1");
  EXPECT_FALSE(meta->annotations.has_value());
  EXPECT_FALSE(meta->resource_version.has_value());
}

TEST(TypedCodecTest, KindsDefaultApiVersionAndKindToTheirGroupVersionKind) {
  EXPECT_EQ(apps::v1::Deployment().api_version, "apps/v1");
  EXPECT_EQ(apps::v1::Deployment().kind, "Deployment");
  EXPECT_EQ(core::v1::PodList().api_version, "v1");
  EXPECT_EQ(apiextensions::v1::CustomResourceDefinition().api_version, "apiextensions.k8s.io/v1");
  EXPECT_EQ(apiregistration::v1::APIService().api_version, "apiregistration.k8s.io/v1");
  EXPECT_EQ(resource::v1beta1::ResourceClaim().api_version, "resource.k8s.io/v1beta1");
  EXPECT_EQ(Encode(core::v1::Pod()), (json{{"apiVersion", "v1"}, {"kind", "Pod"}}));
}

TEST(TypedCodecTest, TypesListedUnderManyGroupVersionsHaveOptionalApiVersion) {
  // meta.v1 DeleteOptions is served under every group-version: no single default.
  meta::v1::DeleteOptions options;
  EXPECT_FALSE(options.api_version.has_value());
  EXPECT_EQ(Encode(options), json::object());
}

TEST(TypedCodecTest, RequiredFieldsAreAlwaysEncoded) {
  EXPECT_EQ(Encode(core::v1::Container()), (json{{"name", ""}}));
  EXPECT_EQ(Encode(core::v1::ServicePort()), (json{{"port", 0}}));
}

TEST(TypedCodecTest, AbsentAndEmptyOptionalContainersStayDistinct) {
  meta::v1::ObjectMeta meta;
  meta.finalizers.emplace();

  EXPECT_EQ(Encode(meta), (json{{"finalizers", json::array()}}));
  EXPECT_EQ(Encode(meta::v1::ObjectMeta()), json::object());
}

TEST(TypedCodecTest, DecodedFieldsLandInSnakeCaseMembers) {
  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(json::parse(R"({
    "metadata": {"name": "web", "namespace": "prod", "labels": {"app": "web"},
                 "creationTimestamp": "2024-01-02T03:04:05Z"},
    "spec": {"containers": [{"name": "app", "image": "nginx",
                             "ports": [{"containerPort": 80, "protocol": "TCP"}],
                             "resources": {"limits": {"cpu": "500m"}}}],
             "hostIPC": true},
    "status": {"podIPs": [{"ip": "10.0.0.1"}]}
  })"));

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  EXPECT_EQ(pod->metadata->name, "web");
  EXPECT_EQ(pod->metadata->namespace_, "prod");
  EXPECT_THAT(*pod->metadata->labels, ElementsAre(Pair("app", "web")));
  EXPECT_EQ(pod->metadata->creation_timestamp->String(), "2024-01-02T03:04:05Z");
  ASSERT_EQ(pod->spec->containers.size(), 1u);
  const core::v1::Container& c = pod->spec->containers[0];
  EXPECT_EQ(c.image, "nginx");
  EXPECT_EQ((*c.ports)[0].container_port, 80);
  EXPECT_EQ(c.resources->limits->at("cpu").MilliValue(), 500);
  EXPECT_EQ(pod->spec->host_ipc, true);
  EXPECT_EQ((*pod->status->pod_ips)[0].ip, "10.0.0.1");
}

TEST(TypedCodecTest, IntOrStringFieldsKeepTheirForm) {
  Result<core::v1::ServicePort> by_name =
      Decode<core::v1::ServicePort>(json{{"port", 80}, {"targetPort", "http"}});
  Result<core::v1::ServicePort> by_number =
      Decode<core::v1::ServicePort>(json{{"port", 80}, {"targetPort", 8080}});

  ASSERT_TRUE(by_name.has_value() && by_number.has_value());
  EXPECT_FALSE(by_name->target_port->IsInt());
  EXPECT_EQ(by_number->target_port->IntValue(), 8080);
  EXPECT_EQ(Encode(*by_name)["targetPort"], "http");
  EXPECT_EQ(Encode(*by_number)["targetPort"], 8080);
}

TEST(TypedCodecTest, ByteFieldsKeepTheBase64Text) {
  Result<core::v1::Secret> secret = Decode<core::v1::Secret>(json{{"data", {{"k", "aGVsbG8="}}}});

  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->data->at("k"), "aGVsbG8=");
}

TEST(TypedCodecTest, IntegralFloatsDecodeIntoIntegerFields) {
  Result<apps::v1::DeploymentSpec> spec =
      Decode<apps::v1::DeploymentSpec>(json{{"replicas", 3.0}, {"selector", json::object()}});

  ASSERT_TRUE(spec.has_value()) << spec.error().message();
  EXPECT_EQ(spec->replicas, 3);
}

TEST(TypedCodecTest, Int64FieldsKeepValuesBeyondDoublePrecision) {
  Result<meta::v1::ObjectMeta> meta =
      Decode<meta::v1::ObjectMeta>(json{{"generation", int64_t{9007199254740993}}});

  ASSERT_TRUE(meta.has_value());
  EXPECT_EQ(meta->generation, int64_t{9007199254740993});
}

TEST(TypedCodecTest, IntegralNumbersEncodeWithoutAFraction) {
  apiextensions::v1::JSONSchemaProps props;
  props.minimum = 0.0;
  props.maximum = 2.5;

  EXPECT_EQ(Encode(props).dump(), R"({"maximum":2.5,"minimum":0})");
}

TEST(TypedCodecTest, FreeFormFieldsKeepAnyJson) {
  json raw = {{"anything", {1, "two", nullptr, {{"three", 3.5}}}}};
  Result<apps::v1::ControllerRevision> revision =
      Decode<apps::v1::ControllerRevision>(json{{"data", raw}, {"revision", 2}});

  ASSERT_TRUE(revision.has_value());
  EXPECT_EQ(*revision->data, raw);
}

TEST(TypedCodecTest, RecursiveSchemaPropsNestThroughIndirect) {
  json schema = json::parse(R"({
    "type": "object",
    "properties": {"spec": {"type": "object", "not": {"required": ["x"]},
                            "properties": {"replicas": {"type": "integer", "minimum": 0}}}},
    "x-kubernetes-preserve-unknown-fields": true,
    "default": {"spec": {}},
    "enum": [1, "a"]
  })");

  Result<apiextensions::v1::JSONSchemaProps> props =
      Decode<apiextensions::v1::JSONSchemaProps>(schema);

  ASSERT_TRUE(props.has_value()) << props.error().message();
  const apiextensions::v1::JSONSchemaProps& spec = props->properties->at("spec");
  ASSERT_TRUE(spec.not_.has_value());
  EXPECT_THAT(*(*spec.not_)->required, ElementsAre("x"));
  EXPECT_EQ(spec.properties->at("replicas").minimum, 0.0);
  EXPECT_EQ(props->x_kubernetes_preserve_unknown_fields, true);
  EXPECT_EQ(props->default_, (json{{"spec", json::object()}}));
  EXPECT_EQ(Encode(*props), schema);

  apiextensions::v1::JSONSchemaProps copy = *props;
  (*copy.properties->at("spec").not_)->required->push_back("y");
  EXPECT_NE(copy, *props) << "copies must not share the nested value";
}

TEST(TypedCodecTest, DecodeIntoAnExistingValueAssignsOnlyThePresentFields) {
  // As Go's json.Unmarshal: absent fields keep what the target held.
  core::v1::ServicePort port;
  port.name = "http";
  from_json(json{{"port", 80}}, port);

  EXPECT_EQ(port.name, "http");
  EXPECT_EQ(port.port, 80);
}

}  // namespace
}  // namespace kubefake::api
