// Tests for the request options: decoding (R1.9), ListOptions validation (R6.4, R7.5) and
// WatchList defaulting (R7.4, R7.6), resourceVersion parsing (R2.2), create/update/patch
// options (R3.1, R3.11, R3.12) and DeleteOptions (R3.17, R4.1).
#include "request_options.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

Request WithQuery(const QueryPairs& query) {
  Request request;
  request.method = "GET";
  request.path = "/api/v1/pods";
  for (const auto& [key, value] : query) request.query.emplace(key, value);
  return request;
}

Request WithBody(std::string body, std::string content_type = "application/json",
                 const QueryPairs& query = {}) {
  Request request = WithQuery(query);
  request.method = "DELETE";
  request.body = std::move(body);
  if (!content_type.empty()) request.headers.Set("Content-Type", std::move(content_type));
  return request;
}

// A case that must fail with `code`, `reason` and exactly `message`.
struct ErrorCase {
  std::string name;
  QueryPairs query;
  int code;
  api::Reason reason;
  std::string message;
};

std::string CaseName(const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; }

void ExpectError(const api::Error& error, const ErrorCase& c) {
  EXPECT_EQ(error.code(), c.code);
  EXPECT_EQ(error.reason(), c.reason);
  EXPECT_EQ(error.message(), c.message);
}

// --- ListOptions decoding (R1.9) --------------------------------------------------------

TEST(ParseListOptionsTest, DecodesEveryListParameter) {
  Result<ListOptions> options = ParseListOptions(WithQuery({
      {"labelSelector", "app=web"},
      {"fieldSelector", "status.phase=Running"},
      {"allowWatchBookmarks", "true"},
      {"resourceVersion", "42"},
      {"resourceVersionMatch", "NotOlderThan"},
      {"timeoutSeconds", "300"},
      {"limit", "500"},
  }));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->label_selector, "app=web");
  EXPECT_EQ(options->field_selector, "status.phase=Running");
  EXPECT_FALSE(options->watch);
  EXPECT_TRUE(options->allow_watch_bookmarks);
  EXPECT_EQ(options->resource_version, "42");
  EXPECT_EQ(options->resource_version_match, "NotOlderThan");
  EXPECT_EQ(options->timeout_seconds, 300);
  EXPECT_EQ(options->limit, 500);
  EXPECT_EQ(options->continue_token, "");
  EXPECT_EQ(options->send_initial_events, std::nullopt);
}

