// Tests for protobuf_codec.h: realistic objects of many kinds round-trip JSON -> protobuf ->
// JSON unchanged (R11.4), the envelope and watch-event layout byte by byte, Kubernetes' special
// mappings, unknown fields skipped and malformed bytes rejected.
#include "kubefake/api/protobuf_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "kubefake/api/error.h"

namespace kubefake::api {
namespace {

void ExpectRoundTrip(const nlohmann::json& object) {
  auto bytes = EncodeProtobufObject(object);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
  ASSERT_TRUE(bytes->starts_with(kProtobufMagic));
  auto decoded = DecodeProtobufObject(*bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, object) << decoded->dump();
}

TEST(ProtobufCodecTest, PodWithContainersResourcesQuantitiesAndTimesRoundTrips) {
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "web", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                 "creationTimestamp": "2026-07-23T18:32:12Z", "labels": {"app": "web"},
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs",
                                      "uid": "u-0", "controller": true}],
                 "managedFields": [{"manager": "kubectl", "operation": "Update",
                                    "apiVersion": "v1", "time": "2026-07-23T18:32:12Z",
                                    "fieldsType": "FieldsV1",
                                    "fieldsV1": {"f:metadata": {"f:labels": {}}}}]},
    "spec": {"containers": [{"name": "c", "image": "nginx", "args": ["-g", "daemon off;"],
                             "ports": [{"containerPort": 80, "protocol": "TCP"}],
                             "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}},
                             "livenessProbe": {"httpGet": {"path": "/", "port": "http"},
                                               "periodSeconds": 10},
                             "volumeMounts": [{"name": "v", "mountPath": "/data"}]}],
             "volumes": [{"name": "v", "configMap": {"name": "cm", "defaultMode": 420}}],
             "terminationGracePeriodSeconds": 30},
    "status": {"phase": "Running", "startTime": "2026-07-23T18:32:13Z",
               "conditions": [{"type": "Ready", "status": "True",
                               "lastTransitionTime": "2026-07-23T18:32:14Z"}]}})"));
}

TEST(ProtobufCodecTest, DeploymentWithIntOrStringStrategyRoundTrips) {
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "generation": 3},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "d"}},
             "strategy": {"type": "RollingUpdate",
                          "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
             "template": {"metadata": {"labels": {"app": "d"}},
                          "spec": {"containers": [{"name": "c", "image": "i"}]}}},
    "status": {"replicas": 3, "readyReplicas": 2}})"));
}

TEST(ProtobufCodecTest, ConfigMapSecretNamespaceAndNodeRoundTrip) {
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c"}, "data": {"a": "b", "empty": ""},
    "binaryData": {"bin": "AAEC/w=="}})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "Secret",
    "metadata": {"name": "s"}, "type": "Opaque", "data": {"k": "dg=="}, "immutable": true})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "Namespace",
    "metadata": {"name": "n"}, "spec": {"finalizers": ["kubernetes"]},
    "status": {"phase": "Active"}})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "Node",
    "metadata": {"name": "node-1"}, "spec": {"podCIDR": "10.0.0.0/24"},
    "status": {"capacity": {"cpu": "4", "pods": "110"}, "allocatable": {"cpu": "3800m"},
               "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}],
               "nodeInfo": {"kubeletVersion": "v1.33.0", "machineID": "m", "systemUUID": "s",
                            "bootID": "b", "kernelVersion": "k", "osImage": "o",
                            "containerRuntimeVersion": "r", "kubeProxyVersion": "",
                            "operatingSystem": "linux", "architecture": "amd64"}}})"));
}

TEST(ProtobufCodecTest, CustomResourceDefinitionSchemaRoundTrips) {
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced",
             "names": {"plural": "widgets", "kind": "Widget"},
             "versions": [{"name": "v1", "served": true, "storage": true, "schema": {
               "openAPIV3Schema": {"type": "object",
                 "x-kubernetes-preserve-unknown-fields": true,
                 "properties": {"spec": {"type": "object", "required": ["size"],
                   "properties": {"size": {"type": "integer", "default": 3, "minimum": 1},
                                  "tags": {"type": "array", "items": {"type": "string"}},
                                  "labels": {"type": "object",
                                             "additionalProperties": {"type": "string"}}}}}}}}]}})"));
}

