// `kubefake record` as a separate process against `kubefake serve`, while the real kubectl makes
// changes: stopped with SIGTERM, it has written a scenario whose objects are the state found at
// the start and whose steps are kubectl's changes, in order (issue 10's record command).
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

  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  Result<nlohmann::json> scenario = api::YamlToJson(text.str());
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

}  // namespace
}  // namespace kubefake::integration
