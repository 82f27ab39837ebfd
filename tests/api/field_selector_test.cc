// Tests for field selectors (R6.11): parsing, requirement listing, canonical form with
// escaping, apimachinery's error messages, matching against a field set, and the exact-match
// fast path used for metadata.name (R6.8).
#include "kubefake/api/field_selector.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace kubefake::api {
namespace {

using Operator = FieldRequirement::Operator;
using Requirements = std::vector<FieldRequirement>;

// ---- Parsing ----

struct ParseCase {
  std::string name;
  std::string selector;
  Requirements requirements;
  std::string canonical;
};

void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.name; }

class FieldSelectorParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(FieldSelectorParseTest, ParsesRequirementsAndCanonicalForm) {
  const ParseCase& c = GetParam();
  const Result<FieldSelector> selector = FieldSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->requirements(), c.requirements);
  EXPECT_EQ(selector->String(), c.canonical);
  EXPECT_EQ(selector->Empty(), c.requirements.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, FieldSelectorParseTest,
    testing::Values(
        ParseCase{"EmptyIsEverything", "", {}, ""},
        ParseCase{"OnlyCommasIsEverything", ",,", {}, ""},
        ParseCase{"Equals",
                  "metadata.name=web",
                  {{"metadata.name", Operator::kEquals, "web"}},
                  "metadata.name=web"},
        ParseCase{"DoubleEqualsPrintsAsEquals",
                  "metadata.name==web",
                  {{"metadata.name", Operator::kEquals, "web"}},
                  "metadata.name=web"},
        ParseCase{"NotEquals",
                  "status.phase!=Running",
                  {{"status.phase", Operator::kNotEquals, "Running"}},
                  "status.phase!=Running"},
        ParseCase{"EmptyValue",
                  "spec.nodeName=",
                  {{"spec.nodeName", Operator::kEquals, ""}},
                  "spec.nodeName="},
        ParseCase{"EmptyFieldName", "=web", {{"", Operator::kEquals, "web"}}, "=web"},
        ParseCase{"TermsAreSortedAsText",
                  "metadata.namespace=default,metadata.name=web",
                  {{"metadata.name", Operator::kEquals, "web"},
                   {"metadata.namespace", Operator::kEquals, "default"}},
                  "metadata.name=web,metadata.namespace=default"},
        ParseCase{"EmptyTermsAreSkipped",
                  "a=1,,b!=2,",
                  {{"a", Operator::kEquals, "1"}, {"b", Operator::kNotEquals, "2"}},
                  "a=1,b!=2"},
        ParseCase{"WhitespaceIsKept", "a = b", {{"a ", Operator::kEquals, " b"}}, "a = b"},
        ParseCase{"EscapedComma", R"(a=x\,y)", {{"a", Operator::kEquals, "x,y"}}, R"(a=x\,y)"},
        ParseCase{"EscapedEquals", R"(a=x\=y)", {{"a", Operator::kEquals, "x=y"}}, R"(a=x\=y)"},
        ParseCase{
            "EscapedBackslash", R"(a=x\\y)", {{"a", Operator::kEquals, R"(x\y)"}}, R"(a=x\\y)"},
        ParseCase{"EscapedBackslashBeforeComma",
                  R"(a=x\\,b=y)",
                  {{"a", Operator::kEquals, R"(x\)"}, {"b", Operator::kEquals, "y"}},
                  R"(a=x\\,b=y)"},
        ParseCase{
            "FieldIsNotUnescaped", R"(a\,b=c)", {{R"(a\,b)", Operator::kEquals, "c"}}, R"(a\,b=c)"},
        ParseCase{"FirstOperatorSplits", "a!b=c", {{"a!b", Operator::kEquals, "c"}}, "a!b=c"},
        ParseCase{"KubectlDescribeEvents",
                  "involvedObject.name=web,involvedObject.namespace=default,"
                  "involvedObject.uid=1234",
                  {{"involvedObject.name", Operator::kEquals, "web"},
                   {"involvedObject.namespace", Operator::kEquals, "default"},
                   {"involvedObject.uid", Operator::kEquals, "1234"}},
                  "involvedObject.name=web,involvedObject.namespace=default,"
                  "involvedObject.uid=1234"}),
    [](const auto& info) { return info.param.name; });

// ---- Errors ----