TEST(ProtobufCodecTest, StatusAndListRoundTrip) {
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "Status",
    "metadata": {}, "status": "Failure", "message": "pods \"x\" not found",
    "reason": "NotFound", "details": {"name": "x", "kind": "pods"}, "code": 404})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "ConfigMapList",
    "metadata": {"resourceVersion": "12", "continue": "c"},
    "items": [{"metadata": {"name": "a"}, "data": {"k": "v"}}, {"metadata": {"name": "b"}}]})"));
}

// An empty list writes no item on the wire; decoded, its items are still `[]` (R6.1), while an
// empty optional repeated field (a ConfigMap volume's items, omitempty) stays absent.
TEST(ProtobufCodecTest, EmptyListKeepsItemsAsAnEmptyArray) {
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "PodList",
    "metadata": {"resourceVersion": "7"}, "items": []})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "apps/v1", "kind": "DeploymentList",
    "metadata": {}, "items": []})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "i"}],
    "volumes": [{"name": "v", "configMap": {"name": "m"}}]}})"));
}

// Go's generated Marshal writes no element for a nil and for an empty slice alike, so `[]`,
// null and absent are the same bytes (R11.4).
TEST(ProtobufCodecTest, EmptyNullAndAbsentRepeatedFieldsAreTheSameBytes) {
  const nlohmann::json role = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                               {"kind", "ClusterRole"},
                               {"metadata", {{"name", "empty"}}}};
  auto absent = EncodeProtobufObject(role);
  ASSERT_TRUE(absent.has_value()) << absent.error().message();
  for (const nlohmann::json& rules : {nlohmann::json::array(), nlohmann::json(nullptr)}) {
    nlohmann::json with_rules = role;
    with_rules["rules"] = rules;
    auto bytes = EncodeProtobufObject(with_rules);
    ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
    EXPECT_EQ(*bytes, *absent) << rules;
  }
}

// Decoded, such a field is what Go's json.Marshal writes for the nil slice it becomes: null when
// the Go field has no omitempty (ClusterRole and Role rules, EndpointSlice endpoints (required)
// and ports), absent when it has (RoleBinding subjects, a ConfigMap volume's items).
TEST(ProtobufCodecTest, AbsentCollectionsWithoutOmitemptyDecodeAsNullAsGoWritesThem) {
  const auto decoded = [](const nlohmann::json& object) {
    auto bytes = EncodeProtobufObject(object);
    EXPECT_TRUE(bytes.has_value()) << bytes.error().message();
    auto json = DecodeProtobufObject(bytes.value_or(""));
    EXPECT_TRUE(json.has_value()) << json.error().message();
    return json.value_or(nullptr);
  };
  for (const char* kind : {"ClusterRole", "Role"}) {
    const nlohmann::json role = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                                 {"kind", kind},
                                 {"metadata", {{"name", "r"}}},
                                 {"rules", nlohmann::json::array()}};
    nlohmann::json expected = role;
    expected["rules"] = nullptr;
    EXPECT_EQ(decoded(role), expected) << kind;
  }
  const nlohmann::json slice = {{"apiVersion", "discovery.k8s.io/v1"},
                                {"kind", "EndpointSlice"},
                                {"metadata", {{"name", "s"}}},
                                {"addressType", "IPv4"}};
  nlohmann::json expected = slice;
  expected["endpoints"] = nullptr;
  expected["ports"] = nullptr;
  EXPECT_EQ(decoded(slice), expected);
  const nlohmann::json binding = {
      {"apiVersion", "rbac.authorization.k8s.io/v1"},
      {"kind", "RoleBinding"},
      {"metadata", {{"name", "b"}}},
      {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", "r"}}},
      {"subjects", nlohmann::json::array()}};
  nlohmann::json without_subjects = binding;
  without_subjects.erase("subjects");
  EXPECT_EQ(decoded(binding), without_subjects);
  ExpectRoundTrip(nlohmann::json::parse(R"({"apiVersion": "rbac.authorization.k8s.io/v1",
    "kind": "ClusterRole", "metadata": {"name": "reader"},
    "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]})"));
}

