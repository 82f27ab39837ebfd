// Tests for Quantity: parsing, canonical form, comparison and Value/MilliValue exactly as
// apimachinery's resource.Quantity (R11.5: quantities serialize as their canonical strings).
// The tables mirror facts from apimachinery's quantity_test.go.
#include "kubefake/api/quantity.h"

#include <cstdint>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

using Format = Quantity::Format;

constexpr std::string_view kFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
constexpr std::string_view kSuffixWrong = "unable to parse quantity's suffix";

Quantity Q(std::string_view s) {
  Result<Quantity> q = Quantity::Parse(s);
  EXPECT_TRUE(q.has_value()) << s << ": " << q.error().message();
  return q.value_or(Quantity());
}

struct CanonicalCase {
  std::string name;
  std::string input;
  std::string want;  // String()
  Format format;
};

class QuantityCanonicalTest : public ::testing::TestWithParam<CanonicalCase> {};

TEST_P(QuantityCanonicalTest, PrintsWhatApimachineryPrints) {
  const CanonicalCase& c = GetParam();
  Result<Quantity> q = Quantity::Parse(c.input);
  ASSERT_TRUE(q.has_value()) << q.error().message();
  EXPECT_EQ(q->String(), c.want);
  EXPECT_EQ(q->format(), c.format);
  // The string form reads back as the same value.
  EXPECT_EQ(Q(q->String()), *q);
}

