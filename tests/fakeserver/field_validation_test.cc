// Engine tests for the typed decode of built-in bodies on create and update: type errors
// (R3.1 step 3, R5.7) and fieldValidation Ignore/Warn/Strict for unknown and duplicate fields
// in JSON and YAML bodies (R3.10, R3.16).
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "engine_test.h"

namespace kubefake::fakeserver {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

using FieldValidationTest = EngineTest;

std::vector<std::string> Warnings(const Response& response) {
  std::vector<std::string> warnings;
  for (const auto& [name, value] : response.headers.entries()) {
    if (name == "Warning") warnings.push_back(value);
  }
  return warnings;
}

nlohmann::json DeploymentWithUnknownFields() {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "web"}}},
          {"spec",
           {{"foo", 1},
            {"bar", 2},
            {"selector", {{"matchLabels", {{"app", "web"}}}}},
            {"template",
             {{"metadata", {{"labels", {{"app", "web"}}}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}, {"baz", true}}}}}}}}}}};
}

TEST_P(FieldValidationTest, TypeMismatchAnswersBadRequestAndWritesNothing) {  // R3.1, R5.7
  Response response = Send("POST", kDeployments,
                           {{"metadata", {{"name", "web"}}}, {"spec", {{"replicas", "two"}}}});
  EXPECT_EQ(response.status, 400);
  const nlohmann::json status = Json(response);
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"],
            "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot "
            "unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
  Expect(404, "GET", std::string(kDeployments) + "/web");

  response = Send("POST", kConfigMaps, {{"metadata", {{"name", true}}}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot "
            "unmarshal bool into Go struct field ObjectMeta.metadata.name of type string");
}

TEST_P(FieldValidationTest, TypeErrorsFailEvenWithIgnore) {  // R3.10
  const Response response =
      Send("POST", kConfigMaps, {{"metadata", {{"name", "c"}, {"labels", {{"a", 1}}}}}},
           {{"fieldValidation", "Ignore"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot "
            "unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
}

TEST_P(FieldValidationTest, MalformedQuantityAnswersParseQuantitysMessage) {  // R3.1
  const Response response = Send(
      "POST", "/api/v1/namespaces/default/pods",
      {{"metadata", {{"name", "p"}}},
       {"spec",
        {{"containers",
          {{{"name", "c"}, {"image", "i"}, {"resources", {{"limits", {{"cpu", "lots"}}}}}}}}}}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular "
            "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

TEST_P(FieldValidationTest, WarnIsTheDefaultAndDropsUnknownFields) {  // R3.10
  const Response response = Send("POST", kDeployments, DeploymentWithUnknownFields());
  ASSERT_EQ(response.status, 201) << response.body;
  // Document order as the body was sent (nlohmann writes keys sorted).
  EXPECT_THAT(Warnings(response),
              ElementsAre("299 - \"unknown field \\\"spec.bar\\\"\"",
                          "299 - \"unknown field \\\"spec.foo\\\"\"",
                          "299 - \"unknown field \\\"spec.template.spec.containers[0].baz\\\"\""));
  const nlohmann::json created = Json(response);
  EXPECT_FALSE(created["spec"].contains("foo"));
  EXPECT_FALSE(created["spec"]["template"]["spec"]["containers"][0].contains("baz"));
  const nlohmann::json stored = Expect(200, "GET", std::string(kDeployments) + "/web");
  EXPECT_FALSE(stored["spec"].contains("bar"));
  EXPECT_EQ(stored["spec"]["template"]["spec"]["containers"][0]["image"], "nginx");
}

TEST_P(FieldValidationTest, IgnoreDropsUnknownFieldsSilently) {  // R3.10
  const Response response =
      Send("POST", kDeployments, DeploymentWithUnknownFields(), {{"fieldValidation", "Ignore"}});
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response), IsEmpty());
  const nlohmann::json stored = Expect(200, "GET", std::string(kDeployments) + "/web");
  EXPECT_FALSE(stored["spec"].contains("foo"));
  EXPECT_FALSE(stored["spec"]["template"]["spec"]["containers"][0].contains("baz"));
}

TEST_P(FieldValidationTest, StrictFailsWithEveryProblemAndWritesNothing) {  // R3.10
  const Response response =
      Send("POST", kDeployments, DeploymentWithUnknownFields(), {{"fieldValidation", "Strict"}});
  EXPECT_EQ(response.status, 400);
  const nlohmann::json status = Json(response);
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"],
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding "
            "error: unknown field \"spec.bar\", unknown field \"spec.foo\", unknown field "
            "\"spec.template.spec.containers[0].baz\"");
  Expect(404, "GET", std::string(kDeployments) + "/web");
}

TEST_P(FieldValidationTest, DuplicateJsonFieldsFollowFieldValidation) {  // R3.10, R3.16
  const std::string body =
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"c"},)"
      R"("data":{"k":"1","k":"2"}})";
  Response response = Send("POST", kConfigMaps, body, {{"fieldValidation", "Strict"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: duplicate field \"metadata.name\", duplicate field \"data.k\"");

  response = Send("POST", kConfigMaps, body);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response), ElementsAre("299 - \"duplicate field \\\"metadata.name\\\"\"",
                                              "299 - \"duplicate field \\\"data.k\\\"\""));
  const nlohmann::json created = Json(response);
  EXPECT_EQ(created["metadata"]["name"], "c") << "the last value wins";
  EXPECT_EQ(created["data"]["k"], "2");
}

TEST_P(FieldValidationTest, UnknownFieldsWithInvalidUtf8NamesAreDroppedToo) {  // R3.10
  const Response response =
      Send("POST", kConfigMaps, std::string("{\"metadata\":{\"name\":\"c\",\"x\xff\":1}}"));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response),
              ElementsAre("299 - \"unknown field \\\"metadata.x\xEF\xBF\xBD\\\"\""));
  const nlohmann::json metadata = Json(response)["metadata"];
  EXPECT_EQ(metadata["name"], "c");
  EXPECT_FALSE(metadata.contains("x\xEF\xBF\xBD")) << metadata;
}