TEST(ProtobufCodecTest, EnvelopeCarriesTypeMetaThenRawMessage) {
  auto bytes = EncodeProtobufObject({{"apiVersion", "v1"}, {"kind", "Namespace"},
                                     {"metadata", {{"name", "n"}}}});
  ASSERT_TRUE(bytes.has_value());
  // magic, Unknown.typeMeta {1: "v1", 2: "Namespace"}, Unknown.raw {1: metadata {1: "n"}}.
  const std::string expected = std::string("k8s\0", 4) + "\x0a\x0f\x0a\x02v1\x12\x09Namespace" +
                               "\x12\x05\x0a\x03\x0a\x01n";
  EXPECT_EQ(*bytes, expected);
}

TEST(ProtobufCodecTest, ZeroScalarsAndEmptyTimesAreLeftOutAsGoJsonDoes) {
  // ObjectMeta {name: "n", generateName: "", generation: 0, creationTimestamp: <empty>} as
  // gogo-protobuf writes every non-pointer field.
  const std::string meta = std::string("\x0a\x01n\x12\x00\x38\x00\x42\x00", 9);
  const std::string raw = "\x0a" + std::string(1, static_cast<char>(meta.size())) + meta;
  auto json = ProtobufToJson(*FindProtoMessage("io.k8s.api.core.v1.Namespace"), raw);
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"metadata": {"name": "n"}})"));
}

// A .proto does not say which Go fields are pointers; the generated tables do
// (codegen/data/go_pointer_scalars.txt): DeploymentSpec {replicas: 0 (a *int32),
// minReadySeconds: 0 (an omitempty int32), paused: false (an omitempty bool)}.
TEST(ProtobufCodecTest, ExplicitZeroOfAPointerFieldIsKept) {
  const std::string raw = std::string("\x08\x00\x28\x00\x38\x00", 6);
  auto json = ProtobufToJson(*FindProtoMessage("io.k8s.api.apps.v1.DeploymentSpec"), raw);
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"replicas": 0})"));
}

// The pointer facts cover core/v1, batch/v1 and meta/v1 too: PodSpec {terminationGracePeriodSeconds: 0
// (*int64), automountServiceAccountToken: false (*bool), dnsPolicy: "" (an omitempty string)};
// its containers (required, no omitempty) are absent, so null as Go writes the nil slice.
TEST(ProtobufCodecTest, ExplicitZerosOfCorePointerFieldsAreKept) {  // R11.4
  const std::string raw = std::string("\x20\x00\xa8\x01\x00\x32\x00", 7);
  auto json = ProtobufToJson(*FindProtoMessage("io.k8s.api.core.v1.PodSpec"), raw);
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"terminationGracePeriodSeconds": 0,
    "automountServiceAccountToken": false, "containers": null})"));
}

TEST(ProtobufCodecTest, ZeroPointerFieldsOfPodJobAndOwnerReferenceRoundTrip) {  // R11.4
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "p", "namespace": "default", "deletionGracePeriodSeconds": 0,
                 "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "n",
                                      "uid": "u", "controller": false,
                                      "blockOwnerDeletion": false}]},
    "spec": {"containers": [{"name": "c", "image": "i",
                             "securityContext": {"runAsUser": 0, "privileged": false,
                                                 "allowPrivilegeEscalation": false}}],
             "terminationGracePeriodSeconds": 0, "activeDeadlineSeconds": 0,
             "automountServiceAccountToken": false, "enableServiceLinks": false,
             "hostUsers": false, "priority": 0,
             "securityContext": {"runAsNonRoot": false, "fsGroup": 0},
             "tolerations": [{"key": "k", "operator": "Exists", "tolerationSeconds": 0}]}})"));
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "batch/v1", "kind": "Job",
    "metadata": {"name": "j", "namespace": "default"},
    "spec": {"parallelism": 0, "completions": 0, "backoffLimit": 0, "suspend": false,
             "ttlSecondsAfterFinished": 0,
             "template": {"spec": {"containers": [{"name": "c", "image": "i"}],
                                   "restartPolicy": "Never"}}},
    "status": {"ready": 0}})"));
}

