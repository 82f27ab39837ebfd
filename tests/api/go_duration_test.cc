// ParseGoDuration against the cases and messages of Go's time.ParseDuration.
#include "kubefake/api/go_duration.h"

#include <gtest/gtest.h>

#include <string>

namespace kubefake::api {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

struct Valid {
  const char* text;
  nanoseconds want;
};

class ParseGoDurationValidTest : public testing::TestWithParam<Valid> {};

TEST_P(ParseGoDurationValidTest, ParsesAsGoDoes) {
  Result<nanoseconds> parsed = ParseGoDuration(GetParam().text);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(*parsed, GetParam().want) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    GoCases, ParseGoDurationValidTest,
    testing::Values(Valid{"0", nanoseconds(0)}, Valid{"5s", seconds(5)}, Valid{"30s", seconds(30)},
                    Valid{"1478s", seconds(1478)}, Valid{"-5s", seconds(-5)},
                    Valid{"+5s", seconds(5)}, Valid{"-0", nanoseconds(0)},
                    Valid{"5.6s", milliseconds(5600)}, Valid{"5.s", seconds(5)},
                    Valid{".5s", milliseconds(500)}, Valid{"1.004s", milliseconds(1004)},
                    Valid{"100.00100s", microseconds(100'001'000)}, Valid{"10ns", nanoseconds(10)},
                    Valid{"11us", microseconds(11)}, Valid{"12\u00b5s", microseconds(12)},
                    Valid{"12\u03bcs", microseconds(12)}, Valid{"13ms", milliseconds(13)},
                    Valid{"15m", minutes(15)}, Valid{"16h", hours(16)},
                    Valid{"3h30m", minutes(210)}, Valid{"1h2m3.5s", milliseconds(3'723'500)},
                    Valid{"-2m3.4s", -milliseconds(123'400)},
                    Valid{"9223372036854775807ns", nanoseconds(INT64_MAX)},
                    Valid{"-9223372036854775808ns", nanoseconds(INT64_MIN)}));

struct Invalid {
  const char* text;
  const char* message;
};

class ParseGoDurationInvalidTest : public testing::TestWithParam<Invalid> {};

TEST_P(ParseGoDurationInvalidTest, FailsWithGosMessage) {
  Result<nanoseconds> parsed = ParseGoDuration(GetParam().text);
  ASSERT_FALSE(parsed) << GetParam().text;
  EXPECT_EQ(parsed.error().reason(), Reason::kBadRequest);
  EXPECT_EQ(parsed.error().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    GoCases, ParseGoDurationInvalidTest,
    testing::Values(Invalid{"", "time: invalid duration \"\""},
                    Invalid{"3", "time: missing unit in duration \"3\""},
                    Invalid{"-", "time: invalid duration \"-\""},
                    Invalid{"s", "time: invalid duration \"s\""},
                    Invalid{".", "time: invalid duration \".\""},
                    Invalid{"-.", "time: invalid duration \"-.\""},
                    Invalid{".s", "time: invalid duration \".s\""},
                    Invalid{"+.s", "time: invalid duration \"+.s\""},
                    Invalid{"1d", "time: unknown unit \"d\" in duration \"1d\""},
                    Invalid{"3000000h", "time: invalid duration \"3000000h\""},
                    Invalid{"9223372036854775808ns",
                            "time: invalid duration \"9223372036854775808ns\""}));

}  // namespace
}  // namespace kubefake::api
