// The real kubectl against `kubefake serve` (R9.7, C6 of the reference spec): discovery,
// reading in every output form, writing, watching, and the errors kubectl shows.
#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "kubectl_fixture.h"

namespace kubefake::integration {
namespace {

using testing::AllOf;
using testing::Contains;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

constexpr char kPod[] = "web-7c9d8b6f5d-4xk2p";
constexpr char kRestartedPod[] = "web-7c9d8b6f5d-9mzqt";

std::string ConfigMapYaml(const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name +
         "\n  namespace: demo\ndata:\n  key: " + value + "\n";
}

TEST_P(KubectlTest, VersionShowsTheEmulatedServerVersion) {  // R9.3
  const nlohmann::json version = nlohmann::json::parse(KubectlOk({"version", "-o", "json"}));
  EXPECT_EQ(version["serverVersion"]["gitVersion"], "v1.33.1");
  EXPECT_EQ(version["serverVersion"]["major"], "1");
  EXPECT_EQ(version["serverVersion"]["minor"], "33");
}

TEST_P(KubectlTest, ApiVersionsListsTheServedGroupVersions) {  // R9.1, R9.2
  const std::vector<std::string> lines = Lines(KubectlOk({"api-versions"}));
  EXPECT_THAT(lines, AllOf(Contains("v1"), Contains("apps/v1"), Contains("batch/v1"),
                           Contains("autoscaling/v2"), Contains("apiextensions.k8s.io/v1")));
  EXPECT_THAT(lines, Not(Contains(HasSubstr("alpha"))));
}

TEST_P(KubectlTest, ApiResourcesListsNamesShortNamesAndScope) {  // R9.7
  const std::vector<std::string> all = Lines(KubectlOk({"api-resources"}));
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : all) rows.push_back(Cells(line));
  EXPECT_THAT(rows, Contains(ElementsAre("pods", "po", "v1", "true", "Pod")));
  EXPECT_THAT(rows,
              Contains(ElementsAre("deployments", "deploy", "apps/v1", "true", "Deployment")));
  EXPECT_THAT(rows, Contains(ElementsAre("nodes", "no", "v1", "false", "Node")));

