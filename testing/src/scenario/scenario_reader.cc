// ScenarioReader: the values come from api::ReadYamlDocuments (go-yaml's typing, as kubectl reads
// manifests); the line of every key and value comes from a yaml-cpp parse of the same text,
// walked alongside the JSON, so each error names the line it is about.
#include "kubefake/testing/scenario/scenario_reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <utility>

#include "kubefake/api/error.h"
#include "kubefake/api/go_duration.h"
#include "kubefake/api/time.h"
#include "kubefake/api/yaml_codec.h"

namespace kubefake::testkit {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A JSON value and the yaml-cpp node it was read from (undefined when the two parses disagree,
// e.g. under a merge key; the parent's line is used then).
struct Node {
  const json* value;
  YAML::Node yaml;
  int parent_line;

  int Line() const {
    return yaml.IsDefined() && yaml.Mark().line >= 0 ? yaml.Mark().line + 1 : parent_line;
  }
  bool Has(const std::string& key) const { return value->is_object() && value->contains(key); }
  Node operator[](const std::string& key) const {
    const YAML::Node child = yaml.IsDefined() && yaml.IsMap() ? yaml[key] : YAML::Node();
    return {&value->at(key), child, Line()};
  }
  Node operator[](size_t index) const {
    const YAML::Node child =
        yaml.IsDefined() && yaml.IsSequence() && index < yaml.size() ? yaml[index] : YAML::Node();
    return {&(*value)[index], child, Line()};
  }
  // The line of `key` itself in this mapping.
  int KeyLine(const std::string& key) const {
    if (yaml.IsDefined() && yaml.IsMap()) {
      for (const auto& entry : yaml) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key)
          return entry.first.Mark().line + 1;
      }
    }
    return Line();
  }
};

// Where errors are reported: the file and, inside a step, its label.
struct Context {
  std::string file;
  std::string step;  // "step 3 (create)" or ""

  api::Error At(int line, const std::string& message) const {
    return api::NewBadRequest(file + ":" + std::to_string(line) + ": " +
                              (step.empty() ? "" : step + ": ") + message);
  }
};

std::string InQuotes(const std::string& text) { return "\"" + text + "\""; }

std::string Keys(std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* key : keys) out += (out.empty() ? "" : ", ") + std::string(key);
  return out;
}

Result<void> CheckMap(const Node& node, const Context& context, const std::string& what,
                      std::initializer_list<const char*> allowed) {
  if (!node.value->is_object()) {
    return Fail(context.At(node.Line(), what + " must be a mapping (keys: " + Keys(allowed) + ")"));
  }
  for (const auto& [key, _] : node.value->items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known) {
      return Fail(context.At(node.KeyLine(key), "unknown key " + InQuotes(key) + " in " + what +
                                                    " (known keys: " + Keys(allowed) + ")"));
    }
  }
  return {};
}

Result<std::string> String(const Node& node, const std::string& key, const Context& context,
                           bool required) {
  if (!node.Has(key)) {
    if (required) return Fail(context.At(node.Line(), "missing key " + InQuotes(key)));
    return std::string();
  }
  const Node child = node[key];
  if (!child.value->is_string()) {
    return Fail(context.At(child.Line(), InQuotes(key) + " must be a string"));
  }
  return child.value->get<std::string>();
}

Result<int64_t> Integer(const Node& node, const std::string& key, const Context& context,
                        int64_t min) {
  const Node child = node[key];
  if (!child.value->is_number_integer() || child.value->get<int64_t>() < min) {
    return Fail(
        context.At(child.Line(), InQuotes(key) + " must be an integer >= " + std::to_string(min)));
  }
  return child.value->get<int64_t>();
}

Result<std::chrono::nanoseconds> Duration(const Node& node, const Context& context) {
  if (!node.value->is_string()) {
    return Fail(context.At(node.Line(),
                           "a duration must be a string in Go syntax (30s, 1m30s, "
                           "500ms), not " +
                               node.value->dump()));
  }
  Result<std::chrono::nanoseconds> duration = api::ParseGoDuration(node.value->get<std::string>());
  if (!duration) return Fail(context.At(node.Line(), duration.error().message()));
  if (duration->count() < 0)
    return Fail(context.At(node.Line(), "a duration must not be negative"));
  return duration;
}

