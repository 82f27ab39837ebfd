// `kubefake record` as a separate process against `kubefake serve`, while the real kubectl makes
// changes: stopped with SIGTERM, it has written a scenario whose objects are the state found at
// the start and whose steps are kubectl's changes, in order; with --expect-final, a last step
// holds what kubectl left, and `kubefake replay` of the file passes, so the replayed steps leave
// the same (issue 10's "record against kubefake serve while kubectl makes changes, replay the
// result").
#include <gmock/gmock.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "kubectl_fixture.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::integration {
namespace {

using testing::ElementsAre;
using testing::StartsWith;

// Reads the recorder's output until `line` (or the end, or the deadline); returns whether it
// came.
bool ReadUntil(ChildProcess& recorder, const std::string& line) {
  while (std::optional<std::string> next = recorder.ReadLine(std::chrono::seconds(30))) {
    if (*next == line) return true;
  }
  return false;
}

std::vector<std::string> NamesOf(const nlohmann::json& list, const char* field) {
  std::vector<std::string> names;
  for (const nlohmann::json& entry : list) {
    names.push_back(field[0] ? entry[field].get<std::string>()
                             : entry["kind"].get<std::string>() + "/" +
                                   entry["metadata"]["name"].get<std::string>());
  }
  return names;
}

// The scenario `kubefake record` wrote to `path`.
Result<nlohmann::json> ReadScenario(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return api::YamlToJson(text.str());
}

TEST_P(KubectlTest, RecordWritesKubectlsChangesAsAScenario) {
  const std::filesystem::path out = server_dir() / "recorded.yaml";
  ChildProcess recorder({KUBEFAKE_BINARY, "record", "--kubeconfig", server_kubeconfig().string(),
                         "--namespace", "demo", "--out", out.string(), "--name",
                         "kubectl-session"});
  ASSERT_TRUE(recorder.running());
  std::optional<std::string> started = recorder.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(started.has_value()) << "kubefake record printed nothing";
  ASSERT_THAT(*started, StartsWith("kubefake record: recording "));

  KubectlOk({"create", "configmap", "settings", "-n", "demo", "--from-literal=color=blue"});
  KubectlOk({"label", "configmap", "settings", "-n", "demo", "tier=web"});
  KubectlOk({"scale", "deployment", "web", "-n", "demo", "--replicas=3"});
  KubectlOk({"delete", "configmap", "settings", "-n", "demo"});
  ASSERT_TRUE(ReadUntil(recorder, "kubefake record: delete configmaps demo/settings"));
  ASSERT_EQ(recorder.Stop(SIGTERM, std::chrono::seconds(30)), 0);

  Result<nlohmann::json> scenario = ReadScenario(out);
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message();
  EXPECT_EQ((*scenario)["apiVersion"], "kubefake.dev/v1alpha1");
  EXPECT_EQ((*scenario)["kind"], "Scenario");
  EXPECT_EQ((*scenario)["metadata"]["name"], "kubectl-session");

  // The state at the start: fixtures/default's demo namespace and what is in it, the namespace
  // first and owners before what they own, without server-set fields.
  const nlohmann::json& objects = (*scenario)["objects"];
  const std::vector<std::string> initial = NamesOf(objects, "");
  ASSERT_THAT(initial, testing::Contains("Deployment/web"));
  EXPECT_EQ(initial.front(), "Namespace/demo");
  const auto position = [&](const std::string& name) {
    return std::ranges::find(initial, name) - initial.begin();
  };
  EXPECT_LT(position("Deployment/web"), position("ReplicaSet/web-7c9d8b6f5d"));
  // The Widgets of demo come with their CRD, which --namespace does not watch, so that a replay
  // serves them.
  EXPECT_LT(position("CustomResourceDefinition/widgets.example.com"), position("Widget/small"));
  for (const nlohmann::json& object : objects) {
    EXPECT_FALSE(object["metadata"].contains("uid")) << object.dump();
    EXPECT_FALSE(object["metadata"].contains("resourceVersion")) << object.dump();
    EXPECT_NE(object["metadata"].value("namespace", "demo"), "kube-system");
  }

  const nlohmann::json& steps = (*scenario)["steps"];
  EXPECT_THAT(NamesOf(steps, "name"),
              ElementsAre("create configmaps demo/settings", "update configmaps demo/settings",
                          "update deployments.apps demo/web", "delete configmaps demo/settings"));
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0]["create"]["data"], (nlohmann::json{{"color", "blue"}}));
  EXPECT_EQ(steps[1]["update"]["metadata"]["labels"], (nlohmann::json{{"tier", "web"}}));
  EXPECT_EQ(steps[2]["update"]["spec"]["replicas"], 3);
  EXPECT_EQ(steps[3]["delete"], (nlohmann::json{{"apiVersion", "v1"},
                                                {"kind", "ConfigMap"},
                                                {"namespace", "demo"},
                                                {"name", "settings"}}));
}