// StatefulSetSpec.serviceName is `json:"serviceName"` (no omitempty; its OpenAPI v3 default is
// ""), so an empty one is written; podManagementPolicy is omitempty.
TEST(ProtobufCodecTest, EmptyValueOfANonOmitemptyFieldIsKept) {
  const std::string raw = std::string("\x2a\x00\x32\x00", 4);
  auto json = ProtobufToJson(*FindProtoMessage("io.k8s.api.apps.v1.StatefulSetSpec"), raw);
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"serviceName": ""})"));
}

TEST(ProtobufCodecTest, MicroTimeKeepsMicroseconds) {
  ExpectRoundTrip(nlohmann::json::parse(R"({
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": {"name": "l", "namespace": "kube-node-lease"},
    "spec": {"holderIdentity": "node-1", "renewTime": "2026-07-23T18:32:12.000123Z"}})"));
}

TEST(ProtobufCodecTest, UnknownFieldsAreSkipped) {
  // ConfigMap {metadata {name: "c"}, 99: varint 5, 100: "x"}.
  const std::string raw = std::string("\x0a\x03\x0a\x01" "c", 5) + "\x98\x06\x05" + "\xa2\x06\x01x";
  auto json = ProtobufToJson(*FindProtoMessage("io.k8s.api.core.v1.ConfigMap"), raw);
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"metadata": {"name": "c"}})"));
}

TEST(ProtobufCodecTest, MalformedBytesAreBadRequests) {
  auto no_magic = DecodeProtobufObject("{\"kind\":\"Pod\"}");
  ASSERT_FALSE(no_magic.has_value());
  EXPECT_TRUE(IsBadRequest(no_magic.error()));
  EXPECT_EQ(no_magic.error().message(),
            "provided data does not appear to be a protobuf message, expected prefix "
            "[107 56 115 0]");
  const ProtoMessage& pod = *FindProtoMessage("io.k8s.api.core.v1.Pod");
  for (const std::string& raw : {std::string("\x0a\x05\x0a"), std::string("\x0a"),
                                std::string("\x08\x01"), std::string("\xff\xff\xff\xff\xff\xff")}) {
    auto json = ProtobufToJson(pod, raw);
    ASSERT_FALSE(json.has_value()) << json->dump();
    EXPECT_TRUE(IsBadRequest(json.error()));
  }
  // Every truncation of a real pod fails cleanly or decodes; none crashes.
  auto bytes = EncodeProtobufObject(nlohmann::json::parse(R"({"apiVersion": "v1",
    "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "b"}},
    "spec": {"containers": [{"name": "c", "image": "i"}]}})"));
  ASSERT_TRUE(bytes.has_value());
  int failures = 0;
  for (size_t n = kProtobufMagic.size(); n < bytes->size(); ++n) {
    if (!DecodeProtobufObject(bytes->substr(0, n)).has_value()) ++failures;
  }
  EXPECT_GT(failures, 0);
}

TEST(ProtobufCodecTest, WatchEventWrapsTheObjectEnvelopeInRawExtension) {
  const nlohmann::json object = {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                 {"metadata", {{"name", "n"}}}};
  auto event = EncodeProtobufWatchEvent({{"type", "ADDED"}, {"object", object}});
  ASSERT_TRUE(event.has_value());
  auto decoded = ProtobufToJson(*FindProtoMessage("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"),
                                *event);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, (nlohmann::json{{"type", "ADDED"}, {"object", object}}));
}

TEST(ProtobufCodecTest, CustomResourcesHaveNoMessage) {
  EXPECT_EQ(FindProtoMessage(GroupVersionKind{"example.com", "v1", "Widget"}), nullptr);
  EXPECT_NE(FindProtoMessage(GroupVersionKind{"", "v1", "Status"}), nullptr);
  auto bytes = EncodeProtobufObject({{"apiVersion", "example.com/v1"}, {"kind", "Widget"}});
  EXPECT_FALSE(bytes.has_value());
}

}  // namespace
}  // namespace kubefake::api
