// Exec credential plugins: a shell script as the plugin, its args and env, the ExecCredential it
// prints, caching until expirationTimestamp on the clock, and the errors of a broken plugin.
#include "kubefake/client/exec_credential.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "kubefake/testing/fake_clock.h"
#include "kubefake/api/time.h"
#include "kubefake/client/kubeconfig.h"
#include "temp_dir.h"

namespace kubefake::client {
namespace {

// Counts its runs in $RUNS and answers a token naming the run, its first argument and $GREETING;
// it also echoes KUBERNETES_EXEC_INFO into $INFO.
constexpr const char* kPlugin = R"(#!/bin/sh
echo run >> "$RUNS"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO"
n=$(wc -l < "$RUNS" | tr -d ' ')
cat <<JSON
{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
 "status": {"token": "token-$n-$1-$GREETING", "expirationTimestamp": "$EXPIRY"}}
JSON
)";

class ExecCredentialTest : public testing::Test {
 protected:
  ExecConfig Plugin(const std::string& script, const std::string& expiry) {
    ExecConfig config;
    config.command = dir_.Write("plugin.sh", script, /*executable=*/true).string();
    config.args = {"arg1"};
    config.env = {{"RUNS", (dir_.path() / "runs").string()},
                  {"INFO", (dir_.path() / "info").string()},
                  {"GREETING", "hi"},
                  {"EXPIRY", expiry}};
    config.api_version = "client.authentication.k8s.io/v1";
    return config;
  }

  std::string Expiry(std::chrono::seconds from_now) const {
    return api::Time::FromTimePoint(clock_->Now() + from_now).String();
  }

  TempDir dir_;
  std::shared_ptr<testkit::FakeClock> clock_ = std::make_shared<testkit::FakeClock>();
};

TEST_F(ExecCredentialTest, TokenIsCachedUntilItExpiresThenThePluginRunsAgain) {
  ExecCredentialProvider provider(Plugin(kPlugin, Expiry(std::chrono::seconds(60))), clock_);
  auto first = provider.Get();
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->token, "token-1-arg1-hi");
  ASSERT_TRUE(first->expiration);
  EXPECT_EQ(*first->expiration, clock_->Now() + std::chrono::seconds(60));

  clock_->Step(std::chrono::seconds(59));
  EXPECT_EQ(provider.Get().value().token, "token-1-arg1-hi");
  clock_->Step(std::chrono::seconds(2));
  EXPECT_EQ(provider.Get().value().token, "token-2-arg1-hi");
}

TEST_F(ExecCredentialTest, PluginSeesExecInfoAndInvalidateForcesARerun) {
  ExecCredentialProvider provider(Plugin(kPlugin, Expiry(std::chrono::hours(1))), clock_);
  ASSERT_TRUE(provider.Get());
  std::ifstream info(dir_.path() / "info");
  std::string text((std::istreambuf_iterator<char>(info)), {});
  EXPECT_EQ(nlohmann::json::parse(text),
            (nlohmann::json{{"kind", "ExecCredential"},
                            {"apiVersion", "client.authentication.k8s.io/v1"},
                            {"spec", {{"interactive", false}}}}));
  provider.Invalidate();
  EXPECT_EQ(provider.Get().value().token, "token-2-arg1-hi");
}

TEST_F(ExecCredentialTest, FailingPluginReportsExitCodeAndStderr) {
  ExecCredentialProvider provider(Plugin("#!/bin/sh\necho 'no credentials' >&2\nexit 3\n", ""),
                                  clock_);
  auto credential = provider.Get();
  ASSERT_FALSE(credential);
  EXPECT_NE(credential.error().message().find("failed with exit code 3: no credentials"),
            std::string::npos)
      << credential.error().message();
}

TEST_F(ExecCredentialTest, WrongApiVersionAndMissingTokenAreErrors) {
  ExecCredentialProvider wrong_version(
      Plugin("#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
             "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n",
             ""),
      clock_);
  auto version = wrong_version.Get();
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().message(),
            "exec plugin is configured to use API version client.authentication.k8s.io/v1, "
            "plugin returned version client.authentication.k8s.io/v1beta1");

  ExecCredentialProvider no_token(
      Plugin("#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
             "\"kind\":\"ExecCredential\",\"status\":{}}'\n",
             ""),
      clock_);
  auto empty = no_token.Get();
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message(), "exec plugin didn't return a token or cert/key pair");
}

TEST_F(ExecCredentialTest, MissingExecutableNamesItAndTheInstallHint) {
  ExecConfig config = Plugin(kPlugin, "");
  config.command = "kubefake-no-such-plugin";
  config.install_hint = "install it with: brew install it";
  ExecCredentialProvider provider(config, clock_);
  auto credential = provider.Get();
  ASSERT_FALSE(credential);
  EXPECT_EQ(
      credential.error().message(),
      "exec: executable kubefake-no-such-plugin not found\n\ninstall it with: brew install it");
}

TEST_F(ExecCredentialTest, KubeconfigExecSectionBecomesTheConfigsProvider) {
  const auto plugin = dir_.Write("bin/plugin.sh", kPlugin, /*executable=*/true);
  auto kubeconfig = LoadKubeconfigFile(dir_.Write("config", R"(clusters:
- name: c
  cluster: {server: "https://x"}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin.sh
      args: [from-kubeconfig]
      env:
      - {name: RUNS, value: )" + (dir_.path() / "runs").string() +
                                                                R"(}
      - {name: INFO, value: )" + (dir_.path() / "info").string() +
                                                                R"(}
      - {name: GREETING, value: hello}
      - {name: EXPIRY, value: "2099-01-01T00:00:00Z"}
      interactiveMode: Never
contexts:
- name: c
  context: {cluster: c, user: u}
current-context: c
)"));
  ASSERT_TRUE(kubeconfig) << kubeconfig.error().message();
  auto config = ClientConfigFromKubeconfig(*kubeconfig);
  ASSERT_TRUE(config) << config.error().message();
  ASSERT_NE(config->exec_provider, nullptr);
  EXPECT_EQ(config->exec_provider->config().command, plugin.string());
  auto credential = config->exec_provider->Get();
  ASSERT_TRUE(credential) << credential.error().message();
  EXPECT_EQ(credential->token, "token-1-from-kubeconfig-hello");
}

}  // namespace
}  // namespace kubefake::client
