// Tests for the Go pointer facts behind protobuf_codec.h (codegen/data/go_pointer_scalars.txt,
// R11.4): in every group an explicit zero of a pointer scalar (HPA minReplicas: 0, StorageClass
// allowVolumeExpansion: false) survives JSON -> protobuf -> JSON, while the zero of a
// non-pointer omitempty field decoded from protobuf is still left out, as Go's json.Marshal does.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "kubefake/api/error.h"
#include "kubefake/api/protobuf_codec.h"

namespace kubefake::api {
namespace {

struct PointerCase {
  std::string name;
  std::string object;
};

void PrintTo(const PointerCase& pointer_case, std::ostream* os) { *os << pointer_case.name; }

class ProtobufPointerScalarsTest : public ::testing::TestWithParam<PointerCase> {};

TEST_P(ProtobufPointerScalarsTest, ZeroPointerValuesRoundTrip) {  // R11.4
  const nlohmann::json object = nlohmann::json::parse(GetParam().object);
  auto bytes = EncodeProtobufObject(object);
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
  auto decoded = DecodeProtobufObject(*bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, object) << decoded->dump();
}

INSTANTIATE_TEST_SUITE_P(
    EveryGroup, ProtobufPointerScalarsTest,
    ::testing::Values(
        PointerCase{"AutoscalingV2", R"({"apiVersion": "autoscaling/v2",
          "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h", "namespace": "d"},
          "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"},
                   "minReplicas": 0, "maxReplicas": 3,
                   "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                     "target": {"type": "Utilization", "averageUtilization": 0}}}],
                   "behavior": {"scaleUp": {"stabilizationWindowSeconds": 0}}},
          "status": {"observedGeneration": 0, "desiredReplicas": 0}})"},
        PointerCase{"AutoscalingV1", R"({"apiVersion": "autoscaling/v1",
          "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h", "namespace": "d"},
          "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"},
                   "minReplicas": 0, "maxReplicas": 3, "targetCPUUtilizationPercentage": 0},
          "status": {"currentReplicas": 0, "desiredReplicas": 0,
                     "currentCPUUtilizationPercentage": 0}})"},
        PointerCase{"NetworkingNetworkPolicy", R"({"apiVersion": "networking.k8s.io/v1",
          "kind": "NetworkPolicy", "metadata": {"name": "n", "namespace": "d"},
          "spec": {"podSelector": {},
                   "ingress": [{"ports": [{"protocol": "TCP", "port": 80, "endPort": 0}]}]}})"},
        PointerCase{"NetworkingIngress", R"({"apiVersion": "networking.k8s.io/v1",
          "kind": "Ingress", "metadata": {"name": "i", "namespace": "d"},
          "spec": {"ingressClassName": ""}})"},
        PointerCase{"StorageClass", R"({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
          "metadata": {"name": "s"}, "provisioner": "p", "allowVolumeExpansion": false})"},
        PointerCase{"StorageCSIDriver", R"({"apiVersion": "storage.k8s.io/v1", "kind": "CSIDriver",
          "metadata": {"name": "c"},
          "spec": {"attachRequired": false, "podInfoOnMount": false, "storageCapacity": false,
                   "requiresRepublish": false, "seLinuxMount": false,
                   "nodeAllocatableUpdatePeriodSeconds": 0}})"},
        PointerCase{"FlowcontrolPriorityLevel", R"({"apiVersion": "flowcontrol.apiserver.k8s.io/v1",
          "kind": "PriorityLevelConfiguration", "metadata": {"name": "p"},
          "spec": {"type": "Limited",
                   "limited": {"nominalConcurrencyShares": 0, "lendablePercent": 0,
                               "borrowingLimitPercent": 0,
                               "limitResponse": {"type": "Reject"}}}})"},
        PointerCase{"AdmissionregistrationWebhook", R"({
          "apiVersion": "admissionregistration.k8s.io/v1",
          "kind": "ValidatingWebhookConfiguration", "metadata": {"name": "v"},
          "webhooks": [{"name": "w.example.com", "sideEffects": "None",
                        "admissionReviewVersions": ["v1"], "timeoutSeconds": 0,
                        "clientConfig": {"url": "",
                                         "service": {"namespace": "d", "name": "s", "port": 0}},
                        "rules": [{"operations": ["CREATE"], "apiGroups": [""],
                                   "apiVersions": ["v1"], "resources": ["pods"],
                                   "scope": ""}]}]})"},
        PointerCase{"CertificatesCSR", R"({"apiVersion": "certificates.k8s.io/v1",
          "kind": "CertificateSigningRequest", "metadata": {"name": "c"},
          "spec": {"request": "cmVx", "signerName": "example.com/s", "usages": ["digital signature"],
                   "expirationSeconds": 0}})"},
        PointerCase{"SchedulingPriorityClass", R"({"apiVersion": "scheduling.k8s.io/v1",
          "kind": "PriorityClass", "metadata": {"name": "p"}, "value": 0,
          "preemptionPolicy": ""})"},
        PointerCase{"ResourceClaim", R"({"apiVersion": "resource.k8s.io/v1beta1",
          "kind": "ResourceClaim", "metadata": {"name": "r", "namespace": "d"},
          "spec": {"devices": {"requests": [{"name": "gpu", "deviceClassName": "c",
                                             "adminAccess": false}]}}})"},
        PointerCase{"ApiextensionsCRD", R"({"apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition", "metadata": {"name": "ws.example.com"},
          "spec": {"group": "example.com", "scope": "Namespaced",
                   "names": {"plural": "ws", "kind": "W"},
                   "versions": [{"name": "v1", "served": true, "storage": true,
                                 "deprecationWarning": "",
                                 "schema": {"openAPIV3Schema": {"type": "object",
                                   "x-kubernetes-preserve-unknown-fields": false,
                                   "properties": {"n": {"type": "integer", "minimum": 0,
                                                        "maxLength": 0}}}}}]}})"},
        PointerCase{"ApiregistrationAPIService", R"({"apiVersion": "apiregistration.k8s.io/v1",
          "kind": "APIService", "metadata": {"name": "v1.example.com"},
          "spec": {"group": "example.com", "version": "v1", "groupPriorityMinimum": 1,
                   "versionPriority": 1,
                   "service": {"namespace": "d", "name": "s", "port": 0}}})"},
        PointerCase{"MetaListRemainingItemCount", R"({"apiVersion": "v1", "kind": "ConfigMapList",
          "metadata": {"resourceVersion": "5", "continue": "c", "remainingItemCount": 0},
          "items": [{"metadata": {"name": "c"}}]})"}),
    [](const ::testing::TestParamInfo<PointerCase>& info) { return info.param.name; });

