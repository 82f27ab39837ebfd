// Engine tests for the default Table columns and cells of the built-in printers (R6.14):
// realistic objects with filled-in status and the exact row kube-apiserver prints for them.
#include <chrono>
#include <string>

#include "table_test.h"

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kPodPrefix[] = "/api/v1/namespaces/default/pods/";

class TablePrintersTest : public TableTest {
 protected:
  json Pod(const std::string& name, json status, json spec_extra = json::object()) {
    json spec = {{"nodeName", "node-1"},
                 {"containers",
                  {{{"name", "app"}, {"image", "nginx:1.27"}},
                   {{"name", "sidecar"}, {"image", "envoy:1.30"}}}}};
    spec.update(spec_extra);
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", spec},
            {"status", status}};
  }
};

json Running() { return {{"running", {{"startedAt", "2026-01-01T00:00:00Z"}}}}; }

TEST_P(TablePrintersTest, PodColumnDefinitionsMatchThePodPrinter) {
  Seed({"", "pods"}, Pod("web", {{"phase", "Pending"}}));
  const json columns = GetTable(std::string(kPodPrefix) + "web")["columnDefinitions"];
  const json expected = json::parse(R"([
    {"name":"Name","type":"string","format":"name","description":"","priority":0},
    {"name":"Ready","type":"string","format":"","description":"","priority":0},
    {"name":"Status","type":"string","format":"","description":"","priority":0},
    {"name":"Restarts","type":"string","format":"","description":"","priority":0},
    {"name":"Age","type":"string","format":"","description":"","priority":0},
    {"name":"IP","type":"string","format":"","description":"","priority":1},
    {"name":"Node","type":"string","format":"","description":"","priority":1},
    {"name":"Nominated Node","type":"string","format":"","description":"","priority":1},
    {"name":"Readiness Gates","type":"string","format":"","description":"","priority":1}])");
  EXPECT_EQ(columns, expected);
}

TEST_P(TablePrintersTest, RunningPodWithRestartsShowsReadyCountAndLastRestart) {
  json status = {
      {"phase", "Running"},
      {"podIP", "10.244.0.7"},
      {"podIPs", {{{"ip", "10.244.0.7"}}}},
      {"conditions", {{{"type", "Ready"}, {"status", "True"}}}},
      {"containerStatuses",
       {{{"name", "app"},
         {"ready", true},
         {"restartCount", 2},
         {"state", Running()},
         {"lastState", {{"terminated", {{"exitCode", 1}, {"finishedAt", Ago(minutes(5))}}}}}},
        {{"name", "sidecar"}, {"ready", true}, {"restartCount", 1}, {"state", Running()}}}}};
  Seed({"", "pods"}, Pod("web", status, {{"readinessGates", {{{"conditionType", "x/ok"}}}}}),
       hours(26));
  EXPECT_EQ(Cells(std::string(kPodPrefix) + "web"),
            json({"web", "2/2", "Running", "3 (5m ago)", "26h", "10.244.0.7", "node-1", "<none>",
                  "0/1"}));
}

TEST_P(TablePrintersTest, PodInCrashLoopBackOffShowsTheWaitingReason) {
  json status = {
      {"phase", "Running"},
      {"podIPs", {{{"ip", "10.244.0.8"}}}},
      {"containerStatuses",
       {{{"name", "app"},
         {"ready", false},
         {"restartCount", 7},
         {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}},
         {"lastState", {{"terminated", {{"exitCode", 1}, {"finishedAt", Ago(seconds(40))}}}}}},
        {{"name", "sidecar"}, {"ready", true}, {"restartCount", 0}, {"state", Running()}}}}};
  Seed({"", "pods"}, Pod("crashy", status), minutes(12));
  EXPECT_EQ(Cells(std::string(kPodPrefix) + "crashy"),
            json({"crashy", "1/2", "CrashLoopBackOff", "7 (40s ago)", "12m", "10.244.0.8", "node-1",
                  "<none>", "<none>"}));
}

TEST_P(TablePrintersTest, DeletedRunningPodIsTerminating) {
  json pod = Pod("leaving", {{"phase", "Running"},
                             {"containerStatuses",
                              {{{"name", "app"}, {"ready", true}, {"state", Running()}},
                               {{"name", "sidecar"}, {"ready", true}, {"state", Running()}}}}});
  pod["metadata"]["deletionTimestamp"] = Ago(seconds(0));
  Seed({"", "pods"}, pod, seconds(90));
  const json cells = Cells(std::string(kPodPrefix) + "leaving");
  EXPECT_EQ(cells[1], "2/2");
  EXPECT_EQ(cells[2], "Terminating");
  EXPECT_EQ(cells[4], "90s");
  EXPECT_EQ(cells[5], "<none>");  // no podIPs
}

