// Tests for label selectors: the string grammar and canonical form (R6.9), the parser's exact
// error messages (R6.10), matching semantics, requirement validation, and conversion from a
// metav1.LabelSelector (LabelSelectorAsSelector).
#include "kubefake/api/label_selector.h"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "validation_messages.h"

namespace kubefake::api {
namespace {

using LabelOperator = LabelRequirement::Operator;

// ---- Parsing and the canonical form (R6.9) ----

struct LabelParseCase {
  std::string name;
  std::string selector;
  std::string canonical;  // String() of the parsed selector
};

void PrintTo(const LabelParseCase& c, std::ostream* os) { *os << c.name; }

class LabelSelectorParseTest : public testing::TestWithParam<LabelParseCase> {};

TEST_P(LabelSelectorParseTest, ParsesToCanonicalForm) {
  const LabelParseCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->String(), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, LabelSelectorParseTest,
    testing::Values(
        LabelParseCase{"EmptyIsEverything", "", ""},
        LabelParseCase{"BlankIsEverything", " \t\r\n", ""},
        LabelParseCase{"Equals", "app=web", "app=web"},
        LabelParseCase{"DoubleEqualsKeepsItsSpelling", "app==web", "app==web"},
        LabelParseCase{"NotEquals", "app!=web", "app!=web"}, LabelParseCase{"Exists", "app", "app"},
        LabelParseCase{"DoesNotExist", "!app", "!app"},
        LabelParseCase{"In", "env in (prod)", "env in (prod)"},
        LabelParseCase{"NotIn", "env notin (prod)", "env notin (prod)"},
        LabelParseCase{"InValuesAreSorted", "env in (qa,dev,prod)", "env in (dev,prod,qa)"},
        LabelParseCase{"InValuesAreDeduplicated", "env in (a,b,a)", "env in (a,b)"},
        LabelParseCase{"EmptyParenthesesMeanTheEmptyValue", "env in ()", "env in ()"},
        LabelParseCase{"LeadingCommaAddsTheEmptyValue", "env in (,a)", "env in (,a)"},
        LabelParseCase{"DoubleCommaAddsTheEmptyValue", "env in (a,,b)", "env in (,a,b)"},
        LabelParseCase{"TrailingCommaAddsTheEmptyValue", "env notin (a,)", "env notin (,a)"},
        LabelParseCase{"EmptyExactValue", "app=", "app="},
        LabelParseCase{"EmptyExactValueBeforeComma", "app=,tier", "app=,tier"},
        LabelParseCase{"GreaterThan", "replicas>5", "replicas>5"},
        LabelParseCase{"LessThan", "replicas<10", "replicas<10"},
        LabelParseCase{"WhitespaceAroundTokens", "  app = web ,  tier in ( a , b ) ",
                       "app=web,tier in (a,b)"},
        LabelParseCase{"RequirementsAreSortedByKey", "b=1,a=2,!c", "a=2,b=1,!c"},
        LabelParseCase{"SameKeyKeepsInputOrder", "x notin (b),x in (a)", "x notin (b),x in (a)"},
        LabelParseCase{"PrefixedKey", "app.kubernetes.io/name=web", "app.kubernetes.io/name=web"},
        LabelParseCase{"KeywordsAreIdentifiersAsKeysAndValues", "in in (in,notin)",
                       "in in (in,notin)"},
        LabelParseCase{"NulByteAtATokenStartEndsTheSelector", std::string("app=web \0garbage", 16),
                       "app=web"}),
    [](const auto& info) { return info.param.name; });

// ---- Parse errors (R6.10) ----

struct ParseErrorCase {
  std::string name;
  std::string selector;
  std::string message;
};

void PrintTo(const ParseErrorCase& c, std::ostream* os) { *os << c.name; }

class LabelSelectorParseErrorTest : public testing::TestWithParam<ParseErrorCase> {};

TEST_P(LabelSelectorParseErrorTest, FailsWithTheParserTextAsBadRequest) {
  const ParseErrorCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelector::Parse(c.selector);
  ASSERT_FALSE(selector.has_value()) << "parsed as " << selector->String();
  EXPECT_EQ(selector.error().code(), 400);
  EXPECT_TRUE(IsBadRequest(selector.error()));
  EXPECT_EQ(selector.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, LabelSelectorParseErrorTest,
    testing::Values(
        ParseErrorCase{"LeadingComma", ",",
                       "found ',', expected: !, identifier, or 'end of string'"},
        ParseErrorCase{"LeadingParenthesis", ")",
                       "found ')', expected: !, identifier, or 'end of string'"},
        ParseErrorCase{"TrailingComma", "app,", "found '', expected: identifier after ','"},
        ParseErrorCase{"CommaThenOperator", "app,=x", "found '=', expected: identifier after ','"},
        ParseErrorCase{"BangAlone", "!",
                       "unable to parse requirement: found '', expected: identifier"},
        ParseErrorCase{"MissingOperator", "app web",
                       "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, "
                       "gt, lt"},
        ParseErrorCase{"BangIsNotABinaryOperator", "app ! web",
                       "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, "
                       "gt, lt"},
        ParseErrorCase{"InWithoutParenthesis", "env in",
                       "unable to parse requirement: found '' expected: '('"},
        ParseErrorCase{"InFollowedByValue", "env in prod",
                       "unable to parse requirement: found 'prod' expected: '('"},
        ParseErrorCase{"UnclosedEmptySet", "env in (",
                       "unable to parse requirement: found '', expected: ',', ')' or identifier"},
        ParseErrorCase{"NestedParenthesis", "env in ((a))",
                       "unable to parse requirement: found '(', expected: ',', ')' or identifier"},
        ParseErrorCase{"UnclosedSet", "env in (a",
                       "unable to parse requirement: found '', expected: ',' or ')'"},
        ParseErrorCase{"SpaceSeparatedSet", "env in (a b)",
                       "unable to parse requirement: found 'b', expected: ',' or ')'"},
        ParseErrorCase{"UnclosedSetAfterComma", "env in (a,",
                       "unable to parse requirement: found '', expected: ',', or identifier"},
        ParseErrorCase{"ParenthesisAsExactValue", "app=(",
                       "unable to parse requirement: found '(', expected: identifier"},
        ParseErrorCase{"SecondEquals", "app=web=x", "found '=', expected: ',' or 'end of string'"},
        ParseErrorCase{"SpaceInExactValue", "app=a b",
                       "found 'b', expected: ',' or 'end of string'"},
        ParseErrorCase{"DoesNotExistWithValue", "!app=web",
                       "found '=', expected: ',' or 'end of string'"},
        ParseErrorCase{"ExtraClosingParenthesis", "env in (a))",
                       "found ')', expected: ',' or 'end of string'"},
        ParseErrorCase{"InvalidValue", "app=a$b",
                       "unable to parse requirement: values[0][app]: Invalid value: \"a$b\": " +
                           kLabelValueMessage},
        ParseErrorCase{"TwoInvalidSetValuesAreAggregated", "env in (b$,a$)",
                       "unable to parse requirement: [values[0][env]: Invalid value: \"a$\": " +
                           kLabelValueMessage +
                           ", values[1][env]: Invalid value: \"b$\": " + kLabelValueMessage + "]"},
        ParseErrorCase{"TooLongValue", "app=" + std::string(64, 'v'),
                       "unable to parse requirement: values[0][app]: Invalid value: \"" +
                           std::string(64, 'v') + "\": must be no more than 63 characters"},
        ParseErrorCase{"KeyWithTwoSlashes", "a/b/c=x",
                       "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": " +
                           kTooManySlashesMessage},
        ParseErrorCase{
            "KeyWithLeadingDash", "-app",
            "unable to parse requirement: <nil>: Invalid value: \"-app\": " + kNamePartMessage},
        ParseErrorCase{"KeyWithEmptyPrefix", "!/app",
                       "unable to parse requirement: <nil>: Invalid value: \"/app\": prefix part "
                       "must be non-empty"},
        ParseErrorCase{"KeyErrorsJoinedBySemicolon", "example.com/",
                       "unable to parse requirement: <nil>: Invalid value: \"example.com/\": name "
                       "part must be non-empty; " +
                           kNamePartMessage},
        ParseErrorCase{"GreaterThanText", "replicas>many",
                       "unable to parse requirement: values[0]: Invalid value: \"many\": for "
                       "'Gt', 'Lt' operators, the value must be an integer"},
        ParseErrorCase{"GreaterThanNothing", "replicas>",
                       "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', "
                       "'Lt' operators, the value must be an integer"},
        ParseErrorCase{"LessThanOverflow", "replicas<9223372036854775808",
                       "unable to parse requirement: values[0]: Invalid value: "
                       "\"9223372036854775808\": for 'Gt', 'Lt' operators, the value must be an "
                       "integer"},
        ParseErrorCase{"NegativeBoundIsNotALabelValue", "replicas>-1",
                       "unable to parse requirement: values[0][replicas]: Invalid value: \"-1\": " +
                           kLabelValueMessage}),
    [](const auto& info) { return info.param.name; });

// ---- Matching ----

struct LabelMatchCase {
  std::string name;
  std::string selector;
  LabelSet labels;
  bool matches;
};

void PrintTo(const LabelMatchCase& c, std::ostream* os) { *os << c.name; }

class LabelSelectorMatchTest : public testing::TestWithParam<LabelMatchCase> {};

TEST_P(LabelSelectorMatchTest, MatchesAsApimachineryDoes) {
  const LabelMatchCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->Matches(c.labels), c.matches);
}

INSTANTIATE_TEST_SUITE_P(
    Semantics, LabelSelectorMatchTest,
    testing::Values(
        LabelMatchCase{"EqualsSameValue", "app=web", {{"app", "web"}}, true},
        LabelMatchCase{"EqualsOtherValue", "app=web", {{"app", "db"}}, false},
        LabelMatchCase{"EqualsAbsent", "app=web", {}, false},
        LabelMatchCase{"DoubleEqualsSameValue", "app==web", {{"app", "web"}}, true},
        LabelMatchCase{"NotEqualsAbsentLabel", "app!=web", {}, true},
        LabelMatchCase{"NotEqualsOtherValue", "app!=web", {{"app", "db"}}, true},
        LabelMatchCase{"NotEqualsSameValue", "app!=web", {{"app", "web"}}, false},
        LabelMatchCase{"InOneOfTheValues", "env in (dev,qa)", {{"env", "qa"}}, true},
        LabelMatchCase{"InNoneOfTheValues", "env in (dev,qa)", {{"env", "prod"}}, false},
        LabelMatchCase{"InAbsent", "env in (dev,qa)", {}, false},
        LabelMatchCase{"NotInAbsentLabel", "env notin (prod)", {}, true},
        LabelMatchCase{"NotInOtherValue", "env notin (prod)", {{"env", "dev"}}, true},
        LabelMatchCase{"NotInListedValue", "env notin (prod)", {{"env", "prod"}}, false},
        LabelMatchCase{"ExistsWithEmptyValue", "app", {{"app", ""}}, true},
        LabelMatchCase{"ExistsAbsent", "app", {{"other", "x"}}, false},
        LabelMatchCase{"DoesNotExistAbsent", "!app", {}, true},
        LabelMatchCase{"DoesNotExistPresent", "!app", {{"app", ""}}, false},
        LabelMatchCase{"EmptyValueMatchesEmptyLabel", "app=", {{"app", ""}}, true},
        LabelMatchCase{"EmptyValueDoesNotMatchAbsentLabel", "app=", {}, false},
        LabelMatchCase{"EmptyValueDoesNotMatchValue", "app=", {{"app", "web"}}, false},
        LabelMatchCase{"EmptySetMatchesEmptyLabel", "app in ()", {{"app", ""}}, true},
        LabelMatchCase{"GreaterThanComparesNumbers", "replicas>5", {{"replicas", "10"}}, true},
        LabelMatchCase{"GreaterThanIsStrict", "replicas>5", {{"replicas", "5"}}, false},
        LabelMatchCase{"LessThanComparesNumbersNotText", "replicas<10", {{"replicas", "9"}}, true},
        LabelMatchCase{"LessThanNegativeLabel", "replicas<0", {{"replicas", "-3"}}, true},
        LabelMatchCase{"GreaterThanNonNumericLabel", "replicas>5", {{"replicas", "six"}}, false},
        LabelMatchCase{"GreaterThanAbsentLabel", "replicas>5", {}, false},
        LabelMatchCase{"EmptySelectorMatchesNoLabels", "", {}, true},
        LabelMatchCase{"EmptySelectorMatchesAnyLabels", "", {{"app", "web"}}, true},
        LabelMatchCase{"AllRequirementsMustHold",
                  "app=web,env notin (prod)",
                  {{"app", "web"}, {"env", "prod"}},
                  false},
        LabelMatchCase{"AllRequirementsHold",
                  "app=web,env notin (prod),!canary",
                  {{"app", "web"}, {"env", "dev"}},
                  true}),
    [](const auto& info) { return info.param.name; });

TEST(LabelSelectorTest, NothingMatchesNoLabelSetAndEverythingMatchesAll) {
  const LabelSet labels{{"app", "web"}};
  EXPECT_FALSE(LabelSelector::Nothing().Matches(labels));
  EXPECT_FALSE(LabelSelector::Nothing().Matches({}));
  EXPECT_TRUE(LabelSelector::Nothing().MatchesNothing());
  EXPECT_FALSE(LabelSelector::Nothing().Empty());
  EXPECT_TRUE(LabelSelector::Everything().Matches(labels));
  EXPECT_TRUE(LabelSelector::Everything().Empty());
  EXPECT_EQ(LabelSelector::Nothing().String(), "");
}

TEST(LabelSelectorTest, MatchesTheLabelsOfAnUnstructuredObjectWithoutCopying) {
  const nlohmann::json object = nlohmann::json::parse(
      R"({"metadata": {"name": "web", "labels": {"app": "web", "tier": "front", "odd": 3}}})");
  const Result<LabelSelector> selector = LabelSelector::Parse("app=web,tier in (front)");
  ASSERT_TRUE(selector.has_value());
  EXPECT_TRUE(selector->Matches(object["metadata"]["labels"]));

  // A non-string value reads as absent; null and a missing labels object mean no labels.
  EXPECT_TRUE(LabelSelector::Parse("!odd")->Matches(object["metadata"]["labels"]));
  EXPECT_TRUE(LabelSelector::Parse("!app")->Matches(nlohmann::json()));
  EXPECT_FALSE(LabelSelector::Parse("app")->Matches(nlohmann::json()));
}

TEST(LabelSelectorTest, MatchesAStdMapOfLabels) {
  const std::map<std::string, std::string> labels{{"app", "web"}};
  EXPECT_TRUE(LabelSelector::Parse("app=web")->Matches(labels));
  EXPECT_FALSE(LabelSelector::Parse("app=db")->Matches(labels));
}

struct LabelExactMatchCase {
  std::string name;
  std::string selector;
  std::optional<std::string> value;
};

void PrintTo(const LabelExactMatchCase& c, std::ostream* os) { *os << c.name; }

class LabelSelectorExactMatchTest : public testing::TestWithParam<LabelExactMatchCase> {};

TEST_P(LabelSelectorExactMatchTest, RequiresExactMatchOnlyForASingleAllowedValue) {
  const LabelExactMatchCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->RequiresExactMatch("app"), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LabelSelectorExactMatchTest,
    testing::Values(LabelExactMatchCase{"Equals", "tier=x,app=web", "web"},
                    LabelExactMatchCase{"DoubleEquals", "app==web", "web"},
                    LabelExactMatchCase{"InWithOneValue", "app in (web)", "web"},
                    LabelExactMatchCase{"InWithTwoValues", "app in (web,db)", std::nullopt},
                    LabelExactMatchCase{"NotEquals", "app!=web", std::nullopt},
                    LabelExactMatchCase{"Exists", "app", std::nullopt},
                    LabelExactMatchCase{"OtherKey", "application=web", std::nullopt},
                    LabelExactMatchCase{"FirstRequirementOnTheKeyDecides", "app,app=web",
                                        std::nullopt}),
    [](const auto& info) { return info.param.name; });

// ---- LabelRequirements built directly (labels.NewRequirement) ----

struct RequirementErrorCase {
  std::string name;
  std::string key;
  LabelOperator op;
  std::vector<std::string> values;
  std::string message;
};

void PrintTo(const RequirementErrorCase& c, std::ostream* os) { *os << c.name; }

class LabelRequirementErrorTest : public testing::TestWithParam<RequirementErrorCase> {};

TEST_P(LabelRequirementErrorTest, ReportsFieldErrorsAsApimachineryDoes) {
  const RequirementErrorCase& c = GetParam();
  const Result<LabelRequirement> requirement = LabelRequirement::Create(c.key, c.op, c.values);
  ASSERT_FALSE(requirement.has_value()) << requirement->String();
  EXPECT_TRUE(IsBadRequest(requirement.error()));
  EXPECT_EQ(requirement.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, LabelRequirementErrorTest,
    testing::Values(
        RequirementErrorCase{"InWithoutValues",
                             "env",
                             LabelOperator::kIn,
                             {},
                             "values: Invalid value: []: for 'in', 'notin' operators, values set "
                             "can't be empty"},
        RequirementErrorCase{"NotInWithoutValues",
                             "env",
                             LabelOperator::kNotIn,
                             {},
                             "values: Invalid value: []: for 'in', 'notin' operators, values set "
                             "can't be empty"},
        RequirementErrorCase{"EqualsWithTwoValues",
                             "env",
                             LabelOperator::kEquals,
                             {"a", "b"},
                             "values: Invalid value: [\"a\",\"b\"]: exact-match compatibility "
                             "requires one single value"},
        RequirementErrorCase{"ExistsWithAValue",
                             "env",
                             LabelOperator::kExists,
                             {"a"},
                             "values: Invalid value: [\"a\"]: values set must be empty for exists "
                             "and does not exist"},
        RequirementErrorCase{"GreaterThanWithTwoValues",
                             "n",
                             LabelOperator::kGreaterThan,
                             {"1", "2"},
                             "values: Invalid value: [\"1\",\"2\"]: for 'Gt', 'Lt' operators, "
                             "exactly one value is required"},
        RequirementErrorCase{
            "EmptyKey",
            "",
            LabelOperator::kExists,
            {},
            "key: Invalid value: \"\": name part must be non-empty; " + kNamePartMessage},
        RequirementErrorCase{"KeyAndValueBothInvalid",
                             "-k",
                             LabelOperator::kEquals,
                             {"a b"},
                             "[key: Invalid value: \"-k\": " + kNamePartMessage +
                                 ", values[0][-k]: Invalid value: \"a b\": " + kLabelValueMessage +
                                 "]"}),
    [](const auto& info) { return info.param.name; });

TEST(LabelRequirementTest, KeepsValuesInGivenOrderButPrintsThemSorted) {
  const Result<LabelRequirement> requirement =
      LabelRequirement::Create("env", LabelOperator::kNotIn, {"qa", "dev", "qa"});
  ASSERT_TRUE(requirement.has_value());
  EXPECT_EQ(requirement->values(), (std::vector<std::string>{"qa", "dev", "qa"}));
  EXPECT_EQ(requirement->String(), "env notin (dev,qa,qa)");
  EXPECT_EQ(OperatorString(requirement->op()), "notin");
}

TEST(LabelSelectorTest, AddKeepsRequirementsSortedByKey) {
  const LabelSelector base = *LabelSelector::Parse("b=1");
  const LabelSelector added = base.Add(*LabelRequirement::Create("a", LabelOperator::kExists, {}));
  EXPECT_EQ(added.String(), "a,b=1");
  EXPECT_EQ(base.String(), "b=1");
  EXPECT_TRUE(LabelSelector::Nothing()
                  .Add(*LabelRequirement::Create("a", LabelOperator::kExists, {}))
                  .MatchesNothing());
}

TEST(LabelSelectorTest, FromSetBuildsEqualsRequirementsWithoutValidating) {
  const LabelSelector selector = LabelSelector::FromSet({{"tier", "front"}, {"app", "a b"}});
  EXPECT_EQ(selector.String(), "app=a b,tier=front");
  EXPECT_TRUE(selector.Matches(LabelSet{{"app", "a b"}, {"tier", "front"}, {"x", "y"}}));
  EXPECT_TRUE(LabelSelector::FromSet({}).Empty());
}

TEST(LabelSelectorTest, ValidatedFromSetRejectsAnInvalidValue) {
  const Result<LabelSelector> selector = LabelSelector::ValidatedFromSet({{"app", "a b"}});
  ASSERT_FALSE(selector.has_value());
  EXPECT_EQ(selector.error().message(),
            "values[0][app]: Invalid value: \"a b\": " + kLabelValueMessage);
  EXPECT_EQ(LabelSelector::ValidatedFromSet({{"app", "web"}})->String(), "app=web");
}

TEST(LabelSelectorTest, CanonicalFormParsesBackToAnEqualSelector) {
  const LabelSelector selector =
      *LabelSelector::Parse("z notin (b,a), !y, x>3, w==v, app.kubernetes.io/name in (web,)");
  const Result<LabelSelector> reparsed = LabelSelector::Parse(selector.String());
  ASSERT_TRUE(reparsed.has_value()) << reparsed.error().message();
  EXPECT_EQ(*reparsed, selector);
  EXPECT_EQ(reparsed->String(), "app.kubernetes.io/name in (,web),w==v,x>3,!y,z notin (a,b)");
}

// ---- metav1.LabelSelector JSON (LabelSelectorAsSelector) ----

struct JsonCase {
  std::string name;
  std::string json;
  std::string canonical;
};

void PrintTo(const JsonCase& c, std::ostream* os) { *os << c.name; }

class LabelSelectorAsSelectorTest : public testing::TestWithParam<JsonCase> {};

TEST_P(LabelSelectorAsSelectorTest, ConvertsToCanonicalForm) {
  const JsonCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelectorAsSelector(nlohmann::json::parse(c.json));
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->String(), c.canonical);
  EXPECT_FALSE(selector->MatchesNothing());
}

INSTANTIATE_TEST_SUITE_P(
    Valid, LabelSelectorAsSelectorTest,
    testing::Values(
        JsonCase{"EmptyObjectIsEverything", "{}", ""},
        JsonCase{"EmptyListsAreEverything", R"({"matchLabels": {}, "matchExpressions": []})", ""},
        JsonCase{"NullMembersAreEverything", R"({"matchLabels": null, "matchExpressions": null})",
                 ""},
        JsonCase{"MatchLabelsBecomeEquals", R"({"matchLabels": {"tier": "front", "app": "web"}})",
                 "app=web,tier=front"},
        JsonCase{"LabelsAndExpressions",
                 R"({"matchLabels": {"a": "b"},
                     "matchExpressions": [{"key": "c", "operator": "In", "values": ["y", "x"]}]})",
                 "a=b,c in (x,y)"},
        JsonCase{"ExpressionsSortByKeyWithLabels",
                 R"({"matchLabels": {"b": "c"},
                     "matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["x"]}]})",
                 "a notin (x),b=c"},
        JsonCase{"ExistsAndDoesNotExist",
                 R"({"matchExpressions": [{"key": "z", "operator": "DoesNotExist"},
                                          {"key": "y", "operator": "Exists", "values": []}]})",
                 "y,!z"},
        JsonCase{"SetValuesAreNotDeduplicated",
                 R"({"matchExpressions": [{"key": "x", "operator": "In",
                                           "values": ["b", "a", "b"]}]})",
                 "x in (a,b,b)"}),
    [](const auto& info) { return info.param.name; });

