// Tests for IntOrString: intstr.IntOrString's accessors and JSON form (R11.5: int-or-string
// values serialize as written, numbers as numbers and strings as strings).
#include "kubefake/api/int_or_string.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

struct DecodeCase {
  std::string name;
  std::string json;
  bool is_int;
  int32_t int_value;
  std::string str_value;
  std::string string_form;
};

class IntOrStringDecodeTest : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(IntOrStringDecodeTest, DecodesAsIntstrDoes) {
  const DecodeCase& c = GetParam();
  const IntOrString value = nlohmann::json::parse(c.json).get<IntOrString>();
  EXPECT_EQ(value.IsInt(), c.is_int);
  EXPECT_EQ(value.IntValue(), c.int_value);
  EXPECT_EQ(value.StrValue(), c.str_value);
  EXPECT_EQ(value.String(), c.string_form);
}

INSTANTIATE_TEST_SUITE_P(
    Json, IntOrStringDecodeTest,
    ::testing::Values(DecodeCase{"Port", "8080", true, 8080, "", "8080"},
                      DecodeCase{"Negative", "-1", true, -1, "", "-1"},
                      DecodeCase{"Int32Max", "2147483647", true, 2147483647, "", "2147483647"},
                      DecodeCase{"Int32Min", "-2147483648", true, -2147483648, "", "-2147483648"},
                      DecodeCase{"NamedPort", R"("http")", false, 0, "http", "http"},
                      // IntValue reads a numeric string as strconv.Atoi does.
                      DecodeCase{"NumericString", R"("8080")", false, 8080, "8080", "8080"},
                      DecodeCase{"Percent", R"("25%")", false, 0, "25%", "25%"},
                      DecodeCase{"EmptyString", R"("")", false, 0, "", ""},
                      // UnmarshalJSON leaves null as the int 0.
                      DecodeCase{"Null", "null", true, 0, "", "0"}),
    [](const auto& param_info) { return param_info.param.name; });

struct RejectCase {
  std::string name;
  std::string json;
  std::string message;
};

class IntOrStringRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(IntOrStringRejectTest, ThrowsWithGoMessage) {
  const RejectCase& c = GetParam();
  try {
    nlohmann::json::parse(c.json).get<IntOrString>();
    FAIL() << "no exception";
  } catch (const nlohmann::json::exception& e) {
    EXPECT_THAT(e.what(), ::testing::EndsWith(c.message));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Json, IntOrStringRejectTest,
    ::testing::Values(
        RejectCase{"BeyondInt32", "2147483648",
                   "json: cannot unmarshal number 2147483648 into Go value of type int32"},
        RejectCase{"BelowInt32", "-2147483649",
                   "json: cannot unmarshal number -2147483649 into Go value of type int32"},
        RejectCase{"Fraction", "1.5",
                   "json: cannot unmarshal number 1.5 into Go value of type int32"},
        RejectCase{"Bool", "true", "json: cannot unmarshal bool into Go value of type int32"},
        RejectCase{"Object", "{}", "json: cannot unmarshal object into Go value of type int32"},
        RejectCase{"Array", "[]", "json: cannot unmarshal array into Go value of type int32"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(IntOrStringTest, OutOfRangeIsAnOutOfRangeException) {
  EXPECT_THROW(nlohmann::json(4294967296).get<IntOrString>(), nlohmann::json::out_of_range);
  EXPECT_THROW(nlohmann::json(true).get<IntOrString>(), nlohmann::json::type_error);
}

TEST(IntOrStringTest, EncodesIntsAsNumbersAndStringsAsStrings) {
  EXPECT_EQ(nlohmann::json(IntOrString(8080)).dump(), "8080");
  EXPECT_EQ(nlohmann::json(IntOrString("8080")).dump(), R"("8080")");
  EXPECT_EQ(nlohmann::json(IntOrString("http")).dump(), R"("http")");
}

TEST(IntOrStringTest, RoundTripKeepsTheKind) {
  for (const IntOrString& value :
       {IntOrString(0), IntOrString(-7), IntOrString("25%"), IntOrString("8080")}) {
    EXPECT_EQ(nlohmann::json(value).get<IntOrString>(), value);
  }
  EXPECT_NE(IntOrString(8080), IntOrString("8080"));
}

TEST(IntOrStringTest, DefaultIsTheIntZero) {
  const IntOrString value;
  EXPECT_TRUE(value.IsInt());
  EXPECT_EQ(value.IntValue(), 0);
  EXPECT_EQ(value.String(), "0");
}

}  // namespace
}  // namespace kubefake::api