// The entry of `kind`/`name` among an expect step's objects; null when missing.
nlohmann::json ExpectedObject(const nlohmann::json& expect, const std::string& kind,
                              const std::string& name) {
  for (const nlohmann::json& object : expect["objects"]) {
    if (object["kind"] == kind && object["metadata"]["name"] == name) return object;
  }
  return nullptr;
}

TEST_P(KubectlTest, ARecordedSessionReplaysAndLeavesWhatKubectlLeft) {
  const std::filesystem::path out = server_dir() / "session.yaml";
  ChildProcess recorder({KUBEFAKE_BINARY, "record", "--kubeconfig", server_kubeconfig().string(),
                         "--namespace", "demo", "--out", out.string(), "--expect-final"});
  ASSERT_TRUE(recorder.running());
  std::optional<std::string> started = recorder.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(started.has_value()) << "kubefake record printed nothing";

  KubectlOk({"create", "configmap", "settings", "-n", "demo", "--from-literal=color=blue"});
  KubectlOk({"label", "configmap", "settings", "-n", "demo", "tier=web"});
  KubectlOk({"scale", "deployment", "web", "-n", "demo", "--replicas=3"});
  KubectlOk({"create", "configmap", "scratch", "-n", "demo"});
  KubectlOk({"delete", "configmap", "scratch", "-n", "demo"});
  ASSERT_TRUE(ReadUntil(recorder, "kubefake record: delete configmaps demo/scratch"));
  ASSERT_EQ(recorder.Stop(SIGTERM, std::chrono::seconds(30)), 0);

  // The last step holds what kubectl left on the recorded server.
  Result<nlohmann::json> scenario = ReadScenario(out);
  ASSERT_TRUE(scenario.has_value()) << scenario.error().message();
  const nlohmann::json& last = (*scenario)["steps"].back();
  ASSERT_EQ(last["name"], "the recorded final state") << last.dump();
  const nlohmann::json settings = nlohmann::json::parse(
      KubectlOk({"get", "configmap", "settings", "-n", "demo", "-o", "json"}));
  const nlohmann::json web =
      nlohmann::json::parse(KubectlOk({"get", "deployment", "web", "-n", "demo", "-o", "json"}));
  const nlohmann::json expected_settings = ExpectedObject(last["expect"], "ConfigMap", "settings");
  EXPECT_EQ(expected_settings["metadata"]["labels"], settings["metadata"]["labels"]);
  EXPECT_EQ(expected_settings["data"], settings["data"]);
  const nlohmann::json expected_web = ExpectedObject(last["expect"], "Deployment", "web");
  EXPECT_EQ(expected_web["spec"], web["spec"]);
  EXPECT_EQ(expected_web["spec"]["replicas"], 3);
  EXPECT_EQ(ExpectedObject(last["expect"], "ConfigMap", "scratch"), nullptr) << "deleted";

  // Replayed on a fresh server with no client to wait for, every step passes, the final state
  // included.
  ProcessResult replay =
      RunProcess({KUBEFAKE_BINARY, "replay", out.string(), "--kubeconfig-out",
                  (server_dir() / "replay.kubeconfig").string(), "--wait-for-client", "0"},
                 "", std::chrono::seconds(60));
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  const std::vector<std::string> lines = Lines(replay.out);
  EXPECT_THAT(lines, testing::Contains(testing::EndsWith("(the recorded final state)")));
  EXPECT_THAT(lines, testing::Contains(StartsWith("PASS " + out.string())));
}

TEST(KubefakeRecordTest, ABadDurationIsAnError) {
  ProcessResult result =
      RunProcess({KUBEFAKE_BINARY, "record", "--out", "unused.yaml", "--duration", "5 minutes"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "kubefake record: --duration: time: unknown unit \" minutes\" in duration "
            "\"5 minutes\"\n");
}

}  // namespace
}  // namespace kubefake::integration
