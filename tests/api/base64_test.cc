// Tests for Base64Encode / Base64Decode against Go's encoding/base64: RFC 4648 vectors in the
// four encodings and the CorruptInputError offsets Go's own tests expect.
#include "kubefake/api/base64.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kubefake::api {
namespace {

struct Vector {
  std::string decoded;
  std::string std_encoded;  // in StdEncoding
};

// RFC 4648 section 10, plus bytes that map to the symbols '+' and '/'.
const std::vector<Vector> kVectors = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
    {"\x14\xfb\x9c\x03\xd9\x7e", "FPucA9l+"},
    {"\x14\xfb\x9c\x03\xd9", "FPucA9k="},
    {"\x14\xfb\x9c\x03", "FPucAw=="},
    {"\xff\xff\xff", "////"},
    {"\xfb\xef\xbe", "++++"},
};

struct EncodingCase {
  std::string name;
  Base64Encoding encoding;
  bool url;
  bool raw;
};

// The StdEncoding text rewritten for another encoding: '-' and '_' for URL, no '=' for Raw.
std::string InEncoding(std::string text, const EncodingCase& c) {
  std::string out;
  for (char ch : text) {
    if (c.raw && ch == '=') continue;
    if (c.url && ch == '+') ch = '-';
    if (c.url && ch == '/') ch = '_';
    out += ch;
  }
  return out;
}

class Base64EncodingTest : public ::testing::TestWithParam<EncodingCase> {};

TEST_P(Base64EncodingTest, EncodesRfc4648Vectors) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(Base64Encode(v.decoded, GetParam().encoding), InEncoding(v.std_encoded, GetParam()))
        << v.std_encoded;
  }
}

TEST_P(Base64EncodingTest, DecodesRfc4648Vectors) {
  for (const Vector& v : kVectors) {
    const auto decoded = Base64Decode(InEncoding(v.std_encoded, GetParam()), GetParam().encoding);
    ASSERT_TRUE(decoded.has_value()) << v.std_encoded << ": " << decoded.error().offset;
    EXPECT_EQ(*decoded, v.decoded) << v.std_encoded;
  }
}

TEST_P(Base64EncodingTest, RoundTripsEveryByteValueAtEveryLength) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  for (size_t length = 0; length <= all_bytes.size(); ++length) {
    const std::string data = all_bytes.substr(all_bytes.size() - length);
    const std::string text = Base64Encode(data, GetParam().encoding);
    EXPECT_EQ(text.size(), GetParam().raw ? (length * 8 + 5) / 6 : (length + 2) / 3 * 4);
    const auto decoded = Base64Decode(text, GetParam().encoding);
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, data);
  }
}

TEST_P(Base64EncodingTest, RejectsTheOtherAlphabetsSymbolsAndNonAscii) {
  const std::string other = GetParam().url ? "Zm9v+A" : "Zm9v-A";
  EXPECT_EQ(Base64Decode(other, GetParam().encoding).error().offset, 4u);
  EXPECT_EQ(Base64Decode("Zm\x80v", GetParam().encoding).error().offset, 2u);
  EXPECT_EQ(Base64Decode("Zm9v Zm9v", GetParam().encoding).error().offset, 4u);
}

TEST_P(Base64EncodingTest, ReportsALoneFinalCharacterAtItsOffset) {
  EXPECT_EQ(Base64Decode("A", GetParam().encoding).error().offset, 0u);
  EXPECT_EQ(Base64Decode("AAAAA", GetParam().encoding).error().offset, 4u);
  // Go counts back from the end by the quantum's symbols, so a trailing newline shifts it.
  EXPECT_EQ(Base64Decode("AAAAA\n", GetParam().encoding).error().offset, 5u);
}

INSTANTIATE_TEST_SUITE_P(
    GoEncodings, Base64EncodingTest,
    ::testing::Values(EncodingCase{"Std", Base64Encoding::kStd, false, false},
                      EncodingCase{"Url", Base64Encoding::kUrl, true, false},
                      EncodingCase{"RawStd", Base64Encoding::kRawStd, false, true},
                      EncodingCase{"RawUrl", Base64Encoding::kRawUrl, true, true}),
    [](const ::testing::TestParamInfo<EncodingCase>& info) { return info.param.name; });

TEST(Base64Test, DefaultsToStdEncoding) {
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(Base64Decode("+/8=").value(), "\xfb\xff");
}

