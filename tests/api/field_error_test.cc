// Tests for FieldError bodies (R5.6) and GoQuote, which renders values as Go's %q.
#include "kubefake/api/field_error.h"

#include <gtest/gtest.h>

#include "kubefake/api/go_quote.h"

namespace kubefake::api {
namespace {

struct BodyCase {
  std::string name;
  FieldError error;
  std::string body;
};

class FieldErrorBodyTest : public testing::TestWithParam<BodyCase> {};

TEST_P(FieldErrorBodyTest, RendersAsApimachinery) { EXPECT_EQ(GetParam().error.Body(), GetParam().body); }

INSTANTIATE_TEST_SUITE_P(
    Types, FieldErrorBodyTest,
    testing::Values(
        BodyCase{"Required", RequiredError("f"), "Required value"},
        BodyCase{"RequiredWithDetail", RequiredError("f", "name or generateName is required"),
                 "Required value: name or generateName is required"},
        BodyCase{"InvalidString", InvalidError("f", "a b", "bad"), "Invalid value: \"a b\": bad"},
        BodyCase{"InvalidInt", InvalidError("f", 3, "must be less than 2"),
                 "Invalid value: 3: must be less than 2"},
        BodyCase{"InvalidBool", InvalidError("f", true, "no"), "Invalid value: true: no"},
        BodyCase{"InvalidFloat", InvalidError("f", 1.5, ""), "Invalid value: 1.5"},
        BodyCase{"InvalidLargeFloat", InvalidError("f", 1e6, ""), "Invalid value: 1e+06"},
        BodyCase{"InvalidList", InvalidError("f", nlohmann::json::array(), "empty"),
                 "Invalid value: []: empty"},
        BodyCase{"NotSupported", NotSupportedError("f", "X", {"Exact", "NotOlderThan", ""}),
                 "Unsupported value: \"X\": supported values: \"Exact\", \"NotOlderThan\", \"\""},
        BodyCase{"Forbidden", ForbiddenError("f", "not allowed"), "Forbidden: not allowed"},
        BodyCase{"TooLongHidesTheValue", TooLongError("f", "xxxx", 3),
                 "Too long: may not be more than 3 bytes"},
        BodyCase{"TooLongOneByte", TooLongError("f", "xx", 1),
                 "Too long: may not be more than 1 byte"},
        BodyCase{"TooMany", TooManyError("f", 5, 4), "Too many: 5: must have at most 4 items"},
        BodyCase{"TooManyUnknownCount", TooManyError("f", -1, 1),
                 "Too many: must have at most 1 item"},
        BodyCase{"Duplicate", DuplicateError("f", "x"), "Duplicate value: \"x\""},
        BodyCase{"NotFound", NotFoundError("f", "x"), "Not found: \"x\""},
        BodyCase{"Internal", InternalFieldError("f", "oops"), "Internal error: oops"}),
    [](const testing::TestParamInfo<BodyCase>& info) { return info.param.name; });

TEST(FieldErrorTest, MessagePrefixesTheFieldPath) {
  EXPECT_EQ(RequiredError("spec.containers[0].image").Message(),
            "spec.containers[0].image: Required value");
}

TEST(FieldErrorTest, CauseTypesMatchApimachinery) {  // R5.2
  EXPECT_EQ(RequiredError("f").CauseType(), "FieldValueRequired");
  EXPECT_EQ(TypeInvalidError("f", 1, "").CauseType(), "FieldValueTypeInvalid");
  EXPECT_EQ(InternalFieldError("f", "").CauseType(), "InternalError");
}

TEST(AggregateMessageTest, JoinsLikeAnApimachineryAggregate) {
  EXPECT_EQ(AggregateMessage({}), "");
  EXPECT_EQ(AggregateMessage({"a"}), "a");
  EXPECT_EQ(AggregateMessage({"a", "a"}), "a");
  EXPECT_EQ(AggregateMessage({"a", "b", "a"}), "[a, b]");
}

TEST(GoQuoteTest, EscapesAsStrconvQuote) {
  EXPECT_EQ(GoQuote("web"), "\"web\"");
  EXPECT_EQ(GoQuote(""), "\"\"");
  EXPECT_EQ(GoQuote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(GoQuote("tab\there\nline"), R"("tab\there\nline")");
  EXPECT_EQ(GoQuote(std::string("\x01", 1)), R"("\x01")");
  EXPECT_EQ(GoQuote("\x7f"), R"("\x7f")");
  EXPECT_EQ(GoQuote("caf\xc3\xa9"), "\"caf\xc3\xa9\"") << "printable UTF-8 is kept";
  EXPECT_EQ(GoQuote("\xff"), R"("\xff")") << "invalid UTF-8 bytes are hex-escaped";
  EXPECT_EQ(GoQuote("\xc2\x85"), R"("\u0085")") << "C1 controls are escaped";
}

}  // namespace
}  // namespace kubefake::api
