// Tests for Time and MicroTime: RFC 3339 parsing and formatting as metav1.Time and
// metav1.MicroTime do (R2.3), with Go's time.Parse error messages.
#include "kubefake/api/time.h"

#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

constexpr std::chrono::year_month_day kDay{std::chrono::year{2026}, std::chrono::July,
                                           std::chrono::day{23}};

struct TimeParseCase {
  std::string name;
  std::string input;
  std::string want;  // String() of the parsed time
};

class TimeParseTest : public ::testing::TestWithParam<TimeParseCase> {};

TEST_P(TimeParseTest, ParsesToUtcWithSecondPrecision) {
  const TimeParseCase& c = GetParam();
  Result<Time> t = Time::Parse(c.input);
  ASSERT_TRUE(t.has_value()) << t.error().message();
  EXPECT_EQ(t->String(), c.want);
}

// R2.3: RFC 3339 in UTC with second precision; offsets convert to UTC, fractions are dropped
// (time.Parse(time.RFC3339) accepts them).
INSTANTIATE_TEST_SUITE_P(
    Rfc3339, TimeParseTest,
    ::testing::Values(
        TimeParseCase{"Utc", "2026-07-23T18:32:12Z", "2026-07-23T18:32:12Z"},
        TimeParseCase{"PositiveOffset", "2026-07-23T20:32:12+02:00", "2026-07-23T18:32:12Z"},
        TimeParseCase{"NegativeHalfHourOffset", "2026-07-23T00:30:00-01:30",
                      "2026-07-23T02:00:00Z"},
        TimeParseCase{"OffsetCrossesMidnight", "2026-07-23T23:30:00-01:00", "2026-07-24T00:30:00Z"},
        TimeParseCase{"FractionIsDropped", "2026-07-23T18:32:12.999999999Z",
                      "2026-07-23T18:32:12Z"},
        TimeParseCase{"CommaFraction", "2026-07-23T18:32:12,5Z", "2026-07-23T18:32:12Z"},
        TimeParseCase{"LongFraction", "2026-07-23T18:32:12.1234567891234Z", "2026-07-23T18:32:12Z"},
        TimeParseCase{"OneDigitHour", "2026-07-23T8:32:12Z", "2026-07-23T08:32:12Z"},
        TimeParseCase{"LeapDay", "2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
        TimeParseCase{"Epoch", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
        TimeParseCase{"BeforeEpoch", "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
        TimeParseCase{"YearZero", "0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"},
        TimeParseCase{"OffsetOf24Hours", "2026-07-23T00:00:00+24:00", "2026-07-22T00:00:00Z"}),
    [](const auto& param_info) { return param_info.param.name; });

struct TimeErrorCase {
  std::string name;
  std::string input;
  std::string message;
};

class TimeParseErrorTest : public ::testing::TestWithParam<TimeErrorCase> {};

TEST_P(TimeParseErrorTest, RejectsWithGoMessage) {
  const TimeErrorCase& c = GetParam();
  Result<Time> t = Time::Parse(c.input);
  ASSERT_FALSE(t.has_value()) << t->String();
  EXPECT_TRUE(IsBadRequest(t.error()));
  EXPECT_EQ(t.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    GoTimeParse, TimeParseErrorTest,
    ::testing::Values(
        TimeErrorCase{"Empty", "",
                  R"(parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006")"},
        TimeErrorCase{
            "Garbage", "yesterday",
            R"(parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006")"},
        TimeErrorCase{
            "DateOnly", "2026-07-23",
            R"(parsing time "2026-07-23" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T")"},
        TimeErrorCase{
            "SpaceSeparator", "2026-07-23 18:32:12Z",
            R"(parsing time "2026-07-23 18:32:12Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 18:32:12Z" as "T")"},
        TimeErrorCase{
            "LowercaseT", "2026-07-23t18:32:12Z",
            R"(parsing time "2026-07-23t18:32:12Z" as "2006-01-02T15:04:05Z07:00": cannot parse "t18:32:12Z" as "T")"},
        TimeErrorCase{
            "OneDigitMonth", "2026-7-23T18:32:12Z",
            R"(parsing time "2026-7-23T18:32:12Z" as "2006-01-02T15:04:05Z07:00": cannot parse "7-23T18:32:12Z" as "01")"},
        TimeErrorCase{
            "NoZone", "2026-07-23T18:32:12",
            R"(parsing time "2026-07-23T18:32:12" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00")"},
        TimeErrorCase{
            "ZoneWithoutColon", "2026-07-23T18:32:12+0200",
            R"(parsing time "2026-07-23T18:32:12+0200" as "2006-01-02T15:04:05Z07:00": cannot parse "+0200" as "Z07:00")"},
        TimeErrorCase{
            "LowercaseZ", "2026-07-23T18:32:12z",
            R"(parsing time "2026-07-23T18:32:12z" as "2006-01-02T15:04:05Z07:00": cannot parse "z" as "Z07:00")"},
        TimeErrorCase{"MonthOutOfRange", "2026-13-01T00:00:00Z",
                  R"(parsing time "2026-13-01T00:00:00Z": month out of range)"},
        TimeErrorCase{"DayOutOfRange", "2026-02-29T00:00:00Z",
                  R"(parsing time "2026-02-29T00:00:00Z": day out of range)"},
        TimeErrorCase{"HourOutOfRange", "2026-07-23T24:00:00Z",
                  R"(parsing time "2026-07-23T24:00:00Z": hour out of range)"},
        TimeErrorCase{"MinuteOutOfRange", "2026-07-23T18:60:00Z",
                  R"(parsing time "2026-07-23T18:60:00Z": minute out of range)"},
        TimeErrorCase{"LeapSecond", "2026-07-23T23:59:60Z",
                  R"(parsing time "2026-07-23T23:59:60Z": second out of range)"},
        TimeErrorCase{
            "ZoneHourOutOfRange", "2026-07-23T18:32:12+25:00",
            R"(parsing time "2026-07-23T18:32:12+25:00": time zone offset hour out of range)"},
        TimeErrorCase{"ExtraText", "2026-07-23T18:32:12Zjunk",
                  R"(parsing time "2026-07-23T18:32:12Zjunk": extra text: "junk")"},
        TimeErrorCase{"NonAsciiIsEscaped", "2026-07-23T18:32:12Z\xc3\xa9",
                  R"(parsing time "2026-07-23T18:32:12Z\xc3\xa9": extra text: "\xc3\xa9")"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(TimeTest, DefaultIsGoZeroTimeNotTheEpoch) {
  EXPECT_TRUE(Time().IsZero());
  EXPECT_EQ(Time().String(), "0001-01-01T00:00:00Z");
  Result<Time> zero = Time::Parse("0001-01-01T00:00:00Z");
  ASSERT_TRUE(zero.has_value());
  EXPECT_TRUE(zero->IsZero());
  EXPECT_FALSE(Time(std::chrono::sys_seconds{}).IsZero());
}

TEST(TimeTest, FromTimePointTruncatesToTheSecondBelow) {
  const auto t = std::chrono::system_clock::time_point{sys_days{kDay}} + 18h + 32min + 12s + 999ms;
  EXPECT_EQ(Time::FromTimePoint(t).String(), "2026-07-23T18:32:12Z");
  // Before the epoch the second below is the earlier one, as Go's formatting shows it.
  const auto before_epoch = std::chrono::system_clock::time_point{} - 500ms;
  EXPECT_EQ(Time::FromTimePoint(before_epoch).String(), "1969-12-31T23:59:59Z");
}

TEST(TimeTest, OrdersByInstant) {
  EXPECT_LT(*Time::Parse("2026-07-23T18:32:12Z"), *Time::Parse("2026-07-23T18:32:13Z"));
  EXPECT_EQ(*Time::Parse("2026-07-23T20:32:12+02:00"), *Time::Parse("2026-07-23T18:32:12Z"));
}

// R2.3: the zero time is serialized as null.
TEST(TimeJsonTest, ZeroTimeIsNullAndNullIsZeroTime) {
  nlohmann::json j = Time();
  EXPECT_TRUE(j.is_null());
  Time t = *Time::Parse("2026-07-23T18:32:12Z");
  nlohmann::json::parse("null").get_to(t);
  EXPECT_TRUE(t.IsZero());
}

TEST(TimeJsonTest, RoundTripsAsRfc3339String) {
  nlohmann::json j = *Time::Parse("2026-07-23T20:32:12+02:00");
  EXPECT_EQ(j, "2026-07-23T18:32:12Z");
  EXPECT_EQ(j.get<Time>(), *Time::Parse("2026-07-23T18:32:12Z"));
  nlohmann::json epoch = Time(std::chrono::sys_seconds{});
  EXPECT_EQ(epoch, "1970-01-01T00:00:00Z");
}

TEST(TimeJsonTest, MalformedStringThrowsOtherErrorWithGoMessage) {
  try {
    nlohmann::json("2026-07-23").get<Time>();
    FAIL() << "no exception";
  } catch (const nlohmann::json::other_error& e) {
    EXPECT_THAT(e.what(),
                ::testing::EndsWith(R"(parsing time "2026-07-23" as "2006-01-02T15:04:05Z07:00": )"
                                    R"(cannot parse "" as "T")"));
  }
}

TEST(TimeJsonTest, NonStringThrowsTypeError) {
  EXPECT_THROW(nlohmann::json(42).get<Time>(), nlohmann::json::type_error);
  EXPECT_THROW(nlohmann::json::object().get<MicroTime>(), nlohmann::json::type_error);
}

class MicroTimeParseTest : public ::testing::TestWithParam<TimeParseCase> {};

TEST_P(MicroTimeParseTest, ParsesToUtcWithMicrosecondPrecision) {
  const TimeParseCase& c = GetParam();
  Result<MicroTime> t = MicroTime::Parse(c.input);
  ASSERT_TRUE(t.has_value()) << t.error().message();
  EXPECT_EQ(t->String(), c.want);
}

// R2.3: MicroTime uses 2006-01-02T15:04:05.000000Z07:00.
INSTANTIATE_TEST_SUITE_P(
    Rfc3339Micro, MicroTimeParseTest,
    ::testing::Values(
        TimeParseCase{"Utc", "2026-07-23T18:32:12.000123Z", "2026-07-23T18:32:12.000123Z"},
        TimeParseCase{"Offset", "2026-07-23T20:32:12.500000+02:00", "2026-07-23T18:32:12.500000Z"},
        TimeParseCase{"CommaFraction", "2026-07-23T18:32:12,000001Z",
                      "2026-07-23T18:32:12.000001Z"},
        TimeParseCase{"ZeroFraction", "2026-07-23T18:32:12.000000Z",
                      "2026-07-23T18:32:12.000000Z"}),
    [](const auto& param_info) { return param_info.param.name; });

class MicroTimeParseErrorTest : public ::testing::TestWithParam<TimeErrorCase> {};

TEST_P(MicroTimeParseErrorTest, RejectsWithGoMessage) {
  const TimeErrorCase& c = GetParam();
  Result<MicroTime> t = MicroTime::Parse(c.input);
  ASSERT_FALSE(t.has_value()) << t->String();
  EXPECT_TRUE(IsBadRequest(t.error()));
  EXPECT_EQ(t.error().message(), c.message);
}

// apimachinery parses MicroTime with exactly six fraction digits and no RFC 3339 fallback.
INSTANTIATE_TEST_SUITE_P(
    GoTimeParse, MicroTimeParseErrorTest,
    ::testing::Values(
        TimeErrorCase{
            "SecondPrecision", "2026-07-23T18:32:12Z",
            R"(parsing time "2026-07-23T18:32:12Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000")"},
        TimeErrorCase{
            "ThreeDigits", "2026-07-23T18:32:12.123Z",
            R"(parsing time "2026-07-23T18:32:12.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000")"},
        TimeErrorCase{
            "SevenDigits", "2026-07-23T18:32:12.1234567Z",
            R"(parsing time "2026-07-23T18:32:12.1234567Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "7Z" as "Z07:00")"},
        TimeErrorCase{"NegativeFraction", "2026-07-23T18:32:12.-12345Z",
                  R"(parsing time "2026-07-23T18:32:12.-12345Z": fractional second out of range)"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(MicroTimeTest, FromTimePointTruncatesToTheMicrosecond) {
  const auto t = std::chrono::system_clock::time_point{sys_days{kDay}} + 18h + 32min + 12s +
                 std::chrono::nanoseconds{123456789};
  EXPECT_EQ(MicroTime::FromTimePoint(t).String(), "2026-07-23T18:32:12.123456Z");
}

TEST(MicroTimeJsonTest, ZeroIsNullAndValuesRoundTrip) {
  EXPECT_TRUE(nlohmann::json(MicroTime()).is_null());
  EXPECT_TRUE(nlohmann::json(nullptr).get<MicroTime>().IsZero());
  nlohmann::json j = *MicroTime::Parse("2026-07-23T18:32:12.000123Z");
  EXPECT_EQ(j, "2026-07-23T18:32:12.000123Z");
  EXPECT_EQ(j.get<MicroTime>(), *MicroTime::Parse("2026-07-23T18:32:12.000123Z"));
  EXPECT_THROW(nlohmann::json("2026-07-23T18:32:12Z").get<MicroTime>(),
               nlohmann::json::other_error);
}

}  // namespace
}  // namespace kubefake::api
