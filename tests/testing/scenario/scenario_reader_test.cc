// ScenarioReader: a file with every step kind reads into the model; every mistake is reported
// as `file:line: step N (name): message`.
#include "kubefake/testing/scenario/scenario_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace kubefake::testkit {
namespace {

using testing::HasSubstr;

constexpr char kHeader[] = R"(apiVersion: kubefake.dev/v1alpha1
kind: Scenario
metadata: {name: t}
)";

Result<Scenario> ParseBody(const std::string& body) {
  return ParseScenario(std::string(kHeader) + body, "dir/s.yaml");
}

TEST(ScenarioReaderTest, ReadsEveryStepKind) {
  Result<Scenario> scenario = ParseBody(R"(description: all of it
clock: {start: "2026-01-01T00:00:00Z"}
objects:
- {apiVersion: v1, kind: Namespace, metadata: {name: demo}}
steps:
- name: make it
  create: {apiVersion: v1, kind: ConfigMap, metadata: {generateName: c-, namespace: demo}}
- apply: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
  fieldManager: me
- update: {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: demo}}
  expectError: Conflict
- updateStatus: {apiVersion: apps/v1, kind: Deployment, metadata: {name: d, namespace: demo}}
- patch: {apiVersion: v1, kind: ConfigMap, namespace: demo, name: c, type: json,
          patch: [{op: add, path: /data, value: {}}]}
- delete: {apiVersion: v1, kind: Pod, namespace: demo, name: p, propagationPolicy: Foreground}
- advanceClock: 1h2m3.5s
- fault: {verb: watch, resource: pods, closeWatchAfter: 3, times: 2}
- fault: {verb: get, resource: deployments.apps/scale, user: bob, delay: 2s}
- fault: {verb: "*", resource: "*", throttle: {retryAfterSeconds: 4}}
- fault: {verb: update, resource: pods, fail: {code: 409, reason: Conflict, message: nope}}
- clearFaults: true
- waitFor: {object: {apiVersion: v1, kind: Pod, metadata: {name: p}}, timeout: 5s}
- waitFor: {absent: {apiVersion: v1, kind: Pod, namespace: demo, name: p}}
- expect:
    objects: [{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {nodeName: n}}]
    absent: [{apiVersion: v1, kind: Pod, name: q}]
    actions: [{verb: update, resource: pods, count: 1}, {resource: pods/status, min: 2, max: 3}, {verb: get}]
)");
  ASSERT_TRUE(scenario) << scenario.error().message();
  EXPECT_EQ(scenario->name, "t");
  EXPECT_EQ(scenario->description, "all of it");
  ASSERT_TRUE(scenario->clock_start);
  EXPECT_EQ(scenario->clock_start->time_since_epoch(), std::chrono::seconds(1'767'225'600));
  ASSERT_EQ(scenario->fixtures.size(), 1u);
  EXPECT_EQ(scenario->fixtures[0].Source(), "dir/s.yaml:7");
  const std::vector<Step>& steps = scenario->steps;
  ASSERT_EQ(steps.size(), 15u);
  EXPECT_EQ(steps[0].Label(), "step 1 (make it)");
  EXPECT_EQ(steps[0].Source(), "dir/s.yaml:9");
  EXPECT_EQ(steps[1].Label(), "step 2");
  EXPECT_EQ(std::get<ApplyStep>(steps[1].action).field_manager, "me");
  EXPECT_EQ(steps[2].expect_error, api::Reason::kConflict);
  EXPECT_FALSE(std::get<UpdateStep>(steps[2].action).status);
  EXPECT_TRUE(std::get<UpdateStep>(steps[3].action).status);
  EXPECT_EQ(std::get<PatchStep>(steps[4].action).content_type, "application/json-patch+json");
  EXPECT_EQ(std::get<DeleteStep>(steps[5].action).propagation_policy, "Foreground");
  EXPECT_EQ(std::get<AdvanceClockStep>(steps[6].action).duration,
            std::chrono::milliseconds(3'723'500));
  const fakeserver::FaultSpec& close = std::get<FaultStep>(steps[7].action).spec;
  EXPECT_EQ(close.times, 2);
  EXPECT_EQ(std::get<fakeserver::CloseWatchEffect>(*close.effect).frames, 3);
  const fakeserver::FaultSpec& delay = std::get<FaultStep>(steps[8].action).spec;
  EXPECT_EQ(delay.pattern.user, "bob");
  EXPECT_EQ(delay.pattern.subresource, "scale");
  EXPECT_EQ(std::get<fakeserver::DelayEffect>(*delay.effect).duration, std::chrono::seconds(2));
  EXPECT_EQ(std::get<fakeserver::ThrottleEffect>(*std::get<FaultStep>(steps[9].action).spec.effect)
                .retry_after_seconds,
            4);
  const api::Error& injected =
      std::get<fakeserver::FailEffect>(*std::get<FaultStep>(steps[10].action).spec.effect).error;
  EXPECT_EQ(injected.code(), 409);
  EXPECT_EQ(injected.reason(), api::Reason::kConflict);
  EXPECT_TRUE(std::holds_alternative<ClearFaultsStep>(steps[11].action));
  EXPECT_EQ(std::get<WaitForStep>(steps[12].action).timeout, std::chrono::seconds(5));
  EXPECT_EQ(std::get<WaitForStep>(steps[13].action).timeout, std::chrono::seconds(30));
  EXPECT_EQ(std::get<ObjectRef>(std::get<WaitForStep>(steps[13].action).condition).String(),
            "Pod demo/p");
  const ExpectStep& expect = std::get<ExpectStep>(steps[14].action);
  EXPECT_EQ(expect.objects.size(), 1u);
  EXPECT_EQ(expect.absent.size(), 1u);
  ASSERT_EQ(expect.actions.size(), 3u);
  EXPECT_EQ(expect.actions[0].count, 1);
  EXPECT_EQ(expect.actions[1].min, 2);
  EXPECT_EQ(expect.actions[1].max, 3);
  EXPECT_EQ(expect.actions[2].min, 1);  // no count, min or max: at least one
}

TEST(ScenarioReaderTest, ReadsFixtureFilesRelativeToTheScenario) {
  Result<Scenario> scenario =
      ReadScenario(KUBEFAKE_FIXTURES_DIR "/scenarios/garbage-collection.yaml");
  ASSERT_TRUE(scenario) << scenario.error().message();
  EXPECT_EQ(scenario->name, "garbage-collection");
  EXPECT_TRUE(scenario->AdvancesClock());
  // namespaces.yaml (2), web.yaml (8), then the inline ConfigMap.
  ASSERT_EQ(scenario->fixtures.size(), 11u);
  EXPECT_THAT(scenario->fixtures[0].file, HasSubstr("default/namespaces.yaml"));
  EXPECT_THAT(scenario->fixtures.back().Source(), HasSubstr("garbage-collection.yaml:14"));
}

TEST(ScenarioReaderTest, AMissingFileIsAnError) {
  Result<Scenario> scenario = ReadScenario("/nonexistent/s.yaml");
  ASSERT_FALSE(scenario);
  EXPECT_EQ(scenario.error().message(), "/nonexistent/s.yaml: cannot read the file");
}

struct BadCase {
  const char* name;
  const char* body;  // after the header (3 lines)
  const char* message;
};

void PrintTo(const BadCase& bad, std::ostream* os) { *os << bad.name; }

class ScenarioReaderErrorTest : public testing::TestWithParam<BadCase> {};

TEST_P(ScenarioReaderErrorTest, NamesFileLineAndStep) {
  Result<Scenario> scenario = ParseBody(GetParam().body);
  ASSERT_FALSE(scenario) << "accepted";
  EXPECT_EQ(scenario.error().reason(), api::Reason::kBadRequest);
  EXPECT_EQ(scenario.error().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ScenarioReaderErrorTest,
    testing::Values(
        BadCase{"UnknownTopLevelKey", "step: []\n",
                "dir/s.yaml:4: unknown key \"step\" in a Scenario (known keys: apiVersion, kind, "
                "metadata, description, clock, fixtures, objects, steps)"},
        BadCase{"NoSteps", "description: x\n",
                "dir/s.yaml:1: a Scenario needs a list of \"steps\""},
        BadCase{"BadYaml", "steps: [\n",
                "dir/s.yaml:5: error converting YAML to JSON: yaml: line 4: did not find "
                "expected ',' or ']'"},
        BadCase{"UnknownStepKey", "steps:\n- name: x\n  creat: {}\n",
                "dir/s.yaml:6: step 1 (x): unknown key \"creat\" (a step has name, "
                "fieldManager, expectError and one action: create, apply, update, "
                "updateStatus, patch, delete, advanceClock, fault, clearFaults, waitFor, "
                "expect)"},
        BadCase{"TwoActions",
                "steps:\n- advanceClock: 1s\n- name: both\n  clearFaults: true\n"
                "  advanceClock: 2s\n",
                "dir/s.yaml:7: step 2 (both): a step has one action, not both \"advanceClock\" "
                "and \"clearFaults\""},
        BadCase{"NoAction", "steps:\n- name: idle\n",
                "dir/s.yaml:5: step 1 (idle): the step has no action (one of: create, apply, "
                "update, updateStatus, patch, delete, advanceClock, fault, clearFaults, "
                "waitFor, expect)"},
        BadCase{"BadDuration", "steps:\n- advanceClock: 2 days\n",
                "dir/s.yaml:5: step 1: time: unknown unit \" days\" in duration \"2 days\""},
        BadCase{"UnknownUnit", "steps:\n- advanceClock: 2d\n",
                "dir/s.yaml:5: step 1: time: unknown unit \"d\" in duration \"2d\""},
        BadCase{"NumberDuration", "steps:\n- advanceClock: 5\n",
                "dir/s.yaml:5: step 1: a duration must be a string in Go syntax (30s, 1m30s, "
                "500ms), not 5"},
        BadCase{"NegativeTimeout",
                "steps:\n- waitFor:\n    absent: {apiVersion: v1, kind: Pod, name: p}\n"
                "    timeout: -1s\n",
                "dir/s.yaml:7: step 1: a duration must not be negative"},
        BadCase{"FaultWithTwoEffects",
                "steps:\n- fault:\n    verb: get\n    resource: pods\n    delay: 1s\n"
                "    throttle: {}\n",
                "dir/s.yaml:9: step 1: a fault has one effect, not both \"delay\" and "
                "\"throttle\""},
        BadCase{"FaultWithoutEffect", "steps:\n- fault: {verb: get, resource: pods}\n",
                "dir/s.yaml:5: step 1: a fault needs one effect: fail, delay, closeWatchAfter, "
                "expireWatch or throttle"},
        BadCase{"FaultUnknownVerb", "steps:\n- fault: {verb: grab, resource: pods, delay: 1s}\n",
                "dir/s.yaml:5: step 1: unknown verb \"grab\": use get, list, watch, create, "
                "update, patch, delete, deletecollection or *"},
        BadCase{"WatchEffectOnGet",
                "steps:\n- name: w\n  fault: {verb: get, resource: pods, expireWatch: true}\n",
                "dir/s.yaml:6: step 1 (w): CloseWatchAfter and ExpireWatch apply to the watch "
                "verb only"},
        BadCase{"FaultUnknownReason",
                "steps:\n- fault:\n    verb: get\n    resource: pods\n    fail: {code: 500, "
                "reason: Oops}\n",
                "dir/s.yaml:8: step 1: unknown Status reason \"Oops\""},
        BadCase{"FaultTimesZero",
                "steps:\n- fault: {verb: get, resource: pods, delay: 1s, times: 0}\n",
                "dir/s.yaml:5: step 1: \"times\" must be an integer >= 1"},
        BadCase{"ObjectWithoutName", "steps:\n- apply: {apiVersion: v1, kind: Pod}\n",
                "dir/s.yaml:5: step 1: the object needs metadata.name"},
        BadCase{"ObjectWithoutKind", "steps:\n- create: {apiVersion: v1, metadata: {name: x}}\n",
                "dir/s.yaml:5: step 1: missing key \"kind\""},
        BadCase{"BadPatchType",
                "steps:\n- patch: {apiVersion: v1, kind: Pod, name: p, type: apply, patch: {}}\n",
                "dir/s.yaml:5: step 1: unknown patch type \"apply\" (merge, json or strategic)"},
        BadCase{"PatchOfAnUnknownSubresource",
                "steps:\n- patch: {apiVersion: v1, kind: Pod, name: p, subresource: log, type: "
                "merge, patch: {}}\n",
                "dir/s.yaml:5: step 1: subresource must be status or scale, not \"log\""},
        BadCase{"JsonPatchNotAList",
                "steps:\n- patch: {apiVersion: v1, kind: Pod, name: p, type: json, patch: {}}\n",
                "dir/s.yaml:5: step 1: a json patch is a list of operations"},
        BadCase{"BadPropagationPolicy",
                "steps:\n- delete: {apiVersion: v1, kind: Pod, name: p, propagationPolicy: All}\n",
                "dir/s.yaml:5: step 1: propagationPolicy must be Orphan, Background or "
                "Foreground"},
        BadCase{"UnknownKeyInDelete",
                "steps:\n- delete:\n    apiVersion: v1\n    kind: Pod\n    name: p\n"
                "    grace: 0\n",
                "dir/s.yaml:9: step 1: unknown key \"grace\" in delete (known keys: "
                "apiVersion, kind, namespace, name, propagationPolicy)"},
        BadCase{"WaitForBoth",
                "steps:\n- waitFor:\n    object: {apiVersion: v1, kind: Pod, metadata: {name: "
                "p}}\n    absent: {apiVersion: v1, kind: Pod, name: p}\n",
                "dir/s.yaml:6: step 1: waitFor needs exactly one of \"object\" and \"absent\""},
        BadCase{"CountWithMin",
                "steps:\n- expect:\n    actions:\n    - {verb: get, count: 1, min: 1}\n",
                "dir/s.yaml:7: step 1: \"count\" is exact: give it or min/max, not both"},
        BadCase{"EmptyExpect", "steps:\n- expect: {}\n",
                "dir/s.yaml:5: step 1: expect needs objects, absent or actions"},
        BadCase{"FieldManagerOnCreate",
                "steps:\n- create: {apiVersion: v1, kind: Pod, metadata: {name: p}}\n"
                "  fieldManager: me\n",
                "dir/s.yaml:6: step 1: fieldManager is for apply steps"},
        BadCase{"ExpectErrorOnWait", "steps:\n- advanceClock: 1s\n  expectError: Conflict\n",
                "dir/s.yaml:6: step 1: expectError is for create, apply, update, updateStatus, "
                "patch and delete steps"},
        BadCase{"ClearFaultsFalse", "steps:\n- clearFaults: false\n",
                "dir/s.yaml:5: step 1: \"clearFaults\" takes the value true"},
        BadCase{"BadClockStart", "clock: {start: yesterday}\nsteps: []\n",
                "dir/s.yaml:4: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": "
                "cannot parse \"yesterday\" as \"2006\""},
        BadCase{"MissingFixture", "fixtures: [nothere.yaml]\nsteps: []\n",
                "dir/s.yaml:4: dir/nothere.yaml: no such file or directory"},
        BadCase{"StepIsAList", "steps:\n- [create]\n",
                "dir/s.yaml:5: step 1: a step must be a mapping with one action key"}),
    [](const testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(ScenarioReaderTest, WrongApiVersionOrKindIsAnError) {
  Result<Scenario> scenario = ParseScenario("apiVersion: v1\nkind: Scenario\nsteps: []\n", "s");
  ASSERT_FALSE(scenario);
  EXPECT_EQ(scenario.error().message(), "s:1: apiVersion must be kubefake.dev/v1alpha1, not v1");
  scenario = ParseScenario("apiVersion: kubefake.dev/v1alpha1\nkind: Test\nsteps: []\n", "s");
  ASSERT_FALSE(scenario);
  EXPECT_EQ(scenario.error().message(), "s:2: kind must be Scenario, not Test");
}

}  // namespace
}  // namespace kubefake::testkit
