// Engine tests for list (R6.1-R6.12) and deletecollection (R1.7, R6.13).
#include <string>
#include <vector>

#include "engine_test.h"
#include "kubefake/api/label_selector.h"
#include "storage_key.h"

namespace kubefake::fakeserver {
namespace {

constexpr char kContinueTooOld[] =
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted between "
    "the time the first chunk was returned and now may show up in the list.";

class ListTest : public EngineTest {
 protected:
  void CreateNamespace(const std::string& name) {
    Expect(201, "POST", "/api/v1/namespaces", {{"metadata", {{"name", name}}}});
  }

  // PUT of `object` (as read back from the server) to its item path.
  nlohmann::json Update(const nlohmann::json& object) {
    const std::string ns = object["metadata"]["namespace"];
    const std::string name = object["metadata"]["name"];
    return Expect(200, "PUT", "/api/v1/namespaces/" + ns + "/configmaps/" + name, object);
  }

  nlohmann::json List(const std::string& path, Query query = {}) {
    return Expect(200, "GET", path, nullptr, std::move(query));
  }

  // "<namespace>/<name>" of each item, in order.
  static std::vector<std::string> Names(const nlohmann::json& list) {
    std::vector<std::string> names;
    if (!list.contains("items") || !list["items"].is_array()) {
      ADD_FAILURE() << "not a list: " << list;
      return names;
    }
    for (const nlohmann::json& item : list["items"]) {
      names.push_back(item["metadata"].value("namespace", "") + "/" +
                      item["metadata"]["name"].get<std::string>());
    }
    return names;
  }

  static int64_t Rv(const nlohmann::json& object) {
    return std::stoll(object["metadata"]["resourceVersion"].get<std::string>());
  }

