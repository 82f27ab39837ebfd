// Request::parsed_body: a body handed over as a JSON tree must be answered exactly as its compact
// dump sent as bytes is (R3.1 create, R3.2 update, R3.10 field validation), on every door; each
// case sends the tree to this test's engine and the dump to a twin engine in the same state.
#include <cmath>
#include <limits>

#include "engine_test.h"
#include "kubefake/api/body_tree.h"

namespace kubefake::fakeserver {
namespace {

class ParsedBodyTest : public EngineTest {
 protected:
  ParsedBodyTest()
      : twin_(std::make_unique<ApiServer>(TestOptions(twin_clock_))),
        twin_door_(GetParam().make(*twin_)) {}

  static Request Build(std::string method, std::string path, EngineTest::Query query,
                       std::string content_type) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.headers.Set("Content-Type", std::move(content_type));
    request.headers.Set("User-Agent", "engine-test/1.0 (linux/amd64) kubernetes/v1.33.1");
    return request;
  }

  // Sends `body` as a tree here and as its dump to the twin; expects the same status, Warning
  // headers and bytes, and returns the answer to the tree.
  Response ExpectSameAnswer(std::string method, std::string path, const nlohmann::json& body,
                            EngineTest::Query query = {},
                            std::string content_type = "application/json") {
    Request as_tree = Build(method, path, query, content_type);
    as_tree.parsed_body = std::make_shared<api::BodyTree>(body);
    Request as_bytes = Build(method, path, query, content_type);
    as_bytes.body = body.dump();
    Response tree_answer = door_->Send(as_tree);
    const Response bytes_answer = twin_door_->Send(as_bytes);
    EXPECT_EQ(tree_answer.status, bytes_answer.status) << method << " " << path;
    EXPECT_EQ(tree_answer.body, bytes_answer.body) << method << " " << path;
    EXPECT_EQ(tree_answer.headers.Get("Warning"), bytes_answer.headers.Get("Warning"));
    return tree_answer;
  }

  testkit::FakeClock twin_clock_;
  std::unique_ptr<ApiServer> twin_;
  std::unique_ptr<Door> twin_door_;
};

nlohmann::json SamplePod() {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", "web"}, {"labels", {{"app", "web"}}}}},
          {"spec",
           {{"terminationGracePeriodSeconds", 30},
            {"containers",
             {{{"name", "web"},
               {"image", "nginx"},
               {"ports", {{{"containerPort", 80}, {"protocol", "TCP"}}}},
               {"resources", {{"limits", {{"cpu", "500m"}}}}}}}}}}};
}

TEST_P(ParsedBodyTest, CreateAndUpdateAnswerAsTheirBytes) {  // R3.1 R3.2
  const Response created = ExpectSameAnswer("POST", kPods, SamplePod());
  ASSERT_EQ(created.status, 201) << created.body;
  nlohmann::json changed = Json(created);
  changed["metadata"]["labels"]["tier"] = "front";
  changed["spec"]["containers"][0]["image"] = "nginx:2";
  const Response updated = ExpectSameAnswer("PUT", std::string(kPods) + "/web", changed);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Json(updated)["spec"]["containers"][0]["image"], "nginx:2");
}

TEST_P(ParsedBodyTest, UnknownFieldsWarnOrFailAsForBytes) {  // R3.10
  nlohmann::json pod = SamplePod();
  pod["spec"]["bogus"] = true;
  const Response strict =
      ExpectSameAnswer("POST", kPods, pod, {{"fieldValidation", "Strict"}});
  EXPECT_EQ(strict.status, 400);
  EXPECT_NE(strict.body.find(R"(strict decoding error: unknown field \"spec.bogus\")"),
            std::string::npos)
      << strict.body;
  const Response warned = ExpectSameAnswer("POST", kPods, pod, {{"fieldValidation", "Warn"}});
  EXPECT_EQ(warned.status, 201);
  EXPECT_EQ(warned.headers.Get("Warning"), R"(299 - "unknown field \"spec.bogus\"")");
  EXPECT_FALSE(Json(warned)["spec"].contains("bogus"));
}

TEST_P(ParsedBodyTest, BodiesThatAreNotObjectsFailAsTheirBytes) {  // R3.1
  const Response list = ExpectSameAnswer("POST", kPods, nlohmann::json::array({1, 2}));
  EXPECT_EQ(list.status, 400);
  EXPECT_NE(list.body.find("cannot unmarshal array"), std::string::npos) << list.body;
  nlohmann::json wrong_version = SamplePod();
  wrong_version["apiVersion"] = "apps/v1";
  EXPECT_EQ(ExpectSameAnswer("POST", kPods, wrong_version).status, 400);
  nlohmann::json bad_type = SamplePod();
  bad_type["spec"]["terminationGracePeriodSeconds"] = "thirty";
  EXPECT_EQ(ExpectSameAnswer("POST", kPods, bad_type).status, 400);
}

TEST_P(ParsedBodyTest, NonFiniteNumbersArriveAsTheNullTheirDumpWrites) {  // R3.1
  nlohmann::json pod = SamplePod();
  pod["spec"]["activeDeadlineSeconds"] = std::numeric_limits<double>::quiet_NaN();
  const Response created = ExpectSameAnswer("POST", kPods, pod);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(Json(created)["spec"]["activeDeadlineSeconds"].is_null());
}

// The in-process door hands the tree over; a create keeps it as the object it stores, which only
// the sender can tell. An update reads it (a storage may run its update twice); a body refused
// before it is decoded is left.
TEST_P(ParsedBodyTest, ACreateTakesTheTreeAnUpdateOrARefusalLeavesIt) {  // R3.1 R3.2
  Request create = Build("POST", kPods, {}, "application/json");
  create.parsed_body = std::make_shared<api::BodyTree>(SamplePod());
  const Response created = door_->Send(create);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(create.parsed_body->taken(), HandsTreesOver());

  nlohmann::json changed = Json(created);
  changed["metadata"]["labels"]["tier"] = "front";
  Request update = Build("PUT", std::string(kPods) + "/web", {}, "application/json");
  update.parsed_body = std::make_shared<api::BodyTree>(changed);
  const Response updated = door_->Send(update);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_FALSE(update.parsed_body->taken());
  EXPECT_EQ(update.parsed_body->tree(), changed);

  const nlohmann::json not_an_object = nlohmann::json::array({1, 2});
  Request refused = Build("POST", kPods, {}, "application/json");
  refused.parsed_body = std::make_shared<api::BodyTree>(not_an_object);
  EXPECT_EQ(door_->Send(refused).status, 400);
  EXPECT_FALSE(refused.parsed_body->taken());
  EXPECT_EQ(refused.parsed_body->tree(), not_an_object);
}

TEST_P(ParsedBodyTest, OtherVerbsReadTheTreeAsBytes) {  // R3.3 R3.5
  ASSERT_EQ(ExpectSameAnswer("POST", kPods, SamplePod()).status, 201);
  const std::string path = std::string(kPods) + "/web";
  const Response patched =
      ExpectSameAnswer("PATCH", path, {{"metadata", {{"labels", {{"patched", "yes"}}}}}}, {},
                       "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["metadata"]["labels"]["patched"], "yes");
  const Response deleted =
      ExpectSameAnswer("DELETE", path, {{"kind", "DeleteOptions"}, {"apiVersion", "v1"},
                                        {"gracePeriodSeconds", 0}});
  EXPECT_EQ(deleted.status, 200) << deleted.body;
}

}  // namespace

KUBEFAKE_INSTANTIATE_ENGINE_TEST(ParsedBodyTest);

}  // namespace kubefake::fakeserver