TEST_P(TablePrintersTest, SucceededPodIsCompletedWithARowCondition) {
  json terminated = {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}};
  Seed({"", "pods"},
       Pod("batch", {{"phase", "Succeeded"},
                     {"containerStatuses",
                      {{{"name", "app"}, {"ready", false}, {"state", terminated}},
                       {{"name", "sidecar"}, {"ready", false}, {"state", terminated}}}}}));
  const json row = GetTable(std::string(kPodPrefix) + "batch")["rows"][0];
  EXPECT_EQ(row["cells"][1], "0/2");
  EXPECT_EQ(row["cells"][2], "Completed");
  EXPECT_EQ(row["conditions"],
            json::parse(R"([{"type":"Completed","status":"True","reason":"Succeeded",
                              "message":"The pod has completed successfully."}])"));
}

TEST_P(TablePrintersTest, PodWaitingForItsInitContainerShowsInitProgress) {
  json spec = {{"initContainers", {{{"name", "migrate"}, {"image", "tool"}}}}};
  json status = {
      {"phase", "Pending"},
      {"initContainerStatuses",
       {{{"name", "migrate"}, {"restartCount", 0}, {"state", {{"running", json::object()}}}}}},
      {"containerStatuses",
       {{{"name", "app"}, {"state", {{"waiting", {{"reason", "PodInitializing"}}}}}}}}};
  Seed({"", "pods"}, Pod("init", status, spec));
  EXPECT_EQ(Cells(std::string(kPodPrefix) + "init")[2], "Init:0/1");
}

TEST_P(TablePrintersTest, DeploymentShowsReadyUpToDateAvailableAndWideCells) {
  Seed(
      {"apps", "deployments"},
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "web"}, {"namespace", "default"}}},
       {"spec",
        {{"replicas", 3},
         {"selector", {{"matchLabels", {{"app", "web"}, {"tier", "fe"}}}}},
         {"template",
          {{"spec",
            {{"containers",
              {{{"name", "nginx"}, {"image", "nginx:1.27"}},
               {{"name", "log"}, {"image", "fluent-bit:3"}}}}}}}}}},
       {"status",
        {{"replicas", 3}, {"readyReplicas", 2}, {"updatedReplicas", 3}, {"availableReplicas", 2}}}},
      hours(50));
  const json table = GetTable("/apis/apps/v1/namespaces/default/deployments/web");
  EXPECT_EQ(table["rows"][0]["cells"], json({"web", "2/3", 3, 2, "2d2h", "nginx,log",
                                             "nginx:1.27,fluent-bit:3", "app=web,tier=fe"}));
  std::vector<std::string> names;
  std::vector<int> priorities;
  for (const json& column : table["columnDefinitions"]) {
    names.push_back(column["name"]);
    priorities.push_back(column["priority"]);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available", "Age",
                                             "Containers", "Images", "Selector"}));
  EXPECT_EQ(priorities, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1}));
}