TEST_P(FieldValidationTest, FieldNamesAreCaseSensitive) {  // R3.16
  const Response response =
      Send("POST", kConfigMaps, {{"Metadata", {{"name", "c"}}}}, {{"fieldValidation", "Strict"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: unknown field \"Metadata\"");
}

TEST_P(FieldValidationTest, WarningsRideOnTheErrorThatFollows) {  // R3.10
  // `Metadata` is dropped, so the name is missing: 422, still with the warning.
  const Response response = Send("POST", kConfigMaps, {{"Metadata", {{"name", "c"}}}});
  EXPECT_EQ(response.status, 422) << response.body;
  EXPECT_THAT(Warnings(response), ElementsAre("299 - \"unknown field \\\"Metadata\\\"\""));
}

constexpr char kDuplicateYaml[] =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: a\n"
    "  name: b\n"
    "  foo: 1\n"
    "data:\n"
    "  k: v\n";

TEST_P(FieldValidationTest, YamlDuplicatesWarnWithGoYamlsLine) {  // R3.16
  const Response response =
      Send("POST", kConfigMaps, std::string(kDuplicateYaml), {}, "application/yaml");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response),
              ElementsAre("299 - \"line 5: key \\\"name\\\" already set in map\"",
                          "299 - \"unknown field \\\"metadata.foo\\\"\""));
  const nlohmann::json created = Json(response);
  EXPECT_EQ(created["metadata"]["name"], "b") << "YAMLToJSON keeps the last value";
  EXPECT_FALSE(created["metadata"].contains("foo"));
}

TEST_P(FieldValidationTest, YamlDuplicatesFailWithStrict) {  // R3.10, R3.16
  const Response response = Send("POST", kConfigMaps, std::string(kDuplicateYaml),
                                 {{"fieldValidation", "Strict"}}, "application/yaml");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: yaml: unmarshal errors:\n  line 5: key \"name\" already set in map, unknown "
            "field \"metadata.foo\"");
}

TEST_P(FieldValidationTest, YamlDuplicatesPassWithIgnore) {  // R3.10
  const Response response = Send("POST", kConfigMaps, std::string(kDuplicateYaml),
                                 {{"fieldValidation", "Ignore"}}, "application/yaml");
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response), IsEmpty());
  EXPECT_EQ(Json(response)["metadata"]["name"], "b");
}

TEST_P(FieldValidationTest, YamlScalarsAreTypedBeforeTheTypedDecode) {  // R3.16
  // go-yaml v2 reads `y` as a boolean, which a string field refuses.
  const Response response =
      Send("POST", kConfigMaps, std::string("metadata:\n  name: y\n"), {}, "application/yaml");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot "
            "unmarshal bool into Go struct field ObjectMeta.metadata.name of type string");
}

TEST_P(FieldValidationTest, UpdateDecodesTheSameWay) {  // R3.2, R3.10
  const nlohmann::json created = CreateConfigMap("default", "c");
  nlohmann::json body = created;
  body["data"]["k"] = "changed";
  body["extra"] = "x";
  const std::string path = std::string(kConfigMaps) + "/c";

  Response response = Send("PUT", path, body, {{"fieldValidation", "Strict"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding "
            "error: unknown field \"extra\"");
  EXPECT_EQ(Expect(200, "GET", path)["data"]["k"], "v") << "a failed update changes nothing";

  response = Send("PUT", path, body);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_THAT(Warnings(response), ElementsAre("299 - \"unknown field \\\"extra\\\"\""));
  const nlohmann::json stored = Expect(200, "GET", path);
  EXPECT_EQ(stored["data"]["k"], "changed");
  EXPECT_FALSE(stored.contains("extra"));

  body["data"]["k"] = 5;
  response = Send("PUT", path, body);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(Json(response)["message"],
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot "
            "unmarshal number into Go struct field ConfigMap.data of type string");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(FieldValidationTest);

}  // namespace
}  // namespace kubefake::fakeserver
