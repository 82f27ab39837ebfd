// Tests for SelectableFields: which field labels each resource accepts with which 400 message,
// aliases, and the field sets computed per object (R6.11, R6.12, R6.8).
#include "selectable_fields.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;

const SelectableFields& Core(std::string resource, bool namespaced = true) {
  return SelectableFields::ForBuiltIn({"", "v1", std::move(resource)}, namespaced);
}

// --- Acceptance and rejection -------------------------------------------------------------

struct LabelCase {
  std::string name;
  api::GroupVersionResource gvr;
  bool namespaced;
  std::string label;
  std::string canonical;  // "" when the label is rejected
  std::string error;
};

class ConvertLabelTest : public ::testing::TestWithParam<LabelCase> {};

TEST_P(ConvertLabelTest, AcceptsOrRejectsAsTheKindsConversionFunc) {
  const LabelCase& c = GetParam();
  Result<std::string> converted =
      SelectableFields::ForBuiltIn(c.gvr, c.namespaced).ConvertLabel(c.label);
  if (c.error.empty()) {
    ASSERT_TRUE(converted.has_value()) << converted.error().message();
    EXPECT_EQ(*converted, c.canonical);
    return;
  }
  ASSERT_FALSE(converted.has_value()) << *converted;
  EXPECT_EQ(converted.error().code(), 400);
  EXPECT_EQ(converted.error().reason(), api::Reason::kBadRequest);
  EXPECT_EQ(converted.error().message(), c.error);
}

const api::GroupVersionResource kPodsGvr{"", "v1", "pods"};
const api::GroupVersionResource kNodes{"", "v1", "nodes"};
const api::GroupVersionResource kEvents{"", "v1", "events"};
const api::GroupVersionResource kEventsV1{"events.k8s.io", "v1", "events"};
const api::GroupVersionResource kJobs{"batch", "v1", "jobs"};
const api::GroupVersionResource kConfigMapsGvr{"", "v1", "configmaps"};
const api::GroupVersionResource kDeploymentsGvr{"apps", "v1", "deployments"};
const api::GroupVersionResource kClusterRoles{"rbac.authorization.k8s.io", "v1", "clusterroles"};

const std::string kNotKnown =
    R"(" is not a known field selector: only "metadata.name", "metadata.namespace")";