INSTANTIATE_TEST_SUITE_P(
    ParseAndString, QuantityCanonicalTest,
    ::testing::Values(
        CanonicalCase{"Zero", "0", "0", Format::kDecimalSI},
        CanonicalCase{"ZeroNano", "0n", "0", Format::kDecimalSI},
        CanonicalCase{"ZeroKi", "0Ki", "0", Format::kBinarySI},
        CanonicalCase{"NegativeZero", "-0", "0", Format::kDecimalSI},
        CanonicalCase{"One", "1", "1", Format::kDecimalSI},
        CanonicalCase{"Milli", "100m", "100m", Format::kDecimalSI},
        CanonicalCase{"ThousandMilliIsOne", "1000m", "1", Format::kDecimalSI},
        CanonicalCase{"TenThousandMilli", "10000m", "10", Format::kDecimalSI},
        CanonicalCase{"DecimalFraction", "1.5", "1500m", Format::kDecimalSI},
        CanonicalCase{"Tenth", "0.1", "100m", Format::kDecimalSI},
        CanonicalCase{"PointOnly", ".001", "1m", Format::kDecimalSI},
        CanonicalCase{"LonePoint", ".", "0", Format::kDecimalSI},
        CanonicalCase{"ThousandIsKilo", "1000", "1k", Format::kDecimalSI},
        CanonicalCase{"MegaToGiga", "1000M", "1G", Format::kDecimalSI},
        CanonicalCase{"FractionalKilo", ".0001k", "100m", Format::kDecimalSI},
        CanonicalCase{"FractionalPeta", "2.5P", "2500T", Format::kDecimalSI},
        CanonicalCase{"FractionalExa", "1.01E", "1010P", Format::kDecimalSI},
        CanonicalCase{"TwelveExa", "12E", "12E", Format::kDecimalSI},
        // Current apimachinery prints exponents beyond E in exponent form.
        CanonicalCase{"BeyondExa", "1000E", "1e21", Format::kDecimalSI},
        CanonicalCase{"Kibi", "1Ki", "1Ki", Format::kBinarySI},
        CanonicalCase{"EightKibi", "8Ki", "8Ki", Format::kBinarySI},
        CanonicalCase{"MebiToGibi", "1024Mi", "1Gi", Format::kBinarySI},
        CanonicalCase{"FractionalGibi", "1.5Gi", "1536Mi", Format::kBinarySI},
        CanonicalCase{"HalfMebi", "0.5Mi", "512Ki", Format::kBinarySI},
        CanonicalCase{"ThousandKibi", "1000Ki", "1000Ki", Format::kBinarySI},
        CanonicalCase{"FractionalKibiNotIntegral", "100.035Ki", "102435840m", Format::kBinarySI},
        CanonicalCase{"MilliKibi", ".001Ki", "1024m", Format::kBinarySI},
        CanonicalCase{"MicroKibi", ".000001Ki", "1024u", Format::kDecimalSI},
        CanonicalCase{"NanoKibi", ".000000001Ki", "1024n", Format::kDecimalSI},
        // A BinarySI value below 1024 prints as DecimalSI.
        CanonicalCase{"HalfKibi", "0.5Ki", "512", Format::kBinarySI},
        CanonicalCase{"NegativeExponent", "1e-3", "1e-3", Format::kDecimalExponent},
        // Below one, BinarySI turns into DecimalSI; sub-nano values round up.
        CanonicalCase{"PicoKibi", ".000000000001Ki", "2n", Format::kDecimalSI},
        CanonicalCase{"ExponentCached", "1e3", "1e3", Format::kDecimalExponent},
        CanonicalCase{"ExponentNotMultipleOfThree", "12e2", "1200", Format::kDecimalExponent},
        CanonicalCase{"FractionalExponent", "1.2e3", "1200", Format::kDecimalExponent},
        CanonicalCase{"SignedExponent", "1.3E+6", "1300e3", Format::kDecimalExponent},
        CanonicalCase{"SubNanoExponent", "0.5e-9", "1e-9", Format::kDecimalExponent},
        CanonicalCase{"RoundsUpToNano", "0.0000000001", "1n", Format::kDecimalSI},
        CanonicalCase{"RoundsUpFraction", "3.001n", "4n", Format::kDecimalSI},
        CanonicalCase{"RoundsUpDigits", "0.00000012345", "124n", Format::kDecimalSI},
        CanonicalCase{"NineTenthsNano", "0.9n", "1n", Format::kDecimalSI},
        CanonicalCase{"ExponentRoundsUp", "1.1E-9", "2e-9", Format::kDecimalExponent},
        CanonicalCase{"HugeNegativeExponent", ".484785E-7466", "1e-9", Format::kDecimalExponent},
        // BinarySI is capped at 2^63-1, which is no multiple of 1024.
        CanonicalCase{"CappedBinary", "9Ei", "9223372036854775807", Format::kBinarySI},
        CanonicalCase{"CappedKibi", "9223372036854775807Ki", "9223372036854775807",
                      Format::kBinarySI},
        CanonicalCase{"BigDecimalIsExact", "9223372036854775808", "9223372036854775808",
                      Format::kDecimalSI},
        CanonicalCase{"NegativeFraction", "-1.5", "-1500m", Format::kDecimalSI},
        CanonicalCase{"NegativeMebi", "-1024Mi", "-1Gi", Format::kBinarySI},
        CanonicalCase{"NegativeKibiCached", "-1Ki", "-1Ki", Format::kBinarySI}),
    [](const auto& param_info) { return param_info.param.name; });

struct QuirkCase {
  std::string name;
  std::string input;
  std::string string_form;     // String(): what a real apiserver echoes
  std::string canonical_form;  // CanonicalString()
};

class QuantityKeptInputTest : public ::testing::TestWithParam<QuirkCase> {};

// apimachinery's parse fast path keeps the input as the string form when it "looks"
// canonical; a real apiserver echoes these back unchanged (kubernetes/kubernetes#138165).
TEST_P(QuantityKeptInputTest, KeepsInputLikeApimachinery) {
  const QuirkCase& c = GetParam();
  const Quantity q = Q(c.input);
  EXPECT_EQ(q.String(), c.string_form);
  EXPECT_EQ(q.CanonicalString(), c.canonical_form);
  EXPECT_EQ(nlohmann::json(q), c.string_form);
}

