// Kubeconfig loading: real-shaped files in a temp dir, KUBECONFIG merge order, contexts and
// namespaces, credentials and TLS fields, rejected options, bad files, BuildConfigFromFlags
// and InClusterConfig.
#include "kubefake/client/kubeconfig.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "temp_dir.h"

namespace kubefake::client {
namespace {

// A kubeconfig as kubectl writes one: clusters, users, contexts and a current context.
constexpr const char* kDevConfig = R"(apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: https://dev.example.com:6443
    certificate-authority: certs/ca.crt
    tls-server-name: api.dev.internal
- name: prod
  cluster:
    server: https://prod.example.com
    certificate-authority-data: Q0EgUEVN
    insecure-skip-tls-verify: false
users:
- name: alice
  user:
    token: alice-token
- name: bob
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: carol
  user:
    tokenFile: tokens/carol
contexts:
- name: dev
  context:
    cluster: dev
    user: alice
    namespace: team-a
- name: prod
  context:
    cluster: prod
    user: bob
current-context: dev
preferences: {}
)";

class KubeconfigTest : public testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(KubeconfigTest, CurrentContextGivesServerTokenCaAndNamespace) {
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", kDevConfig));
  ASSERT_TRUE(kubeconfig) << kubeconfig.error().message();
  auto config = ClientConfigFromKubeconfig(*kubeconfig);
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->host, "https://dev.example.com:6443");
  EXPECT_EQ(config->bearer_token, "alice-token");
  EXPECT_EQ(config->tls.server_name, "api.dev.internal");
  // A relative path is resolved against the directory of the file that names it.
  EXPECT_EQ(config->tls.ca_file, (dir_.path() / "certs/ca.crt").string());
  EXPECT_EQ(NamespaceFromKubeconfig(*kubeconfig).value(), "team-a");
}

TEST_F(KubeconfigTest, ExplicitContextGivesItsClusterAndDecodedData) {
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", kDevConfig));
  ASSERT_TRUE(kubeconfig);
  auto config = ClientConfigFromKubeconfig(*kubeconfig, {.context = "prod"});
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->host, "https://prod.example.com");
  EXPECT_EQ(config->tls.ca_data, "CA PEM");
  EXPECT_EQ(config->tls.cert_data, "CERT");
  EXPECT_EQ(config->tls.key_data, "KEY");
  EXPECT_TRUE(config->bearer_token.empty());
  // A context without a namespace means "default".
  EXPECT_EQ(NamespaceFromKubeconfig(*kubeconfig, {.context = "prod"}).value(), "default");
  EXPECT_EQ(NamespaceFromKubeconfig(*kubeconfig, {.namespace_ = "ns1"}).value(), "ns1");
}

TEST_F(KubeconfigTest, TokenFileIsResolvedNextToTheKubeconfig) {
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", kDevConfig));
  ASSERT_TRUE(kubeconfig);
  EXPECT_EQ(kubeconfig->users.at("carol").token_file, (dir_.path() / "tokens/carol").string());
}

TEST_F(KubeconfigTest, UnknownContextIsAnInvalidConfiguration) {
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", kDevConfig));
  ASSERT_TRUE(kubeconfig);
  auto config = ClientConfigFromKubeconfig(*kubeconfig, {.context = "staging"});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message(),
            "invalid configuration: [context was not found for specified context: staging, "
            "cluster has no server defined]");
}

TEST_F(KubeconfigTest, EmptyConfigAsksForConfiguration) {
  auto config = ClientConfigFromKubeconfig(Kubeconfig{});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message(),
            "invalid configuration: no configuration has been provided, try setting "
            "KUBERNETES_MASTER environment variable");
}

TEST_F(KubeconfigTest, MergeGivesEachNameToTheFirstFileThatSetsIt) {
  const auto first = dir_.Write("a/config", R"(clusters:
- name: shared
  cluster: {server: "https://first"}
users:
- name: u
  user: {token: first-token}
contexts:
- name: c
  context: {cluster: shared, user: u}
)");
  const auto second = dir_.Write("b/config", R"(clusters:
- name: shared
  cluster: {server: "https://second"}
- name: only-second
  cluster: {server: "https://only-second"}
users:
- name: u
  user: {token: second-token}
contexts:
- name: c2
  context: {cluster: only-second, user: u}
current-context: c
)");
  const auto third = dir_.Write("c/config", "current-context: c2\n");
  LoadingRules rules;
  rules.precedence = {first, dir_.path() / "missing", second, third};
  auto merged = LoadKubeconfig(rules);
  ASSERT_TRUE(merged) << merged.error().message();
  // The first file to set current-context wins (the second; the first sets none).
  EXPECT_EQ(merged->current_context, "c");
  EXPECT_EQ(merged->clusters.at("shared").server, "https://first");
  EXPECT_EQ(merged->clusters.at("only-second").server, "https://only-second");
  auto config = ClientConfigFromKubeconfig(*merged);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->host, "https://first");
  EXPECT_EQ(config->bearer_token, "first-token");
  auto other = ClientConfigFromKubeconfig(*merged, {.context = "c2"});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->host, "https://only-second");
  EXPECT_EQ(other->bearer_token, "first-token");
}