TEST_P(TablePrintersTest, ReplicaSetStatefulSetAndDaemonSetRows) {
  const json pod_template = {{"spec", {{"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}};
  const json selector = {
      {"matchExpressions", {{{"key", "app"}, {"operator", "In"}, {"values", {"b", "a"}}}}}};
  Seed({"apps", "replicasets"},
       {{"metadata", {{"name", "web-5d8"}, {"namespace", "default"}}},
        {"spec", {{"replicas", 3}, {"selector", selector}, {"template", pod_template}}},
        {"status", {{"replicas", 3}, {"readyReplicas", 1}}}});
  EXPECT_EQ(Cells("/apis/apps/v1/namespaces/default/replicasets/web-5d8"),
            json({"web-5d8", 3, 3, 1, "5m", "c", "busybox", "app in (a,b)"}));

  Seed({"apps", "statefulsets"}, {{"metadata", {{"name", "db"}, {"namespace", "default"}}},
                                  {"spec", {{"replicas", 2}, {"template", pod_template}}},
                                  {"status", {{"replicas", 2}, {"readyReplicas", 2}}}});
  EXPECT_EQ(Cells("/apis/apps/v1/namespaces/default/statefulsets/db"),
            json({"db", "2/2", "5m", "c", "busybox"}));

  json ds_template = pod_template;
  ds_template["spec"]["nodeSelector"] = {{"kubernetes.io/os", "linux"}};
  Seed({"apps", "daemonsets"},
       {{"metadata", {{"name", "agent"}, {"namespace", "default"}}},
        {"spec", {{"selector", {{"matchLabels", {{"app", "agent"}}}}}, {"template", ds_template}}},
        {"status",
         {{"desiredNumberScheduled", 2},
          {"currentNumberScheduled", 2},
          {"numberReady", 1},
          {"updatedNumberScheduled", 2},
          {"numberAvailable", 1}}}});
  EXPECT_EQ(
      Cells("/apis/apps/v1/namespaces/default/daemonsets/agent"),
      json({"agent", 2, 2, 1, 2, 1, "kubernetes.io/os=linux", "5m", "c", "busybox", "app=agent"}));
}

TEST_P(TablePrintersTest, JobAndCronJobRows) {
  const json job_template = {{"spec", {{"containers", {{{"name", "pi"}, {"image", "perl"}}}}}}};
  Seed({"batch", "jobs"},
       {{"metadata", {{"name", "pi"}, {"namespace", "default"}}},
        {"spec",
         {{"completions", 3},
          {"template", job_template},
          {"selector", {{"matchLabels", {{"job-name", "pi"}}}}}}},
        {"status",
         {{"succeeded", 3},
          {"startTime", Ago(minutes(4))},
          {"completionTime", Ago(seconds(100))},
          {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}}}},
       minutes(4));
  EXPECT_EQ(Cells("/apis/batch/v1/namespaces/default/jobs/pi"),
            json({"pi", "Complete", "3/3", "2m20s", "4m", "pi", "perl", "job-name=pi"}));

  Seed({"batch", "jobs"}, {{"metadata", {{"name", "work"}, {"namespace", "default"}}},
                           {"spec", {{"parallelism", 2}, {"template", job_template}}},
                           {"status", {{"startTime", Ago(seconds(30))}}}});
  const json running = Cells("/apis/batch/v1/namespaces/default/jobs/work");
  EXPECT_EQ(running[1], "Running");
  EXPECT_EQ(running[2], "0/1 of 2");
  EXPECT_EQ(running[3], "30s");

  Seed({"batch", "cronjobs"},
       {{"metadata", {{"name", "nightly"}, {"namespace", "default"}}},
        {"spec",
         {{"schedule", "0 3 * * *"},
          {"suspend", false},
          {"jobTemplate", {{"spec", {{"template", job_template}}}}}}},
        {"status", {{"active", {{{"name", "nightly-1"}}}}, {"lastScheduleTime", Ago(hours(5))}}}},
       hours(24 * 10));
  EXPECT_EQ(
      Cells("/apis/batch/v1/namespaces/default/cronjobs/nightly"),
      json({"nightly", "0 3 * * *", "<none>", "False", 1, "5h", "10d", "pi", "perl", "<none>"}));
}

TEST_P(TablePrintersTest, ServiceRowsForClusterIPAndLoadBalancer) {
  Seed({"", "services"},
       {{"metadata", {{"name", "web"}, {"namespace", "default"}}},
        {"spec",
         {{"type", "ClusterIP"},
          {"clusterIP", "10.96.0.10"},
          {"clusterIPs", {"10.96.0.10"}},
          {"externalIPs", {"203.0.113.5", "203.0.113.6"}},
          {"selector", {{"app", "web"}}},
          {"ports", {{{"port", 80}, {"protocol", "TCP"}}, {{"port", 53}, {"protocol", "UDP"}}}}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/services/web"),
            json({"web", "ClusterIP", "10.96.0.10", "203.0.113.5,203.0.113.6", "80/TCP,53/UDP",
                  "5m", "app=web"}));

  Seed({"", "services"},
       {{"metadata", {{"name", "edge"}, {"namespace", "default"}}},
        {"spec",
         {{"type", "LoadBalancer"},
          {"clusterIPs", {"10.96.0.20"}},
          {"ports", {{{"port", 443}, {"nodePort", 30443}, {"protocol", "TCP"}}}}}},
        {"status",
         {{"loadBalancer",
           {{"ingress", {{{"ip", "198.51.100.9"}}, {{"hostname", "lb.example.com"}}}}}}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/services/edge"),
            json({"edge", "LoadBalancer", "10.96.0.20", "198.51.100.9,lb.example.com",
                  "443:30443/TCP", "5m", "<none>"}));
}

TEST_P(TablePrintersTest, EndpointsConfigMapSecretServiceAccountAndNamespaceRows) {
  Seed({"", "endpoints"},
       {{"metadata", {{"name", "web"}, {"namespace", "default"}}},
        {"subsets",
         {{{"addresses", {{{"ip", "10.0.0.1"}}, {{"ip", "10.0.0.2"}}, {{"ip", "10.0.0.3"}}}},
           {"ports", {{{"port", 80}}, {{"port", 443}}}}}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/endpoints/web"),
            json({"web", "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...", "5m"}));

  Seed({"", "configmaps"}, {{"metadata", {{"name", "cfg"}, {"namespace", "default"}}},
                            {"data", {{"a", "1"}, {"b", "2"}}},
                            {"binaryData", {{"c", "AA=="}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/configmaps/cfg"), json({"cfg", 3, "5m"}));

  Seed({"", "secrets"}, {{"metadata", {{"name", "tls"}, {"namespace", "default"}}},
                         {"type", "kubernetes.io/tls"},
                         {"data", {{"tls.crt", "AA=="}, {"tls.key", "AA=="}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/secrets/tls"),
            json({"tls", "kubernetes.io/tls", 2, "5m"}));

  Seed({"", "serviceaccounts"}, {{"metadata", {{"name", "robot"}, {"namespace", "default"}}},
                                 {"secrets", {{{"name", "robot-token"}}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/serviceaccounts/robot"), json({"robot", 1, "5m"}));

  Seed({"", "namespaces"}, {{"metadata", {{"name", "team-a"}}}, {"status", {{"phase", "Active"}}}},
       hours(24 * 400));
  EXPECT_EQ(Cells("/api/v1/namespaces/team-a"), json({"team-a", "Active", "400d"}));
}

TEST_P(TablePrintersTest, NodeShowsConditionsRolesVersionsAndAddresses) {
  Seed({"", "nodes"},
       {{"metadata",
         {{"name", "cp-1"},
          {"labels",
           {{"node-role.kubernetes.io/control-plane", ""},
            {"kubernetes.io/role", "infra"},
            {"kubernetes.io/os", "linux"}}}}},
        {"spec", {{"unschedulable", true}}},
        {"status",
         {{"conditions",
           {{{"type", "MemoryPressure"}, {"status", "False"}},
            {{"type", "Ready"}, {"status", "True"}}}},
          {"addresses",
           {{{"type", "InternalIP"}, {"address", "192.168.1.10"}},
            {{"type", "Hostname"}, {"address", "cp-1"}}}},
          {"nodeInfo",
           {{"kubeletVersion", "v1.33.1"},
            {"osImage", "Debian GNU/Linux 12 (bookworm)"},
            {"kernelVersion", "6.1.0-18-amd64"},
            {"containerRuntimeVersion", "containerd://1.7.13"}}}}}},
       hours(24 * 3 + 4));
  EXPECT_EQ(Cells("/api/v1/nodes/cp-1"),
            json({"cp-1", "Ready,SchedulingDisabled", "control-plane,infra", "3d4h", "v1.33.1",
                  "192.168.1.10", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64",
                  "containerd://1.7.13"}));

  Seed({"", "nodes"}, {{"metadata", {{"name", "new"}}}});
  const json bare = Cells("/api/v1/nodes/new");
  EXPECT_EQ(bare[1], "Unknown");
  EXPECT_EQ(bare[2], "<none>");
  EXPECT_EQ(bare[7], "<unknown>");
}

TEST_P(TablePrintersTest, CoreAndEventsApiEventsPrintTheSameRow) {
  Seed({"", "events"}, {{"metadata", {{"name", "web.17a"}, {"namespace", "default"}}},
                        {"involvedObject",
                         {{"kind", "Pod"}, {"name", "web"}, {"fieldPath", "spec.containers{app}"}}},
                        {"reason", "BackOff"},
                        {"message", "Back-off restarting failed container\n"},
                        {"type", "Warning"},
                        {"count", 4},
                        {"firstTimestamp", Ago(minutes(30))},
                        {"lastTimestamp", Ago(seconds(20))},
                        {"source", {{"component", "kubelet"}, {"host", "node-1"}}}});
  const json expected = {"20s",
                         "Warning",
                         "BackOff",
                         "pod/web",
                         "spec.containers{app}",
                         "kubelet, node-1",
                         "Back-off restarting failed container",
                         "30m",
                         4,
                         "web.17a"};
  EXPECT_EQ(Cells("/api/v1/namespaces/default/events/web.17a"), expected);
  // The same event as events.k8s.io/v1 spells it.
  Seed({"events.k8s.io", "events"},
       {{"metadata", {{"name", "web.17a"}, {"namespace", "default"}}},
        {"regarding", {{"kind", "Pod"}, {"name", "web"}, {"fieldPath", "spec.containers{app}"}}},
        {"reason", "BackOff"},
        {"note", "Back-off restarting failed container\n"},
        {"type", "Warning"},
        {"deprecatedCount", 4},
        {"deprecatedFirstTimestamp", Ago(minutes(30))},
        {"deprecatedLastTimestamp", Ago(seconds(20))},
        {"deprecatedSource", {{"component", "kubelet"}, {"host", "node-1"}}}});
  EXPECT_EQ(Cells("/apis/events.k8s.io/v1/namespaces/default/events/web.17a"), expected);

  Seed({"events.k8s.io", "events"},
       {{"metadata", {{"name", "sched.1"}, {"namespace", "default"}}},
        {"regarding", {{"kind", "Pod"}, {"name", "api"}}},
        {"reason", "Scheduled"},
        {"note", "Successfully assigned default/api to node-2"},
        {"type", "Normal"},
        {"eventTime", api::MicroTime::FromTimePoint(clock_.Now() - minutes(3)).String()},
        {"reportingController", "default-scheduler"},
        {"reportingInstance", "scheduler-1"}});
  EXPECT_EQ(Cells("/apis/events.k8s.io/v1/namespaces/default/events/sched.1"),
            json({"3m", "Normal", "Scheduled", "pod/api", "", "default-scheduler, scheduler-1",
                  "Successfully assigned default/api to node-2", "3m", 1, "sched.1"}));
}

TEST_P(TablePrintersTest, PersistentVolumeClaimIngressAndLeaseRows) {
  Seed({"", "persistentvolumeclaims"}, {{"metadata", {{"name", "data"}, {"namespace", "default"}}},
                                        {"spec",
                                         {{"volumeName", "pv-1"},
                                          {"storageClassName", "standard"},
                                          {"volumeMode", "Filesystem"},
                                          {"accessModes", {"ReadWriteOnce"}}}},
                                        {"status",
                                         {{"phase", "Bound"},
                                          {"accessModes", {"ReadWriteMany", "ReadWriteOnce"}},
                                          {"capacity", {{"storage", "10Gi"}}}}}});
  EXPECT_EQ(Cells("/api/v1/namespaces/default/persistentvolumeclaims/data"),
            json({"data", "Bound", "pv-1", "10Gi", "RWO,RWX", "standard", "<unset>", "5m",
                  "Filesystem"}));

  Seed({"networking.k8s.io", "ingresses"},
       {{"metadata", {{"name", "site"}, {"namespace", "default"}}},
        {"spec",
         {{"ingressClassName", "nginx"},
          {"tls", {{{"hosts", {"a.example.com"}}}}},
          {"rules", {{{"host", "a.example.com"}}, {{"host", "b.example.com"}}}}}},
        {"status", {{"loadBalancer", {{"ingress", {{{"ip", "198.51.100.7"}}}}}}}}});
  EXPECT_EQ(
      Cells("/apis/networking.k8s.io/v1/namespaces/default/ingresses/site"),
      json({"site", "nginx", "a.example.com,b.example.com", "198.51.100.7", "80, 443", "5m"}));

  Seed({"coordination.k8s.io", "leases"},
       {{"metadata", {{"name", "kube-scheduler"}, {"namespace", "kube-system"}}},
        {"spec", {{"holderIdentity", "cp-1_0b2c"}}}});
  EXPECT_EQ(Cells("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler"),
            json({"kube-scheduler", "cp-1_0b2c", "5m"}));
}

TEST_P(TablePrintersTest, OtherResourcesPrintNameAndAge) {
  Seed({"rbac.authorization.k8s.io", "roles"},
       {{"metadata", {{"name", "reader"}, {"namespace", "default"}}}}, seconds(7));
  const json table = GetTable("/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/reader");
  EXPECT_EQ(
      table["columnDefinitions"],
      json::parse(R"([{"name":"Name","type":"string","format":"name","description":"","priority":0},
                            {"name":"Age","type":"string","format":"","description":"","priority":0}])"));
  EXPECT_EQ(table["rows"][0]["cells"], json({"reader", "7s"}));
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(TablePrintersTest);

}  // namespace
}  // namespace kubefake::fakeserver
