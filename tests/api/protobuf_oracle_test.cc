// protoc as an independent oracle for protobuf_codec.h (issue 8, R11.4): for a few kinds, the
// bytes our codec writes equal what `protoc --encode` makes of the same message written in
// protobuf text format from the upstream generated.proto files, and our decoder reads protoc's
// bytes back to the JSON form. Skips, saying why, when protoc (Debian's protobuf-compiler) or
// the .proto files (../shared/k8s-api/proto) are absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>

#include "kubefake/api/protobuf_codec.h"

namespace kubefake::api {
namespace {

namespace fs = std::filesystem;

struct OracleCase {
  std::string name;
  std::string proto_file;     // under the proto/ import root
  std::string proto_message;  // "k8s.io.api.core.v1.Pod"
  std::string definition;     // "io.k8s.api.core.v1.Pod"
  std::string json;
  std::string text;  // the same message in protobuf text format
};

void PrintTo(const OracleCase& c, std::ostream* out) { *out << c.name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ProtobufOracleTest : public testing::TestWithParam<OracleCase> {
 protected:
  void SetUp() override {
    proto_root_ = fs::path(KUBEFAKE_K8S_API_DIR) / "proto";
    if (!fs::is_directory(proto_root_)) {
      GTEST_SKIP() << "no .proto files at " << proto_root_ << " (../shared/k8s-api/proto)";
    }
    if (std::system("protoc --version > /dev/null 2>&1") != 0) {
      GTEST_SKIP() << "protoc is not installed (Debian package protobuf-compiler)";
    }
  }

  // Runs `protoc <mode>=<message>` on `input`; nullopt when protoc fails.
  std::optional<std::string> Protoc(const std::string& mode, const std::string& input) {
    const OracleCase& c = GetParam();
    const fs::path dir = fs::path(testing::TempDir());
    const fs::path in = dir / ("oracle_in_" + c.name);
    const fs::path out = dir / ("oracle_out_" + c.name);
    std::ofstream(in, std::ios::binary) << input;
    const std::string command = "protoc -I '" + proto_root_.string() + "' " + mode + "=" +
                                c.proto_message + " " + c.proto_file + " < '" + in.string() +
                                "' > '" + out.string() + "' 2> /dev/null";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return ReadFile(out);
  }

  fs::path proto_root_;
};

TEST_P(ProtobufOracleTest, OurBytesAreProtocsBytes) {
  const OracleCase& c = GetParam();
  const ProtoMessage* message = FindProtoMessage(c.definition);
  ASSERT_NE(message, nullptr);
  // A watch event's object travels as an envelope body (EncodeProtobufWatchEvent), not JSON.
  const nlohmann::json json = nlohmann::json::parse(c.json);
  auto ours =
      c.name == "WatchEvent" ? EncodeProtobufWatchEvent(json) : JsonToProtobuf(*message, json);
  ASSERT_TRUE(ours.has_value()) << ours.error().message();
  std::optional<std::string> theirs = Protoc("--encode", c.text);
  ASSERT_TRUE(theirs.has_value()) << "protoc --encode failed on:\n" << c.text;
  EXPECT_EQ(*ours, *theirs);
  // protoc reads our bytes as the same message.
  EXPECT_EQ(Protoc("--decode", *ours), Protoc("--decode", *theirs));
}

TEST_P(ProtobufOracleTest, ProtocsBytesDecodeToTheJsonForm) {
  const OracleCase& c = GetParam();
  std::optional<std::string> theirs = Protoc("--encode", c.text);
  ASSERT_TRUE(theirs.has_value()) << "protoc --encode failed on:\n" << c.text;
  auto decoded = ProtobufToJson(*FindProtoMessage(c.definition), *theirs);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(*decoded, nlohmann::json::parse(c.json));
}

// 2026-07-23T18:32:12Z is 1784831532 seconds after the epoch.
const OracleCase kCases[] = {
    {"Pod", "k8s.io/api/core/v1/generated.proto", "k8s.io.api.core.v1.Pod",
     "io.k8s.api.core.v1.Pod",
     R"({"metadata": {"name": "web", "namespace": "default", "generation": 2,
                      "creationTimestamp": "2026-07-23T18:32:12Z", "labels": {"app": "web"}},
         "spec": {"containers": [{"name": "c", "image": "nginx", "args": ["-g", "daemon off;"],
                                  "ports": [{"containerPort": 80, "protocol": "TCP"}],
                                  "resources": {"limits": {"cpu": "500m"}}}],
                  "terminationGracePeriodSeconds": 30,
                  "tolerations": [{"key": "k", "operator": "Exists"}]},
         "status": {"phase": "Running", "podIP": "10.0.0.7"}})",
     R"(metadata { name: "web" namespace: "default" generation: 2
                   creationTimestamp { seconds: 1784831532 nanos: 0 }
                   labels { key: "app" value: "web" } }
        spec { containers { name: "c" image: "nginx" args: "-g" args: "daemon off;"
                            ports { containerPort: 80 protocol: "TCP" }
                            resources { limits { key: "cpu" value { string: "500m" } } } }
               terminationGracePeriodSeconds: 30
               tolerations { key: "k" operator: "Exists" } }
        status { phase: "Running" podIP: "10.0.0.7" })"},
    {"DeploymentWithZeroReplicas", "k8s.io/api/apps/v1/generated.proto",
     "k8s.io.api.apps.v1.Deployment", "io.k8s.api.apps.v1.Deployment",
     R"({"metadata": {"name": "idle"},
         "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "idle"}},
                  "template": {"metadata": {"labels": {"app": "idle"}},
                               "spec": {"containers": [{"name": "c", "image": "nginx"}]}},
                  "strategy": {"type": "RollingUpdate",
                               "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}}}})",
     R"(metadata { name: "idle" }
        spec { replicas: 0
               selector { matchLabels { key: "app" value: "idle" } }
               template { metadata { labels { key: "app" value: "idle" } }
                          spec { containers { name: "c" image: "nginx" } } }
               strategy { type: "RollingUpdate"
                          rollingUpdate { maxUnavailable { type: 1 intVal: 0 strVal: "25%" }
                                          maxSurge { type: 0 intVal: 1 strVal: "" } } } })"},
    {"Status", "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto",
     "k8s.io.apimachinery.pkg.apis.meta.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
     R"({"metadata": {}, "status": "Failure", "message": "configmaps \"c\" not found",
         "reason": "NotFound", "details": {"name": "c", "kind": "configmaps"}, "code": 404})",
     R"(metadata { } status: "Failure" message: "configmaps \"c\" not found" reason: "NotFound"
        details { name: "c" kind: "configmaps" } code: 404)"},
    {"ConfigMapList", "k8s.io/api/core/v1/generated.proto", "k8s.io.api.core.v1.ConfigMapList",
     "io.k8s.api.core.v1.ConfigMapList",
     R"({"metadata": {"resourceVersion": "12"},
         "items": [{"metadata": {"name": "a"}, "data": {"k": "v"}},
                   {"metadata": {"name": "b"}, "binaryData": {"bin": "AAEC"}}]})",
     R"(metadata { resourceVersion: "12" }
        items { metadata { name: "a" } data { key: "k" value: "v" } }
        items { metadata { name: "b" } binaryData { key: "bin" value: "\000\001\002" } })"},
    {"WatchEvent", "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto",
     "k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent",
     "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent",
     R"({"type": "ADDED", "object": {"apiVersion": "v1", "kind": "ConfigMap",
                                     "metadata": {"name": "c"}}})",
     // object.raw: "k8s\0" + Unknown {typeMeta {apiVersion "v1" kind "ConfigMap"},
     // raw: ConfigMap {metadata {name "c"}}}.
     R"(type: "ADDED"
        object { raw: "k8s\000\n\017\n\002v1\022\tConfigMap\022\005\n\003\n\001c" })"},
};

INSTANTIATE_TEST_SUITE_P(Kinds, ProtobufOracleTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<OracleCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace kubefake::api