TEST_F(KubeconfigTest, DefaultLoadingRulesSplitKubeconfigAndFallBackToHome) {
  setenv("KUBECONFIG", "/x/one::/x/two", 1);
  EXPECT_EQ(DefaultLoadingRules().precedence,
            (std::vector<std::filesystem::path>{"/x/one", "/x/two"}));
  unsetenv("KUBECONFIG");
  const char* home = std::getenv("HOME");
  const std::string saved_home = home != nullptr ? home : "";
  setenv("HOME", dir_.path().c_str(), 1);
  EXPECT_EQ(DefaultLoadingRules().precedence,
            (std::vector<std::filesystem::path>{dir_.path() / ".kube" / "config"}));
  setenv("HOME", saved_home.c_str(), 1);
}

TEST_F(KubeconfigTest, ProxyUrlAndAuthProviderAreRejectedByName) {
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", R"(clusters:
- name: c
  cluster: {server: "https://x", proxy-url: "http://proxy:3128"}
users:
- name: u
  user:
    auth-provider: {name: oidc, config: {}}
contexts:
- name: c
  context: {cluster: c, user: u}
current-context: c
)"));
  ASSERT_TRUE(kubeconfig);
  auto config = ClientConfigFromKubeconfig(*kubeconfig);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("proxy-url http://proxy:3128 is not supported"),
            std::string::npos)
      << config.error().message();
  EXPECT_NE(config.error().message().find("auth-provider oidc is not supported"),
            std::string::npos);
}

TEST_F(KubeconfigTest, BadFilesNameTheFileAndTheProblem) {
  const auto syntax = dir_.Write("syntax", "clusters:\n- name: a\n  cluster: {server: x\n");
  auto bad_yaml = LoadKubeconfigFile(syntax);
  ASSERT_FALSE(bad_yaml);
  EXPECT_TRUE(
      bad_yaml.error().message().starts_with("error loading config file \"" + syntax.string()))
      << bad_yaml.error().message();

  auto bad_data = LoadKubeconfigFile(dir_.Write("data", R"(clusters:
- name: a
  cluster: {server: "https://x", certificate-authority-data: "not base64!"}
)"));
  ASSERT_FALSE(bad_data);
  EXPECT_NE(bad_data.error().message().find(
                "certificate-authority-data: illegal base64 data at input byte 3"),
            std::string::npos)
      << bad_data.error().message();

  auto unnamed = LoadKubeconfigFile(dir_.Write("unnamed", "users:\n- user: {token: t}\n"));
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message().find("users entry has no name"), std::string::npos);

  auto missing = LoadKubeconfigFile(dir_.path() / "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(),
            "stat " + (dir_.path() / "nope").string() + ": no such file or directory");
}

TEST_F(KubeconfigTest, BuildConfigFromFlagsReadsOnlyTheNamedFileAndOverridesTheServer) {
  const auto path = dir_.Write("config", kDevConfig);
  setenv("KUBECONFIG", "/does/not/matter", 1);
  auto config = BuildConfigFromFlags("https://override:6443", path);
  unsetenv("KUBECONFIG");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->host, "https://override:6443");
  EXPECT_EQ(config->bearer_token, "alice-token");

  auto master_only = BuildConfigFromFlags("http://127.0.0.1:8080", "");
  ASSERT_TRUE(master_only) << master_only.error().message();
  EXPECT_EQ(master_only->host, "http://127.0.0.1:8080");

  auto missing = BuildConfigFromFlags("", dir_.path() / "absent");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(api::IsNotFound(missing.error()));
}

TEST_F(KubeconfigTest, InClusterConfigUsesServiceEnvironmentTokenAndCa) {
  unsetenv("KUBERNETES_SERVICE_HOST");
  unsetenv("KUBERNETES_SERVICE_PORT");
  auto outside = InClusterConfig();
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message().find("unable to load in-cluster configuration, "
                                           "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT "
                                           "must be defined"),
            std::string::npos);
  // Without a kubeconfig and outside a cluster, BuildConfigFromFlags reports no configuration.
  auto nothing = BuildConfigFromFlags("", "");
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message().find("no configuration has been provided"),
            std::string::npos);

  setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  setenv("KUBERNETES_SERVICE_PORT", "443", 1);
  InClusterPaths paths{dir_.Write("sa/token", "sa-token\n"), dir_.Write("sa/ca.crt", "PEM")};
  auto config = InClusterConfig(paths);
  unsetenv("KUBERNETES_SERVICE_HOST");
  unsetenv("KUBERNETES_SERVICE_PORT");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->host, "https://10.96.0.1:443");
  EXPECT_EQ(config->bearer_token_file, paths.token_file.string());
  EXPECT_EQ(config->tls.ca_file, paths.ca_file.string());
}

}  // namespace
}  // namespace kubefake::client