  // Reads every page of `path` with `limit`, checking that each page reports the first page's
  // resourceVersion. Returns the names in order.
  std::vector<std::string> ListAllPages(const std::string& path, int limit, Query query = {}) {
    std::vector<std::string> names;
    std::string token;
    std::string first_rv;
    for (int pages = 0; pages < 100; ++pages) {
      Query page_query = query;
      page_query.emplace("limit", std::to_string(limit));
      if (!token.empty()) page_query.emplace("continue", token);
      nlohmann::json page = List(path, page_query);
      if (first_rv.empty()) first_rv = page["metadata"]["resourceVersion"];
      EXPECT_EQ(page["metadata"]["resourceVersion"], first_rv);
      EXPECT_LE(page["items"].size(), static_cast<size_t>(limit));
      for (const std::string& name : Names(page)) names.push_back(name);
      token = page["metadata"].value("continue", "");
      if (token.empty()) return names;
    }
    ADD_FAILURE() << "more than 100 pages";
    return names;
  }
};

using DeleteCollectionTest = ListTest;

// --- R6.1: shape ----------------------------------------------------------------------------

TEST_P(ListTest, ListHasTheListKindAndTheSnapshotResourceVersion) {  // R6.1, R6.3
  CreateConfigMap("default", "a");
  nlohmann::json b = CreateConfigMap("default", "b");
  nlohmann::json list = List(kConfigMaps);
  EXPECT_EQ(list["kind"], "ConfigMapList");
  EXPECT_EQ(list["apiVersion"], "v1");
  EXPECT_EQ(list["metadata"]["resourceVersion"], b["metadata"]["resourceVersion"]);
  EXPECT_EQ(list["metadata"]["resourceVersion"],
            std::to_string(server_->storage().CurrentRevision()));
  EXPECT_FALSE(list["metadata"].contains("continue"));
  EXPECT_FALSE(list["metadata"].contains("remainingItemCount"));
  ASSERT_EQ(list["items"].size(), 2u);
  for (const nlohmann::json& item : list["items"]) {
    EXPECT_FALSE(item.contains("kind")) << "built-in list items carry no kind (R6.1)";
    EXPECT_FALSE(item.contains("apiVersion")) << item;
    EXPECT_EQ(item["data"]["k"], "v");
  }
  EXPECT_EQ(list["items"][1], [&] {
    nlohmann::json expected = b;
    expected.erase("kind");
    expected.erase("apiVersion");
    return expected;
  }());
}

TEST_P(ListTest, ListOfAGroupResourceUsesTheGroupVersion) {  // R6.1
  Expect(201, "POST", "/apis/apps/v1/namespaces/default/deployments",
         {{"metadata", {{"name", "web"}}}, {"spec", {{"replicas", 1}}}});
  nlohmann::json list = List("/apis/apps/v1/namespaces/default/deployments");
  EXPECT_EQ(list["kind"], "DeploymentList");
  EXPECT_EQ(list["apiVersion"], "apps/v1");
  EXPECT_EQ(Names(list), std::vector<std::string>{"default/web"});
}

TEST_P(ListTest, EmptyListHasAnEmptyItemsArray) {  // R6.1
  const Response response = Send("GET", "/api/v1/namespaces/default/secrets");
  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json list = Json(response);
  ASSERT_TRUE(list["items"].is_array()) << response.body;
  EXPECT_TRUE(list["items"].empty());
  EXPECT_NE(response.body.find("\"items\":[]"), std::string::npos) << response.body;
}

TEST_P(ListTest, ListBodyIsTheCompactJsonDumpOfTheListObject) {  // R6.1
  // A built-in list is written straight from the stored objects (list_json_encoder.h): its bytes
  // must be exactly the compact dump of the list object, escapes, non-ASCII text and a page's
  // continue metadata included.
  Expect(
      201, "POST", kConfigMaps,
      {{"metadata", {{"name", "a"}, {"labels", {{"app", "web"}}}}},
       {"data", {{"quote", "say \"hi\"\n"}, {"accent", "caf\u00e9 \u2615"}, {"path", "a/b\\c"}}}});
  CreateConfigMap("default", "b");
  for (const Query& query : {Query{}, Query{{"limit", "1"}}}) {
    const Response response = Send("GET", kConfigMaps, nullptr, query);
    ASSERT_EQ(response.status, 200) << response.body;
    const nlohmann::json list = Json(response);
    ASSERT_EQ(list["kind"], "ConfigMapList") << response.body;
    EXPECT_EQ(response.body, list.dump() + "\n");
  }
}

TEST_P(ListTest, ALargeListHasTheEngineBytesOnBothDoors) {  // R6.1
  // Over HTTP a list body over 128 KiB is streamed piece by piece (list_body_stream.h); its bytes
  // are the ones the engine answers in-process as one body.
  for (int i = 0; i < 100; ++i) {
    Expect(201, "POST", kConfigMaps,
           {{"metadata", {{"name", "cm-" + std::to_string(i)}}},
            {"data", {{"k", std::string(2000, 'a' + i % 26)}}}});
  }
  for (const Query& query : {Query{}, Query{{"limit", "80"}}}) {
    const Response response = Send("GET", kConfigMaps, nullptr, query);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_GT(response.body.size(), 128u * 1024);
    Request request;
    request.method = "GET";
    request.path = kConfigMaps;
    request.query = query;
    EXPECT_EQ(response.body, server_->Handle(request).body);
    const nlohmann::json list = Json(response);
    EXPECT_EQ(list["items"].size(), query.empty() ? 100u : 80u);
    EXPECT_EQ(response.body, list.dump() + "\n");
  }
}

TEST_P(ListTest, ARepeatedListShowsEveryWriteBetweenItsReads) {  // R6.1, R6.3
  // The storage keeps items as bytes (stored_object.h); an update, a delete and a
  // create in between must all show in the next LIST, byte for byte its list object's dump.
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  nlohmann::json before = List(kConfigMaps);
  ASSERT_EQ(Names(before), (std::vector<std::string>{"default/a", "default/b"}));
  nlohmann::json a = Expect(200, "GET", std::string(kConfigMaps) + "/a");
  a["data"] = {{"changed", "yes"}};
  Update(a);
  Expect(200, "DELETE", std::string(kConfigMaps) + "/b");
  CreateConfigMap("default", "c");
  const Response response = Send("GET", kConfigMaps);
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json after = Json(response);
  EXPECT_EQ(Names(after), (std::vector<std::string>{"default/a", "default/c"}));
  EXPECT_EQ(after["items"][0]["data"], (nlohmann::json{{"changed", "yes"}}));
  EXPECT_GT(Rv(after["items"][0]), Rv(before["items"][0]));
  EXPECT_EQ(response.body, after.dump() + "\n");
}

TEST_P(ListTest, GetBodyIsTheCompactJsonDumpOfTheObject) {  // R6.2
  // A built-in object is written straight from the stored one too, with the endpoint's
  // apiVersion and kind in their sorted places among its members.
  Expect(201, "POST", kConfigMaps,
         {{"metadata", {{"name", "a"}}},
          {"binaryData", {{"b", "AAE="}}},
          {"immutable", false},
          {"data", {{"quote", "say \"hi\"\n"}, {"accent", "caf\u00e9 \u2615"}}}});
  const Response response = Send("GET", std::string(kConfigMaps) + "/a");
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json object = Json(response);
  EXPECT_EQ(object["apiVersion"], "v1");
  EXPECT_EQ(object["kind"], "ConfigMap");
  EXPECT_EQ(object["data"]["accent"], "caf\u00e9 \u2615");
  EXPECT_EQ(response.body, object.dump() + "\n");
}

TEST_P(ListTest, ListOfAMissingNamespaceIsAnEmptyList) {  // R6.1, R7.12
  nlohmann::json list = List("/api/v1/namespaces/nope/configmaps");
  EXPECT_EQ(list["kind"], "ConfigMapList");
  EXPECT_TRUE(list["items"].is_array());
  EXPECT_TRUE(list["items"].empty());
}

TEST_P(ListTest, ItemsAreSortedByNamespaceThenNameAcrossAllNamespaces) {  // R6.1
  CreateNamespace("zeta");
  CreateNamespace("alpha");
  CreateConfigMap("zeta", "a");
  CreateConfigMap("default", "c");
  CreateConfigMap("alpha", "b");
  CreateConfigMap("alpha", "a");
  CreateConfigMap("default", "a-b");
  CreateConfigMap("default", "a");
  nlohmann::json list = List("/api/v1/configmaps");
  EXPECT_EQ(Names(list), (std::vector<std::string>{"alpha/a", "alpha/b", "default/a", "default/a-b",
                                                   "default/c", "zeta/a"}));
  EXPECT_EQ(list["kind"], "ConfigMapList");
}

TEST_P(ListTest, NamespacedListSeesOnlyItsNamespace) {  // R1.2
  CreateNamespace("default2");
  CreateNamespace("defaul");
  CreateConfigMap("default2", "x");
  CreateConfigMap("defaul", "y");
  CreateConfigMap("default", "z");
  EXPECT_EQ(Names(List(kConfigMaps)), std::vector<std::string>{"default/z"});
  EXPECT_EQ(Names(List("/api/v1/namespaces/default2/configmaps")),
            std::vector<std::string>{"default2/x"});
}

TEST_P(ListTest, ClusterScopedListHasNoNamespaces) {  // R6.1
  nlohmann::json list = List("/api/v1/namespaces");
  EXPECT_EQ(list["kind"], "NamespaceList");
  EXPECT_EQ(Names(list), (std::vector<std::string>{"/default", "/kube-node-lease", "/kube-public",
                                                   "/kube-system"}));
}

// --- R6.9, R6.10: label selectors -----------------------------------------------------------

TEST_P(ListTest, LabelSelectorsFilterWithEveryOperator) {  // R6.9
  CreateConfigMap("default", "a", {{"app", "web"}, {"tier", "fe"}});
  CreateConfigMap("default", "b", {{"app", "db"}});
  CreateConfigMap("default", "c");
  CreateConfigMap("default", "d", {{"app", ""}, {"n", "7"}});
  struct Case {
    std::string selector;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"", {"default/a", "default/b", "default/c", "default/d"}},
      {"app=web", {"default/a"}},
      {"app==web", {"default/a"}},
      {"app=", {"default/d"}},
      {"app in ()", {"default/d"}},  // `()` is the one value "", as labels.Parse reads it
      {"app!=web", {"default/b", "default/c", "default/d"}},
      {"app in (web,db)", {"default/a", "default/b"}},
      {"app notin (web)", {"default/b", "default/c", "default/d"}},
      {"app", {"default/a", "default/b", "default/d"}},
      {"!app", {"default/c"}},
      {"app,tier=fe", {"default/a"}},
      {"app=web,tier!=fe", {}},
      {"n>5", {"default/d"}},
      {" app = db ", {"default/b"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("labelSelector=" + c.selector);
    EXPECT_EQ(Names(List(kConfigMaps, {{"labelSelector", c.selector}})), c.names);
  }
}

TEST_P(ListTest, BadLabelSelectorIsABadRequestWithTheParsersMessage) {  // R6.10
  for (const std::string selector :
       {"app=a b", "app=(", "a b", "app in (x", "app in (a b)", "app=web,", "!app=x"}) {
    SCOPED_TRACE(selector);
    const Result<api::LabelSelector> parsed = api::LabelSelector::Parse(selector);
    ASSERT_FALSE(parsed.has_value());
    nlohmann::json status = Expect(400, "GET", kConfigMaps, nullptr, {{"labelSelector", selector}});
    EXPECT_EQ(status["kind"], "Status");
    EXPECT_EQ(status["reason"], "BadRequest");
    EXPECT_EQ(status["message"], parsed.error().message());
  }
}

// --- R6.8, R6.11, R6.12: field selectors ----------------------------------------------------

TEST_P(ListTest, FieldSelectorsOnNameAndNamespaceWorkForEveryResource) {  // R6.8, R6.12
  CreateNamespace("other");
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  CreateConfigMap("other", "a");
  EXPECT_EQ(Names(List(kConfigMaps, {{"fieldSelector", "metadata.name=a"}})),
            std::vector<std::string>{"default/a"});
  EXPECT_EQ(Names(List(kConfigMaps, {{"fieldSelector", "metadata.name==b"}})),
            std::vector<std::string>{"default/b"});
  EXPECT_EQ(Names(List(kConfigMaps, {{"fieldSelector", "metadata.name=zz"}})),
            std::vector<std::string>{});
  EXPECT_EQ(Names(List(kConfigMaps, {{"fieldSelector", "metadata.name!=a"}})),
            std::vector<std::string>{"default/b"});
  EXPECT_EQ(Names(List("/api/v1/configmaps", {{"fieldSelector", "metadata.namespace=other"}})),
            std::vector<std::string>{"other/a"});
  EXPECT_EQ(Names(List("/api/v1/configmaps",
                       {{"fieldSelector", "metadata.namespace!=other,metadata.name=a"}})),
            std::vector<std::string>{"default/a"});
  EXPECT_EQ(Names(List("/api/v1/namespaces", {{"fieldSelector", "metadata.name=other"}})),
            std::vector<std::string>{"/other"});
  Expect(201, "POST", "/api/v1/namespaces/default/secrets", {{"metadata", {{"name", "s"}}}});
  EXPECT_EQ(Names(List("/api/v1/namespaces/default/secrets",
                       {{"fieldSelector", "metadata.namespace=default"}})),
            std::vector<std::string>{"default/s"});
}

TEST_P(ListTest, PodFieldSelectorsUseNodeNameAndPhase) {  // R6.12
  auto pod = [](const std::string& name, const std::string& node) {
    nlohmann::json spec = {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}};
    if (!node.empty()) spec["nodeName"] = node;
    return nlohmann::json{{"metadata", {{"name", name}}}, {"spec", spec}};
  };
  Expect(201, "POST", "/api/v1/namespaces/default/pods", pod("p1", "node-1"));
  Expect(201, "POST", "/api/v1/namespaces/default/pods", pod("p2", "node-2"));
  Expect(201, "POST", "/api/v1/namespaces/default/pods", pod("p3", ""));
  // The kubelet's phase change goes through the status subresource (R3.3).
  nlohmann::json p2 = Expect(200, "GET", "/api/v1/namespaces/default/pods/p2");
  p2["status"]["phase"] = "Running";
  Expect(200, "PUT", "/api/v1/namespaces/default/pods/p2/status", p2);
  const std::string pods = "/api/v1/namespaces/default/pods";
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "spec.nodeName=node-1"}})),
            std::vector<std::string>{"default/p1"});
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "spec.host=node-2"}})),
            std::vector<std::string>{"default/p2"});
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "spec.nodeName="}})),
            std::vector<std::string>{"default/p3"});
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "spec.nodeName!="}})),
            (std::vector<std::string>{"default/p1", "default/p2"}));
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "status.phase=Running"}})),
            std::vector<std::string>{"default/p2"});
  EXPECT_EQ(Names(List(pods, {{"fieldSelector", "status.phase=Pending"}})),
            (std::vector<std::string>{"default/p1", "default/p3"}));
  EXPECT_EQ(Names(List("/api/v1/pods",
                       {{"fieldSelector", "status.phase!=Running,spec.nodeName=node-1"}})),
            std::vector<std::string>{"default/p1"});
}