TEST(ParseListOptionsTest, UnknownParametersAreIgnored) {
  Result<ListOptions> options =
      ParseListOptions(WithQuery({{"pretty", "true"}, {"bogus", "x"}, {"limit", "3"}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->limit, 3);
}

TEST(ParseListOptionsTest, OnlyTheFirstValueOfAParameterCounts) {
  Result<ListOptions> options = ParseListOptions(WithQuery(
      {{"labelSelector", "a=1"}, {"labelSelector", "b=2"}, {"limit", "5"}, {"limit", "abc"}}));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->label_selector, "a=1");
  EXPECT_EQ(options->limit, 5);
}

TEST(ParseListOptionsTest, NegativeLimitIsKeptAndMeansNoPaging) {
  // The storage pages only for limit > 0 (etcd3 store GetList: paging := limit > 0).
  Result<ListOptions> options = ParseListOptions(WithQuery({{"limit", "-1"}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->limit, -1);
}

TEST(ParseListOptionsTest, IntegersTakeASignAsGoDoes) {
  Result<ListOptions> options = ParseListOptions(WithQuery({{"limit", "+7"}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->limit, 7);
}

struct BoolCase {
  std::string name;
  std::string value;
  bool want;
};

class BooleanParameterTest : public ::testing::TestWithParam<BoolCase> {};

TEST_P(BooleanParameterTest, NeverFailsAndIsFalseOnlyForFalseOrZero) {
  Result<ListOptions> options =
      ParseListOptions(WithQuery({{"allowWatchBookmarks", GetParam().value}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->allow_watch_bookmarks, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Values, BooleanParameterTest,
                         ::testing::ValuesIn(std::vector<BoolCase>{
                             {"True", "true", true},
                             {"One", "1", true},
                             {"Empty", "", true},
                             {"Garbage", "abc", true},
                             {"False", "false", false},
                             {"FalseUpperCase", "FALSE", false},
                             {"Zero", "0", false},
                         }),
                         [](const auto& info) { return info.param.name; });

class ListOptionsDecodingErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ListOptionsDecodingErrorTest, AnswersBadRequestWithStrconvText) {
  Result<ListOptions> options = ParseListOptions(WithQuery(GetParam().query));
  ASSERT_FALSE(options.has_value());
  ExpectError(options.error(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    ParameterCodec, ListOptionsDecodingErrorTest,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"LimitNotANumber",
         {{"limit", "abc"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "abc": invalid syntax)"},
        {"LimitEmpty",
         {{"limit", ""}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "": invalid syntax)"},
        {"LimitFraction",
         {{"limit", "1.5"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "1.5": invalid syntax)"},
        {"LimitOutOfRange",
         {{"limit", "9223372036854775808"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "9223372036854775808": value out of range)"},
        {"TimeoutSecondsNotANumber",
         {{"timeoutSeconds", "x"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "x": invalid syntax)"},
        {"TimeoutSecondsDuration",
         {{"timeoutSeconds", "0.1s"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "0.1s": invalid syntax)"},
        // timeoutSeconds is decoded before limit.
        {"FirstBadParameterWins",
         {{"limit", "a"}, {"timeoutSeconds", "b"}},
         400,
         api::Reason::kBadRequest,
         R"(strconv.ParseInt: parsing "b": invalid syntax)"},
    }),
    CaseName);

// --- ListOptions validation (R6.4, R7.5) ------------------------------------------------

class ListOptionsValidationTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ListOptionsValidationTest, AnswersInvalidListOptions) {
  Result<ListOptions> options = ParseListOptions(WithQuery(GetParam().query));
  ASSERT_FALSE(options.has_value());
  ExpectError(options.error(), GetParam());
  ASSERT_TRUE(options.error().details().has_value());
  EXPECT_EQ(options.error().details()->group, "meta.k8s.io");
  EXPECT_EQ(options.error().details()->kind, "ListOptions");
  EXPECT_EQ(options.error().details()->name, "");
}

constexpr const char* kListInvalid = "ListOptions.meta.k8s.io \"\" is invalid: ";

INSTANTIATE_TEST_SUITE_P(
    ListRules, ListOptionsValidationTest,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"MatchWithoutResourceVersion",
         {{"resourceVersionMatch", "NotOlderThan"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
             "resourceVersion is provided"},
        {"MatchWithContinue",
         {{"resourceVersion", "5"}, {"resourceVersionMatch", "Exact"}, {"continue", "tok"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue "
             "is provided"},
        {"UnknownMatch",
         {{"resourceVersion", "5"}, {"resourceVersionMatch", "Newest"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             R"(resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", "")"},
        {"MatchIsCaseSensitive",
         {{"resourceVersion", "5"}, {"resourceVersionMatch", "exact"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             R"(resourceVersionMatch: Unsupported value: "exact": supported values: "Exact", "NotOlderThan", "")"},
        {"ExactAtZero",
         {{"resourceVersion", "0"}, {"resourceVersionMatch", "Exact"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             R"(resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0")"},
        {"SendInitialEventsOnList",
         {{"sendInitialEvents", "true"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"},
        {"SendInitialEventsFalseOnList",
         {{"sendInitialEvents", "false"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"},
        {"EveryProblemIsReported",
         {{"resourceVersionMatch", "Exact"}, {"continue", "tok"}, {"sendInitialEvents", "1"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "[resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
             "resourceVersion is provided, resourceVersionMatch: Forbidden: resourceVersionMatch "
             "is forbidden when continue is provided, sendInitialEvents: Forbidden: "
             "sendInitialEvents is forbidden for list]"},
    }),
    CaseName);

INSTANTIATE_TEST_SUITE_P(
    WatchRules, ListOptionsValidationTest,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"SendInitialEventsWithoutMatch",
         {{"watch", "true"}, {"sendInitialEvents", "true"}, {"resourceVersion", "5"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
             "resourceVersionMatch to NotOlderThan"},
        {"MatchWithoutSendInitialEvents",
         {{"watch", "true"}, {"resourceVersion", "5"}, {"resourceVersionMatch", "NotOlderThan"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch "
             "unless sendInitialEvents is provided"},
        {"ExactOnWatch",
         {{"watch", "true"}, {"sendInitialEvents", "true"}, {"resourceVersionMatch", "Exact"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
             "resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: "
             R"("Exact": supported values: "NotOlderThan"])"},
        {"MatchWithContinueOnWatch",
         {{"watch", "1"},
          {"sendInitialEvents", "true"},
          {"resourceVersionMatch", "NotOlderThan"},
          {"continue", "tok"}},
         422,
         api::Reason::kInvalid,
         std::string(kListInvalid) +
             "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue "
             "is provided"},
    }),
    CaseName);

TEST(ParseListOptionsTest, WatchListRequestOfClientGoIsValid) {
  // R7.8: what client-go 1.35+ informers send.
  Result<ListOptions> options =
      ParseListOptions(WithQuery({{"watch", "true"},
                                  {"sendInitialEvents", "true"},
                                  {"resourceVersionMatch", "NotOlderThan"},
                                  {"allowWatchBookmarks", "true"},
                                  {"resourceVersion", ""},
                                  {"timeoutSeconds", "540"}}));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_TRUE(options->watch);
  EXPECT_EQ(options->send_initial_events, true);
  EXPECT_EQ(options->resource_version_match, "NotOlderThan");
  EXPECT_EQ(options->timeout_seconds, 540);
}

TEST(ParseListOptionsTest, WithoutTheWatchListGateSendInitialEventsOnWatchIsForbidden) {
  // R7.5: what makes client-go fall back to list+watch.
  Result<ListOptions> options =
      ParseListOptions(WithQuery({{"watch", "true"},
                                  {"sendInitialEvents", "true"},
                                  {"resourceVersionMatch", "NotOlderThan"}}),
                       ListOptionsPolicy{.watch_list_enabled = false});
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().code(), 422);
  EXPECT_EQ(options.error().message(),
            std::string(kListInvalid) +
                "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless "
                "the WatchList feature gate is enabled");
}

// --- WatchList defaulting (R7.4) ---------------------------------------------------------

struct DefaultingCase {
  std::string name;
  QueryPairs query;
  bool watch_list_enabled;
  std::optional<bool> send_initial_events;
  std::string resource_version_match;
};

class WatchListDefaultingTest : public ::testing::TestWithParam<DefaultingCase> {};

TEST_P(WatchListDefaultingTest, DefaultsOnlyLegacyWatchesFromNowOrAny) {
  const DefaultingCase& c = GetParam();
  Result<ListOptions> options = ParseListOptions(
      WithQuery(c.query), ListOptionsPolicy{.watch_list_enabled = c.watch_list_enabled});
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->send_initial_events, c.send_initial_events);
  EXPECT_EQ(options->resource_version_match, c.resource_version_match);
}

INSTANTIATE_TEST_SUITE_P(
    WatchList, WatchListDefaultingTest,
    ::testing::ValuesIn(std::vector<DefaultingCase>{
        {"WatchFromUnsetResourceVersion", {{"watch", "true"}}, true, true, "NotOlderThan"},
        {"WatchFromEmptyResourceVersion",
         {{"watch", "true"}, {"resourceVersion", ""}},
         true,
         true,
         "NotOlderThan"},
        {"WatchFromZero",
         {{"watch", "true"}, {"resourceVersion", "0"}},
         true,
         true,
         "NotOlderThan"},
        {"WatchFromAResourceVersionIsNotDefaulted",
         {{"watch", "true"}, {"resourceVersion", "17"}},
         true,
         std::nullopt,
         ""},
        {"ExplicitSendInitialEventsFalseIsKept",
         {{"watch", "true"},
          {"sendInitialEvents", "false"},
          {"resourceVersionMatch", "NotOlderThan"}},
         true,
         false,
         "NotOlderThan"},
        {"ListIsNotDefaulted", {}, true, std::nullopt, ""},
        {"GateOffDoesNotDefault", {{"watch", "true"}}, false, std::nullopt, ""},
    }),
    [](const auto& info) { return info.param.name; });

// --- resourceVersion (R2.2) and continue (R6.4) -------------------------------------------

TEST(ParseResourceVersionTest, UnsetAndZeroMeanAny) {
  EXPECT_EQ(ParseResourceVersion("", ResourceVersionReader::kWatchCache), 0u);
  EXPECT_EQ(ParseResourceVersion("0", ResourceVersionReader::kStorage), 0u);
  EXPECT_EQ(ParseResourceVersion("18446744073709551615", ResourceVersionReader::kStorage),
            18446744073709551615u);
  EXPECT_EQ(ParseResourceVersion("12746", ResourceVersionReader::kWatchCache), 12746u);
}

struct ResourceVersionCase {
  std::string name;
  std::string resource_version;
  ResourceVersionReader reader;
  int code;
  api::Reason reason;
  std::string message;
};

class ResourceVersionErrorTest : public ::testing::TestWithParam<ResourceVersionCase> {};

TEST_P(ResourceVersionErrorTest, AnswersThePathsError) {
  const ResourceVersionCase& c = GetParam();
  Result<uint64_t> parsed = ParseResourceVersion(c.resource_version, c.reader);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), c.code);
  EXPECT_EQ(parsed.error().reason(), c.reason);
  EXPECT_EQ(parsed.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Readers, ResourceVersionErrorTest,
    ::testing::ValuesIn(std::vector<ResourceVersionCase>{
        {"WatchCacheAnswersItsStorageErrorUnwrapped", "abc", ResourceVersionReader::kWatchCache,
         500, api::Reason::kUnknown,
         R"(resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax)"},
        {"NegativeIsInvalidSyntax", "-1", ResourceVersionReader::kWatchCache, 500,
         api::Reason::kUnknown,
         R"(resourceVersion: Invalid value: "-1": strconv.ParseUint: parsing "-1": invalid syntax)"},
        {"StorageAnswersBadRequest", "abc", ResourceVersionReader::kStorage, 400,
         api::Reason::kBadRequest,
         R"(invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax)"},
        {"OutOfRange", "18446744073709551616", ResourceVersionReader::kStorage, 400,
         api::Reason::kBadRequest,
         R"(invalid resource version: resourceVersion: Invalid value: "18446744073709551616": strconv.ParseUint: parsing "18446744073709551616": value out of range)"},
    }),
    [](const auto& info) { return info.param.name; });

struct ReaderCase {
  std::string name;
  QueryPairs query;
  ResourceVersionReader want;
};

class ListResourceVersionReaderTest : public ::testing::TestWithParam<ReaderCase> {};

TEST_P(ListResourceVersionReaderTest, FollowsTheCachersDelegation) {
  Result<ListOptions> options = ParseListOptions(WithQuery(GetParam().query));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(ListResourceVersionReader(*options), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Delegation, ListResourceVersionReaderTest,
    ::testing::ValuesIn(std::vector<ReaderCase>{
        {"NotOlderThanWithoutLimit",
         {{"resourceVersion", "5"}},
         ResourceVersionReader::kWatchCache},
        {"LimitWithResourceVersionIsExact",
         {{"resourceVersion", "5"}, {"limit", "10"}},
         ResourceVersionReader::kStorage},
        {"LimitWithZeroIsAny",
         {{"resourceVersion", "0"}, {"limit", "10"}},
         ResourceVersionReader::kWatchCache},
        {"ExactMatch",
         {{"resourceVersion", "5"}, {"resourceVersionMatch", "Exact"}},
         ResourceVersionReader::kStorage},
        {"NotOlderThanMatchWithLimit",
         {{"resourceVersion", "5"}, {"resourceVersionMatch", "NotOlderThan"}, {"limit", "3"}},
         ResourceVersionReader::kWatchCache},
        {"Continue", {{"continue", "tok"}}, ResourceVersionReader::kStorage},
    }),
    [](const auto& info) { return info.param.name; });

TEST(ValidateContinueResourceVersionTest, ResourceVersionWithContinueIsABadRequest) {
  Result<ListOptions> options =
      ParseListOptions(WithQuery({{"continue", "tok"}, {"resourceVersion", "12"}}));
  ASSERT_TRUE(options.has_value());
  Result<void> result = ValidateContinueResourceVersion(*options);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), 400);
  EXPECT_EQ(result.error().message(),
            "specifying resource version is not allowed when using continue");
}

TEST(ValidateContinueResourceVersionTest, UnsetOrZeroResourceVersionIsAllowed) {
  for (const char* rv : {"", "0"}) {
    Result<ListOptions> options =
        ParseListOptions(WithQuery({{"continue", "tok"}, {"resourceVersion", rv}}));
    ASSERT_TRUE(options.has_value());
    EXPECT_TRUE(ValidateContinueResourceVersion(*options).has_value()) << rv;
  }
}

TEST(ParseGetOptionsTest, ReadsTheResourceVersion) {
  EXPECT_EQ(ParseGetOptions(WithQuery({{"resourceVersion", "7"}})).resource_version, "7");
  EXPECT_EQ(ParseGetOptions(WithQuery({})).resource_version, "");
}

// --- Create, update and patch options (R3.1, R3.11, R3.12) --------------------------------

TEST(ParseCreateOptionsTest, DecodesDryRunFieldManagerAndFieldValidation) {
  Result<CreateOptions> options =
      ParseCreateOptions(WithQuery({{"dryRun", "All"},
                                    {"fieldManager", "kubectl-client-side-apply"},
                                    {"fieldValidation", "Strict"}}));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_TRUE(options->DryRun());
  EXPECT_EQ(options->field_manager, "kubectl-client-side-apply");
  EXPECT_EQ(options->field_validation, FieldValidation::kStrict);
}

TEST(ParseCreateOptionsTest, DefaultsAreNoDryRunAndWarn) {
  Result<CreateOptions> options = ParseCreateOptions(WithQuery({}));
  ASSERT_TRUE(options.has_value());
  EXPECT_FALSE(options->DryRun());
  EXPECT_EQ(options->field_manager, "");
  EXPECT_EQ(options->field_validation, FieldValidation::kWarn);
}

TEST(ParseCreateOptionsTest, FieldValidationValuesMapToTheirDirective) {
  const std::vector<std::pair<std::string, FieldValidation>> cases = {
      {"", FieldValidation::kWarn},
      {"Warn", FieldValidation::kWarn},
      {"Ignore", FieldValidation::kIgnore},
      {"Strict", FieldValidation::kStrict}};
  for (const auto& [value, want] : cases) {
    Result<CreateOptions> options = ParseCreateOptions(WithQuery({{"fieldValidation", value}}));
    ASSERT_TRUE(options.has_value()) << value;
    EXPECT_EQ(options->field_validation, want) << value;
  }
}

TEST(ParseCreateOptionsTest, PrintableUnicodeAndInvalidUtf8FieldManagersAreAccepted) {
  // Go ranges over invalid UTF-8 as U+FFFD, which is printable.
  for (const char* manager : {"caf\xc3\xa9", "a\xff", "\xe2\x9c\x93 tool"}) {
    EXPECT_TRUE(ParseCreateOptions(WithQuery({{"fieldManager", manager}})).has_value());
  }
  EXPECT_TRUE(ParseCreateOptions(WithQuery({{"fieldManager", std::string(128, 'm')}})).has_value());
}

class WriteOptionsErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(WriteOptionsErrorTest, CreateAnswersInvalidCreateOptions) {
  Result<CreateOptions> options = ParseCreateOptions(WithQuery(GetParam().query));
  ASSERT_FALSE(options.has_value());
  ExpectError(options.error(),
              ErrorCase{"",
                        {},
                        GetParam().code,
                        GetParam().reason,
                        "CreateOptions.meta.k8s.io \"\" is invalid: " + GetParam().message});
  EXPECT_EQ(options.error().details()->kind, "CreateOptions");
  EXPECT_EQ(options.error().details()->group, "meta.k8s.io");
}

TEST_P(WriteOptionsErrorTest, UpdateAnswersInvalidUpdateOptions) {
  Result<UpdateOptions> options = ParseUpdateOptions(WithQuery(GetParam().query));
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().message(),
            "UpdateOptions.meta.k8s.io \"\" is invalid: " + GetParam().message);
}

TEST_P(WriteOptionsErrorTest, PatchAnswersInvalidPatchOptions) {
  Result<PatchOptions> options = ParsePatchOptions(WithQuery(GetParam().query), false);
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().message(),
            "PatchOptions.meta.k8s.io \"\" is invalid: " + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Options, WriteOptionsErrorTest,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"DryRunOtherThanAll",
         {{"dryRun", "foo"}},
         422,
         api::Reason::kInvalid,
         R"(dryRun: Unsupported value: ["foo"]: supported values: "All")"},
        {"DryRunEmpty",
         {{"dryRun", ""}},
         422,
         api::Reason::kInvalid,
         R"(dryRun: Unsupported value: [""]: supported values: "All")"},
        {"DryRunListsEveryValue",
         {{"dryRun", "All"}, {"dryRun", "x"}},
         422,
         api::Reason::kInvalid,
         R"(dryRun: Unsupported value: ["All","x"]: supported values: "All")"},
        {"UnknownFieldValidation",
         {{"fieldValidation", "strict"}},
         422,
         api::Reason::kInvalid,
         R"(fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn")"},
        {"FieldManagerTooLong",
         {{"fieldManager", std::string(129, 'm')}},
         422,
         api::Reason::kInvalid,
         "fieldManager: Too long: may not be more than 128 bytes"},
        {"FieldManagerWithControlCharacter",
         {{"fieldManager",
           "a\x01"
           "b"}},
         422,
         api::Reason::kInvalid,
         R"(fieldManager: Invalid value: "a\x01b": invalid character U+0001 (at position 1))"},
        {"FieldManagerWithZeroWidthSpace",
         {{"fieldManager", "ab\xe2\x80\x8b"}},
         422,
         api::Reason::kInvalid,
         "fieldManager: Invalid value: \"ab\xe2\x80\x8b\": invalid character U+200B (at "
         "position 2)"},
        {"EveryProblemInUpstreamOrder",
         {{"fieldValidation", "x"}, {"dryRun", "y"}, {"fieldManager", "\t"}},
         422,
         api::Reason::kInvalid,
         R"([fieldManager: Invalid value: "\t": invalid character U+0009 (at position 0), )"
         R"(dryRun: Unsupported value: ["y"]: supported values: "All", )"
         R"(fieldValidation: Unsupported value: "x": supported values: "", "Ignore", "Strict", "Warn"])"},
    }),
    CaseName);

TEST(ParsePatchOptionsTest, ForceOnANonApplyPatchIsForbidden) {
  // R3.12; force=false is still "specified".
  for (const char* force : {"true", "false"}) {
    Result<PatchOptions> options = ParsePatchOptions(WithQuery({{"force", force}}), false);
    ASSERT_FALSE(options.has_value()) << force;
    EXPECT_EQ(options.error().message(),
              "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified "
              "for non-apply patch");
  }
}

TEST(ParsePatchOptionsTest, ApplyRequiresAFieldManager) {
  Result<PatchOptions> options = ParsePatchOptions(WithQuery({{"force", "true"}}), true);
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().message(),
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required "
            "for apply patch");
}

TEST(ParsePatchOptionsTest, ApplyWithFieldManagerAndForceIsValid) {
  Result<PatchOptions> options = ParsePatchOptions(
      WithQuery({{"force", "true"}, {"fieldManager", "kubectl"}, {"dryRun", "All"}}), true);
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->force, true);
  EXPECT_EQ(options->field_manager, "kubectl");
  EXPECT_TRUE(options->DryRun());
}

TEST(ParsePatchOptionsTest, PatchSpecificProblemsComeFirst) {
  Result<PatchOptions> options =
      ParsePatchOptions(WithQuery({{"force", "1"}, {"dryRun", "x"}}), false);
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().message(),
            "PatchOptions.meta.k8s.io \"\" is invalid: [force: Forbidden: may not be specified for "
            "non-apply patch, dryRun: Unsupported value: [\"x\"]: supported values: \"All\"]");
}

// --- DeleteOptions (R3.17, R4.1) ----------------------------------------------------------

TEST(ParseDeleteOptionsTest, ReadsTheQueryWithoutABody) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithQuery(
      {{"gracePeriodSeconds", "30"}, {"propagationPolicy", "Foreground"}, {"dryRun", "All"}}));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->grace_period_seconds, 30);
  EXPECT_EQ(options->propagation_policy, "Foreground");
  EXPECT_EQ(options->orphan_dependents, std::nullopt);
  EXPECT_TRUE(options->DryRun());
}

TEST(ParseDeleteOptionsTest, NegativeGracePeriodIsKeptForTheStoreToCoerce) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithQuery({{"gracePeriodSeconds", "-5"}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->grace_period_seconds, -5);
}

TEST(ParseDeleteOptionsTest, OrphanDependentsFromTheQueryIsABoolean) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithQuery({{"orphanDependents", "false"}}));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->orphan_dependents, false);
}

TEST(ParseDeleteOptionsTest, ReadsAFullJsonBody) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithBody(R"({
    "kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0,
    "preconditions": {"uid": "5e3c", "resourceVersion": "17"},
    "propagationPolicy": "Background", "dryRun": ["All"], "unknownField": 1})"));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->grace_period_seconds, 0);
  EXPECT_EQ(options->precondition_uid, "5e3c");
  EXPECT_EQ(options->precondition_resource_version, "17");
  EXPECT_EQ(options->propagation_policy, "Background");
  EXPECT_EQ(options->dry_run, std::vector<std::string>{"All"});
}

TEST(ParseDeleteOptionsTest, KindAndApiVersionAreOptionalAndAnyGroupVersionIsAccepted) {
  for (const char* body :
       {R"({"propagationPolicy":"Orphan"})",
        R"({"kind":"DeleteOptions","apiVersion":"meta.k8s.io/v1","propagationPolicy":"Orphan"})",
        R"({"kind":"DeleteOptions","apiVersion":"apps/v1","propagationPolicy":"Orphan"})",
        R"({"apiVersion":"v1","propagationPolicy":"Orphan"})"}) {
    Result<DeleteOptions> options = ParseDeleteOptions(WithBody(body));
    ASSERT_TRUE(options.has_value()) << body << ": " << options.error().message();
    EXPECT_EQ(options->propagation_policy, "Orphan") << body;
  }
}

TEST(ParseDeleteOptionsTest, TheBodyWinsAndIsNeverMergedWithTheQuery) {
  Result<DeleteOptions> options =
      ParseDeleteOptions(WithBody(R"({"dryRun":["All"]})", "application/json",
                                  {{"gracePeriodSeconds", "5"}, {"propagationPolicy", "bogus"}}));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->grace_period_seconds, std::nullopt);
  EXPECT_EQ(options->propagation_policy, std::nullopt);
}

TEST(ParseDeleteOptionsTest, ABodyWithoutContentTypeIsJson) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithBody(R"({"gracePeriodSeconds":3})", ""));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->grace_period_seconds, 3);
}

TEST(ParseDeleteOptionsTest, ReadsAYamlBody) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithBody(
      "kind: DeleteOptions\napiVersion: v1\ngracePeriodSeconds: 10\n", "application/yaml"));
  ASSERT_TRUE(options.has_value()) << options.error().message();
  EXPECT_EQ(options->grace_period_seconds, 10);
}

TEST(ParseDeleteOptionsTest, NullBodyIsEmptyOptions) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithBody("null"));
  ASSERT_TRUE(options.has_value());
  EXPECT_EQ(options->grace_period_seconds, std::nullopt);
}

struct BodyCase {
  std::string name;
  std::string body;
  std::string content_type;
  int code;
  api::Reason reason;
  std::string message;
};

class DeleteOptionsBodyErrorTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(DeleteOptionsBodyErrorTest, AnswersThe133ServersError) {
  const BodyCase& c = GetParam();
  Result<DeleteOptions> options = ParseDeleteOptions(WithBody(c.body, c.content_type));
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().code(), c.code);
  EXPECT_EQ(options.error().reason(), c.reason);
  EXPECT_EQ(options.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, DeleteOptionsBodyErrorTest,
    ::testing::ValuesIn(std::vector<BodyCase>{
        {"UnknownContentType", "{}", "text/plain", 415, api::Reason::kUnsupportedMediaType,
         "the body of the request was in an unknown format - accepted media types include: "
         "application/json, application/yaml, application/vnd.kubernetes.protobuf"},
        {"TruncatedJson", "{", "application/json", 500, api::Reason::kUnknown,
         "couldn't get version/kind; json parse error: unexpected end of JSON input"},
        {"TopLevelArray", "[]", "application/json", 500, api::Reason::kUnknown,
         "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go "
         "value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind "
         "string \"json:\\\"kind,omitempty\\\"\" }"},
        {"KindNotAString", R"({"kind":5})", "application/json", 500, api::Reason::kUnknown,
         "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go "
         "struct field .kind of type string"},
        {"AnotherKind", R"({"kind":"Pod","apiVersion":"v1"})", "application/json", 500,
         api::Reason::kUnknown, R"(no kind "Pod" is registered for version "v1")"},
        {"GracePeriodAsString", R"({"gracePeriodSeconds":"30"})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds "
         "of type int64"},
        {"GracePeriodFraction", R"({"gracePeriodSeconds":1.5})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal number 1.5 into Go struct field "
         "DeleteOptions.gracePeriodSeconds of type int64"},
        {"OrphanDependentsAsString", R"({"orphanDependents":"yes"})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of "
         "type bool"},
        {"PropagationPolicyAsBool", R"({"propagationPolicy":true})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal bool into Go struct field DeleteOptions.propagationPolicy of "
         "type v1.DeletionPropagation"},
        {"DryRunAsString", R"({"dryRun":"All"})", "application/json", 500, api::Reason::kUnknown,
         "json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type "
         "[]string"},
        {"DryRunItemAsNumber", R"({"dryRun":[1]})", "application/json", 500, api::Reason::kUnknown,
         "json: cannot unmarshal number into Go struct field DeleteOptions.dryRun of type string"},
        {"PreconditionsAsArray", R"({"preconditions":[]})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal array into Go struct field DeleteOptions.preconditions of type "
         "v1.Preconditions"},
        {"PreconditionUidAsNumber", R"({"preconditions":{"uid":5}})", "application/json", 500,
         api::Reason::kUnknown,
         "json: cannot unmarshal number into Go struct field DeleteOptions.preconditions.uid of "
         "type types.UID"},
    }),
    [](const auto& info) { return info.param.name; });

TEST(ParseDeleteOptionsTest, GracePeriodSecondsQueryThatIsNotAnIntegerIsABadRequest) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithQuery({{"gracePeriodSeconds", "soon"}}));
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().code(), 400);
  EXPECT_EQ(options.error().message(), R"(strconv.ParseInt: parsing "soon": invalid syntax)");
}

class DeleteOptionsValidationTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(DeleteOptionsValidationTest, AnswersInvalidDeleteOptions) {
  Result<DeleteOptions> options = ParseDeleteOptions(WithQuery(GetParam().query));
  ASSERT_FALSE(options.has_value());
  ExpectError(options.error(), GetParam());
  EXPECT_EQ(options.error().details()->kind, "DeleteOptions");
}

constexpr const char* kDeleteInvalid = "DeleteOptions.meta.k8s.io \"\" is invalid: ";

INSTANTIATE_TEST_SUITE_P(
    DeleteRules, DeleteOptionsValidationTest,
    ::testing::ValuesIn(std::vector<ErrorCase>{
        {"OrphanDependentsAndPropagationPolicy",
         {{"orphanDependents", "true"}, {"propagationPolicy", "Background"}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"(propagationPolicy: Invalid value: "Background": orphanDependents and deletionPropagation cannot be both set)"},
        {"UnknownPropagationPolicy",
         {{"propagationPolicy", "foo"}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"(propagationPolicy: Unsupported value: "foo": supported values: "Foreground", "Background", "Orphan", "nil")"},
        {"NilIsListedButNotAccepted",
         {{"propagationPolicy", "nil"}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"(propagationPolicy: Unsupported value: "nil": supported values: "Foreground", "Background", "Orphan", "nil")"},
        {"EmptyPropagationPolicy",
         {{"propagationPolicy", ""}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"(propagationPolicy: Unsupported value: "": supported values: "Foreground", "Background", "Orphan", "nil")"},
        {"DryRunOtherThanAll",
         {{"dryRun", "Server"}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"(dryRun: Unsupported value: ["Server"]: supported values: "All")"},
        {"EveryProblem",
         {{"orphanDependents", "false"}, {"propagationPolicy", "x"}, {"dryRun", "y"}},
         422,
         api::Reason::kInvalid,
         std::string(kDeleteInvalid) +
             R"([propagationPolicy: Invalid value: "x": orphanDependents and deletionPropagation cannot be both set, )"
             R"(propagationPolicy: Unsupported value: "x": supported values: "Foreground", "Background", "Orphan", "nil", )"
             R"(dryRun: Unsupported value: ["y"]: supported values: "All"])"},
    }),
    CaseName);

TEST(ParseDeleteOptionsTest, BodyOptionsAreValidatedToo) {
  Result<DeleteOptions> options =
      ParseDeleteOptions(WithBody(R"({"orphanDependents":true,"propagationPolicy":"Orphan"})"));
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(
      options.error().message(),
      std::string(kDeleteInvalid) +
          R"(propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set)");
}

}  // namespace
}  // namespace kubefake::fakeserver