Result<bool> True(const Node& node, const std::string& key, const Context& context) {
  if (*node.value != true) {
    return Fail(context.At(node.Line(), InQuotes(key) + " takes the value true"));
  }
  return true;
}

// An object with apiVersion, kind and metadata.name (or generateName when allowed).
Result<json> Object(const Node& node, const Context& context, bool generate_name) {
  if (!node.value->is_object()) return Fail(context.At(node.Line(), "expected an object"));
  for (const char* key : {"apiVersion", "kind"}) {
    if (Result<std::string> value = String(node, key, context, true); !value) {
      return Fail(value.error());
    } else if (value->empty()) {
      return Fail(context.At(node.Line(), InQuotes(key) + " must not be empty"));
    }
  }
  const json& metadata = node.value->value("metadata", json::object());
  const bool named = metadata.is_object() && metadata.value("name", json()).is_string();
  const bool generated =
      generate_name && metadata.is_object() && metadata.value("generateName", json()).is_string();
  if (!named && !generated) {
    return Fail(context.At(node.Line(), generate_name
                                            ? "the object needs metadata.name or generateName"
                                            : "the object needs metadata.name"));
  }
  return *node.value;
}

Result<ObjectRef> Ref(const Node& node, const Context& context, const std::string& what,
                      std::initializer_list<const char*> allowed) {
  if (Result<void> keys = CheckMap(node, context, what, allowed); !keys) return Fail(keys.error());
  ObjectRef ref;
  for (auto [key, field] : {std::pair{"apiVersion", &ref.api_version},
                            {"kind", &ref.kind},
                            {"namespace", &ref.namespace_},
                            {"name", &ref.name}}) {
    const bool required = std::string_view(key) != "namespace";
    Result<std::string> value = String(node, key, context, required);
    if (!value) return Fail(value.error());
    *field = std::move(*value);
  }
  return ref;
}

constexpr std::initializer_list<const char*> kRefKeys = {"apiVersion", "kind", "namespace", "name"};

Result<PatchStep> Patch(const Node& node, const Context& context) {
  Result<ObjectRef> ref =
      Ref(node, context, "patch",
          {"apiVersion", "kind", "namespace", "name", "subresource", "type", "patch"});
  if (!ref) return Fail(ref.error());
  Result<std::string> subresource = String(node, "subresource", context, false);
  if (!subresource) return Fail(subresource.error());
  if (!subresource->empty() && *subresource != "status" && *subresource != "scale") {
    return Fail(context.At(node["subresource"].Line(),
                           "subresource must be status or scale, not " + InQuotes(*subresource)));
  }
  Result<std::string> type = String(node, "type", context, true);
  if (!type) return Fail(type.error());
  static const std::pair<const char*, const char*> kTypes[] = {
      {"merge", "application/merge-patch+json"},
      {"json", "application/json-patch+json"},
      {"strategic", "application/strategic-merge-patch+json"}};
  PatchStep step{*ref, "", nullptr};
  for (auto [name, content_type] : kTypes) {
    if (*type == name) step.content_type = content_type;
  }
  if (step.content_type.empty()) {
    return Fail(context.At(node["type"].Line(), "unknown patch type " + InQuotes(*type) +
                                                    " (merge, json or strategic)"));
  }
  if (!node.Has("patch")) return Fail(context.At(node.Line(), "missing key \"patch\""));
  const Node patch = node["patch"];
  const bool json_patch = *type == "json";
  if (json_patch ? !patch.value->is_array() : !patch.value->is_object()) {
    return Fail(context.At(patch.Line(), json_patch ? "a json patch is a list of operations"
                                                    : "a " + *type + " patch is a mapping"));
  }
  step.patch = *patch.value;
  step.subresource = std::move(*subresource);
  return step;
}