INSTANTIATE_TEST_SUITE_P(
    FastPath, QuantityKeptInputTest,
    ::testing::Values(QuirkCase{"ExplicitPlus", "+1", "+1", "1"},
                      QuirkCase{"TrailingPoint", "1.", "1.", "1"},
                      QuirkCase{"TrailingPointWithSuffix", "1.G", "1.G", "1G"},
                      QuirkCase{"FractionalMega", "10.035M", "10.035M", "10035k"},
                      QuirkCase{"SevenDigitsMega", "7.123456M", "7.123456M", "7123456"},
                      QuirkCase{"FractionalTera", "5.444T", "5.444T", "5444G"},
                      QuirkCase{"UppercaseNegativeExponent", "1E-3", "1E-3", "1e-3"},
                      QuirkCase{"ThreeFractionDigits", "1.500", "1.500", "1500m"},
                      QuirkCase{"ThreeFractionDigitsKilo", "1.500k", "1.500k", "1500"},
                      QuirkCase{"UppercaseExponent", "1E3", "1E3", "1e3"},
                      QuirkCase{"PlusKibi", "+1Ki", "+1Ki", "1Ki"},
                      QuirkCase{"CanonicalAlready", "100m", "100m", "100m"}),
    [](const auto& param_info) { return param_info.param.name; });

struct QuantityErrorCase {
  std::string name;
  std::string input;
  std::string_view message;
};

class QuantityParseErrorTest : public ::testing::TestWithParam<QuantityErrorCase> {};

