// Tests for DecodeRune, AppendRune and the validity check against Go's unicode/utf8 rules.
#include "kubefake/api/utf8.h"

#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

TEST(Utf8Test, DecodesValidSequencesOfEveryWidth) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  size_t i = 0;
  for (const auto& [rune, width] : {std::pair<char32_t, size_t>{U'a', 1}, {0xE9, 2},
                                    {0x20AC, 3}, {0x1F600, 4}}) {
    const DecodedRune decoded = DecodeRune(text, i);
    EXPECT_TRUE(decoded.valid);
    EXPECT_EQ(decoded.rune, rune);
    EXPECT_EQ(decoded.width, width);
    i += decoded.width;
  }
}

TEST(Utf8Test, InvalidSequencesAreRuneErrorOfWidthOne) {
  for (const std::string& bad : {std::string("\xFF"), std::string("\xC0\xAF"),  // overlong
                                std::string("\xED\xA0\x80"),                   // surrogate
                                std::string("\xF4\x90\x80\x80"),               // > U+10FFFF
                                std::string("\xE2\x82")}) {                    // truncated
    const DecodedRune decoded = DecodeRune(bad);
    EXPECT_FALSE(decoded.valid);
    EXPECT_EQ(decoded.rune, kRuneError);
    EXPECT_EQ(decoded.width, 1u);
  }
}

TEST(Utf8Test, AppendRuneEncodesEveryWidth) {
  std::string out;
  for (char32_t rune : {U'a', char32_t{0xE9}, char32_t{0x20AC}, char32_t{0x1F600}}) {
    AppendRune(out, rune);
  }
  EXPECT_EQ(out, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(Utf8Test, IsValidUtf8ExactlyWhenValidUtf8KeepsTheText) {
  for (const std::string& text :
       {std::string(""), std::string("plain ascii"),
        std::string("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), std::string("x\xFF"),
        std::string("\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("ok \xF4\x90\x80\x80"),
        std::string("cut \xE2\x82")}) {
    EXPECT_EQ(IsValidUtf8(text), ValidUtf8(text) == text) << text;
  }
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));
}

}  // namespace
}  // namespace kubefake::api