Result<DeleteStep> Delete(const Node& node, const Context& context) {
  Result<ObjectRef> ref = Ref(node, context, "delete",
                              {"apiVersion", "kind", "namespace", "name", "propagationPolicy"});
  if (!ref) return Fail(ref.error());
  Result<std::string> policy = String(node, "propagationPolicy", context, false);
  if (!policy) return Fail(policy.error());
  if (!policy->empty() && *policy != "Orphan" && *policy != "Background" &&
      *policy != "Foreground") {
    return Fail(context.At(node["propagationPolicy"].Line(),
                           "propagationPolicy must be Orphan, Background or Foreground"));
  }
  return DeleteStep{*ref, *policy};
}

Result<fakeserver::FaultEffect> FaultEffect(const Node& node, const Context& context) {
  constexpr const char* kEffects[] = {"fail", "delay", "closeWatchAfter", "expireWatch",
                                      "throttle"};
  const char* chosen = nullptr;
  for (const char* key : kEffects) {
    if (!node.Has(key)) continue;
    if (chosen != nullptr) {
      return Fail(context.At(node.KeyLine(key), "a fault has one effect, not both " +
                                                    InQuotes(chosen) + " and " + InQuotes(key)));
    }
    chosen = key;
  }
  if (chosen == nullptr) {
    return Fail(context.At(node.Line(),
                           "a fault needs one effect: fail, delay, "
                           "closeWatchAfter, expireWatch or throttle"));
  }
  const std::string key = chosen;
  const Node effect = node[key];
  if (key == "fail") {
    if (Result<void> keys = CheckMap(effect, context, "fail", {"code", "reason", "message"});
        !keys) {
      return Fail(keys.error());
    }
    if (!effect.Has("code")) return Fail(context.At(effect.Line(), "missing key \"code\""));
    Result<int64_t> code = Integer(effect, "code", context, 400);
    if (!code) return Fail(code.error());
    Result<std::string> reason = String(effect, "reason", context, false);
    if (!reason) return Fail(reason.error());
    const api::Reason parsed = api::ParseReason(*reason);
    if (!reason->empty() && parsed == api::Reason::kUnknown) {
      return Fail(
          context.At(effect["reason"].Line(), "unknown Status reason " + InQuotes(*reason)));
    }
    Result<std::string> message = String(effect, "message", context, false);
    if (!message) return Fail(message.error());
    return fakeserver::FailEffect{api::Error(static_cast<int>(*code), parsed, *message)};
  }
  if (key == "delay") {
    Result<std::chrono::nanoseconds> delay = Duration(effect, context);
    if (!delay) return Fail(delay.error());
    return fakeserver::DelayEffect{*delay};
  }
  if (key == "closeWatchAfter") {
    Result<int64_t> frames = Integer(node, key, context, 1);
    if (!frames) return Fail(frames.error());
    return fakeserver::CloseWatchEffect{*frames};
  }
  if (key == "expireWatch") {
    if (Result<bool> yes = True(effect, key, context); !yes) return Fail(yes.error());
    return fakeserver::ExpireWatchEffect{};
  }
  if (Result<void> keys = CheckMap(effect, context, "throttle", {"retryAfterSeconds"}); !keys) {
    return Fail(keys.error());
  }
  int64_t seconds = 1;
  if (effect.Has("retryAfterSeconds")) {
    Result<int64_t> given = Integer(effect, "retryAfterSeconds", context, 0);
    if (!given) return Fail(given.error());
    seconds = *given;
  }
  return fakeserver::ThrottleEffect{static_cast<int>(seconds)};
}

