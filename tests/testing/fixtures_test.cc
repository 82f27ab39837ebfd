// Tests of reading YAML fixtures and loading them into a fake apiserver through its API.
#include "kubefake/testing/fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "kubefake/api/error.h"

namespace kubefake::testkit {
namespace {

namespace fs = std::filesystem;
using testing::ElementsAre;
using testing::HasSubstr;

class FixturesTest : public testing::Test {
 protected:
  FixturesTest()
      : dir_(fs::temp_directory_path() /
             ("kubefake-fixtures-" + std::string(testing::UnitTest::GetInstance()
                                                     ->current_test_info()
                                                     ->name()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~FixturesTest() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  Result<std::vector<Fixture>> Read(const fs::path& path) {
    const fs::path paths[] = {path};
    return ReadFixtures(paths);
  }

  nlohmann::json Get(const std::string& path) {
    fakeserver::Request request;
    request.method = "GET";
    request.path = path;
    fakeserver::Response response = server_.Handle(request);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return nlohmann::json::parse(response.body);
  }

  static std::vector<std::string> Names(const std::vector<Fixture>& fixtures) {
    std::vector<std::string> names;
    for (const Fixture& fixture : fixtures) names.push_back(fixture.object["metadata"]["name"]);
    return names;
  }

  fs::path dir_;
  fakeserver::ApiServer server_;
};

constexpr char kTwoConfigMapsYaml[] = R"(# two documents
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
  namespace: team-a
)";

TEST_F(FixturesTest, ReadsEveryDocumentWithItsLine) {
  Result<std::vector<Fixture>> fixtures = Read(Write("cm.yaml", kTwoConfigMapsYaml));
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  EXPECT_THAT(Names(*fixtures), ElementsAre("first", "second"));
  EXPECT_EQ((*fixtures)[0].line, 1);
  EXPECT_EQ((*fixtures)[1].line, 9);
  EXPECT_EQ((*fixtures)[1].Source(), (dir_ / "cm.yaml").string() + ":9");
}

TEST_F(FixturesTest, ReadsDirectoriesRecursivelyInPathOrderSkippingOtherFiles) {
  Write("b/2.yml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: two}}\n");
  Write("a.json", R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one"}})");
  Write("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: three}\n");
  Write("notes.txt", "not a fixture");
  Write(".hidden/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hidden}\n");
  Result<std::vector<Fixture>> fixtures = Read(dir_);
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  EXPECT_THAT(Names(*fixtures), ElementsAre("one", "two", "three"));
}

TEST_F(FixturesTest, ListsContributeTheirItems) {
  Result<std::vector<Fixture>> fixtures = Read(Write("list.yaml", R"(apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm-x}}
- {apiVersion: v1, kind: Secret, metadata: {name: secret-y}}
)"));
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  EXPECT_THAT(Names(*fixtures), ElementsAre("cm-x", "secret-y"));
}

TEST_F(FixturesTest, BadYamlNamesTheFileAndLine) {
  const fs::path path = Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: a: b\n");
  Result<std::vector<Fixture>> fixtures = Read(path);
  ASSERT_FALSE(fixtures.has_value());
  EXPECT_EQ(fixtures.error().message(),
            path.string() + ":3: error converting YAML to JSON: yaml: line 3: mapping values "
                            "are not allowed in this context");
}

TEST_F(FixturesTest, DocumentsWithoutKindOrNameAreRejected) {
  const fs::path path = Write("x.yaml", "apiVersion: v1\nmetadata: {name: a}\n---\n"
                                        "apiVersion: v1\nkind: ConfigMap\n");
  Result<std::vector<Fixture>> fixtures = Read(path);
  ASSERT_FALSE(fixtures.has_value());
  EXPECT_EQ(fixtures.error().message(), path.string() + ":1: Object 'Kind' is missing");
  const fs::path unnamed = Write("y.yaml", "apiVersion: v1\nkind: ConfigMap\n");
  EXPECT_EQ(Read(unnamed).error().message(),
            unnamed.string() + ":1: resource name may not be empty");
}

TEST_F(FixturesTest, MissingPathIsAnError) {
  Result<std::vector<Fixture>> fixtures = Read(dir_ / "absent.yaml");
  ASSERT_FALSE(fixtures.has_value());
  EXPECT_THAT(fixtures.error().message(), HasSubstr("absent.yaml: no such file or directory"));
}

TEST_F(FixturesTest, LoadCreatesNamespacesFirstAndDefaultsTheNamespace) {
  Write("cm.yaml", kTwoConfigMapsYaml);
  Write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
  Result<std::vector<Fixture>> fixtures = Read(dir_);
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  const nlohmann::json first = Get("/api/v1/namespaces/default/configmaps/first");
  EXPECT_EQ(first["data"]["a"], "1");
  EXPECT_FALSE(first["metadata"]["uid"].get<std::string>().empty());
  EXPECT_EQ(first["metadata"]["managedFields"][0]["manager"], "kubefake-fixtures");
  Get("/api/v1/namespaces/team-a/configmaps/second");
}

TEST_F(FixturesTest, StatusIsWrittenThroughTheStatusSubresource) {  // R2.10, R3.3
  Result<std::vector<Fixture>> fixtures = Read(Write("pod.yaml", R"(apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: c, image: nginx}]
status:
  phase: Running
  podIP: 10.0.0.5
)"));
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  const nlohmann::json pod = Get("/api/v1/namespaces/default/pods/web");
  EXPECT_EQ(pod["status"]["phase"], "Running");
  EXPECT_EQ(pod["status"]["podIP"], "10.0.0.5");
}

TEST_F(FixturesTest, StatusAControllerWroteSinceTheCreateIsWrittenOverIt) {  // R10.2
  // The CRD controller writes acceptedNames and conditions right after the create; the
  // fixture's status (as a recording of a served CRD carries it) still lands.
  Result<std::vector<Fixture>> fixtures = Read(Write("crd.yaml", R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
status:
  storedVersions: [v1]
  acceptedNames: {plural: gadgets, singular: gadget, kind: Gadget}
)"));
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  const nlohmann::json crd =
      Get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com");
  EXPECT_EQ(crd["status"]["storedVersions"], nlohmann::json::array({"v1"}));
}

TEST_F(FixturesTest, OwnerReferencesWithoutUidGetTheOwnersUid) {
  Result<std::vector<Fixture>> fixtures = Read(Write("owned.yaml", R"(apiVersion: v1
kind: ConfigMap
metadata: {name: owner}
---
apiVersion: v1
kind: Secret
metadata:
  name: dependent
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner}]
---
apiVersion: v1
kind: Secret
metadata:
  name: orphan
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: absent}]
)"));
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_THAT(loaded.error().message(),
              HasSubstr("owned.yaml:11: owner ConfigMap \"absent\" not found"));
  const nlohmann::json owner = Get("/api/v1/namespaces/default/configmaps/owner");
  const nlohmann::json dependent = Get("/api/v1/namespaces/default/secrets/dependent");
  EXPECT_EQ(dependent["metadata"]["ownerReferences"][0]["uid"], owner["metadata"]["uid"]);
}

TEST_F(FixturesTest, TheDefaultFixturesLoad) {
  const fs::path paths[] = {fs::path(KUBEFAKE_FIXTURES_DIR) / "default"};
  Result<std::vector<Fixture>> fixtures = ReadFixtures(paths);
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  const nlohmann::json pod = Get("/api/v1/namespaces/demo/pods/web-7c9d8b6f5d-9mzqt");
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["restartCount"], 1);
  const nlohmann::json deployment = Get("/apis/apps/v1/namespaces/demo/deployments/web");
  EXPECT_EQ(deployment["status"]["readyReplicas"], 2);
}

TEST_F(FixturesTest, LoadFailureNamesTheFixtureAndKeepsTheServersStatus) {
  const fs::path path = Write("dup.yaml", std::string(kTwoConfigMapsYaml) + "---\n" +
                                              "apiVersion: v1\nkind: ConfigMap\n"
                                              "metadata: {name: first}\n");
  Write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
  Result<std::vector<Fixture>> fixtures = Read(dir_);
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_TRUE(api::IsAlreadyExists(loaded.error()));
  EXPECT_EQ(loaded.error().message(),
            path.string() + ":15: configmaps \"first\" already exists");
}

TEST_F(FixturesTest, UnknownKindsAreRejected) {
  const fs::path path = Write("w.yaml", "apiVersion: example.com/v1\nkind: Widget\n"
                                        "metadata: {name: w}\n");
  Result<std::vector<Fixture>> fixtures = Read(path);
  ASSERT_TRUE(fixtures.has_value()) << fixtures.error().message();
  Result<void> loaded = LoadFixtures(server_, *fixtures);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().message(), path.string() +
                                          ":1: no resource serves kind \"Widget\" in version "
                                          "\"example.com/v1\"");
}

}  // namespace
}  // namespace kubefake::testkit
