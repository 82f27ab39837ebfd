// Custom resources with subresources and printers: the status subresource (R3.3, R10.5),
// generation (R2.4), printer columns in Tables (R10.9, R6.14) and selectable fields (R6.12).
#include <gmock/gmock.h>

#include "crd_test.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kTableAccept[] = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
const std::string kWidgetStatus = std::string(kWidget) + "/status";

class CrdSubresourceTest : public CrdTest {
 protected:
  void SetUp() override { CreateWidgetCrd(); }

  nlohmann::json Table(const std::string& path, Query query = {}) {
    const Response response = SendWith("GET", path, nullptr, {{"Accept", kTableAccept}}, query);
    EXPECT_EQ(response.status, 200) << response.body;
    return Json(response);
  }
};

TEST_P(CrdSubresourceTest, CreateDropsStatusAndTheMainEndpointIgnoresIt) {  // R3.3, R10.5
  nlohmann::json widget = Widget("w1", {{"size", 1}});
  widget["status"] = {{"replicas", 3}};
  nlohmann::json created = Expect(201, "POST", kWidgets, widget);
  EXPECT_FALSE(created.contains("status"));
  created["status"] = {{"replicas", 3}};
  created["spec"]["size"] = 2;
  const nlohmann::json updated = Expect(200, "PUT", kWidget, created);
  EXPECT_FALSE(updated.contains("status"));
  EXPECT_EQ(updated["metadata"]["generation"], 2);
}

TEST_P(CrdSubresourceTest, StatusEndpointTakesOnlyStatus) {  // R3.3
  nlohmann::json widget = Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  widget["status"] = {{"replicas", 3}, {"phase", "Ready"}};
  widget["spec"]["size"] = 5;
  widget["metadata"]["labels"] = {{"changed", "yes"}};
  const nlohmann::json updated = Expect(200, "PUT", kWidgetStatus, widget);
  EXPECT_EQ(updated["status"]["replicas"], 3);
  EXPECT_EQ(updated["spec"]["size"], 1);
  EXPECT_FALSE(updated["metadata"].contains("labels")) << "CR status restores all metadata";
  EXPECT_EQ(updated["metadata"]["generation"], 1);
  EXPECT_EQ(Expect(200, "GET", kWidgetStatus), updated);
}

TEST_P(CrdSubresourceTest, StatusIsValidatedByTheSchema) {  // R10.8
  nlohmann::json widget = Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  widget["status"] = {{"replicas", "three"}};
  Expect(422, "PUT", kWidgetStatus, widget);
}

TEST_P(CrdSubresourceTest, WithoutTheStatusSubresourceStatusIsAnOrdinaryField) {  // R3.3
  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  crd["spec"]["versions"][0].erase("subresources");
  Expect(200, "PUT", kWidgetCrd, crd);
  nlohmann::json widget = Widget("w1", {{"size", 1}});
  widget["status"] = {{"replicas", 3}};
  EXPECT_EQ(Expect(201, "POST", kWidgets, widget)["status"]["replicas"], 3);
  Expect(404, "GET", kWidgetStatus);
}

TEST_P(CrdSubresourceTest, TablesShowThePrinterColumns) {  // R10.9
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 4}, {"tags", {"x", "y"}}}));
  const nlohmann::json table = Table(kWidgets);
  std::vector<std::string> names;
  for (const nlohmann::json& column : table["columnDefinitions"]) {
    names.push_back(column["name"].get<std::string>());
  }
  EXPECT_THAT(names, testing::ElementsAre("Name", "Size", "Color", "Tag"));
  EXPECT_EQ(table["columnDefinitions"][0]["format"], "name");
  EXPECT_EQ(table["columnDefinitions"][1]["type"], "integer");
  EXPECT_EQ(table["columnDefinitions"][3]["priority"], 1);
  ASSERT_EQ(table["rows"].size(), 1u);
  EXPECT_EQ(table["rows"][0]["cells"], nlohmann::json({"w1", 4, "red", "x"}));
}

TEST_P(CrdSubresourceTest, WithoutColumnsTablesShowNameAndAge) {  // R10.9
  nlohmann::json crd = Expect(200, "GET", kWidgetCrd);
  crd["spec"]["versions"][0].erase("additionalPrinterColumns");
  Expect(200, "PUT", kWidgetCrd, crd);
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}}));
  clock_.Step(std::chrono::minutes(5));
  const nlohmann::json table = Table(kWidget);
  ASSERT_EQ(table["columnDefinitions"].size(), 2u);
  EXPECT_EQ(table["columnDefinitions"][1]["name"], "Age");
  EXPECT_EQ(table["columnDefinitions"][1]["type"], "date");
  EXPECT_EQ(table["rows"][0]["cells"], nlohmann::json({"w1", "5m"}));
}

TEST_P(CrdSubresourceTest, SelectableFieldsFilterLists) {  // R6.12, R10.10
  Expect(201, "POST", kWidgets, Widget("w1", {{"size", 1}, {"color", "blue"}}));
  Expect(201, "POST", kWidgets, Widget("w2", {{"size", 1}}));
  const nlohmann::json blue =
      Expect(200, "GET", kWidgets, nullptr, {{"fieldSelector", "spec.color=blue"}});
  ASSERT_EQ(blue["items"].size(), 1u);
  EXPECT_EQ(blue["items"][0]["metadata"]["name"], "w1");
  Expect(400, "GET", kWidgets, nullptr, {{"fieldSelector", "spec.size=1"}});
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(CrdSubresourceTest);

}  // namespace
}  // namespace kubefake::fakeserver