Result<nlohmann::json> DecodeMessage(std::string_view message, std::string_view raw) {
  const ProtoMessage* found = FindProtoMessage(message);
  if (found == nullptr) return Fail(NewBadRequest("no message " + std::string(message)));
  return ProtobufToJson(*found, raw);
}

// HorizontalPodAutoscalerStatus {observedGeneration: 0 (*int64), currentReplicas: 0 (an
// omitempty int32), desiredReplicas: 0 (required)}.
TEST(ProtobufPointerScalarsTest, NonPointerZeroBesideAPointerZeroIsLeftOut) {  // R11.4
  auto json = DecodeMessage("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus",
                     std::string("\x08\x00\x18\x00\x20\x00", 6));
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"observedGeneration": 0, "desiredReplicas": 0})"));
}

// APIServiceSpec {service: {port: 0 (*int32)}, insecureSkipTLSVerify: false (a plain bool)};
// CustomResourceDefinitionSpec.preserveUnknownFields is a plain bool in v1 too (its versions,
// required and absent here, are null as Go writes the nil slice).
TEST(ProtobufPointerScalarsTest, PlainBoolFalseIsLeftOut) {  // R11.4
  auto api_service =
      DecodeMessage("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec",
                    std::string("\x0a\x02\x18\x00\x20\x00", 6));
  ASSERT_TRUE(api_service.has_value()) << api_service.error().message();
  EXPECT_EQ(*api_service, nlohmann::json::parse(R"({"service": {"port": 0}})"));
  auto crd = DecodeMessage("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
                    "CustomResourceDefinitionSpec",
                    std::string("\x50\x00", 2));
  ASSERT_TRUE(crd.has_value()) << crd.error().message();
  EXPECT_EQ(*crd, nlohmann::json::parse(R"({"versions": null})"));
}

// ListMeta {continue: "" (a plain string), remainingItemCount: 0 (*int64)}.
TEST(ProtobufPointerScalarsTest, ListMetaKeepsAZeroRemainingItemCount) {  // R11.4
  auto json = DecodeMessage("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
                     std::string("\x1a\x00\x20\x00", 4));
  ASSERT_TRUE(json.has_value()) << json.error().message();
  EXPECT_EQ(*json, nlohmann::json::parse(R"({"remainingItemCount": 0})"));
}

}  // namespace
}  // namespace kubefake::api