  const std::string cluster_scoped =
      KubectlOk({"api-resources", "--namespaced=false", "-o", "name"});
  EXPECT_THAT(Lines(cluster_scoped),
              AllOf(Contains("nodes"), Contains("namespaces"), Not(Contains("pods"))));
  const std::string namespaced = KubectlOk({"api-resources", "--namespaced=true", "-o", "name"});
  EXPECT_THAT(Lines(namespaced),
              AllOf(Contains("pods"), Contains("deployments.apps"), Not(Contains("nodes"))));
}

TEST_P(KubectlTest, ClusterInfoNamesTheServer) {
  EXPECT_THAT(KubectlOk({"cluster-info"}),
              HasSubstr("Kubernetes control plane is running at " + server_url()));
}

TEST_P(KubectlTest, GetPrintsTheServersTable) {  // R6.14
  const std::vector<std::string> lines = Lines(KubectlOk({"get", "pods", "-n", "demo"}));
  ASSERT_EQ(lines.size(), 3u) << testing::PrintToString(lines);
  EXPECT_THAT(Cells(lines[0]), ElementsAre("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
  const std::vector<std::string> pod = Cells(lines[1]);
  ASSERT_GE(pod.size(), 5u);
  EXPECT_THAT(std::vector<std::string>(pod.begin(), pod.begin() + 4),
              ElementsAre(kPod, "1/1", "Running", "0"));
  // A restarted container shows when it last restarted: "1 (<age> ago)".
  EXPECT_THAT(lines[2], AllOf(StartsWith(kRestartedPod), HasSubstr(" 1 ("), HasSubstr(" ago)")));
}

TEST_P(KubectlTest, FixtureCustomResourcesPrintTheirColumns) {  // R10.9
  const std::vector<std::string> lines = Lines(KubectlOk({"get", "widgets", "-n", "demo"}));
  ASSERT_EQ(lines.size(), 3u) << testing::PrintToString(lines);
  EXPECT_THAT(Cells(lines[0]), ElementsAre("NAME", "SIZE", "READY", "AGE"));
  EXPECT_THAT(Cells(lines[1]), testing::ElementsAre("large", "5", "false", testing::_));
  EXPECT_THAT(Cells(lines[2]), testing::ElementsAre("small", "1", "true", testing::_));
  EXPECT_EQ(KubectlOk({"get", "wg", "small", "-n", "demo", "-o", "jsonpath={.spec.color}"}),
            "green");
}

TEST_P(KubectlTest, GetWideAddsThePriorityColumns) {
  const std::vector<std::string> lines =
      Lines(KubectlOk({"get", "pods", "-n", "demo", "-o", "wide"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(Cells(lines[0]), ElementsAre("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP",
                                           "NODE", "NOMINATED", "NODE", "READINESS", "GATES"));
  EXPECT_THAT(Cells(lines[1]), AllOf(Contains("10.244.1.12"), Contains("worker")));
}

TEST_P(KubectlTest, GetJsonYamlNameAndJsonpath) {
  const nlohmann::json list =
      nlohmann::json::parse(KubectlOk({"get", "deployments", "-n", "demo", "-o", "json"}));
  EXPECT_EQ(list["kind"], "List");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["kind"], "Deployment");
  EXPECT_EQ(list["items"][0]["status"]["readyReplicas"], 2);

  const std::string yaml = KubectlOk({"get", "deployment", "web", "-n", "demo", "-o", "yaml"});
  EXPECT_THAT(yaml, AllOf(HasSubstr("kind: Deployment"), HasSubstr("  replicas: 2"),
                          HasSubstr("  name: web")));

  EXPECT_EQ(KubectlOk({"get", "pods", "-n", "demo", "-o", "name"}),
            std::string("pod/") + kPod + "\npod/" + kRestartedPod + "\n");
  EXPECT_EQ(KubectlOk({"get", "pods", "-n", "demo", "-o", "jsonpath={.items[*].status.podIP}"}),
            "10.244.1.12 10.244.1.13");
}

TEST_P(KubectlTest, ShowLabelsAddsTheLabelsColumn) {
  const std::vector<std::string> lines =
      Lines(KubectlOk({"get", "deployments", "-n", "demo", "--show-labels"}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Cells(lines[0]).back(), "LABELS");
  EXPECT_EQ(Cells(lines[1]).back(), "app=web");
}

TEST_P(KubectlTest, LabelAndFieldSelectorsFilter) {  // R6.11, R6.12
  EXPECT_EQ(KubectlOk({"get", "pods", "-A", "-l", "app=web", "-o", "name"}),
            std::string("pod/") + kPod + "\npod/" + kRestartedPod + "\n");
  EXPECT_EQ(KubectlOk({"get", "pods", "-A", "-l", "app!=web", "-o", "name"}), "");
  EXPECT_EQ(KubectlOk({"get", "pods", "-n", "demo", "--field-selector",
                       std::string("metadata.name=") + kRestartedPod, "-o", "name"}),
            std::string("pod/") + kRestartedPod + "\n");
  EXPECT_EQ(KubectlOk({"get", "nodes", "--field-selector", "metadata.name=worker", "-o", "name"}),
            "node/worker\n");
  const ProcessResult bad = Kubectl({"get", "pods", "--field-selector", "spec.bogus=1"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("field label not supported: spec.bogus"));
}

TEST_P(KubectlTest, AllNamespacesAddsTheNamespaceColumn) {
  const std::vector<std::string> lines = Lines(KubectlOk({"get", "configmaps", "-A"}));
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(Cells(lines[0]), ElementsAre("NAMESPACE", "NAME", "DATA", "AGE"));
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines) rows.push_back(Cells(line));
  EXPECT_THAT(rows, Contains(AllOf(Contains("demo"), Contains("web-config"), Contains("2"))));
}

TEST_P(KubectlTest, ChunkedListsReturnEverything) {  // R6.5
  const std::string whole = KubectlOk({"get", "configmaps,secrets,pods", "-A", "-o", "name"});
  const std::string chunked =
      KubectlOk({"get", "configmaps,secrets,pods", "-A", "-o", "name", "--chunk-size=1"});
  EXPECT_EQ(chunked, whole);
  EXPECT_GE(Lines(whole).size(), 4u);
}

TEST_P(KubectlTest, CreateFromAFileAndFromStdin) {  // R3.1
  EXPECT_EQ(KubectlOk({"create", "-f", "-"}, ConfigMapYaml("from-stdin", "one")),
            "configmap/from-stdin created\n");
  const ProcessResult again = Kubectl({"create", "-f", "-"}, ConfigMapYaml("from-stdin", "one"));
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("configmaps \"from-stdin\" already exists"));
  EXPECT_EQ(
      KubectlOk({"get", "configmap", "from-stdin", "-n", "demo", "-o", "jsonpath={.data.key}"}),
      "one");
}

// kubectl 1.32 and later send these generators' objects as protobuf (R11.4).
TEST_P(KubectlTest, CreateGeneratorsSendingProtobuf) {
  EXPECT_EQ(KubectlOk({"create", "namespace", "team-a"}), "namespace/team-a created\n");
  EXPECT_EQ(
      KubectlOk({"create", "configmap", "settings", "-n", "team-a", "--from-literal=mode=fast"}),
      "configmap/settings created\n");
  EXPECT_EQ(KubectlOk({"create", "secret", "generic", "creds", "-n", "team-a",
                       "--from-literal=password=s3cret"}),
            "secret/creds created\n");
  EXPECT_EQ(
      KubectlOk({"get", "secret", "creds", "-n", "team-a", "-o", "jsonpath={.data.password}"}),
      "czNjcmV0");
  EXPECT_EQ(KubectlOk({"create", "deployment", "api", "--image=nginx:1.27", "-n", "team-a"}),
            "deployment.apps/api created\n");
  EXPECT_EQ(KubectlOk({"get", "deployment", "api", "-n", "team-a", "-o",
                       "jsonpath={.spec.template.spec.containers[0].image}"}),
            "nginx:1.27");
}

TEST_P(KubectlTest, ReplaceAndItsConflict) {  // R3.2
  KubectlOk({"create", "-f", "-"}, ConfigMapYaml("settings", "one"));
  nlohmann::json object = nlohmann::json::parse(
      KubectlOk({"get", "configmap", "settings", "-n", "demo", "-o", "json"}));
  object["data"]["key"] = "two";
  EXPECT_EQ(KubectlOk({"replace", "-f", "-"}, object.dump()), "configmap/settings replaced\n");
  object["data"]["key"] = "three";  // still the old resourceVersion
  const ProcessResult stale = Kubectl({"replace", "-f", "-"}, object.dump());
  EXPECT_NE(stale.exit_code, 0);
  EXPECT_THAT(stale.err, HasSubstr("Operation cannot be fulfilled on configmaps \"settings\": the "
                                   "object has been modified; please apply your changes to the "
                                   "latest version and try again"));
  EXPECT_EQ(KubectlOk({"get", "configmap", "settings", "-n", "demo", "-o", "jsonpath={.data.key}"}),
            "two");
}

TEST_P(KubectlTest, DeleteThenWaitForDeletion) {  // R4.1
  KubectlOk({"create", "-f", "-"}, ConfigMapYaml("doomed", "x"));
  EXPECT_EQ(KubectlOk({"delete", "configmap", "doomed", "-n", "demo"}),
            "configmap \"doomed\" deleted\n");
  KubectlOk({"wait", "--for=delete", "configmap/doomed", "-n", "demo", "--timeout=20s"});
  const ProcessResult gone = Kubectl({"get", "configmap", "doomed", "-n", "demo"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_THAT(gone.err, HasSubstr("configmaps \"doomed\" not found"));
}

TEST_P(KubectlTest, LabelRefusesToOverwriteWithoutTheFlag) {
  const ProcessResult refused = Kubectl({"label", "deployment", "web", "-n", "demo", "app=api"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("'app' already has a value (web), and --overwrite is false"));
}

TEST_P(KubectlTest, GetWatchStreamsChanges) {  // R7, R6.14
  ChildProcess watch(KubectlArgv({"get", "configmaps", "-n", "demo", "-w"}));
  ASSERT_TRUE(watch.running());
  std::optional<std::string> header = watch.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(header.has_value()) << "kubectl get -w printed nothing";
  EXPECT_THAT(Cells(*header), ElementsAre("NAME", "DATA", "AGE"));
  // The existing objects come first (kube-root-ca.crt is not there: kubefake runs no
  // controllers), then the change.
  std::optional<std::string> existing = watch.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(existing.has_value());
  EXPECT_THAT(*existing, StartsWith("web-config"));
  KubectlOk({"create", "-f", "-"}, ConfigMapYaml("watched", "x"));
  std::optional<std::string> event = watch.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(event.has_value()) << "no line for the created configmap";
  EXPECT_THAT(Cells(*event), ElementsAre("watched", "1", testing::_));
}

TEST_P(KubectlTest, ExplainReadsTheOpenApiV3Schema) {  // R9.5, R9.7
  const std::string explained = KubectlOk({"explain", "deployment.spec.replicas"});
  EXPECT_THAT(explained, AllOf(HasSubstr("GROUP:      apps"), HasSubstr("KIND:       Deployment"),
                               HasSubstr("FIELD: replicas <integer>")));
}

TEST_P(KubectlTest, RawHealthAndOpenApi) {  // R9.4, R9.5
  EXPECT_EQ(KubectlOk({"get", "--raw", "/healthz"}), "ok");
  const nlohmann::json index = nlohmann::json::parse(KubectlOk({"get", "--raw", "/openapi/v3"}));
  EXPECT_TRUE(index["paths"].contains("apis/apps/v1")) << index.dump();
  EXPECT_TRUE(index["paths"].contains("api/v1"));
}

TEST_P(KubectlTest, WrongCredentialsAreRefused) {  // R5
  if (!GetParam().tls_and_token) GTEST_SKIP() << "the plain HTTP server takes no token";
  const ProcessResult refused = Kubectl({"--token", "wrong", "get", "pods"});
  EXPECT_NE(refused.exit_code, 0);
  // kubectl's words for a 401 during discovery (R5: the Status says Unauthorized).
  EXPECT_THAT(refused.err, HasSubstr("error: You must be logged in to the server"));
}

}  // namespace
}  // namespace kubefake::integration
