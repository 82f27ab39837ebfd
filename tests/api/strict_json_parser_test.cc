// Tests of ParseStrictJson, DecodeJson's fast path: for valid JSON it must build exactly the tree
// nlohmann::json::parse builds (value types included); for anything else it must decline, so that
// DecodeJson's exact path replaces or rejects it as Go does (R11.2).
#include "strict_json_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kubefake/api/json_codec.h"

namespace kubefake::api {
namespace {

using nlohmann::json;

// Whether `a` and `b` are the same tree with the same value types (nlohmann's == calls 1 and
// 1u and 1.0 equal).
bool SameTree(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
      if (i.key() != j.key() || !SameTree(i.value(), j.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameTree(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

TEST(StrictJsonParserTest, BuildsTheTreeNlohmannBuildsWithTheSameValueTypes) {
  const std::vector<std::string> documents = {
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web"},)"
      R"("managedFields":[{"fieldsType":"FieldsV1","fieldsV1":{"f:spec":{".":{}}}}]},)"
      R"("spec":{"containers":[{"image":"nginx","name":"web","ports":[{"containerPort":80}]}]}})",
      R"([0, -0, 1, -1, 18446744073709551615, 18446744073709551616, -9223372036854775808,)"
      R"( -9223372036854775809, 1.5, -0.0, 1e3, 1E-3, 2.5e+2, 123456789012345678901234567890])",
      R"({"z":1,"a":2,"m":{"b":[],"a":{}},"a":3})",  // unsorted keys, a repeated key
      R"("quote \" backslash \\ slash \/ \b\f\n\r\t \u0000 \u00e9 \u2028 \ud83d\ude00")",
      "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
      " \t\r\n{ \"a\" : [ true , false , null ] } \n",
      "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
      "\"\"",
      "{}",
      "7",
  };
  for (const std::string& text : documents) {
    SCOPED_TRACE(text);
    std::optional<json> parsed = ParseStrictJson(text);
    ASSERT_TRUE(parsed.has_value());
    const json expected = json::parse(text);
    EXPECT_TRUE(SameTree(*parsed, expected)) << parsed->dump() << " vs " << expected.dump();
  }
}

TEST(StrictJsonParserTest, DeclinesWhatIsNotValidAsItStands) {
  const std::vector<std::string> documents = {
      "",
      " ",
      "[1,]",
      R"({"a":1,})",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "+1",
      "1e400",  // beyond float64: Go's own message
      "[1] x",
      "// comment\n1",
      "\xEF\xBB\xBF{}",  // a byte order mark
      "\"tab\there\"",  // an unescaped control character
      "\"\\x\"",
      "\"\\u12\"",
      "\"\\ud800\"",  // a lone surrogate: Go decodes it as U+FFFD
      "\"\\udc00\\ud800\"",
      "\"\xC3\"",       // truncated UTF-8: Go decodes it as U+FFFD
      "\"\xED\xA0\x80\"",  // a surrogate in UTF-8
      "\"\xC0\xAF\"",   // overlong
      "\"unterminated",
      "tru",
      "nul",
      "{\"a\" 1}",
      std::string(600, '[') + std::string(600, ']'),  // deeper than the fast path goes
  };
  for (const std::string& text : documents) {
    EXPECT_FALSE(ParseStrictJson(text).has_value()) << text;
  }
}

TEST(StrictJsonParserTest, DecodeJsonStillAcceptsWhatTheFastPathDeclinesAsGoDoes) {
  Result<json> deep = DecodeJson(std::string(600, '[') + std::string(600, ']'));
  ASSERT_TRUE(deep.has_value()) << deep.error().message();
  Result<json> surrogate = DecodeJson("\"\\ud800\"");
  ASSERT_TRUE(surrogate.has_value()) << surrogate.error().message();
  EXPECT_EQ(*surrogate, "\xEF\xBF\xBD");
  Result<json> overflow = DecodeJson("1e400");
  ASSERT_FALSE(overflow.has_value());
  EXPECT_EQ(overflow.error().message(),
            "json: cannot unmarshal number 1e400 into Go value of type float64");
}

}  // namespace
}  // namespace kubefake::api