TEST_P(ListTest, UnsupportedFieldIsABadRequestWithTheTypesMessage) {  // R6.12
  nlohmann::json status = Expect(400, "GET", "/api/v1/namespaces/default/pods", nullptr,
                                 {{"fieldSelector", "spec.foo=x"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"], "field label not supported: spec.foo");
  status = Expect(400, "GET", kConfigMaps, nullptr, {{"fieldSelector", "spec.foo=x"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"],
            "\"spec.foo\" is not a known field selector: only \"metadata.name\", "
            "\"metadata.namespace\"");
}

TEST_P(ListTest, FieldSelectorWithoutAnOperatorIsABadRequest) {  // R6.11
  nlohmann::json status =
      Expect(400, "GET", kConfigMaps, nullptr, {{"fieldSelector", "metadata.name=a,foo"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"], "invalid selector: 'metadata.name=a,foo'; can't understand 'foo'");
}

// --- R6.5-R6.7: paging ----------------------------------------------------------------------

TEST_P(ListTest, LimitAndContinuePageThroughEveryItemWithRemainingItemCount) {  // R6.5
  for (int i = 0; i < 5; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json first = List(kConfigMaps, {{"limit", "2"}});
  EXPECT_EQ(Names(first), (std::vector<std::string>{"default/c0", "default/c1"}));
  ASSERT_TRUE(first["metadata"].contains("continue")) << first;
  EXPECT_FALSE(first["metadata"]["continue"].get<std::string>().empty());
  EXPECT_EQ(first["metadata"]["remainingItemCount"], 3);

  nlohmann::json second =
      List(kConfigMaps, {{"limit", "2"}, {"continue", first["metadata"]["continue"]}});
  EXPECT_EQ(Names(second), (std::vector<std::string>{"default/c2", "default/c3"}));
  EXPECT_EQ(second["metadata"]["remainingItemCount"], 1);
  EXPECT_EQ(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);

  // The limit may change between pages.
  nlohmann::json third =
      List(kConfigMaps, {{"limit", "5"}, {"continue", second["metadata"]["continue"]}});
  EXPECT_EQ(Names(third), std::vector<std::string>{"default/c4"});
  EXPECT_FALSE(third["metadata"].contains("continue")) << third;
  EXPECT_FALSE(third["metadata"].contains("remainingItemCount")) << third;
  EXPECT_EQ(third["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);
}

TEST_P(ListTest, ALimitEqualToTheItemCountGivesOnePage) {  // R6.5
  for (int i = 0; i < 3; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json list = List(kConfigMaps, {{"limit", "3"}});
  EXPECT_EQ(list["items"].size(), 3u);
  EXPECT_FALSE(list["metadata"].contains("continue")) << list;
  EXPECT_FALSE(list["metadata"].contains("remainingItemCount")) << list;
}

TEST_P(ListTest, ContinueTokenIsUnpaddedBase64Url) {  // R6.5 (kubectl --chunk-size)
  for (int i = 0; i < 3; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  const std::string token = List(kConfigMaps, {{"limit", "1"}})["metadata"]["continue"];
  for (char c : token) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << token;
  }
}

TEST_P(ListTest, EveryPageIsServedAtTheFirstPagesResourceVersion) {  // R6.5, R6.6
  for (int i = 0; i < 4; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json first = List(kConfigMaps, {{"limit", "2"}});
  ASSERT_EQ(Names(first), (std::vector<std::string>{"default/c0", "default/c1"}));

  // Writes between the pages: none of them may show in the later pages.
  nlohmann::json c2 = Expect(200, "GET", std::string(kConfigMaps) + "/c2");
  nlohmann::json c2_before = c2;
  c2["data"]["k"] = "changed";
  Update(c2);
  Expect(200, "DELETE", std::string(kConfigMaps) + "/c3");
  CreateConfigMap("default", "c1a");
  CreateConfigMap("default", "c9");

  nlohmann::json second =
      List(kConfigMaps, {{"limit", "10"}, {"continue", first["metadata"]["continue"]}});
  EXPECT_EQ(Names(second), (std::vector<std::string>{"default/c2", "default/c3"}));
  EXPECT_EQ(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);
  ASSERT_EQ(second["items"].size(), 2u);
  EXPECT_EQ(second["items"][0]["data"]["k"], "v");
  EXPECT_EQ(second["items"][0]["metadata"]["resourceVersion"],
            c2_before["metadata"]["resourceVersion"]);
  EXPECT_FALSE(second["metadata"].contains("continue"));

  // A new list sees the writes.
  EXPECT_EQ(Names(List(kConfigMaps)),
            (std::vector<std::string>{"default/c0", "default/c1", "default/c1a", "default/c2",
                                      "default/c9"}));
}

TEST_P(ListTest, PagingWithSelectorsOmitsRemainingItemCountAndFindsEveryMatch) {  // R6.5
  for (int i = 0; i < 10; ++i) {
    CreateConfigMap("default", "c" + std::to_string(i), {{"parity", i % 2 == 0 ? "even" : "odd"}});
  }
  nlohmann::json first = List(kConfigMaps, {{"limit", "2"}, {"labelSelector", "parity=odd"}});
  EXPECT_TRUE(first["metadata"].contains("continue")) << first;
  EXPECT_FALSE(first["metadata"].contains("remainingItemCount")) << first;
  nlohmann::json by_field =
      List(kConfigMaps, {{"limit", "2"}, {"fieldSelector", "metadata.name!=c0"}});
  EXPECT_TRUE(by_field["metadata"].contains("continue")) << by_field;
  EXPECT_FALSE(by_field["metadata"].contains("remainingItemCount")) << by_field;

  EXPECT_EQ(ListAllPages(kConfigMaps, 2, {{"labelSelector", "parity=odd"}}),
            (std::vector<std::string>{"default/c1", "default/c3", "default/c5", "default/c7",
                                      "default/c9"}));
  EXPECT_EQ(ListAllPages(kConfigMaps, 3, {{"fieldSelector", "metadata.name!=c4"}}).size(), 9u);
}

TEST_P(ListTest, PagingWorksAcrossAllNamespaces) {  // R6.5
  CreateNamespace("b-ns");
  CreateNamespace("a-ns");
  for (const char* ns : {"default", "b-ns", "a-ns"}) {
    for (int i = 0; i < 3; ++i) CreateConfigMap(ns, "c" + std::to_string(i));
  }
  const std::vector<std::string> all = Names(List("/api/v1/configmaps"));
  ASSERT_EQ(all.size(), 9u);
  for (int limit : {1, 2, 4, 9, 10}) {
    SCOPED_TRACE(limit);
    EXPECT_EQ(ListAllPages("/api/v1/configmaps", limit), all);
  }
}

TEST_P(ListTest, NegativeOrZeroLimitMeansNoLimit) {  // R6.5 (request_options Fidelity)
  for (int i = 0; i < 3; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  for (const char* limit : {"-1", "0"}) {
    SCOPED_TRACE(limit);
    nlohmann::json list = List(kConfigMaps, {{"limit", limit}});
    EXPECT_EQ(list["items"].size(), 3u);
    EXPECT_FALSE(list["metadata"].contains("continue"));
  }
}

TEST_P(ListTest, NonNumericLimitIsABadRequest) {  // R6.4
  nlohmann::json status = Expect(400, "GET", kConfigMaps, nullptr, {{"limit", "abc"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"], "strconv.ParseInt: parsing \"abc\": invalid syntax");
}

TEST_P(ListTest, ExpiredContinueTokenIs410WithAnInconsistentContinueToken) {  // R6.7
  for (int i = 0; i < 4; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json first = List(kConfigMaps, {{"limit", "2"}});
  ASSERT_EQ(Names(first), (std::vector<std::string>{"default/c0", "default/c1"}));
  CreateConfigMap("default", "c1a");
  Expect(200, "DELETE", std::string(kConfigMaps) + "/c3");
  server_->storage().Compact(server_->storage().CurrentRevision());

  nlohmann::json status = Expect(410, "GET", kConfigMaps, nullptr,
                                 {{"limit", "2"}, {"continue", first["metadata"]["continue"]}});
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["reason"], "Expired");
  EXPECT_EQ(status["code"], 410);
  EXPECT_EQ(status["message"], kContinueTooOld);
  ASSERT_TRUE(status["metadata"].contains("continue")) << status;
  const std::string inconsistent = status["metadata"]["continue"];
  ASSERT_FALSE(inconsistent.empty());

  // The new token continues after the last key of the first page, at the latest revision.
  nlohmann::json rest = List(kConfigMaps, {{"limit", "10"}, {"continue", inconsistent}});
  EXPECT_EQ(Names(rest), (std::vector<std::string>{"default/c1a", "default/c2"}));
  EXPECT_EQ(rest["metadata"]["resourceVersion"],
            std::to_string(server_->storage().CurrentRevision()));
}

TEST_P(ListTest, AContinueTokenOfAnInconsistentListPagesAtItsOwnRevision) {  // R6.7
  for (int i = 0; i < 6; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json first = List(kConfigMaps, {{"limit", "1"}});
  CreateConfigMap("default", "c0a");
  server_->storage().Compact(server_->storage().CurrentRevision());
  const std::string inconsistent =
      Expect(410, "GET", kConfigMaps, nullptr,
             {{"continue", first["metadata"]["continue"]}})["metadata"]["continue"];
  nlohmann::json second = List(kConfigMaps, {{"limit", "2"}, {"continue", inconsistent}});
  EXPECT_EQ(Names(second), (std::vector<std::string>{"default/c0a", "default/c1"}));
  const std::string second_rv = second["metadata"]["resourceVersion"];
  CreateConfigMap("default", "c1a");
  nlohmann::json third =
      List(kConfigMaps, {{"limit", "10"}, {"continue", second["metadata"]["continue"]}});
  EXPECT_EQ(Names(third),
            (std::vector<std::string>{"default/c2", "default/c3", "default/c4", "default/c5"}));
  EXPECT_EQ(third["metadata"]["resourceVersion"], second_rv);
}

TEST_P(ListTest, GarbageContinueTokensAreBadRequests) {  // R6.5
  auto message = [&](const std::string& token) {
    nlohmann::json status = Expect(400, "GET", kConfigMaps, nullptr, {{"continue", token}});
    EXPECT_EQ(status["reason"], "BadRequest") << token;
    return status.value("message", "");
  };
  // base64url without padding of JSON texts.
  auto encode = [](const std::string& text) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : text) {
      buffer = (buffer << 8) | c;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += kAlphabet[(buffer >> bits) & 63];
      }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
    return out;
  };
  // Go's base64 and encoding/json texts.
  EXPECT_EQ(message("ab!d"),
            "invalid continue token: continue key is not valid: illegal base64 data at input "
            "byte 2");
  EXPECT_EQ(message("abcde"),
            "invalid continue token: continue key is not valid: illegal base64 data at input "
            "byte 4");
  EXPECT_EQ(message(encode("garbage")),
            "invalid continue token: continue key is not valid: invalid character 'g' looking "
            "for beginning of value");
  EXPECT_TRUE(message(encode("{\"v\":"))
                  .starts_with("invalid continue token: continue key is not valid: "));
  EXPECT_EQ(message(encode(R"({"v":1,"rv":1,"start":"a"})")),
            "invalid continue token: continue key is not valid: json: cannot unmarshal number 1 "
            "into Go struct field continueToken.v of type string");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v1","rv":"1","start":"a"})")),
            "invalid continue token: continue key is not valid: json: cannot unmarshal string "
            "into Go struct field continueToken.rv of type int64");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v1","rv":1.5,"start":"a"})")),
            "invalid continue token: continue key is not valid: json: cannot unmarshal number "
            "1.5 into Go struct field continueToken.rv of type int64");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v1","rv":1,"start":5})")),
            "invalid continue token: continue key is not valid: json: cannot unmarshal number 5 "
            "into Go struct field continueToken.start of type string");
  EXPECT_EQ(message(encode("[1]")),
            "invalid continue token: continue key is not valid: json: cannot unmarshal array "
            "into Go value of type storage.continueToken");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v2","rv":1,"start":"a"})")),
            "invalid continue token: continue key is not valid: server does not recognize this "
            "encoded version \"meta.k8s.io/v2\"");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v1","rv":0,"start":"a"})")),
            "invalid continue token: continue key is not valid: incorrect encoded start "
            "resourceVersion (version meta.k8s.io/v1)");
  EXPECT_EQ(message(encode(R"({"v":"meta.k8s.io/v1","rv":1,"start":""})")),
            "invalid continue token: continue key is not valid: encoded start key empty "
            "(version meta.k8s.io/v1)");
  EXPECT_TRUE(message(encode(R"({"v":"meta.k8s.io/v1","rv":1,"start":"default/../../secrets/x"})"))
                  .starts_with("invalid continue token: continue key is not valid"));
  // A well-formed token works; names may hold "..", as path segment names (roles) do.
  const std::string roles = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles";
  Expect(201, "POST", roles, {{"metadata", {{"name", "a..b"}}}});
  Expect(201, "POST", roles, {{"metadata", {{"name", "b"}}}});
  nlohmann::json first = List(roles, {{"limit", "1"}});
  EXPECT_EQ(Names(first), std::vector<std::string>{"default/a..b"});
  EXPECT_EQ(Names(List(roles, {{"continue", first["metadata"]["continue"]}})),
            std::vector<std::string>{"default/b"});
  EXPECT_EQ(Names(List(roles, {{"continue", encode(R"({"v":"meta.k8s.io/v1","rv":-1,)"
                                                   R"("start":"a..b\u0000"})")}})),
            std::vector<std::string>{"default/b"});
}