// Go's TestDecodeCorrupt cases for StdEncoding; nullopt where Go decodes without error.
TEST(Base64Test, StdDecodeReportsGosCorruptInputOffsets) {
  const std::vector<std::pair<std::string, std::optional<size_t>>> cases = {
      {"", std::nullopt},
      {"\n", std::nullopt},
      {"AAA=\n", std::nullopt},
      {"AAAA\n", std::nullopt},
      {"!!!!", 0},
      {"====", 0},
      {"x===", 1},
      {"=AAA", 0},
      {"A=AA", 1},
      {"AA=A", 2},
      {"AA==A", 4},
      {"AAA=AAAA", 4},
      {"AAAAA", 4},
      {"AAAAAA", 4},
      {"A=", 1},
      {"A==", 1},
      {"AA=", 3},
      {"AA==", std::nullopt},
      {"AAA=", std::nullopt},
      {"AAAA", std::nullopt},
      {"AAAAAA=", 7},
      {"YWJjZA=====", 8},
      {"A!\n", 1},
      {"A=\n", 1},
  };
  for (const auto& [input, offset] : cases) {
    const auto decoded = Base64Decode(input);
    if (!offset) {
      EXPECT_TRUE(decoded.has_value()) << input << ": " << decoded.error().offset;
    } else {
      ASSERT_FALSE(decoded.has_value()) << input;
      EXPECT_EQ(decoded.error().offset, *offset) << input;
    }
  }
}

TEST(Base64Test, PaddedEncodingsWantTwoPadsAfterTwoSymbols) {
  EXPECT_EQ(Base64Decode("YQ==", Base64Encoding::kUrl).value(), "a");
  EXPECT_EQ(Base64Decode("YQ=", Base64Encoding::kUrl).error().offset, 3u);
  EXPECT_EQ(Base64Decode("YQ=\n", Base64Encoding::kUrl).error().offset, 4u);  // at the end
  EXPECT_EQ(Base64Decode("YQ=a", Base64Encoding::kUrl).error().offset, 2u);   // before the 'a'
  EXPECT_EQ(Base64Decode("YWI==", Base64Encoding::kUrl).error().offset, 4u);  // one pad too many
  EXPECT_EQ(Base64Decode("YQ", Base64Encoding::kUrl).error().offset, 0u);
  EXPECT_EQ(Base64Decode("YWI", Base64Encoding::kUrl).error().offset, 0u);
}

TEST(Base64Test, RawEncodingsRejectPadding) {
  EXPECT_EQ(Base64Decode("Zg==", Base64Encoding::kRawStd).error().offset, 2u);
  EXPECT_EQ(Base64Decode("Zm8=", Base64Encoding::kRawUrl).error().offset, 3u);
  EXPECT_EQ(Base64Decode("Zm9v", Base64Encoding::kRawUrl).value(), "foo");
}

// Go's TestNewLineCharacters: each decodes to "sure".
TEST(Base64Test, SkipsCarriageReturnsAndLineFeedsAnywhere) {
  for (const std::string text :
       {"c3VyZQ==", "c3VyZQ==\r", "c3VyZQ==\n", "c3VyZQ==\r\n", "c3VyZ\r\nQ==", "c3V\ryZ\nQ==",
        "c3V\nyZ\rQ==", "c3VyZ\nQ==", "c3VyZQ\n==", "c3VyZQ=\n=", "c3VyZQ=\r\n\r\n="}) {
    const auto decoded = Base64Decode(text);
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, "sure") << text;
  }
  EXPECT_EQ(Base64Decode("c3\nVy\r\nZQ", Base64Encoding::kRawUrl).value(), "sure");
}

TEST(Base64Test, IgnoresBitsLeftOverInTheLastQuantum) {
  // Go's StdEncoding is not Strict (TestDecoderIssue15656).
  EXPECT_EQ(Base64Decode("YR==").value(), "a");
  EXPECT_TRUE(Base64Decode("WvLTlMrX9NpYDQlEIFlnDB==").has_value());
  EXPECT_EQ(Base64Decode("YR", Base64Encoding::kRawStd).value(), "a");
}

TEST(Base64Test, ErrorMessageIsGosCorruptInputErrorText) {
  EXPECT_EQ(Base64Decode("dGhpcyBpcyBhI@HRlc3Qgc3RyaW5nLg==").error().Message(),
            "illegal base64 data at input byte 13");
}

}  // namespace
}  // namespace kubefake::api
