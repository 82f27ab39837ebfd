// Tests for DecodeJson: request bodies accepted and rejected as Go's encoding/json does, with
// its messages and the position of the problem (R11.2: JSON is the default body format).
#include "kubefake/api/json_codec.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

using nlohmann::json;

struct JsonErrorCase {
  std::string name;
  std::string input;
  std::string message;
  int line;
  int column;
};

class DecodeJsonErrorTest : public ::testing::TestWithParam<JsonErrorCase> {};

TEST_P(DecodeJsonErrorTest, ReportsGoMessageAndPosition) {
  const JsonErrorCase& c = GetParam();
  TextPosition position;
  Result<json> j = DecodeJson(c.input, &position);
  ASSERT_FALSE(j.has_value()) << j->dump();
  EXPECT_TRUE(IsBadRequest(j.error()));
  EXPECT_EQ(j.error().message(), c.message);
  EXPECT_EQ(position.line, c.line);
  EXPECT_EQ(position.column, c.column);
}

INSTANTIATE_TEST_SUITE_P(
    EncodingJson, DecodeJsonErrorTest,
    ::testing::Values(
        JsonErrorCase{"Empty", "", "unexpected end of JSON input", 1, 1},
        JsonErrorCase{"Truncated", R"({"a":1)", "unexpected end of JSON input", 1, 7},
        JsonErrorCase{"TruncatedNumber", "[1, 2", "unexpected end of JSON input", 1, 6},
        JsonErrorCase{"MissingValue", R"({"a":})",
                      "invalid character '}' looking for beginning of value", 1, 6},
        JsonErrorCase{"MissingColon", R"({"a" 1})", "invalid character '1' after object key", 1, 6},
        JsonErrorCase{"MissingComma", R"({"a":1 "b":2})",
                      "invalid character '\"' after object key:value pair", 1, 8},
        JsonErrorCase{"TrailingComma", R"({"a":1,})",
                      "invalid character '}' looking for beginning of object key string", 1, 8},
        JsonErrorCase{"SingleQuotes", "{'a':1}",
                      "invalid character '\\'' looking for beginning of object key string", 1, 2},
        JsonErrorCase{"ArrayMissingComma", "[1 2]", "invalid character '2' after array element", 1,
                      4},
        JsonErrorCase{"TrailingText", "{} x", "invalid character 'x' after top-level value", 1, 4},
        JsonErrorCase{"TwoValues", "{}{}", "invalid character '{' after top-level value", 1, 3},
        JsonErrorCase{"BadLiteral", "trux", "invalid character 'x' in literal true (expecting 'e')",
                      1, 4},
        // At the end Go's scanner feeds a space, so unfinished tokens fail on ' '.
        JsonErrorCase{"BadNull", "nul", "invalid character ' ' in literal null (expecting 'l')", 1,
                      4},
        JsonErrorCase{"MinusAtEnd", "-", "invalid character ' ' in numeric literal", 1, 2},
        JsonErrorCase{"EscapeAtEnd", "\"\\", "invalid character ' ' in string escape code", 1, 3},
        JsonErrorCase{"ExponentAtEnd", "1e", "invalid character ' ' in exponent of numeric literal",
                      1, 3},
        JsonErrorCase{"NumberAtEndOfArray", "[1", "unexpected end of JSON input", 1, 3},
        JsonErrorCase{"LeadingZero", R"({"a":01})",
                      "invalid character '1' after object key:value pair", 1, 7},
        JsonErrorCase{"BareDecimalPoint", "1.",
                      "invalid character ' ' after decimal point in numeric literal", 1, 3},
        JsonErrorCase{"DecimalPointThenBrace", R"({"a":1.})",
                      "invalid character '}' after decimal point in numeric literal", 1, 8},
        JsonErrorCase{"EmptyExponent", R"({"a":1e})",
                      "invalid character '}' in exponent of numeric literal", 1, 8},
        JsonErrorCase{"PlusSign", "+1", "invalid character '+' looking for beginning of value", 1,
                      1},
        JsonErrorCase{"MinusAlone", "-x", "invalid character 'x' in numeric literal", 1, 2},
        JsonErrorCase{"BadEscape", R"(["\q"])", "invalid character 'q' in string escape code", 1,
                      4},
        JsonErrorCase{"BadUnicodeEscape", R"(["\u12G4"])",
                      "invalid character 'G' in \\u hexadecimal character escape", 1, 7},
        JsonErrorCase{"ControlInString", "[\"a\tb\"]", "invalid character '\\t' in string literal",
                      1, 4},
        JsonErrorCase{"NewlineInString", "[\"a\nb\"]", "invalid character '\\n' in string literal",
                      1, 4},
        JsonErrorCase{"SecondLine", "{\n  \"a\": 1,\n  \"b\": x\n}",
                      "invalid character 'x' looking for beginning of value", 3, 8},
        JsonErrorCase{"ByteOrderMark", "\xEF\xBB\xBF{}",
                      "invalid character '\xC3\xAF' looking for beginning of value", 1, 1},
        JsonErrorCase{"Latin1Byte", "\xC2\xA0{}",
                      "invalid character '\xC3\x82' looking for beginning of value", 1, 1},
        JsonErrorCase{"C1Byte", "\x85{}",
                      "invalid character '\\u0085' looking for beginning of value", 1, 1},
        JsonErrorCase{"YamlIsNotJson", "a: 1",
                      "invalid character 'a' looking for beginning of value", 1, 1},
        JsonErrorCase{"FloatOverflow", R"({"a":1e400})",
                      "json: cannot unmarshal number 1e400 into Go value of type float64", 1, 6}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(DecodeJsonTest, ParsesValuesWithSurroundingWhitespace) {
  Result<json> j = DecodeJson(" \n\t{\"a\": [1, -2.5e3, \"x\", null, true, {}]}\r\n");
  ASSERT_TRUE(j.has_value()) << j.error().message();
  EXPECT_EQ(*j, json::parse(R"({"a": [1, -2500.0, "x", null, true, {}]})"));
  EXPECT_EQ(*DecodeJson("42"), 42);
  EXPECT_EQ(*DecodeJson("\"s\""), "s");
}

TEST(DecodeJsonTest, KeepsIntegersExact) {
  Result<json> j = DecodeJson("[9223372036854775807, 18446744073709551615, -9223372036854775808]");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->dump(), "[9223372036854775807,18446744073709551615,-9223372036854775808]");
}

TEST(DecodeJsonTest, RepeatedKeysKeepTheLastValue) {
  EXPECT_EQ(*DecodeJson(R"({"a":1,"a":2})"), json::parse(R"({"a":2})"));
}

TEST(DecodeJsonTest, InvalidUtf8AndLoneSurrogatesBecomeReplacementCharacters) {
  Result<json> bytes = DecodeJson("{\"a\":\"x\xffy\"}");
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message();
  EXPECT_EQ(bytes->at("a"), "x\xEF\xBF\xBDy");
  Result<json> surrogate = DecodeJson(R"({"a":"\ud800x"})");
  ASSERT_TRUE(surrogate.has_value()) << surrogate.error().message();
  EXPECT_EQ(surrogate->at("a"), "\xEF\xBF\xBDx");
  Result<json> pair = DecodeJson(R"(["\ud83d\ude00"])");
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(pair->at(0), "\xF0\x9F\x98\x80");
}

TEST(DecodeJsonTest, NestingBeyondTenThousandLevelsIsRejected) {
  const std::string ok = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_TRUE(DecodeJson(ok).has_value());
  const std::string deep = std::string(10001, '[') + std::string(10001, ']');
  TextPosition position;
  Result<json> j = DecodeJson(deep, &position);
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().message(), "invalid character '[' exceeded max depth");
  EXPECT_EQ(position.column, 10001);
}

TEST(PositionAtTest, CountsLinesAndByteColumns) {
  EXPECT_EQ(PositionAt("ab\ncd", 0), (TextPosition{1, 1, 0}));
  EXPECT_EQ(PositionAt("ab\ncd", 4), (TextPosition{2, 2, 4}));
  EXPECT_EQ(PositionAt("ab\ncd", 5), (TextPosition{2, 3, 5}));
  EXPECT_EQ(PositionAt("ab", 99), (TextPosition{1, 3, 2}));
}

}  // namespace
}  // namespace kubefake::api