struct ErrorCase {
  std::string name;
  std::string selector;
  std::string message;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class FieldSelectorParseErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(FieldSelectorParseErrorTest, FailsWithApimachineryTextAsBadRequest) {
  const ErrorCase& c = GetParam();
  const Result<FieldSelector> selector = FieldSelector::Parse(c.selector);
  ASSERT_FALSE(selector.has_value()) << "parsed as " << selector->String();
  EXPECT_EQ(selector.error().code(), 400);
  EXPECT_TRUE(IsBadRequest(selector.error()));
  EXPECT_EQ(selector.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, FieldSelectorParseErrorTest,
    testing::Values(
        ErrorCase{"TermWithoutOperator", "metadata.name",
                  "invalid selector: 'metadata.name'; can't understand 'metadata.name'"},
        ErrorCase{"QuotesTheWholeSelector", "spec.nodeName=a,status.phase",
                  "invalid selector: 'spec.nodeName=a,status.phase'; can't understand "
                  "'status.phase'"},
        ErrorCase{"FirstBadTermInSortedOrder", "z,a",
                  "invalid selector: 'z,a'; can't understand 'a'"},
        ErrorCase{"SetSyntaxIsNotSupported", "status.phase in (Running)",
                  "invalid selector: 'status.phase in (Running)'; can't understand "
                  "'status.phase in (Running)'"},
        ErrorCase{"UnescapedEqualsInValue", "a=b=c",
                  "invalid field selector: unescaped character in value: 61"},
        ErrorCase{"NotEqualsFollowedByEquals", "a!==b",
                  "invalid field selector: unescaped character in value: 61"},
        ErrorCase{"UnknownEscape", R"(a=b\x)",
                  R"(invalid field selector: invalid escape sequence: \x)"},
        ErrorCase{"EscapedMultibyteCharacter", "a=\\\xC3\xA9",
                  "invalid field selector: invalid escape sequence: \\\xC3\xA9"},
        ErrorCase{"EscapedInvalidUtf8ReadsAsReplacementCharacter", "a=\\\xFF",
                  "invalid field selector: invalid escape sequence: \\\xEF\xBF\xBD"},
        ErrorCase{"TrailingBackslash", R"(a=b\)",
                  R"(invalid field selector: invalid escape sequence: \)"}),
    [](const auto& info) { return info.param.name; });

// ---- Escaping ----

struct EscapeCase {
  std::string name;
  std::string value;
};

void PrintTo(const EscapeCase& c, std::ostream* os) { *os << c.name; }

class FieldValueEscapeTest : public testing::TestWithParam<EscapeCase> {};

TEST_P(FieldValueEscapeTest, EscapedValueRoundTripsThroughTheParser) {
  const std::string& value = GetParam().value;
  const Result<std::string> unescaped = UnescapeFieldValue(EscapeFieldValue(value));
  ASSERT_TRUE(unescaped.has_value()) << unescaped.error().message();
  EXPECT_EQ(*unescaped, value);

  const FieldSelector selector = FieldSelector::OneTermEqual("spec.color", value);
  const Result<FieldSelector> reparsed = FieldSelector::Parse(selector.String());
  ASSERT_TRUE(reparsed.has_value()) << reparsed.error().message();
  EXPECT_EQ(*reparsed, selector);
}

INSTANTIATE_TEST_SUITE_P(Values, FieldValueEscapeTest,
                         testing::Values(EscapeCase{"Plain", "plain"}, EscapeCase{"Empty", ""},
                                         EscapeCase{"Comma", "a,b"}, EscapeCase{"Equals", "a=b"},
                                         EscapeCase{"Backslash", R"(a\b)"},
                                         EscapeCase{"AllSpecials", R"(\,=)"},
                                         EscapeCase{"TrailingBackslash", "x\\"},
                                         EscapeCase{"LeadingComma", ",leading"},
                                         EscapeCase{"Multibyte", "caf\xC3\xA9"}),
                         [](const auto& info) { return info.param.name; });

TEST(FieldValueEscapeTest, EscapesBackslashCommaAndEquals) {
  EXPECT_EQ(EscapeFieldValue(R"(a\b,c=d)"), R"(a\\b\,c\=d)");
  EXPECT_EQ(EscapeFieldValue("plain"), "plain");
}

TEST(FieldValueEscapeTest, UnescapingRewritesInvalidUtf8OnlyWhenSomethingIsEscaped) {
  // apimachinery returns a value without special characters untouched, and otherwise walks it
  // rune by rune, so stray bytes become U+FFFD.
  EXPECT_EQ(*UnescapeFieldValue("a\xFF"), "a\xFF");
  EXPECT_EQ(*UnescapeFieldValue("a\xFF\\="), "a\xEF\xBF\xBD=");
  EXPECT_EQ(UnescapeFieldValue(",").error().message(),
            "invalid field selector: unescaped character in value: 44");
}

// ---- Matching ----

struct MatchCase {
  std::string name;
  std::string selector;
  FieldSet fields;
  bool matches;
};

void PrintTo(const MatchCase& c, std::ostream* os) { *os << c.name; }

class FieldSelectorMatchTest : public testing::TestWithParam<MatchCase> {};

TEST_P(FieldSelectorMatchTest, ComparesExactStrings) {
  const MatchCase& c = GetParam();
  const Result<FieldSelector> selector = FieldSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->Matches(c.fields), c.matches);
}

INSTANTIATE_TEST_SUITE_P(
    Semantics, FieldSelectorMatchTest,
    testing::Values(
        MatchCase{"EqualsSameValue", "metadata.name=web", {{"metadata.name", "web"}}, true},
        MatchCase{"EqualsOtherValue", "metadata.name=web", {{"metadata.name", "db"}}, false},
        MatchCase{
            "EqualsIsCaseSensitive", "status.phase=running", {{"status.phase", "Running"}}, false},
        MatchCase{"EqualsAbsentField", "spec.nodeName=node-1", {}, false},
        MatchCase{"EmptyValueMatchesAbsentField", "spec.nodeName=", {}, true},
        MatchCase{"EmptyValueMatchesEmptyField", "spec.nodeName=", {{"spec.nodeName", ""}}, true},
        MatchCase{"NotEqualsAbsentField", "spec.nodeName!=node-1", {}, true},
        MatchCase{
            "NotEqualsSameValue", "spec.nodeName!=node-1", {{"spec.nodeName", "node-1"}}, false},
        MatchCase{"NotEqualsEmptyOnAbsentField", "spec.nodeName!=", {}, false},
        MatchCase{"EscapedValue", R"(spec.color=a\,b)", {{"spec.color", "a,b"}}, true},
        MatchCase{"AllTermsMustHold",
                  "metadata.name=web,status.phase!=Running",
                  {{"metadata.name", "web"}, {"status.phase", "Running"}},
                  false},
        MatchCase{"AllTermsHold",
                  "metadata.name=web,status.phase!=Running",
                  {{"metadata.name", "web"}, {"status.phase", "Pending"}},
                  true},
        MatchCase{"EmptySelectorMatchesAnything", "", {{"metadata.name", "web"}}, true}),
    [](const auto& info) { return info.param.name; });

TEST(FieldSelectorTest, NothingMatchesNoFieldSet) {
  EXPECT_FALSE(FieldSelector::Nothing().Matches({}));
  EXPECT_FALSE(FieldSelector::Nothing().Matches({{"metadata.name", "web"}}));
  EXPECT_TRUE(FieldSelector::Nothing().MatchesNothing());
  EXPECT_FALSE(FieldSelector::Nothing().Empty());
  EXPECT_TRUE(FieldSelector::Everything().Matches({}));
  EXPECT_TRUE(FieldSelector::Everything().Empty());
}

// ---- Exact match (R6.8) ----

struct ExactMatchCase {
  std::string name;
  std::string selector;
  std::optional<std::string> value;
};

void PrintTo(const ExactMatchCase& c, std::ostream* os) { *os << c.name; }

class FieldSelectorExactMatchTest : public testing::TestWithParam<ExactMatchCase> {};

TEST_P(FieldSelectorExactMatchTest, RequiresExactMatchOnMetadataName) {
  const ExactMatchCase& c = GetParam();
  const Result<FieldSelector> selector = FieldSelector::Parse(c.selector);
  ASSERT_TRUE(selector.has_value()) << selector.error().message();
  EXPECT_EQ(selector->RequiresExactMatch("metadata.name"), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FieldSelectorExactMatchTest,
    testing::Values(
        ExactMatchCase{"Equals", "metadata.name=web", "web"},
        ExactMatchCase{"DoubleEquals", "metadata.name==web", "web"},
        ExactMatchCase{"AmongOtherTerms", "metadata.namespace=ns,metadata.name=web", "web"},
        ExactMatchCase{"EmptyName", "metadata.name=", ""},
        ExactMatchCase{"EscapedName", R"(metadata.name=a\=b)", "a=b"},
        ExactMatchCase{"NotEqualsDoesNotCount", "metadata.name!=web", std::nullopt},
        ExactMatchCase{"NotEqualsBeforeEquals", "metadata.name!=db,metadata.name=web", "web"},
        ExactMatchCase{"OtherField", "metadata.namespace=web", std::nullopt},
        ExactMatchCase{"Everything", "", std::nullopt}),
    [](const auto& info) { return info.param.name; });

// ---- Construction ----

TEST(FieldSelectorTest, FromSetBuildsEqualsTermsInFieldOrder) {
  const FieldSelector selector =
      FieldSelector::FromSet({{"status.phase", "Running"}, {"metadata.name", "a,b"}});
  EXPECT_EQ(selector.String(), R"(metadata.name=a\,b,status.phase=Running)");
  EXPECT_TRUE(selector.Matches({{"metadata.name", "a,b"}, {"status.phase", "Running"}}));
  EXPECT_TRUE(FieldSelector::FromSet({}).Empty());
}

TEST(FieldSelectorTest, FromRequirementsRebuildsARewrittenSelector) {
  // What the server does for a field alias (R6.12: spec.host means spec.nodeName).
  const FieldSelector parsed = *FieldSelector::Parse("spec.host=node-1,status.phase!=Failed");
  Requirements rewritten = parsed.requirements();
  for (FieldRequirement& requirement : rewritten) {
    if (requirement.field == "spec.host") requirement.field = "spec.nodeName";
  }
  const FieldSelector selector = FieldSelector::FromRequirements(rewritten);
  EXPECT_EQ(selector.String(), "spec.nodeName=node-1,status.phase!=Failed");
  EXPECT_TRUE(selector.Matches({{"spec.nodeName", "node-1"}, {"status.phase", "Running"}}));
}

}  // namespace
}  // namespace kubefake::api