TEST(LabelSelectorAsSelectorTest, NullIsNothing) {
  const Result<LabelSelector> selector = LabelSelectorAsSelector(nlohmann::json());
  ASSERT_TRUE(selector.has_value());
  EXPECT_TRUE(selector->MatchesNothing());
  EXPECT_FALSE(selector->Matches(LabelSet{}));
}

TEST(LabelSelectorAsSelectorTest, NotInMatchesObjectsWithoutTheLabel) {
  const Result<LabelSelector> selector = LabelSelectorAsSelector(nlohmann::json::parse(
      R"({"matchLabels": {"app": "web"},
          "matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]})"));
  ASSERT_TRUE(selector.has_value());
  EXPECT_TRUE(selector->Matches(LabelSet{{"app", "web"}}));
  EXPECT_TRUE(selector->Matches(LabelSet{{"app", "web"}, {"env", "dev"}}));
  EXPECT_FALSE(selector->Matches(LabelSet{{"app", "web"}, {"env", "prod"}}));
  EXPECT_FALSE(selector->Matches(LabelSet{{"env", "dev"}}));
}

class LabelSelectorAsSelectorErrorTest : public testing::TestWithParam<JsonCase> {};

TEST_P(LabelSelectorAsSelectorErrorTest, FailsWithApimachineryText) {
  const JsonCase& c = GetParam();
  const Result<LabelSelector> selector = LabelSelectorAsSelector(nlohmann::json::parse(c.json));
  ASSERT_FALSE(selector.has_value()) << "converted to " << selector->String();
  EXPECT_TRUE(IsBadRequest(selector.error()));
  EXPECT_EQ(selector.error().message(), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, LabelSelectorAsSelectorErrorTest,
    testing::Values(
        JsonCase{"UnknownOperator", R"({"matchExpressions": [{"key": "a", "operator": "Foo"}]})",
                 "\"Foo\" is not a valid label selector operator"},
        JsonCase{"StringSelectorOperator",
                 R"({"matchExpressions": [{"key": "a", "operator": "in", "values": ["x"]}]})",
                 "\"in\" is not a valid label selector operator"},
        JsonCase{"GreaterThanIsNotALabelSelectorOperator",
                 R"({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]})",
                 "\"Gt\" is not a valid label selector operator"},
        JsonCase{"MissingOperator", R"({"matchExpressions": [{"key": "a"}]})",
                 "\"\" is not a valid label selector operator"},
        JsonCase{"InWithEmptyValues",
                 R"({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]})",
                 "values: Invalid value: []: for 'in', 'notin' operators, values set can't be "
                 "empty"},
        JsonCase{"NotInWithoutValues",
                 R"({"matchExpressions": [{"key": "a", "operator": "NotIn"}]})",
                 "values: Invalid value: []: for 'in', 'notin' operators, values set can't be "
                 "empty"},
        JsonCase{"ExistsWithValues",
                 R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})",
                 "values: Invalid value: [\"x\"]: values set must be empty for exists and does "
                 "not exist"},
        JsonCase{"InvalidMatchLabelValue", R"({"matchLabels": {"app": "a b"}})",
                 "values[0][app]: Invalid value: \"a b\": " + kLabelValueMessage},
        JsonCase{"InvalidMatchLabelKey", R"({"matchLabels": {"a/b/c": "x"}})",
                 "key: Invalid value: \"a/b/c\": " + kTooManySlashesMessage},
        JsonCase{"InvalidExpressionKey",
                 R"({"matchExpressions": [{"key": "-a", "operator": "Exists"}]})",
                 "key: Invalid value: \"-a\": " + kNamePartMessage},
        JsonCase{"NotAnObject", R"("app=web")",
                 "json: cannot unmarshal string into Go value of type v1.LabelSelector"},
        JsonCase{"MatchLabelsNotAnObject", R"({"matchLabels": ["app"]})",
                 "json: cannot unmarshal array into Go struct field LabelSelector.matchLabels of "
                 "type map[string]string"},
        JsonCase{"MatchLabelValueNotAString", R"({"matchLabels": {"replicas": 3}})",
                 "json: cannot unmarshal number into Go struct field LabelSelector.matchLabels of "
                 "type string"},
        JsonCase{"MatchExpressionsNotAnArray", R"({"matchExpressions": {"key": "a"}})",
                 "json: cannot unmarshal object into Go struct field "
                 "LabelSelector.matchExpressions of type []v1.LabelSelectorRequirement"},
        JsonCase{"ExpressionValuesNotAnArray",
                 R"({"matchExpressions": [{"key": "a", "operator": "In", "values": "x"}]})",
                 "json: cannot unmarshal string into Go struct field "
                 "LabelSelector.matchExpressions.values of type []string"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace kubefake::api