INSTANTIATE_TEST_SUITE_P(
    Kinds, ConvertLabelTest,
    ::testing::ValuesIn(std::vector<LabelCase>{
        // Pods (KK pkg/apis/core/v1/conversion.go).
        {"PodNodeName", kPodsGvr, true, "spec.nodeName", "spec.nodeName", ""},
        {"PodHostIsAnAliasOfNodeName", kPodsGvr, true, "spec.host", "spec.nodeName", ""},
        {"PodPhase", kPodsGvr, true, "status.phase", "status.phase", ""},
        {"PodPodIPs", kPodsGvr, true, "status.podIPs", "status.podIPs", ""},
        {"PodHostNetwork", kPodsGvr, true, "spec.hostNetwork", "spec.hostNetwork", ""},
        {"PodNamespace", kPodsGvr, true, "metadata.namespace", "metadata.namespace", ""},
        {"PodUnknownField", kPodsGvr, true, "spec.containers", "",
         "field label not supported: spec.containers"},
        {"PodLabelsAreNotFields", kPodsGvr, true, "metadata.labels", "",
         "field label not supported: metadata.labels"},
        // Nodes: cluster-scoped, no metadata.namespace.
        {"NodeUnschedulable", kNodes, false, "spec.unschedulable", "spec.unschedulable", ""},
        {"NodeNamespaceIsRejected", kNodes, false, "metadata.namespace", "",
         "field label not supported: metadata.namespace"},
        // ReplicationControllers, Secrets, Services, Namespaces.
        {"ReplicationControllerReplicas",
         {"", "v1", "replicationcontrollers"},
         true,
         "status.replicas",
         "status.replicas",
         ""},
        {"SecretType", {"", "v1", "secrets"}, true, "type", "type", ""},
        {"SecretData", {"", "v1", "secrets"}, true, "data", "", "field label not supported: data"},
        {"ServiceClusterIP", {"", "v1", "services"}, true, "spec.clusterIP", "spec.clusterIP", ""},
        {"ServiceType", {"", "v1", "services"}, true, "spec.type", "spec.type", ""},
        {"NamespacePhase", {"", "v1", "namespaces"}, false, "status.phase", "status.phase", ""},
        {"NamespaceBareNameIsNotSelectable",
         {"", "v1", "namespaces"},
         false,
         "name",
         "",
         "field label not supported: name"},
        // Events: core spellings in v1, regarding.* in events.k8s.io/v1.
        {"CoreEventInvolvedObject", kEvents, true, "involvedObject.name", "involvedObject.name",
         ""},
        {"CoreEventSource", kEvents, true, "source", "source", ""},
        {"CoreEventReportingComponent", kEvents, true, "reportingComponent", "reportingComponent",
         ""},
        {"CoreEventRegardingIsRejected", kEvents, true, "regarding.name", "",
         "field label not supported: regarding.name"},
        {"EventsV1RegardingMapsToInvolvedObject", kEventsV1, true, "regarding.uid",
         "involvedObject.uid", ""},
        {"EventsV1ReportingController", kEventsV1, true, "reportingController",
         "reportingComponent", ""},
        {"EventsV1InvolvedObjectIsRejected", kEventsV1, true, "involvedObject.name", "",
         "field label not supported: involvedObject.name"},
        // Jobs: their own message.
        {"JobSuccessful", kJobs, true, "status.successful", "status.successful", ""},
        {"JobUnknownField", kJobs, true, "status.active", "",
         R"(field label "status.active" not supported for Job)"},
        // Certificates and DRA.
        {"CertificateSigningRequestSigner",
         {"certificates.k8s.io", "v1", "certificatesigningrequests"},
         false,
         "spec.signerName",
         "spec.signerName",
         ""},
        {"ClusterTrustBundleSigner",
         {"certificates.k8s.io", "v1beta1", "clustertrustbundles"},
         false,
         "spec.signerName",
         "spec.signerName",
         ""},
        {"ResourceSliceDriver",
         {"resource.k8s.io", "v1beta1", "resourceslices"},
         false,
         "spec.driver",
         "spec.driver",
         ""},
        {"ResourceSliceMessageNamesTheVersion",
         {"resource.k8s.io", "v1beta2", "resourceslices"},
         false,
         "spec.pool",
         "",
         "field label not supported for resource.k8s.io/v1beta2, Kind=ResourceSlice: spec.pool"},
        // Everything else: runtime.DefaultMetaV1FieldSelectorConversion.
        {"DefaultName", kConfigMapsGvr, true, "metadata.name", "metadata.name", ""},
        {"DefaultNamespace", kConfigMapsGvr, true, "metadata.namespace", "metadata.namespace", ""},
        {"DefaultRejectsOtherFields", kConfigMapsGvr, true, "data.key", "",
         "\"data.key" + kNotKnown},
        {"AppsHasNoConversionFuncs", kDeploymentsGvr, true, "status.replicas", "",
         "\"status.replicas" + kNotKnown},
        {"DefaultClusterScopedStillAcceptsNamespace", kClusterRoles, false, "metadata.namespace",
         "metadata.namespace", ""},
        {"DefaultQuotesTheLabel", kConfigMapsGvr, true, "a\"b", "", "\"a\\\"b" + kNotKnown},
    }),
    [](const auto& info) { return info.param.name; });

TEST(SelectableFieldsTest, ConvertRewritesAliasesAndKeepsOperatorsAndValues) {
  Result<api::FieldSelector> selector =
      api::FieldSelector::Parse("spec.host!=n1,status.phase=Running");
  ASSERT_TRUE(selector.has_value());
  Result<api::FieldSelector> converted = Core("pods").Convert(*selector);
  ASSERT_TRUE(converted.has_value()) << converted.error().message();
  EXPECT_EQ(converted->String(), "spec.nodeName!=n1,status.phase=Running");
}

TEST(SelectableFieldsTest, ConvertReportsTheFirstRejectedRequirement) {
  Result<api::FieldSelector> selector =
      api::FieldSelector::Parse("b.unknown=1,a.unknown=2,metadata.name=x");
  ASSERT_TRUE(selector.has_value());
  Result<api::FieldSelector> converted = Core("pods").Convert(*selector);
  ASSERT_FALSE(converted.has_value());
  // Requirements are in the parser's (sorted) order.
  EXPECT_EQ(converted.error().message(), "field label not supported: a.unknown");
}