TEST_P(QuantityParseErrorTest, RejectsWithApimachineryMessage) {
  const QuantityErrorCase& c = GetParam();
  Result<Quantity> q = Quantity::Parse(c.input);
  ASSERT_FALSE(q.has_value()) << q->String();
  EXPECT_TRUE(IsBadRequest(q.error()));
  EXPECT_EQ(q.error().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, QuantityParseErrorTest,
    ::testing::Values(QuantityErrorCase{"Empty", "", kFormatWrong},
                      QuantityErrorCase{"Words", "aoeu", kFormatWrong},
                      QuantityErrorCase{"TwoPoints", "1.1.M", kFormatWrong},
                      QuantityErrorCase{"SignInside", "1+1.0M", kFormatWrong},
                      QuantityErrorCase{"LeadingSpace", " 1", kFormatWrong},
                      QuantityErrorCase{"TrailingSpace", "1 ", kFormatWrong},
                      QuantityErrorCase{"UnitWord", "1 GB", kFormatWrong},
                      QuantityErrorCase{"MilliBinary", "0.1mi", kSuffixWrong},
                      QuantityErrorCase{"UnknownSuffix", "0.1am", kFormatWrong},
                      QuantityErrorCase{"BareI", "1i", kSuffixWrong},
                      QuantityErrorCase{"FractionalI", ".5i", kSuffixWrong},
                      QuantityErrorCase{"NegativeI", "-3.01i", kSuffixWrong},
                      QuantityErrorCase{"DanglingExponentSign", "-3.01e-", kSuffixWrong},
                      QuantityErrorCase{"UppercaseKilo", "1K", kSuffixWrong},
                      QuantityErrorCase{"LowercaseGibi", "1gi", kFormatWrong},
                      QuantityErrorCase{"ExponentBeyondInt32", "1e4294967297", kSuffixWrong},
                      QuantityErrorCase{"NoDigitsSlowPath", ".e-20",
                                        "unable to parse numeric part of quantity"}),
    [](const auto& param_info) { return param_info.param.name; });

struct ValueCase {
  std::string name;
  std::string input;
  int64_t value;
  int64_t milli_value;
};

class QuantityValueTest : public ::testing::TestWithParam<ValueCase> {};

TEST_P(QuantityValueTest, RoundsAwayFromZero) {
  const ValueCase& c = GetParam();
  const Quantity q = Q(c.input);
  EXPECT_EQ(q.Value(), c.value);
  EXPECT_EQ(q.MilliValue(), c.milli_value);
}

INSTANTIATE_TEST_SUITE_P(
    ValueAndMilliValue, QuantityValueTest,
    ::testing::Values(
        ValueCase{"Zero", "0", 0, 0}, ValueCase{"One", "1", 1, 1000},
        ValueCase{"MinusOne", "-1", -1, -1000}, ValueCase{"Milli", "1500m", 2, 1500},
        ValueCase{"NegativeMilli", "-1500m", -2, -1500}, ValueCase{"SubMilli", "0.0005", 1, 1},
        ValueCase{"NegativeSubMilli", "-0.0005", -1, -1},
        ValueCase{"Exponent", ".484785E-1", 1, 49},
        ValueCase{"NegativeExponent", "-.484785E-1", -1, -49},
        ValueCase{"TinyRoundsToNano", ".484785E-7466", 1, 1},
        ValueCase{"Kibi", "1Ki", 1024, 1024000},
        ValueCase{"FractionalGibi", "9.5000000001Gi", 10200547329, 10200547328108},
        ValueCase{"NegativeFractionalGibi", "-9.5000000001Gi", -10200547329, -10200547328108},
        ValueCase{"Cores", "2", 2, 2000},
        ValueCase{"Int64Max", "9223372036854775807", std::numeric_limits<int64_t>::max(),
                  std::numeric_limits<int64_t>::max()},
        ValueCase{"BeyondInt64Saturates", "100E", std::numeric_limits<int64_t>::max(),
                  std::numeric_limits<int64_t>::max()},
        ValueCase{"BelowInt64Saturates", "-100E", std::numeric_limits<int64_t>::min(),
                  std::numeric_limits<int64_t>::min()}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(QuantityTest, ComparesNumericallyAcrossFormats) {
  EXPECT_EQ(Q("1Ki"), Q("1024"));
  EXPECT_EQ(Q("1000m"), Q("1"));
  EXPECT_EQ(Q("1e3"), Q("1k"));
  EXPECT_EQ(Q("0"), Q("0Gi"));
  EXPECT_GT(Q("100m"), Q("50m"));
  EXPECT_LT(Q("50m"), Q("100m"));
  EXPECT_GT(Q("10000T"), Q("100Gi"));
  EXPECT_LT(Q("-1"), Q("0"));
  EXPECT_LT(Q("-2"), Q("-1"));
  EXPECT_LT(Q("1n"), Q("1u"));
  EXPECT_GT(Q("1e100"), Q("9Ei"));
  EXPECT_NE(Q("1"), Q("1.000000001"));
}

TEST(QuantityTest, DefaultIsZeroDecimalSi) {
  const Quantity q;
  EXPECT_TRUE(q.IsZero());
  EXPECT_EQ(q.Sign(), 0);
  EXPECT_EQ(q.String(), "0");
  EXPECT_EQ(q.format(), Format::kDecimalSI);
  EXPECT_EQ(Q("-1m").Sign(), -1);
}

TEST(QuantityJsonTest, EncodesStringForm) {
  EXPECT_EQ(nlohmann::json(Q("1.5")).dump(), R"("1500m")");
  EXPECT_EQ(nlohmann::json(Q("1024Mi")).dump(), R"("1Gi")");
}

TEST(QuantityJsonTest, DecodesStringsNumbersAndNull) {
  EXPECT_EQ(nlohmann::json("500m").get<Quantity>().String(), "500m");
  // UnmarshalJSON trims spaces.
  EXPECT_EQ(nlohmann::json(" 1 ").get<Quantity>().String(), "1");
  EXPECT_EQ(nlohmann::json(10).get<Quantity>().String(), "10");
  EXPECT_EQ(nlohmann::json(-1).get<Quantity>().String(), "-1");
  EXPECT_EQ(nlohmann::json(0.5).get<Quantity>().String(), "500m");
  EXPECT_TRUE(nlohmann::json(nullptr).get<Quantity>().IsZero());
}

TEST(QuantityJsonTest, MalformedStringThrowsOtherErrorWithParseMessage) {
  try {
    nlohmann::json("1 GB").get<Quantity>();
    FAIL() << "no exception";
  } catch (const nlohmann::json::other_error& e) {
    EXPECT_THAT(e.what(), ::testing::EndsWith(std::string(kFormatWrong)));
  }
}

TEST(QuantityJsonTest, NonScalarThrowsTypeErrorWithParseMessage) {
  try {
    nlohmann::json(true).get<Quantity>();
    FAIL() << "no exception";
  } catch (const nlohmann::json::type_error& e) {
    EXPECT_THAT(e.what(), ::testing::EndsWith(std::string(kFormatWrong)));
  }
  EXPECT_THROW(nlohmann::json::object().get<Quantity>(), nlohmann::json::type_error);
}

}  // namespace
}  // namespace kubefake::api