Result<FaultStep> Fault(const Node& node, const Context& context) {
  if (Result<void> keys =
          CheckMap(node, context, "fault",
                   {"verb", "resource", "namespace", "name", "user", "fail", "delay",
                    "closeWatchAfter", "expireWatch", "throttle", "times"});
      !keys) {
    return Fail(keys.error());
  }
  std::string fields[5];
  const char* names[5] = {"verb", "resource", "namespace", "name", "user"};
  for (int i = 0; i < 5; ++i) {
    Result<std::string> value = String(node, names[i], context, i < 2);
    if (!value) return Fail(value.error());
    fields[i] = std::move(*value);
  }
  Result<fakeserver::ActionPattern> pattern = fakeserver::ActionPattern::For(fields[0], fields[1]);
  if (!pattern) return Fail(context.At(node.Line(), pattern.error().message()));
  pattern->namespace_ = fields[2];
  pattern->name = fields[3];
  pattern->user = fields[4];
  Result<fakeserver::FaultEffect> effect = FaultEffect(node, context);
  if (!effect) return Fail(effect.error());
  FaultStep step{{.pattern = *pattern, .when = {}, .effect = *effect, .times = std::nullopt}};
  if (node.Has("times")) {
    Result<int64_t> times = Integer(node, "times", context, 1);
    if (!times) return Fail(times.error());
    step.spec.times = *times;
  }
  // The injector's own checks (a watch effect on a verb other than watch, ...), on a throwaway
  // injector so the rules live in one place.
  fakeserver::FaultInjector checker;
  if (Result<fakeserver::FaultHandle> valid = checker.Add(step.spec); !valid) {
    return Fail(context.At(node.Line(), valid.error().message()));
  }
  return step;
}

Result<WaitForStep> WaitFor(const Node& node, const Context& context) {
  if (Result<void> keys = CheckMap(node, context, "waitFor", {"object", "absent", "timeout"});
      !keys) {
    return Fail(keys.error());
  }
  if (node.Has("object") == node.Has("absent")) {
    return Fail(context.At(node.Line(), "waitFor needs exactly one of \"object\" and \"absent\""));
  }
  WaitForStep step;
  if (node.Has("object")) {
    Result<json> object = Object(node["object"], context, false);
    if (!object) return Fail(object.error());
    step.condition = std::move(*object);
  } else {
    Result<ObjectRef> ref = Ref(node["absent"], context, "absent", kRefKeys);
    if (!ref) return Fail(ref.error());
    step.condition = std::move(*ref);
  }
  if (node.Has("timeout")) {
    Result<std::chrono::nanoseconds> timeout = Duration(node["timeout"], context);
    if (!timeout) return Fail(timeout.error());
    step.timeout = *timeout;
  }
  return step;
}

Result<ActionExpectation> ExpectedActions(const Node& node, const Context& context) {
  if (Result<void> keys =
          CheckMap(node, context, "an actions entry",
                   {"verb", "resource", "namespace", "name", "user", "count", "min", "max"});
      !keys) {
    return Fail(keys.error());
  }
  std::string fields[5];
  const char* names[5] = {"verb", "resource", "namespace", "name", "user"};
  for (int i = 0; i < 5; ++i) {
    Result<std::string> value = String(node, names[i], context, false);
    if (!value) return Fail(value.error());
    fields[i] = std::move(*value);
  }
  Result<fakeserver::ActionPattern> pattern = fakeserver::ActionPattern::For(
      fields[0].empty() ? "*" : fields[0], fields[1].empty() ? "*" : fields[1]);
  if (!pattern) return Fail(context.At(node.Line(), pattern.error().message()));
  pattern->namespace_ = fields[2];
  pattern->name = fields[3];
  pattern->user = fields[4];
  ActionExpectation expectation{*pattern, {}, {}, {}, node.value->dump()};
  for (auto [key, field] : {std::pair{"count", &expectation.count},
                            {"min", &expectation.min},
                            {"max", &expectation.max}}) {
    if (!node.Has(key)) continue;
    Result<int64_t> value = Integer(node, key, context, 0);
    if (!value) return Fail(value.error());
    *field = *value;
  }
  if (expectation.count && (expectation.min || expectation.max)) {
    return Fail(context.At(node.Line(), "\"count\" is exact: give it or min/max, not both"));
  }
  if (!expectation.count && !expectation.min && !expectation.max) expectation.min = 1;
  return expectation;
}