TEST(SelectableFieldsTest, ConvertKeepsEverythingAndNothing) {
  Result<api::FieldSelector> everything = Core("pods").Convert(api::FieldSelector::Everything());
  ASSERT_TRUE(everything.has_value());
  EXPECT_TRUE(everything->Empty());
  Result<api::FieldSelector> nothing = Core("pods").Convert(api::FieldSelector::Nothing());
  ASSERT_TRUE(nothing.has_value());
  EXPECT_TRUE(nothing->MatchesNothing());
}

// --- Field sets ---------------------------------------------------------------------------

TEST(FieldsOfTest, PodHasEveryFieldPodToSelectableFieldsComputes) {
  json pod = json::parse(R"({
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"nodeName": "node-1", "restartPolicy": "Always", "schedulerName": "default-scheduler",
             "serviceAccountName": "builder", "hostNetwork": true},
    "status": {"phase": "Running", "podIP": "10.0.0.9",
               "podIPs": [{"ip": "10.0.0.9"}, {"ip": "fd00::9"}], "nominatedNodeName": "node-2"}})");
  EXPECT_EQ(Core("pods").FieldsOf(pod), (api::FieldSet{{"metadata.name", "web"},
                                                       {"metadata.namespace", "default"},
                                                       {"spec.nodeName", "node-1"},
                                                       {"spec.restartPolicy", "Always"},
                                                       {"spec.schedulerName", "default-scheduler"},
                                                       {"spec.serviceAccountName", "builder"},
                                                       {"spec.hostNetwork", "true"},
                                                       {"status.phase", "Running"},
                                                       {"status.podIP", "10.0.0.9"},
                                                       {"status.nominatedNodeName", "node-2"}}));
}

TEST(FieldsOfTest, PodDefaultsAreEmptyStringsAndHostNetworkFalse) {
  json pod = json::parse(R"({"metadata": {"name": "p", "namespace": "ns"}})");
  api::FieldSet fields = Core("pods").FieldsOf(pod);
  EXPECT_EQ(fields.at("spec.hostNetwork"), "false");
  EXPECT_EQ(fields.at("spec.nodeName"), "");
  EXPECT_EQ(fields.at("status.podIP"), "");
  EXPECT_FALSE(fields.contains("status.podIPs"));
}

TEST(FieldsOfTest, PodIPIsTheFirstOfPodIPsThenTheLegacyField) {
  const SelectableFields& pods = Core("pods");
  EXPECT_EQ(
      pods.Value("status.podIP",
                 json::parse(R"({"status":{"podIP":"1.1.1.1","podIPs":[{"ip":"2.2.2.2"}]}})")),
      "2.2.2.2");
  EXPECT_EQ(pods.Value("status.podIP", json::parse(R"({"status":{"podIP":"1.1.1.1"}})")),
            "1.1.1.1");
}

TEST(FieldsOfTest, ServiceAccountNameFallsBackToTheDeprecatedField) {
  EXPECT_EQ(Core("pods").Value("spec.serviceAccountName",
                               json::parse(R"({"spec":{"serviceAccount":"old"}})")),
            "old");
}

TEST(FieldsOfTest, PodIPsIsAcceptedButNeverComputed) {
  // R6.12: upstream accepts status.podIPs, ToSelectableFields never sets it, so it reads "".
  const SelectableFields& pods = Core("pods");
  json pod = json::parse(R"({"status":{"podIPs":[{"ip":"10.0.0.1"}]}})");
  Result<api::FieldSelector> selects_ip = api::FieldSelector::Parse("status.podIPs=10.0.0.1");
  Result<api::FieldSelector> selects_empty = api::FieldSelector::Parse("status.podIPs=");
  ASSERT_TRUE(selects_ip && selects_empty);
  EXPECT_FALSE(pods.Matches(*pods.Convert(*selects_ip), pod));
  EXPECT_TRUE(pods.Matches(*pods.Convert(*selects_empty), pod));
}

struct FieldCase {
  std::string name;
  api::GroupVersionResource gvr;
  bool namespaced;
  std::string object;
  api::FieldSet want;
};

class FieldsOfTableTest : public ::testing::TestWithParam<FieldCase> {};

