// Engine tests for Accept transforms (R6.14 Table, R6.15 PartialObjectMetadata, R11.3
// negotiation) on get, list, watch and create, and for HumanDuration (the AGE format).
#include <chrono>
#include <string>

#include "human_duration.h"
#include "table_test.h"

namespace kubefake::fakeserver {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kMetadataAccept[] = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
constexpr char kMetadataListAccept[] =
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

TEST(HumanDurationTest, FollowsApimachineryRules) {
  const std::pair<std::chrono::nanoseconds, std::string> cases[] = {
      {seconds(-2), "<invalid>"},
      {seconds(-1), "0s"},
      {seconds(0), "0s"},
      {seconds(119), "119s"},
      {seconds(120), "2m"},
      {seconds(125), "2m5s"},
      {minutes(10) + seconds(5), "10m"},
      {minutes(179), "179m"},
      {hours(3), "3h"},
      {hours(3) + minutes(30), "3h30m"},
      {hours(8) + minutes(30), "8h"},
      {hours(47), "47h"},
      {hours(48), "2d"},
      {hours(51), "2d3h"},
      {hours(24 * 8 + 5), "8d"},
      {hours(24 * 729), "729d"},
      {hours(24 * 730), "2y"},
      {hours(24 * 830), "2y100d"},
      {hours(24 * 365 * 8), "8y"}};
  for (const auto& [duration, expected] : cases) {
    EXPECT_EQ(HumanDuration(duration), expected) << duration.count() << "ns";
  }
}

class TableTransformTest : public TableTest {
 protected:
  // The PartialObjectMetadata (v1) of the stored config map `name`.
  json AsPartialMetadataOf(const std::string& name) {
    return {{"kind", "PartialObjectMetadata"},
            {"apiVersion", "meta.k8s.io/v1"},
            {"metadata", Expect(200, "GET", std::string(kConfigMaps) + "/" + name)["metadata"]}};
  }
};

TEST_P(TableTransformTest, KubectlAcceptGetsAV1TableWithMetadataRows) {
  const json created = CreateConfigMap("default", "app");
  clock_.Step(minutes(3));
  Response response = SendAccept("GET", std::string(kConfigMaps) + "/app", kKubectlTableAccept);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), "application/json");
  const json table = Json(response);
  EXPECT_EQ(table["kind"], "Table");
  EXPECT_EQ(table["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(table["metadata"], json({{"resourceVersion", created["metadata"]["resourceVersion"]}}));
  EXPECT_EQ(table["rows"][0]["cells"], json({"app", 1, "3m"}));
  EXPECT_EQ(table["rows"][0]["object"], json({{"kind", "PartialObjectMetadata"},
                                              {"apiVersion", "meta.k8s.io/v1"},
                                              {"metadata", created["metadata"]}}));
}

TEST_P(TableTransformTest, V1beta1TableAndRowMetadataFollowTheRequestedVersion) {
  CreateConfigMap("default", "app");
  const json table = Json(SendAccept("GET", std::string(kConfigMaps) + "/app",
                                     "application/json;as=Table;v=v1beta1;g=meta.k8s.io"));
  EXPECT_EQ(table["apiVersion"], "meta.k8s.io/v1beta1");
  EXPECT_EQ(table["rows"][0]["object"]["apiVersion"], "meta.k8s.io/v1beta1");
}

TEST_P(TableTransformTest, YamlTable) {
  CreateConfigMap("default", "app");
  Response response = SendAccept("GET", std::string(kConfigMaps) + "/app",
                                 "application/yaml;as=Table;g=meta.k8s.io;v=v1");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.Get("Content-Type").value_or(""), "application/yaml");
  EXPECT_NE(response.body.find("kind: Table"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("- app"), std::string::npos) << response.body;
}

TEST_P(TableTransformTest, IncludeObjectVariants) {
  CreateConfigMap("default", "app");
  const std::string path = std::string(kConfigMaps) + "/app";
  const json with_object = GetTable(path, {{"includeObject", "Object"}})["rows"][0]["object"];
  EXPECT_EQ(with_object["kind"], "ConfigMap");
  EXPECT_EQ(with_object["apiVersion"], "v1");
  EXPECT_EQ(with_object["data"], json({{"k", "v"}}));
  const json none = GetTable(path, {{"includeObject", "None"}})["rows"][0];
  ASSERT_TRUE(none.contains("object"));
  EXPECT_TRUE(none["object"].is_null());
  EXPECT_EQ(GetTable(path, {{"includeObject", "Metadata"}})["rows"][0]["object"]["kind"],
            "PartialObjectMetadata");

  Response bad = SendAccept("GET", path, kKubectlTableAccept, {{"includeObject", "All"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["message"],
            "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": "
            "must be 'Metadata', 'Object', 'None', or empty");
}

TEST_P(TableTransformTest, ListWithLimitCarriesContinueAndRemainingItemCount) {
  for (const char* name : {"a", "b", "c"}) CreateConfigMap("default", name);
  const json first = GetTable(kConfigMaps, {{"limit", "2"}});
  ASSERT_EQ(first["rows"].size(), 2u);
  EXPECT_EQ(first["rows"][0]["cells"][0], "a");
  EXPECT_EQ(first["metadata"]["remainingItemCount"], 1);
  ASSERT_TRUE(first["metadata"]["continue"].is_string());
  const json rest =
      GetTable(kConfigMaps, {{"limit", "2"}, {"continue", first["metadata"]["continue"]}});
  ASSERT_EQ(rest["rows"].size(), 1u);
  EXPECT_EQ(rest["rows"][0]["cells"][0], "c");
  EXPECT_FALSE(rest["metadata"].contains("continue"));
  EXPECT_EQ(rest["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);
  EXPECT_EQ(rest["columnDefinitions"].size(), 3u);
}

TEST_P(TableTransformTest, CreateAnswersATableToo) {
  Response response =
      SendAccept("POST", kConfigMaps, kKubectlTableAccept, {},
                 {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "new"}}}});
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(Json(response)["rows"][0]["cells"], json({"new", 0, "0s"}));
}

TEST_P(TableTransformTest, WatchAsTableSendsColumnDefinitionsOnlyInTheFirstEvent) {
  CreateConfigMap("default", "a");
  Response response = SendAccept("GET", kConfigMaps, kKubectlTableAccept, {{"watch", "true"}});
  ASSERT_EQ(response.status, 200) << response.body;
  ASSERT_TRUE(response.stream);
  std::optional<json> added = NextEvent(*response.stream);
  ASSERT_TRUE(added);
  EXPECT_EQ((*added)["type"], "ADDED");
  EXPECT_EQ((*added)["object"]["kind"], "Table");
  EXPECT_EQ((*added)["object"]["columnDefinitions"].size(), 3u);
  EXPECT_EQ((*added)["object"]["rows"],
            json::array({{{"cells", {"a", 1, "0s"}}, {"object", AsPartialMetadataOf("a")}}}));
  clock_.Step(seconds(30));
  const json created = CreateConfigMap("default", "b");
  std::optional<json> second = NextEvent(*response.stream);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)["type"], "ADDED");
  EXPECT_TRUE((*second)["object"]["columnDefinitions"].is_null());
  EXPECT_EQ((*second)["object"]["metadata"]["resourceVersion"],
            created["metadata"]["resourceVersion"]);
  EXPECT_EQ((*second)["object"]["rows"][0]["cells"], json({"b", 1, "0s"}));
  response.stream->Cancel();
}