Result<ExpectStep> Expect(const Node& node, const Context& context) {
  if (Result<void> keys = CheckMap(node, context, "expect", {"objects", "absent", "actions"});
      !keys) {
    return Fail(keys.error());
  }
  if (node.value->empty()) {
    return Fail(context.At(node.Line(), "expect needs objects, absent or actions"));
  }
  ExpectStep step;
  for (const char* key : {"objects", "absent", "actions"}) {
    if (!node.Has(key)) continue;
    const Node list = node[key];
    if (!list.value->is_array()) {
      return Fail(context.At(list.Line(), InQuotes(key) + " must be a list"));
    }
    for (size_t i = 0; i < list.value->size(); ++i) {
      const std::string_view name = key;
      if (name == "objects") {
        Result<json> object = Object(list[i], context, false);
        if (!object) return Fail(object.error());
        step.objects.push_back(std::move(*object));
      } else if (name == "absent") {
        Result<ObjectRef> ref = Ref(list[i], context, "an absent entry", kRefKeys);
        if (!ref) return Fail(ref.error());
        step.absent.push_back(std::move(*ref));
      } else {
        Result<ActionExpectation> actions = ExpectedActions(list[i], context);
        if (!actions) return Fail(actions.error());
        step.actions.push_back(std::move(*actions));
      }
    }
  }
  return step;
}

constexpr std::initializer_list<const char*> kActionKeys = {
    "create",       "apply", "update",      "updateStatus", "patch", "delete",
    "advanceClock", "fault", "clearFaults", "waitFor",      "expect"};

Result<StepAction> Action(const std::string& key, const Node& node, const Context& context) {
  auto object = [&](bool generate_name) { return Object(node, context, generate_name); };
  if (key == "create") {
    Result<json> created = object(true);
    if (!created) return Fail(created.error());
    return CreateStep{std::move(*created)};
  }
  if (key == "apply") {
    Result<json> applied = object(false);
    if (!applied) return Fail(applied.error());
    return ApplyStep{std::move(*applied)};
  }
  if (key == "update" || key == "updateStatus") {
    Result<json> updated = object(false);
    if (!updated) return Fail(updated.error());
    return UpdateStep{std::move(*updated), key == "updateStatus"};
  }
  if (key == "patch") {
    Result<PatchStep> patch = Patch(node, context);
    if (!patch) return Fail(patch.error());
    return *patch;
  }
  if (key == "delete") {
    Result<DeleteStep> deleted = Delete(node, context);
    if (!deleted) return Fail(deleted.error());
    return *deleted;
  }
  if (key == "advanceClock") {
    Result<std::chrono::nanoseconds> duration = Duration(node, context);
    if (!duration) return Fail(duration.error());
    return AdvanceClockStep{*duration};
  }
  if (key == "fault") {
    Result<FaultStep> fault = Fault(node, context);
    if (!fault) return Fail(fault.error());
    return *fault;
  }
  if (key == "clearFaults") {
    if (Result<bool> yes = True(node, key, context); !yes) return Fail(yes.error());
    return ClearFaultsStep{};
  }
  if (key == "waitFor") {
    Result<WaitForStep> wait = WaitFor(node, context);
    if (!wait) return Fail(wait.error());
    return *wait;
  }
  Result<ExpectStep> expect = Expect(node, context);
  if (!expect) return Fail(expect.error());
  return *expect;
}

// A step's expectError: a Status reason, on a step that sends a request.
Result<api::Reason> ExpectedError(const Node& node, const Context& context,
                                  const StepAction& action) {
  const bool request =
      std::holds_alternative<CreateStep>(action) || std::holds_alternative<ApplyStep>(action) ||
      std::holds_alternative<UpdateStep>(action) || std::holds_alternative<PatchStep>(action) ||
      std::holds_alternative<DeleteStep>(action);
  if (!request) {
    return Fail(context.At(node.KeyLine("expectError"),
                           "expectError is for create, apply, update, updateStatus, patch and "
                           "delete steps"));
  }
  Result<std::string> name = String(node, "expectError", context, true);
  if (!name) return Fail(name.error());
  const api::Reason reason = api::ParseReason(*name);
  if (reason == api::Reason::kUnknown) {
    return Fail(context.At(node["expectError"].Line(),
                           "unknown Status reason " + InQuotes(*name) +
                               " (NotFound, AlreadyExists, Conflict, Invalid, ...)"));
  }
  return reason;
}