TEST_P(FieldsOfTableTest, ComputesTheRegistrysFieldSet) {
  const FieldCase& c = GetParam();
  EXPECT_EQ(SelectableFields::ForBuiltIn(c.gvr, c.namespaced).FieldsOf(json::parse(c.object)),
            c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, FieldsOfTableTest,
    ::testing::ValuesIn(std::vector<FieldCase>{
        {"NodeUnschedulable",
         kNodes,
         false,
         R"({"metadata":{"name":"n1"},"spec":{"unschedulable":true}})",
         {{"metadata.name", "n1"}, {"spec.unschedulable", "true"}}},
        {"NodeSchedulableByDefault",
         kNodes,
         false,
         R"({"metadata":{"name":"n1"}})",
         {{"metadata.name", "n1"}, {"spec.unschedulable", "false"}}},
        {"ReplicationControllerReplicas",
         {"", "v1", "replicationcontrollers"},
         true,
         R"({"metadata":{"name":"rc","namespace":"ns"},"status":{"replicas":3}})",
         {{"metadata.name", "rc"}, {"metadata.namespace", "ns"}, {"status.replicas", "3"}}},
        {"ReplicationControllerReplicasDefaultToZero",
         {"", "v1", "replicationcontrollers"},
         true,
         R"({"metadata":{"name":"rc","namespace":"ns"}})",
         {{"metadata.name", "rc"}, {"metadata.namespace", "ns"}, {"status.replicas", "0"}}},
        {"JobSuccessfulReadsSucceeded",
         kJobs,
         true,
         R"({"metadata":{"name":"j","namespace":"ns"},"status":{"succeeded":2}})",
         {{"metadata.name", "j"}, {"metadata.namespace", "ns"}, {"status.successful", "2"}}},
        {"CoreEvent",
         kEvents,
         true,
         R"({"metadata":{"name":"e","namespace":"ns"},
             "involvedObject":{"kind":"Pod","namespace":"ns","name":"web","uid":"u1",
                               "apiVersion":"v1","resourceVersion":"7","fieldPath":"spec"},
             "reason":"Pulled","source":{"component":"kubelet"},
             "reportingComponent":"kubelet-x","type":"Normal"})",
         {{"metadata.name", "e"},
          {"metadata.namespace", "ns"},
          {"involvedObject.kind", "Pod"},
          {"involvedObject.namespace", "ns"},
          {"involvedObject.name", "web"},
          {"involvedObject.uid", "u1"},
          {"involvedObject.apiVersion", "v1"},
          {"involvedObject.resourceVersion", "7"},
          {"involvedObject.fieldPath", "spec"},
          {"reason", "Pulled"},
          {"reportingComponent", "kubelet-x"},
          {"source", "kubelet"},
          {"type", "Normal"}}},
        {"EventsV1ReadsRegardingAndFallsBackToTheReportingController",
         kEventsV1,
         true,
         R"({"metadata":{"name":"e","namespace":"ns"},
             "regarding":{"kind":"Node","name":"n1"},
             "reason":"Rebooted","reportingController":"kubelet","type":"Warning"})",
         {{"metadata.name", "e"},
          {"metadata.namespace", "ns"},
          {"involvedObject.kind", "Node"},
          {"involvedObject.namespace", ""},
          {"involvedObject.name", "n1"},
          {"involvedObject.uid", ""},
          {"involvedObject.apiVersion", ""},
          {"involvedObject.resourceVersion", ""},
          {"involvedObject.fieldPath", ""},
          {"reason", "Rebooted"},
          {"reportingComponent", "kubelet"},
          {"source", "kubelet"},
          {"type", "Warning"}}},
        {"Secret",
         {"", "v1", "secrets"},
         true,
         R"({"metadata":{"name":"s","namespace":"ns"},"type":"kubernetes.io/tls"})",
         {{"metadata.name", "s"}, {"metadata.namespace", "ns"}, {"type", "kubernetes.io/tls"}}},
        {"Service",
         {"", "v1", "services"},
         true,
         R"({"metadata":{"name":"svc","namespace":"ns"},"spec":{"clusterIP":"10.96.0.1","type":"ClusterIP"}})",
         {{"metadata.name", "svc"},
          {"metadata.namespace", "ns"},
          {"spec.clusterIP", "10.96.0.1"},
          {"spec.type", "ClusterIP"}}},
        {"Namespace",
         {"", "v1", "namespaces"},
         false,
         R"({"metadata":{"name":"team-a"},"status":{"phase":"Terminating"}})",
         {{"metadata.name", "team-a"}, {"status.phase", "Terminating"}}},
        {"CertificateSigningRequest",
         {"certificates.k8s.io", "v1", "certificatesigningrequests"},
         false,
         R"({"metadata":{"name":"csr"},"spec":{"signerName":"kubernetes.io/kubelet-serving"}})",
         {{"metadata.name", "csr"}, {"spec.signerName", "kubernetes.io/kubelet-serving"}}},
        {"ResourceSlice",
         {"resource.k8s.io", "v1beta1", "resourceslices"},
         false,
         R"({"metadata":{"name":"rs"},"spec":{"driver":"gpu.example.com","nodeName":"n1"}})",
         {{"metadata.name", "rs"}, {"spec.nodeName", "n1"}, {"spec.driver", "gpu.example.com"}}},
        {"DefaultNamespaced",
         kConfigMapsGvr,
         true,
         R"({"metadata":{"name":"cm","namespace":"ns"},"data":{"k":"v"}})",
         {{"metadata.name", "cm"}, {"metadata.namespace", "ns"}}},
        {"DefaultClusterScoped",
         kClusterRoles,
         false,
         R"({"metadata":{"name":"admin"}})",
         {{"metadata.name", "admin"}}},
    }),
    [](const auto& info) { return info.param.name; });

