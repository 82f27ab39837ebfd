// Tests of the kubeconfig files written for a served fake.
#include "kubefake/testing/kubeconfig_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "kubefake/api/base64.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::testkit {
namespace {

nlohmann::json Parse(const std::string& yaml) {
  Result<nlohmann::json> json = api::YamlToJson(yaml);
  EXPECT_TRUE(json.has_value()) << yaml;
  return json.value_or(nullptr);
}

TEST(KubeconfigFileTest, PlainHttpHasOnlyTheServer) {
  const nlohmann::json config = Parse(RenderKubeconfig({.server = "http://127.0.0.1:8080"}));
  EXPECT_EQ(config["kind"], "Config");
  EXPECT_EQ(config["current-context"], "kubefake");
  EXPECT_EQ(config["clusters"][0],
            (nlohmann::json{{"name", "kubefake"},
                            {"cluster", {{"server", "http://127.0.0.1:8080"}}}}));
  EXPECT_EQ(config["users"][0], (nlohmann::json{{"name", "kubefake"},
                                                {"user", nlohmann::json::object()}}));
  EXPECT_EQ(config["contexts"][0]["context"],
            (nlohmann::json{{"cluster", "kubefake"}, {"user", "kubefake"}}));
}

TEST(KubeconfigFileTest, TlsTokenAndNamespaceAreCarried) {
  const std::string ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const nlohmann::json config = Parse(RenderKubeconfig({.name = "dev",
                                                        .server = "https://127.0.0.1:6443",
                                                        .certificate_authority_pem = ca,
                                                        .token = "s3cret",
                                                        .namespace_ = "team-a"}));
  const std::string data = config["clusters"][0]["cluster"]["certificate-authority-data"];
  EXPECT_EQ(api::Base64Decode(data).value_or(""), ca);
  EXPECT_EQ(config["users"][0]["user"]["token"], "s3cret");
  EXPECT_EQ(config["contexts"][0]["name"], "dev");
  EXPECT_EQ(config["contexts"][0]["context"]["namespace"], "team-a");
}

TEST(KubeconfigFileTest, WrittenFileIsPrivateAndReadsBack) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "kubefake-kubeconfig-test" / "config";
  std::filesystem::remove_all(path.parent_path());
  const KubeconfigOptions options{.server = "http://127.0.0.1:1234", .token = "t"};
  ASSERT_TRUE(WriteKubeconfig(path, options).has_value());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  EXPECT_EQ(text.str(), RenderKubeconfig(options));
  std::filesystem::remove_all(path.parent_path());
}

TEST(KubeconfigFileTest, UnwritablePathIsAnError) {
  Result<void> written = WriteKubeconfig("/proc/kubefake/config", {.server = "http://x"});
  ASSERT_FALSE(written.has_value());
  EXPECT_NE(written.error().message().find("writing kubeconfig /proc/kubefake/config"),
            std::string::npos);
}

}  // namespace
}  // namespace kubefake::testkit