Result<Step> ReadStep(const Node& node, int number, const std::string& file) {
  Step step;
  step.number = number;
  step.file = file;
  step.line = node.Line();
  Context context{file, "step " + std::to_string(number)};
  if (!node.value->is_object()) {
    return Fail(context.At(node.Line(), "a step must be a mapping with one action key"));
  }
  if (node.Has("name")) {
    Result<std::string> name = String(node, "name", context, false);
    if (!name) return Fail(name.error());
    step.name = *name;
    context.step = step.Label();
  }
  std::string action;
  for (const auto& [key, _] : node.value->items()) {
    if (key == "name" || key == "fieldManager" || key == "expectError") continue;
    bool known = false;
    for (const char* name : kActionKeys) known = known || key == name;
    if (!known) {
      return Fail(context.At(node.KeyLine(key),
                             "unknown key " + InQuotes(key) +
                                 " (a step has name, fieldManager, expectError and one action: " +
                                 Keys(kActionKeys) + ")"));
    }
    if (!action.empty()) {
      return Fail(context.At(node.KeyLine(key), "a step has one action, not both " +
                                                    InQuotes(action) + " and " + InQuotes(key)));
    }
    action = key;
  }
  if (action.empty()) {
    return Fail(
        context.At(node.Line(), "the step has no action (one of: " + Keys(kActionKeys) + ")"));
  }
  Result<StepAction> parsed = Action(action, node[action], context);
  if (!parsed) return Fail(parsed.error());
  step.action = std::move(*parsed);
  if (node.Has("fieldManager")) {
    auto* apply = std::get_if<ApplyStep>(&step.action);
    if (apply == nullptr) {
      return Fail(context.At(node.KeyLine("fieldManager"), "fieldManager is for apply steps"));
    }
    Result<std::string> manager = String(node, "fieldManager", context, true);
    if (!manager) return Fail(manager.error());
    apply->field_manager = *manager;
  }
  if (node.Has("expectError")) {
    Result<api::Reason> reason = ExpectedError(node, context, step.action);
    if (!reason) return Fail(reason.error());
    step.expect_error = *reason;
  }
  return step;
}

Result<void> ReadFixturePaths(const Node& node, const fs::path& directory, const Context& context,
                              std::vector<Fixture>& out) {
  if (!node.value->is_array()) return Fail(context.At(node.Line(), "\"fixtures\" must be a list"));
  for (size_t i = 0; i < node.value->size(); ++i) {
    const Node entry = node[i];
    if (!entry.value->is_string()) {
      return Fail(context.At(entry.Line(), "a fixtures entry is a path"));
    }
    const fs::path path = directory / entry.value->get<std::string>();
    Result<std::vector<Fixture>> read = ReadFixtures(std::span(&path, 1));
    if (!read) return Fail(context.At(entry.Line(), read.error().message()));
    std::ranges::move(*read, std::back_inserter(out));
  }
  return {};
}

