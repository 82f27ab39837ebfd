// Custom objects against their CRD version's structural schema: validation with 422 field
// causes (R10.8), pruning and fieldValidation (R10.6, R3.10), defaults (R10.7),
// x-kubernetes-preserve-unknown-fields and -int-or-string, and the CEL warning.
#include <gmock/gmock.h>

#include <functional>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

using testing::Contains;
using testing::ElementsAre;
using testing::HasSubstr;

class CrdSchemaTest : public CrdTest {
 protected:
  void SetUp() override { CreateWidgetCrd(); }

  // Changes the spec schema's properties of the stored CRD with `change` and answers the PUT.
  Response ChangeSpecProperties(const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
    change(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
              ["properties"]);
    return Send("PUT", kWidgetCrd, crd);
  }

  // The causes of the 422 a create of a widget with `spec` answers.
  std::vector<std::string> InvalidCauses(const nlohmann::json& spec) {
    const nlohmann::json status = Expect(422, "POST", kWidgets, Widget("w1", spec));
    EXPECT_EQ(status["details"]["kind"], "Widget");
    EXPECT_EQ(status["details"]["group"], "example.com");
    return Causes(status);
  }
};

TEST_P(CrdSchemaTest, WrongTypesAreInvalid) {  // R10.8
  const nlohmann::json status = Expect(422, "POST", kWidgets, Widget("w1", {{"size", "big"}}));
  EXPECT_EQ(status["message"],
            "Widget.example.com \"w1\" is invalid: spec.size: Invalid value: \"string\": "
            "spec.size in body must be of type integer: \"string\"");
  // kube-openapi's InvalidTypeCode becomes field.TypeInvalid in the apiserver.
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "FieldValueTypeInvalid");
}

TEST_P(CrdSchemaTest, RequiredFieldsMustBePresent) {  // R10.8
  EXPECT_THAT(InvalidCauses({{"color", "red"}}), ElementsAre("spec.size: Required value"));
}

TEST_P(CrdSchemaTest, EnumMinimumMaximumLengthPatternAndItemsAreChecked) {  // R10.8
  const std::vector<std::string> causes = InvalidCauses(
      {{"size", 0}, {"color", "green"}, {"name", "Abcdefghijkl"}, {"tags", {"a", "b", "c"}}});
  EXPECT_THAT(causes, Contains("spec.size: Invalid value: 0: spec.size in body should be greater "
                               "than or equal to 1"));
  EXPECT_THAT(causes, Contains("spec.color: Unsupported value: \"green\": supported values: "
                               "\"red\", \"blue\""));
  EXPECT_THAT(causes, Contains("spec.name: Too long: may not be more than 10 bytes"));
  EXPECT_THAT(causes, Contains("spec.name: Invalid value: \"Abcdefghijkl\": spec.name in body "
                               "should match '^[a-z]+$'"));
  EXPECT_THAT(causes, Contains("spec.tags: Too many: 3: must have at most 2 items"));
  EXPECT_THAT(InvalidCauses({{"size", 11}}),
              ElementsAre("spec.size: Invalid value: 11: spec.size in body should be less than "
                          "or equal to 10"));
}

TEST_P(CrdSchemaTest, IntOrStringTakesEitherAndNothingElse) {  // R10.6
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}, {"port", 80}}));
  Expect(201, "POST", kWidgets, Widget("w2", {{"size", 1}, {"port", "http"}}));
  EXPECT_THAT(InvalidCauses({{"size", 1}, {"port", true}}),
              ElementsAre("spec.port: Invalid value: \"boolean\": spec.port in body must be of "
                          "type integer,string: \"boolean\""));
}

TEST_P(CrdSchemaTest, UnknownFieldsArePrunedWithAWarning) {  // R10.6, R3.10
  const Response response =
      Send("POST", kWidgets,
           Widget("w1", {{"size", 1}, {"bogus", 1}, {"extra", {{"kept", {{"a", 1}}}}}}));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_THAT(Warnings(response), ElementsAre("299 - \"unknown field \\\"spec.bogus\\\"\""));
  const nlohmann::json created = Json(response);
  EXPECT_FALSE(created["spec"].contains("bogus"));
  EXPECT_EQ(created["spec"]["extra"]["kept"]["a"], 1) << "x-kubernetes-preserve-unknown-fields";
  EXPECT_EQ(Expect(200, "GET", std::string(kWidgets) + "/w1")["spec"], created["spec"]);
}

TEST_P(CrdSchemaTest, StrictFieldValidationRejectsUnknownFields) {  // R10.6, R3.10
  const nlohmann::json status =
      Expect(400, "POST", kWidgets, Widget("w1", {{"size", 1}, {"bogus", 1}}),
             {{"fieldValidation", "Strict"}});
  EXPECT_EQ(status["message"],
            "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: "
            "unknown field \"spec.bogus\"");
  const Response ignored = Send("POST", kWidgets, Widget("w1", {{"size", 1}, {"bogus", 1}}),
                                {{"fieldValidation", "Ignore"}});
  EXPECT_EQ(ignored.status, 201) << ignored.body;
  EXPECT_TRUE(Warnings(ignored).empty());
  EXPECT_FALSE(Json(ignored)["spec"].contains("bogus"));
}

