// Tests for the name and label syntax checks (R2.8): each check's verdict and exact messages,
// the generateName prefix variants, and the message builders.
#include "kubefake/api/name_validation.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "validation_messages.h"

namespace kubefake::api {
namespace {

// Messages as R2.8 and R6.10 quote them.
const std::string kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kLabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const std::string kDNS1035Message =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

using Messages = std::vector<std::string>;
using Check = Messages (*)(std::string_view);

// Three 63-byte labels and one 61-byte label joined by dots: exactly 253 bytes.
std::string LongSubdomain(size_t extra) {
  return std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
         std::string(61 + extra, 'd');
}

struct CheckCase {
  std::string name;
  Check check;
  std::string input;
  Messages want;
};

void PrintTo(const CheckCase& c, std::ostream* os) { *os << c.name; }

class NameValidationTest : public testing::TestWithParam<CheckCase> {};

TEST_P(NameValidationTest, ReturnsApimachineryMessages) {
  const CheckCase& c = GetParam();
  EXPECT_EQ(c.check(c.input), c.want) << "input: \"" << c.input << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    Subdomain, NameValidationTest,
    testing::Values(
        CheckCase{"AcceptsOneCharacter", IsDNS1123Subdomain, "a", {}},
        CheckCase{"AcceptsDottedName", IsDNS1123Subdomain, "web-1.example.com", {}},
        CheckCase{"AcceptsLeadingDigit", IsDNS1123Subdomain, "0abc", {}},
        CheckCase{"Accepts253Bytes", IsDNS1123Subdomain, LongSubdomain(0), {}},
        CheckCase{"RejectsEmpty", IsDNS1123Subdomain, "", {kSubdomainMessage}},
        CheckCase{"RejectsUppercase", IsDNS1123Subdomain, "Web", {kSubdomainMessage}},
        CheckCase{"RejectsUnderscore", IsDNS1123Subdomain, "my_name", {kSubdomainMessage}},
        CheckCase{"RejectsEmptyLabel", IsDNS1123Subdomain, "a..b", {kSubdomainMessage}},
        CheckCase{"RejectsLeadingDot", IsDNS1123Subdomain, ".a", {kSubdomainMessage}},
        CheckCase{"RejectsTrailingDot", IsDNS1123Subdomain, "a.", {kSubdomainMessage}},
        CheckCase{"RejectsLabelEndingInDash", IsDNS1123Subdomain, "a-.b", {kSubdomainMessage}},
        CheckCase{"RejectsTrailingNewline", IsDNS1123Subdomain, "a\n", {kSubdomainMessage}},
        CheckCase{"Rejects254BytesWithLengthOnly",
                  IsDNS1123Subdomain,
                  LongSubdomain(1),
                  {"must be no more than 253 characters"}},
        CheckCase{"ReportsLengthAndPattern",
                  IsDNS1123Subdomain,
                  LongSubdomain(1) + "_",
                  {"must be no more than 253 characters", kSubdomainMessage}}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Label, NameValidationTest,
    testing::Values(
        CheckCase{"AcceptsDashInside", IsDNS1123Label, "my-name", {}},
        CheckCase{"AcceptsLeadingDigit", IsDNS1123Label, "123-abc", {}},
        CheckCase{"Accepts63Bytes", IsDNS1123Label, std::string(63, 'a'), {}},
        CheckCase{"SaysNoDotsForAValidSubdomain", IsDNS1123Label, "a.b", {"must not contain dots"}},
        CheckCase{"RejectsEmpty", IsDNS1123Label, "", {kLabelMessage}},
        CheckCase{"RejectsLeadingDash", IsDNS1123Label, "-a", {kLabelMessage}},
        CheckCase{"RejectsUppercase", IsDNS1123Label, "A", {kLabelMessage}},
        CheckCase{"RejectsDotAndUppercase", IsDNS1123Label, "a.B", {kLabelMessage}},
        CheckCase{"Rejects64Bytes",
                  IsDNS1123Label,
                  std::string(64, 'a'),
                  {"must be no more than 63 characters"}},
        CheckCase{"ReportsLengthAndDots",
                  IsDNS1123Label,
                  std::string(62, 'a') + ".b",
                  {"must be no more than 63 characters", "must not contain dots"}}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    DNS1035, NameValidationTest,
    testing::Values(CheckCase{"AcceptsServiceName", IsDNS1035Label, "my-name", {}},
                    CheckCase{"AcceptsOneLetter", IsDNS1035Label, "a", {}},
                    CheckCase{"AcceptsTrailingDigits", IsDNS1035Label, "abc-123", {}},
                    CheckCase{"RejectsLeadingDigit", IsDNS1035Label, "1abc", {kDNS1035Message}},
                    CheckCase{"RejectsTrailingDash", IsDNS1035Label, "abc-", {kDNS1035Message}},
                    CheckCase{"RejectsDots", IsDNS1035Label, "a.b", {kDNS1035Message}},
                    CheckCase{"RejectsEmpty", IsDNS1035Label, "", {kDNS1035Message}},
                    CheckCase{"Rejects64Bytes",
                              IsDNS1035Label,
                              std::string(64, 'a'),
                              {"must be no more than 63 characters"}}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    QualifiedName, NameValidationTest,
    testing::Values(
        CheckCase{"AcceptsPlainName", IsQualifiedName, "app", {}},
        CheckCase{"AcceptsMixedCaseAndPunctuation", IsQualifiedName, "My_app.name-1", {}},
        CheckCase{"AcceptsPrefixedName", IsQualifiedName, "app.kubernetes.io/name", {}},
        CheckCase{"Accepts63ByteName", IsQualifiedName, "example.com/" + std::string(63, 'x'), {}},
        CheckCase{
            "RejectsEmpty", IsQualifiedName, "", {"name part must be non-empty", kNamePartMessage}},
        CheckCase{"RejectsEmptyPrefix", IsQualifiedName, "/app", {"prefix part must be non-empty"}},
        CheckCase{"RejectsEmptyNameAfterPrefix",
                  IsQualifiedName,
                  "example.com/",
                  {"name part must be non-empty", kNamePartMessage}},
        CheckCase{"RejectsUppercasePrefix",
                  IsQualifiedName,
                  "Example.com/app",
                  {"prefix part " + kSubdomainMessage}},
        CheckCase{"RejectsOverlongPrefix",
                  IsQualifiedName,
                  LongSubdomain(1) + "/app",
                  {"prefix part must be no more than 253 characters"}},
        CheckCase{"RejectsLeadingDashInName", IsQualifiedName, "-app", {kNamePartMessage}},
        CheckCase{"RejectsSpaceInName", IsQualifiedName, "a b", {kNamePartMessage}},
        CheckCase{"Rejects64ByteName",
                  IsQualifiedName,
                  std::string(64, 'x'),
                  {"name part must be no more than 63 characters"}},
        CheckCase{"ReportsBothParts",
                  IsQualifiedName,
                  "Bad/-bad",
                  {"prefix part " + kSubdomainMessage, kNamePartMessage}},
        CheckCase{
            "RejectsTwoSlashesWithOneMessage", IsQualifiedName, "a/b/c", {kTooManySlashesMessage}}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    LabelValue, NameValidationTest,
    testing::Values(CheckCase{"AcceptsEmpty", IsValidLabelValue, "", {}},
                    CheckCase{"AcceptsMyValue", IsValidLabelValue, "MyValue", {}},
                    CheckCase{"AcceptsUnderscoreAndDot", IsValidLabelValue, "my_value.v1", {}},
                    CheckCase{"AcceptsDigits", IsValidLabelValue, "12345", {}},
                    CheckCase{"Accepts63Bytes", IsValidLabelValue, std::string(63, 'v'), {}},
                    CheckCase{"RejectsSpace", IsValidLabelValue, "a b", {kLabelValueMessage}},
                    CheckCase{"RejectsSlash", IsValidLabelValue, "a/b", {kLabelValueMessage}},
                    CheckCase{"RejectsLeadingDash", IsValidLabelValue, "-1", {kLabelValueMessage}},
                    CheckCase{"RejectsTrailingDot", IsValidLabelValue, "v.", {kLabelValueMessage}},
                    CheckCase{"Rejects64Bytes",
                              IsValidLabelValue,
                              std::string(64, 'v'),
                              {"must be no more than 63 characters"}},
                    CheckCase{"ReportsLengthAndPattern",
                              IsValidLabelValue,
                              std::string(64, 'v') + "-",
                              {"must be no more than 63 characters", kLabelValueMessage}}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    PathSegment, NameValidationTest,
    testing::Values(
        CheckCase{"AcceptsColons", IsValidPathSegmentName, "system:controller:job", {}},
        CheckCase{"AcceptsUppercaseAndSpaces", IsValidPathSegmentName, "My Role", {}},
        CheckCase{"AcceptsLeadingDot", IsValidPathSegmentName, ".hidden", {}},
        CheckCase{"RejectsDot", IsValidPathSegmentName, ".", {"may not be '.'"}},
        CheckCase{"RejectsDotDot", IsValidPathSegmentName, "..", {"may not be '..'"}},
        CheckCase{"RejectsSlash", IsValidPathSegmentName, "a/b", {"may not contain '/'"}},
        CheckCase{"RejectsPercent", IsValidPathSegmentName, "a%2F", {"may not contain '%'"}},
        CheckCase{"ReportsSlashAndPercent",
                  IsValidPathSegmentName,
                  "%/",
                  {"may not contain '/'", "may not contain '%'"}},
        CheckCase{"PrefixAcceptsDot", IsValidPathSegmentPrefix, ".", {}},
        CheckCase{"PrefixRejectsSlash", IsValidPathSegmentPrefix, "a/", {"may not contain '/'"}}),
    [](const auto& info) { return info.param.name; });

// generateName prefixes (R2.6): the server appends a suffix, so a trailing dash is fine.
struct PrefixCase {
  std::string name;
  Messages (*check)(std::string_view, bool);
  std::string input;
  bool prefix;
  Messages want;
};

void PrintTo(const PrefixCase& c, std::ostream* os) { *os << c.name; }

class NameFuncTest : public testing::TestWithParam<PrefixCase> {};

TEST_P(NameFuncTest, ToleratesATrailingDashOnlyInAPrefix) {
  const PrefixCase& c = GetParam();
  EXPECT_EQ(c.check(c.input, c.prefix), c.want) << "input: \"" << c.input << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    GenerateName, NameFuncTest,
    testing::Values(
        PrefixCase{"SubdomainPrefixWithTrailingDash", NameIsDNSSubdomain, "web-", true, {}},
        PrefixCase{"SubdomainNameWithTrailingDash",
                   NameIsDNSSubdomain,
                   "web-",
                   false,
                   {kSubdomainMessage}},
        PrefixCase{
            "SubdomainLoneDashIsNotMasked", NameIsDNSSubdomain, "-", true, {kSubdomainMessage}},
        PrefixCase{"SubdomainPrefixStillChecksTheRest",
                   NameIsDNSSubdomain,
                   "Web-",
                   true,
                   {kSubdomainMessage}},
        PrefixCase{"LabelPrefixWithTrailingDash", NameIsDNSLabel, "ns-", true, {}},
        PrefixCase{"LabelPrefixWithDots", NameIsDNSLabel, "a.b-", true, {"must not contain dots"}},
        PrefixCase{"DNS1035PrefixWithTrailingDash", NameIsDNS1035Label, "svc-", true, {}},
        PrefixCase{
            "DNS1035PrefixStartingWithDigit", NameIsDNS1035Label, "1svc-", true, {kDNS1035Message}},
        PrefixCase{"PathSegmentPrefixMayBeDot", ValidatePathSegmentName, ".", true, {}},
        PrefixCase{
            "PathSegmentNameMayNotBeDot", ValidatePathSegmentName, ".", false, {"may not be '.'"}}),
    [](const auto& info) { return info.param.name; });

TEST(NameValidationMessagesTest, RegexErrorJoinsExamplesTheWayApimachineryDoes) {
  EXPECT_EQ(RegexError("bad", "[a-z]+", {"a", "b"}),
            "bad (e.g. 'a',  or 'b', regex used for validation is '[a-z]+')");
  EXPECT_EQ(RegexError("bad", "[a-z]+"), "bad (regex used for validation is '[a-z]+')");
  EXPECT_EQ(MaxLenError(15), "must be no more than 15 characters");
  EXPECT_EQ(EmptyError(), "must be non-empty");
}

}  // namespace
}  // namespace kubefake::api