Result<void> ReadHeader(const Node& root, const Context& context, Scenario& scenario) {
  Result<std::string> api_version = String(root, "apiVersion", context, true);
  if (!api_version) return Fail(api_version.error());
  if (*api_version != "kubefake.dev/v1alpha1") {
    return Fail(context.At(root["apiVersion"].Line(),
                           "apiVersion must be kubefake.dev/v1alpha1, not " + *api_version));
  }
  Result<std::string> kind = String(root, "kind", context, true);
  if (!kind) return Fail(kind.error());
  if (*kind != "Scenario") {
    return Fail(context.At(root["kind"].Line(), "kind must be Scenario, not " + *kind));
  }
  if (root.Has("metadata")) {
    const Node metadata = root["metadata"];
    if (Result<void> keys = CheckMap(metadata, context, "metadata", {"name"}); !keys) return keys;
    Result<std::string> name = String(metadata, "name", context, false);
    if (!name) return Fail(name.error());
    scenario.name = *name;
  }
  Result<std::string> description = String(root, "description", context, false);
  if (!description) return Fail(description.error());
  scenario.description = *description;
  if (root.Has("clock")) {
    const Node clock = root["clock"];
    if (Result<void> keys = CheckMap(clock, context, "clock", {"start"}); !keys) return keys;
    Result<std::string> start = String(clock, "start", context, true);
    if (!start) return Fail(start.error());
    Result<api::Time> time = api::Time::Parse(*start);
    if (!time) return Fail(context.At(clock["start"].Line(), time.error().message()));
    scenario.clock_start = time->time_point();
  }
  return {};
}

Result<Scenario> ReadDocument(const json& document, const YAML::Node& yaml,
                              const fs::path& source) {
  Scenario scenario;
  scenario.file = source.string();
  const Context context{scenario.file, ""};
  const Node root{&document, yaml, 1};
  if (Result<void> keys = CheckMap(root, context, "a Scenario",
                                   {"apiVersion", "kind", "metadata", "description", "clock",
                                    "fixtures", "objects", "steps"});
      !keys) {
    return Fail(keys.error());
  }
  if (Result<void> header = ReadHeader(root, context, scenario); !header) {
    return Fail(header.error());
  }
  if (root.Has("fixtures")) {
    Result<void> read =
        ReadFixturePaths(root["fixtures"], source.parent_path(), context, scenario.fixtures);
    if (!read) return Fail(read.error());
  }
  if (root.Has("objects")) {
    const Node objects = root["objects"];
    if (!objects.value->is_array()) {
      return Fail(context.At(objects.Line(), "\"objects\" must be a list"));
    }
    for (size_t i = 0; i < objects.value->size(); ++i) {
      Result<json> object = Object(objects[i], context, true);
      if (!object) return Fail(object.error());
      scenario.fixtures.push_back({std::move(*object), scenario.file, objects[i].Line()});
    }
  }
  if (!root.Has("steps") || !root["steps"].value->is_array()) {
    return Fail(context.At(root.Has("steps") ? root["steps"].Line() : 1,
                           "a Scenario needs a list of \"steps\""));
  }
  const Node steps = root["steps"];
  for (size_t i = 0; i < steps.value->size(); ++i) {
    Result<Step> step = ReadStep(steps[i], static_cast<int>(i) + 1, scenario.file);
    if (!step) return Fail(step.error());
    scenario.steps.push_back(std::move(*step));
  }
  return scenario;
}

}  // namespace

Result<Scenario> ParseScenario(std::string_view text, const fs::path& source) {
  api::TextPosition error_position;
  Result<std::vector<api::YamlDocument>> documents =
      api::ReadYamlDocuments(text, {}, &error_position);
  if (!documents) {
    return Fail(api::NewBadRequest(source.string() + ":" + std::to_string(error_position.line) +
                                   ": " + documents.error().message()));
  }
  if (documents->size() != 1) {
    return Fail(api::NewBadRequest(source.string() +
                                   ":1: a scenario file holds one YAML "
                                   "document, not " +
                                   std::to_string(documents->size())));
  }
  // The same text again for the lines; if yaml-cpp disagrees, lines fall back to line 1.
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception&) {
    nodes.clear();
  }
  auto document = std::ranges::find_if(
      nodes, [](const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); });
  return ReadDocument(documents->front().json, document != nodes.end() ? *document : YAML::Node(),
                      source);
}

Result<Scenario> ReadScenario(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Fail(api::NewBadRequest(path.string() + ": cannot read the file"));
  return ParseScenario(text.str(), path);
}

}  // namespace kubefake::testkit