TEST_P(TableTransformTest, UnsupportedTransformFallsBackToJsonOr406) {
  CreateConfigMap("default", "app");
  const std::string path = std::string(kConfigMaps) + "/app";
  for (const char* accept : {"application/json;as=Table,application/json",
                             "application/json;as=Foo;g=meta.k8s.io;v=v1,application/json",
                             "application/json;as=Table;g=meta.k8s.io;v=v2,application/json"}) {
    Response response = SendAccept("GET", path, accept);
    EXPECT_EQ(response.status, 200) << accept;
    EXPECT_EQ(Json(response)["kind"], "ConfigMap") << accept;
  }
  Response only = SendAccept("GET", path, "application/json;as=Foo;g=meta.k8s.io;v=v1");
  EXPECT_EQ(only.status, 406);
  EXPECT_EQ(Json(only)["reason"], "NotAcceptable");
}

TEST_P(TableTransformTest, PartialObjectMetadataOnGetListAndWatch) {
  const json created = CreateConfigMap("default", "app");
  EXPECT_EQ(Json(SendAccept("GET", std::string(kConfigMaps) + "/app", kMetadataAccept)),
            json({{"kind", "PartialObjectMetadata"},
                  {"apiVersion", "meta.k8s.io/v1"},
                  {"metadata", created["metadata"]}}));

  const json list = Json(SendAccept("GET", kConfigMaps, kMetadataListAccept));
  EXPECT_EQ(list["kind"], "PartialObjectMetadataList");
  EXPECT_EQ(list["apiVersion"], "meta.k8s.io/v1");
  EXPECT_TRUE(list["metadata"]["resourceVersion"].is_string());
  EXPECT_EQ(list["items"], json::array({AsPartialMetadataOf("app")}));

  Response watch = SendAccept("GET", kConfigMaps, kMetadataAccept, {{"watch", "true"}});
  ASSERT_EQ(watch.status, 200) << watch.body;
  std::optional<json> event = NextEvent(*watch.stream);
  ASSERT_TRUE(event);
  EXPECT_EQ((*event)["object"], AsPartialMetadataOf("app"));
  watch.stream->Cancel();
}

TEST_P(TableTransformTest, TheWrongPartialObjectMetadataFormAnswers406) {
  CreateConfigMap("default", "app");
  Response on_list = SendAccept("GET", kConfigMaps, kMetadataAccept);
  EXPECT_EQ(on_list.status, 406);
  EXPECT_EQ(Json(on_list)["message"],
            "you requested PartialObjectMetadata, but the requested object is a list "
            "(*core.ConfigMapList)");
  Response on_get = SendAccept("GET", std::string(kConfigMaps) + "/app",
                               "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
  EXPECT_EQ(on_get.status, 406);
  EXPECT_EQ(Json(on_get)["message"],
            "you requested PartialObjectMetadataList, but the requested object is not a list "
            "(*core.ConfigMap)");
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(TableTransformTest);

}  // namespace
}  // namespace kubefake::fakeserver