TEST_P(ListTest, ContinueWithAResourceVersionIsABadRequest) {  // R6.4
  for (int i = 0; i < 3; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  nlohmann::json first = List(kConfigMaps, {{"limit", "1"}});
  const std::string token = first["metadata"]["continue"];
  nlohmann::json status =
      Expect(400, "GET", kConfigMaps, nullptr,
             {{"continue", token}, {"resourceVersion", first["metadata"]["resourceVersion"]}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"], "specifying resource version is not allowed when using continue");
  // "0" is allowed with continue.
  EXPECT_EQ(Names(List(kConfigMaps, {{"continue", token}, {"resourceVersion", "0"}})),
            (std::vector<std::string>{"default/c1", "default/c2"}));
}

// --- R6.3: resourceVersion ------------------------------------------------------------------

TEST_P(ListTest, ResourceVersionSemantics) {  // R6.3
  nlohmann::json a = CreateConfigMap("default", "a");
  const std::string at_a = a["metadata"]["resourceVersion"];
  nlohmann::json a_modified = a;
  a_modified["data"]["k"] = "changed";
  Update(a_modified);
  CreateConfigMap("default", "b");
  const std::string current = std::to_string(server_->storage().CurrentRevision());

  // "0" and "<n>" without a limit: the latest state.
  for (const Query& query :
       std::vector<Query>{{{"resourceVersion", "0"}},
                          {{"resourceVersion", at_a}},
                          {{"resourceVersion", at_a}, {"resourceVersionMatch", "NotOlderThan"}},
                          {{"resourceVersion", "0"}, {"resourceVersionMatch", "NotOlderThan"}}}) {
    SCOPED_TRACE(testing::PrintToString(query));
    nlohmann::json list = List(kConfigMaps, query);
    EXPECT_EQ(list["metadata"]["resourceVersion"], current);
    EXPECT_EQ(Names(list), (std::vector<std::string>{"default/a", "default/b"}));
    EXPECT_EQ(list["items"][0]["data"]["k"], "changed");
  }
  // Exact, and "<n>" with a limit (legacy paging rule): exactly n.
  for (const Query& query :
       std::vector<Query>{{{"resourceVersion", at_a}, {"resourceVersionMatch", "Exact"}},
                          {{"resourceVersion", at_a}, {"limit", "10"}}}) {
    SCOPED_TRACE(testing::PrintToString(query));
    nlohmann::json list = List(kConfigMaps, query);
    EXPECT_EQ(list["metadata"]["resourceVersion"], at_a);
    EXPECT_EQ(Names(list), std::vector<std::string>{"default/a"});
    EXPECT_EQ(list["items"][0]["data"]["k"], "v");
    EXPECT_EQ(list["items"][0]["metadata"]["resourceVersion"], at_a);
  }
  // Paging an exact list stays at n.
  nlohmann::json page = List(kConfigMaps, {{"resourceVersion", current}, {"limit", "1"}});
  CreateConfigMap("default", "c");
  EXPECT_EQ(Names(List(kConfigMaps, {{"continue", page["metadata"]["continue"]}})),
            std::vector<std::string>{"default/b"});
}

TEST_P(ListTest, FutureResourceVersionIs504TooLarge) {  // R6.3, R5.14
  CreateConfigMap("default", "a");
  const int64_t current = server_->storage().CurrentRevision();
  const std::string future = std::to_string(current + 100);
  for (const Query& query :
       std::vector<Query>{{{"resourceVersion", future}},
                          {{"resourceVersion", future}, {"resourceVersionMatch", "NotOlderThan"}},
                          {{"resourceVersion", future}, {"resourceVersionMatch", "Exact"}},
                          {{"resourceVersion", future}, {"limit", "1"}}}) {
    SCOPED_TRACE(testing::PrintToString(query));
    nlohmann::json status = Expect(504, "GET", kConfigMaps, nullptr, query);
    EXPECT_EQ(status["reason"], "Timeout");
    EXPECT_EQ(status["message"], "Timeout: Too large resource version: " + future +
                                     ", current: " + std::to_string(current));
    ASSERT_TRUE(status["details"]["causes"].is_array()) << status;
    EXPECT_EQ(status["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
  }
}

TEST_P(ListTest, CompactedExactResourceVersionIs410) {  // R6.3
  const std::string old = CreateConfigMap("default", "a")["metadata"]["resourceVersion"];
  CreateConfigMap("default", "b");
  server_->storage().Compact(server_->storage().CurrentRevision());
  for (const Query& query :
       std::vector<Query>{{{"resourceVersion", old}, {"resourceVersionMatch", "Exact"}},
                          {{"resourceVersion", old}, {"limit", "5"}}}) {
    SCOPED_TRACE(testing::PrintToString(query));
    nlohmann::json status = Expect(410, "GET", kConfigMaps, nullptr, query);
    EXPECT_EQ(status["reason"], "Expired");
    EXPECT_EQ(status["message"], "The resourceVersion for the provided list is too old.");
  }
  // NotOlderThan a compacted revision is still served, from the latest state.
  EXPECT_EQ(Names(List(kConfigMaps, {{"resourceVersion", old}})),
            (std::vector<std::string>{"default/a", "default/b"}));
}

TEST_P(ListTest, InvalidResourceVersionIsRejected) {  // R6.3, request_options Fidelity
  nlohmann::json status = Expect(500, "GET", kConfigMaps, nullptr, {{"resourceVersion", "abc"}});
  EXPECT_EQ(status["message"],
            "resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": "
            "invalid syntax");
  status = Expect(400, "GET", kConfigMaps, nullptr, {{"resourceVersion", "abc"}, {"limit", "1"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(status["message"],
            "invalid resource version: resourceVersion: Invalid value: \"abc\": "
            "strconv.ParseUint: parsing \"abc\": invalid syntax");
}

// --- R6.4: options validation ---------------------------------------------------------------

TEST_P(ListTest, InvalidListOptionsAre422) {  // R6.4
  struct Case {
    Query query;
    std::string cause;
  };
  const std::vector<Case> cases = {
      {{{"resourceVersionMatch", "Exact"}},
       "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
       "resourceVersion is provided"},
      {{{"resourceVersionMatch", "NotOlderThan"}, {"resourceVersion", "0"}, {"continue", "!!"}},
       "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is "
       "provided"},
      {{{"resourceVersionMatch", "Newest"}, {"resourceVersion", "1"}},
       "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", "
       "\"NotOlderThan\", \"\""},
      {{{"resourceVersionMatch", "Exact"}, {"resourceVersion", "0"}},
       "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for "
       "resourceVersion \"0\""},
      {{{"sendInitialEvents", "true"}},
       "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.query));
    nlohmann::json status = Expect(422, "GET", kConfigMaps, nullptr, c.query);
    EXPECT_EQ(status["reason"], "Invalid");
    EXPECT_EQ(status["message"], "ListOptions.meta.k8s.io \"\" is invalid: " + c.cause);
    EXPECT_EQ(status["details"]["group"], "meta.k8s.io");
    EXPECT_EQ(status["details"]["kind"], "ListOptions");
  }
}

TEST_P(ListTest, OptionsAreCheckedInTheHandlersOrder) {  // R6.4, R6.10, R6.12
  // Selector syntax (decoding) before validation, validation before field labels.
  EXPECT_EQ(Expect(400, "GET", kConfigMaps, nullptr,
                   {{"labelSelector", "a b"}, {"resourceVersionMatch", "Exact"}})["reason"],
            "BadRequest");
  EXPECT_EQ(Expect(400, "GET", kConfigMaps, nullptr,
                   {{"fieldSelector", "nonsense"}, {"resourceVersionMatch", "Exact"}})["reason"],
            "BadRequest");
  EXPECT_EQ(Expect(422, "GET", kConfigMaps, nullptr,
                   {{"fieldSelector", "spec.foo=x"}, {"resourceVersionMatch", "Exact"}})["reason"],
            "Invalid");
  EXPECT_EQ(Expect(400, "GET", kConfigMaps, nullptr,
                   {{"labelSelector", "a b"}, {"limit", "x"}})["message"],
            api::LabelSelector::Parse("a b").error().message());
}

// --- R1.7: deletecollection ---------------------------------------------------------------

TEST_P(DeleteCollectionTest, DeletesOnlyLabelMatchesAndAnswersThePreDeletionList) {  // R1.7
  CreateNamespace("other");
  nlohmann::json a = CreateConfigMap("default", "a", {{"app", "web"}});
  nlohmann::json b = CreateConfigMap("default", "b", {{"app", "web"}});
  CreateConfigMap("default", "c", {{"app", "db"}});
  CreateConfigMap("other", "a", {{"app", "web"}});

  nlohmann::json list = Expect(200, "DELETE", kConfigMaps, nullptr, {{"labelSelector", "app=web"}});
  EXPECT_EQ(list["kind"], "ConfigMapList");
  EXPECT_EQ(list["apiVersion"], "v1");
  EXPECT_EQ(Names(list), (std::vector<std::string>{"default/a", "default/b"}));
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][0]["metadata"]["resourceVersion"], a["metadata"]["resourceVersion"]);
  EXPECT_EQ(list["items"][1]["metadata"]["uid"], b["metadata"]["uid"]);
  EXPECT_FALSE(list["items"][0]["metadata"].contains("deletionTimestamp"));

  Expect(404, "GET", std::string(kConfigMaps) + "/a");
  Expect(404, "GET", std::string(kConfigMaps) + "/b");
  Expect(200, "GET", std::string(kConfigMaps) + "/c");
  Expect(200, "GET", "/api/v1/namespaces/other/configmaps/a");
}

TEST_P(DeleteCollectionTest, FieldSelectorsChooseWhatIsDeleted) {  // R1.7, R6.13
  CreateConfigMap("default", "a");
  CreateConfigMap("default", "b");
  nlohmann::json list =
      Expect(200, "DELETE", kConfigMaps, nullptr, {{"fieldSelector", "metadata.name=b"}});
  EXPECT_EQ(Names(list), std::vector<std::string>{"default/b"});
  EXPECT_EQ(Names(List(kConfigMaps)), std::vector<std::string>{"default/a"});

  nlohmann::json status =
      Expect(400, "DELETE", kConfigMaps, nullptr, {{"fieldSelector", "spec.foo=x"}});
  EXPECT_EQ(status["reason"], "BadRequest");
  EXPECT_EQ(Names(List(kConfigMaps)), std::vector<std::string>{"default/a"});
}

TEST_P(DeleteCollectionTest, WithoutSelectorsEverythingInTheNamespaceGoes) {  // R1.7
  CreateNamespace("other");
  for (int i = 0; i < 5; ++i) CreateConfigMap("default", "c" + std::to_string(i));
  CreateConfigMap("other", "keep");
  EXPECT_EQ(Expect(200, "DELETE", kConfigMaps)["items"].size(), 5u);
  EXPECT_TRUE(List(kConfigMaps)["items"].empty());
  EXPECT_EQ(Names(List("/api/v1/configmaps")), std::vector<std::string>{"other/keep"});
  // Nothing left: an empty list, not an error.
  nlohmann::json empty = Expect(200, "DELETE", kConfigMaps);
  EXPECT_TRUE(empty["items"].is_array());
  EXPECT_TRUE(empty["items"].empty());
}

TEST_P(DeleteCollectionTest, ObjectsWithFinalizersAreMarkedAndStay) {  // R1.7, R4.3
  Expect(201, "POST", kConfigMaps,
         {{"metadata", {{"name", "kept"}, {"finalizers", {"example.com/hold"}}}}});
  CreateConfigMap("default", "gone");
  nlohmann::json list = Expect(200, "DELETE", kConfigMaps);
  EXPECT_EQ(Names(list), (std::vector<std::string>{"default/gone", "default/kept"}));
  for (const nlohmann::json& item : list["items"]) {
    EXPECT_FALSE(item["metadata"].contains("deletionTimestamp")) << "pre-deletion state";
  }
  nlohmann::json kept = Expect(200, "GET", std::string(kConfigMaps) + "/kept");
  EXPECT_TRUE(kept["metadata"].contains("deletionTimestamp")) << kept;
  EXPECT_EQ(kept["metadata"]["finalizers"], nlohmann::json::array({"example.com/hold"}));
  Expect(404, "GET", std::string(kConfigMaps) + "/gone");
}

TEST_P(DeleteCollectionTest, InvalidOptionsChangeNothing) {  // R1.7, R6.4
  CreateConfigMap("default", "a");
  Expect(400, "DELETE", kConfigMaps, nullptr, {{"labelSelector", "a b"}});
  Expect(422, "DELETE", kConfigMaps, nullptr, {{"resourceVersionMatch", "Exact"}});
  Expect(422, "DELETE", kConfigMaps, nullptr, {{"propagationPolicy", "Sideways"}});
  // The list options are checked before the DeleteOptions, as DeleteCollection does.
  EXPECT_EQ(Expect(422, "DELETE", kConfigMaps, nullptr,
                   {{"resourceVersionMatch", "Exact"},
                    {"propagationPolicy", "Sideways"}})["details"]["kind"],
            "ListOptions");
  EXPECT_EQ(Names(List(kConfigMaps)), std::vector<std::string>{"default/a"});
}

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ListTest);
KUBEFAKE_INSTANTIATE_ENGINE_TEST(DeleteCollectionTest);

}  // namespace
}  // namespace kubefake::fakeserver