// --- Matching -----------------------------------------------------------------------------

struct MatchCase {
  std::string name;
  std::string selector;
  bool want;
};

class MatchesTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchesTest, AgreesWithTheSelectorOverTheFieldSet) {
  const SelectableFields& pods = Core("pods");
  json pod = json::parse(R"({"metadata":{"name":"web","namespace":"default"},
                             "spec":{"nodeName":"node-1"},"status":{"phase":"Running"}})");
  Result<api::FieldSelector> parsed = api::FieldSelector::Parse(GetParam().selector);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  Result<api::FieldSelector> selector = pods.Convert(*parsed);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(pods.Matches(*selector, pod), GetParam().want);
  EXPECT_EQ(selector->Matches(pods.FieldsOf(pod)), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Selectors, MatchesTest,
                         ::testing::ValuesIn(std::vector<MatchCase>{
                             {"Empty", "", true},
                             {"NameMatches", "metadata.name=web", true},
                             {"NameDiffers", "metadata.name=api", false},
                             {"NotEqualDiffers", "status.phase!=Pending", true},
                             {"NotEqualSame", "status.phase!=Running", false},
                             {"AliasMatches", "spec.host=node-1", true},
                             {"AllTermsMustHold", "metadata.name=web,spec.nodeName=node-2", false},
                             {"EmptyValueMatchesUnsetField", "spec.schedulerName=", true},
                             {"HostNetworkFalse", "spec.hostNetwork=false", true},
                         }),
                         [](const auto& info) { return info.param.name; });

TEST(SelectableFieldsTest, NothingMatchesNothing) {
  EXPECT_FALSE(Core("pods").Matches(api::FieldSelector::Nothing(), json::object()));
}

// --- Custom resources ---------------------------------------------------------------------

TEST(CustomResourceTest, AcceptsMetadataAndSelectableFields) {
  SelectableFields widgets =
      SelectableFields::ForCustomResource(true, {".spec.color", ".spec.size", ".spec.enabled"});
  EXPECT_EQ(widgets.ConvertLabel("spec.color"), "spec.color");
  EXPECT_EQ(widgets.ConvertLabel("metadata.namespace"), "metadata.namespace");
  Result<std::string> rejected = widgets.ConvertLabel("spec.shape");
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().message(), "field label not supported: spec.shape");
}

TEST(CustomResourceTest, ClusterScopedRejectsMetadataNamespace) {
  SelectableFields clusters = SelectableFields::ForCustomResource(false, {});
  Result<std::string> rejected = clusters.ConvertLabel("metadata.namespace");
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().message(), "field label not supported: metadata.namespace");
}

TEST(CustomResourceTest, ValuesArePrintedScalarsAndEmptyWhenMissing) {
  SelectableFields widgets = SelectableFields::ForCustomResource(
      true, {".spec.color", ".spec.size", ".spec.enabled", ".spec.missing"});
  json widget = json::parse(R"({"metadata":{"name":"w","namespace":"ns"},
                                "spec":{"color":"blue","size":3,"enabled":false}})");
  EXPECT_EQ(widgets.FieldsOf(widget), (api::FieldSet{{"metadata.name", "w"},
                                                     {"metadata.namespace", "ns"},
                                                     {"spec.color", "blue"},
                                                     {"spec.size", "3"},
                                                     {"spec.enabled", "false"},
                                                     {"spec.missing", ""}}));
}

}  // namespace
}  // namespace kubefake::fakeserver