TEST_P(CrdSchemaTest, UnknownMetadataFieldsAreDropped) {  // R10.6
  nlohmann::json widget = Widget("w1", {{"size", 1}});
  widget["metadata"]["bogus"] = "x";
  const nlohmann::json created = Expect(201, "POST", kWidgets, widget);
  EXPECT_FALSE(created["metadata"].contains("bogus"));
}

TEST_P(CrdSchemaTest, DefaultsFillAbsentFields) {  // R10.7
  EXPECT_EQ(Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}))["spec"]["color"], "red");
  EXPECT_EQ(Expect(201, "POST", kWidgets,
                   Widget("w2", {{"size", 1}, {"color", "blue"}}))["spec"]["color"],
            "blue");
}

TEST_P(CrdSchemaTest, StoredObjectsAreDefaultedAndPrunedWhenRead) {  // R10.6, R10.7
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}, {"name", "abc"}}));
  Request watch;
  watch.method = "GET";
  watch.path = kWidgets;
  watch.query = {{"watch", "true"}, {"resourceVersion", "0"}};

  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  nlohmann::json& spec =
      crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"];
  spec["shape"] = {{"type", "string"}, {"default", "round"}};
  spec.erase("name");
  Expect(200, "PUT", kWidgetCrd, crd);

  const nlohmann::json widget = Expect(200, "GET", std::string(kWidgets) + "/w1");
  EXPECT_EQ(widget["spec"], nlohmann::json({{"size", 1}, {"color", "red"}, {"shape", "round"}}));
  EXPECT_EQ(Expect(200, "GET", kWidgets)["items"][0]["spec"], widget["spec"]);
  Response response = door_->Send(watch);
  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_TRUE(response.stream);
  const std::optional<nlohmann::json> added = NextEvent(*response.stream);
  response.stream->Cancel();
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ((*added)["object"]["spec"], widget["spec"]);
  EXPECT_EQ(widget["metadata"]["resourceVersion"],
            (*added)["object"]["metadata"]["resourceVersion"])
      << "reading wrote nothing";
}

TEST_P(CrdSchemaTest, MultipleOfIsChecked) {  // R10.8
  ASSERT_EQ(
      ChangeSpecProperties([](nlohmann::json& spec) { spec["size"]["multipleOf"] = 2; }).status,
      200);
  EXPECT_THAT(InvalidCauses({{"size", 3}}),
              ElementsAre("spec.size: Invalid value: 3: spec.size in body should be a multiple "
                          "of 2"));
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 4}}));
}

TEST_P(CrdSchemaTest, SetListItemsAndMapListKeysMustBeUnique) {  // R10.8
  const nlohmann::json port = {
      {"type", "object"},
      {"required", {"name"}},
      {"properties", {{"name", {{"type", "string"}}}, {"port", {{"type", "integer"}}}}}};
  const nlohmann::json ports = {{"type", "array"},
                                {"x-kubernetes-list-type", "map"},
                                {"x-kubernetes-list-map-keys", {"name"}},
                                {"items", port}};
  const Response changed = ChangeSpecProperties([&ports](nlohmann::json& spec) {
    spec["tags"]["x-kubernetes-list-type"] = "set";
    spec["ports"] = ports;
  });
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_THAT(InvalidCauses({{"size", 1}, {"tags", {"x", "x"}}}),
              ElementsAre("spec.tags[1]: Duplicate value: \"x\""));
  const nlohmann::json a1 = {{"name", "a"}, {"port", 1}};
  const nlohmann::json a2 = {{"name", "a"}, {"port", 2}};
  const nlohmann::json b1 = {{"name", "b"}, {"port", 1}};
  const std::vector<std::string> causes =
      InvalidCauses({{"size", 1}, {"ports", nlohmann::json::array({a1, a2})}});
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_THAT(causes[0], testing::StartsWith("spec.ports[1]: Duplicate value: "));
  Expect(201, "POST", kWidgets,
         Widget("w1",
                {{"size", 1}, {"tags", {"x", "y"}}, {"ports", nlohmann::json::array({a1, b1})}}));
}

TEST_P(CrdSchemaTest, UniqueItemsIsRefusedInTheCrd) {  // R10.1
  const Response response =
      ChangeSpecProperties([](nlohmann::json& spec) { spec["tags"]["uniqueItems"] = true; });
  ASSERT_EQ(response.status, 422) << response.body;
  EXPECT_THAT(Causes(Json(response)),
              Contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags]."
                       "uniqueItems: Forbidden: uniqueItems cannot be set to true since the "
                       "runtime complexity becomes quadratic"));
}

TEST_P(CrdSchemaTest, CelRulesAnswerAWarningThatTheyWereNotEvaluated) {  // R10.8
  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
     ["x-kubernetes-validations"] = nlohmann::json::array({{{"rule", "self.size < 5"}}});
  Expect(200, "PUT", kWidgetCrd, crd);
  const Response response = Send("POST", kWidgets, Widget("w1", {{"size", 7}}));
  ASSERT_EQ(response.status, 201) << response.body;
  ASSERT_EQ(Warnings(response).size(), 1u);
  EXPECT_THAT(Warnings(response)[0], HasSubstr("x-kubernetes-validations rules at spec were not "
                                               "evaluated"));
}

TEST_P(CrdSchemaTest, UpdatesAreValidatedToo) {  // R10.8
  nlohmann::json widget = Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  widget["spec"]["size"] = 20;
  Expect(422, "PUT", std::string(kWidgets) + "/w1", widget);
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CrdSchemaTest);

}  // namespace
}  // namespace kubefake::fakeserver
