// Tests for the YAML codec: sigs.k8s.io/yaml's YAMLToJSON and JSONToYAML on go-yaml v2, as the
// apiserver uses them for YAML bodies (R11.1, R11.2; strict duplicates R3.10, R3.16) and kubectl
// for manifests and `-o yaml`.
#include "kubefake/api/yaml_codec.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kubefake::api {
namespace {

using nlohmann::json;

json DecodeYamlText(std::string_view yaml, bool strict = true) {
  Result<json> j = YamlToJson(yaml, YamlDecodeOptions{.strict = strict});
  EXPECT_TRUE(j.has_value()) << yaml << "\n-> " << j.error().message();
  return j.value_or(json());
}

struct TypingCase {
  std::string name;
  std::string scalar;  // written as `v: <scalar>`
  std::string json;    // the decoded value, dumped (so number types are exact)
};

class YamlTypingTest : public ::testing::TestWithParam<TypingCase> {};

TEST_P(YamlTypingTest, ResolvesScalarsAsGoYamlV2) {
  const TypingCase& c = GetParam();
  const json doc = DecodeYamlText("v: " + c.scalar + "\n");
  ASSERT_TRUE(doc.contains("v")) << doc.dump();
  EXPECT_EQ(doc["v"].dump(), c.json);
}

INSTANTIATE_TEST_SUITE_P(
    Yaml11, YamlTypingTest,
    ::testing::Values(
        // Booleans: YAML 1.1's words in three spellings each, y/n included.
        TypingCase{"yes", "yes", "true"}, TypingCase{"Yes", "Yes", "true"},
        TypingCase{"YES", "YES", "true"}, TypingCase{"MixedCaseYesIsString", "yEs", R"("yEs")"},
        TypingCase{"no", "no", "false"}, TypingCase{"NO", "NO", "false"},
        TypingCase{"on", "on", "true"}, TypingCase{"On", "On", "true"},
        TypingCase{"off", "off", "false"}, TypingCase{"OFF", "OFF", "false"},
        TypingCase{"y", "y", "true"}, TypingCase{"Y", "Y", "true"}, TypingCase{"n", "n", "false"},
        TypingCase{"N", "N", "false"}, TypingCase{"true", "true", "true"},
        TypingCase{"True", "True", "true"}, TypingCase{"FALSE", "FALSE", "false"},
        TypingCase{"tRUE", "tRUE", R"("tRUE")"},
        // Nulls.
        TypingCase{"Tilde", "~", "null"}, TypingCase{"null", "null", "null"},
        TypingCase{"Null", "Null", "null"}, TypingCase{"NULL", "NULL", "null"},
        TypingCase{"Empty", "", "null"}, TypingCase{"nULL", "nULL", R"("nULL")"},
        // Integers: Go's ParseInt with base prefixes, a leading 0 is octal, _ is dropped.
        TypingCase{"Decimal", "42", "42"}, TypingCase{"Plus", "+12", "12"},
        TypingCase{"Negative", "-7", "-7"}, TypingCase{"Octal", "010", "8"},
        TypingCase{"Octal0777", "0777", "511"}, TypingCase{"OctalPrefix", "0o17", "15"},
        TypingCase{"Hex", "0x1F", "31"}, TypingCase{"HexUpperPrefix", "0X1f", "31"},
        TypingCase{"NegativeHex", "-0x10", "-16"}, TypingCase{"Binary", "0b101", "5"},
        TypingCase{"Underscores", "1_000", "1000"}, TypingCase{"DoubleUnderscore", "1__0", "10"},
        // Not octal: falls through to the float syntax, and reads as 8.
        TypingCase{"EightAfterZero", "08", "8"}, TypingCase{"OctalLookingFloat", "09.5", "9.5"},
        TypingCase{"Int64Max", "9223372036854775807", "9223372036854775807"},
        TypingCase{"BeyondInt64IsUint64", "9223372036854775808", "9223372036854775808"},
        TypingCase{"Uint64Max", "18446744073709551615", "18446744073709551615"},
        TypingCase{"BeyondUint64IsFloat", "18446744073709551616", "1.8446744073709552e+19"},
        // A float64 that encoding/json prints as an integer reads back as one.
        TypingCase{"BelowInt64RoundsThroughFloat", "-9223372036854775809", "-9223372036854775808"},
        // Floats; encoding/json prints integral ones without a fraction, so they read as ints.
        TypingCase{"ExponentIsNumber", "1e3", "1000"}, TypingCase{"Exponent12e2", "12e2", "1200"},
        TypingCase{"UpperExponent", "1E3", "1000"}, TypingCase{"FractionExponent", "1.5e3", "1500"},
        TypingCase{"OnePointZero", "1.0", "1"}, TypingCase{"Fraction", "1.5", "1.5"},
        TypingCase{"LeadingPoint", ".5", "0.5"}, TypingCase{"NegativeLeadingPoint", "-.5", "-0.5"},
        TypingCase{"Tenth", "0.1", "0.1"}, TypingCase{"Small", "1.5e-7", "1.5e-07"},
        TypingCase{"Huge", "1e21", "1e+21"},
        // Go's ParseFloat overflows: go-yaml keeps the text.
        TypingCase{"Overflow", "1e400", R"("1e400")"},
        // Strings.
        TypingCase{"Word", "web", R"("web")"}, TypingCase{"Inf", "inf", R"("inf")"},
        TypingCase{"NaNWord", "NaN", R"("NaN")"}, TypingCase{"Underscore", "_1", R"("_1")"},
        TypingCase{"HexPrefixOnly", "0x", R"("0x")"}, TypingCase{"DashWord", "-x", R"("-x")"},
        TypingCase{"Point", ".", R"(".")"}, TypingCase{"Version", "1.2.3", R"("1.2.3")"},
        TypingCase{"Base60IsString", "1:20", R"("1:20")"},
        TypingCase{"Date", "2001-12-14", R"("2001-12-14")"},
        TypingCase{"Timestamp", "2001-12-14T21:59:43.10-05:00",
                   R"("2001-12-14T21:59:43.10-05:00")"},
        TypingCase{"MergeKeyAsValue", "<<", R"("<<")"},
        TypingCase{"SingleQuotedYes", "'yes'", R"("yes")"},
        TypingCase{"DoubleQuotedNumber", R"("1")", R"("1")"},
        TypingCase{"QuotedOctal", R"("010")", R"("010")"},
        TypingCase{"QuotedTilde", "'~'", R"("~")"}, TypingCase{"QuotedEmpty", "''", R"("")"},
        TypingCase{"DoubleQuotedEscapes", R"("a\tb\u00e9")", "\"a\\tb\xc3\xa9\""},
        // Explicit tags.
        TypingCase{"StrTag", "!!str 1", R"("1")"}, TypingCase{"StrTagYes", "!!str yes", R"("yes")"},
        TypingCase{"IntTagOnQuoted", R"(!!int "12")", "12"},
        TypingCase{"FloatTagOnInt", "!!float 1", "1"},
        TypingCase{"FloatTagOnQuoted", R"(!!float "1.5")", "1.5"},
        TypingCase{"BoolTagOnQuoted", R"(!!bool "yes")", "true"},
        TypingCase{"NullTag", "!!null ''", "null"},
        TypingCase{"BinaryTag", "!!binary aGVsbG8=", R"("hello")"},
        TypingCase{"LocalTag", "!foo bar", R"("bar")"},
        TypingCase{"NonSpecificTag", "! 12", R"("12")"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(YamlToJsonTest, BlockScalarsAreStrings) {
  const json doc = DecodeYamlText("a: |\n  line1\n  line2\nb: >\n  folded\n  text\nc: |-\n  010\n");
  EXPECT_EQ(doc, json::parse(R"({"a":"line1\nline2\n","b":"folded text\n","c":"010"})"));
}

TEST(YamlToJsonTest, ConvertsAKubernetesManifest) {
  const json doc = DecodeYamlText(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  labels: {app: web, tier: "1"}
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
        resources:
          limits: {cpu: 500m, memory: 1Gi}
        env:
        - {name: DEBUG, value: "true"}
)");
  EXPECT_EQ(doc, json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web", "tier": "1"}},
    "spec": {"replicas": 3, "template": {"spec": {"containers": [{
      "name": "web", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
      "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}},
      "env": [{"name": "DEBUG", "value": "true"}]}]}}}})"));
}

TEST(YamlToJsonTest, EmptyValuesAreNull) {
  EXPECT_EQ(DecodeYamlText("a:\nb: ~\nc:   # comment\nd:"),
            json::parse(R"({"a":null,"b":null,"c":null,"d":null})"));
  EXPECT_EQ(DecodeYamlText("- \n- a\n"), json::parse(R"([null,"a"])"));
  EXPECT_EQ(DecodeYamlText("? a\n? b\n"), json::parse(R"({"a":null,"b":null})"));
  EXPECT_EQ(DecodeYamlText("{a, b: 1}"), json::parse(R"({"a":null,"b":1})"));
}

TEST(YamlToJsonTest, JsonIsYaml) {
  EXPECT_EQ(DecodeYamlText(R"({"a": [1, 2.5, "x", null, true], "b": {"c": -1}})"),
            json::parse(R"({"a": [1, 2.5, "x", null, true], "b": {"c": -1}})"));
}

TEST(YamlToJsonTest, EmptyAndCommentOnlyInputAreNull) {
  EXPECT_TRUE(DecodeYamlText("").is_null());
  EXPECT_TRUE(DecodeYamlText("# nothing here\n\n").is_null());
  EXPECT_TRUE(DecodeYamlText("---\n").is_null());
}

TEST(YamlToJsonTest, ReadsOnlyTheFirstDocument) {
  EXPECT_EQ(DecodeYamlText("---\na: 1\n---\nb: 2\n"), json::parse(R"({"a":1})"));
  // go-yaml never reads past the first document, so errors there go unnoticed.
  EXPECT_EQ(DecodeYamlText("a: 1\n---\nb: c: d\n"), json::parse(R"({"a":1})"));
}

TEST(YamlToJsonTest, AnchorsAndAliasesCopyValues) {
  EXPECT_EQ(DecodeYamlText("a: &x {b: 1}\nc: *x\nd: [&y 2, *y]\n"),
            json::parse(R"({"a":{"b":1},"c":{"b":1},"d":[2,2]})"));
}

TEST(YamlToJsonTest, MergeKeysCopyMissingKeys) {
  EXPECT_EQ(DecodeYamlText("base: &b {x: 1, z: 0}\nc:\n  <<: *b\n  w: 2\n"),
            json::parse(R"({"base":{"x":1,"z":0},"c":{"w":2,"x":1,"z":0}})"));
  EXPECT_EQ(DecodeYamlText("c:\n  <<: {x: 1}\n  w: 2\n"), json::parse(R"({"c":{"w":2,"x":1}})"));
}

TEST(YamlToJsonTest, MergeSequenceGivesEarlierMapsPrecedence) {
  EXPECT_EQ(DecodeYamlText("a: &a {x: 1}\nb: &b {x: 2, w: 2}\nc:\n  <<: [*a, *b]\n",
                           /*strict=*/false)["c"],
            json::parse(R"({"w":2,"x":1})"));
}

TEST(YamlToJsonTest, MergeFollowsGoYamlV2KeyOrder) {
  // go-yaml v2 applies keys in order: a merge after an explicit key overrides it, and an
  // explicit key after a merge overrides the merged one (strict mode calls that a duplicate).
  EXPECT_EQ(DecodeYamlText("b: &b {x: 1}\nc:\n  x: 3\n  <<: *b\n", false)["c"],
            json::parse(R"({"x":1})"));
  EXPECT_EQ(DecodeYamlText("b: &b {x: 1}\nc:\n  <<: *b\n  x: 3\n", false)["c"],
            json::parse(R"({"x":3})"));
  Result<json> strict = YamlToJson("b: &b {x: 1}\nc:\n  <<: *b\n  x: 3\n");
  ASSERT_FALSE(strict.has_value());
  EXPECT_EQ(strict.error().message(),
            "error converting YAML to JSON: yaml: unmarshal errors:\n"
            "  line 4: key \"x\" already set in map");
}

TEST(YamlToJsonTest, QuotedMergeKeyIsAnOrdinaryKey) {
  EXPECT_EQ(DecodeYamlText("'<<': {x: 1}\n"), json::parse(R"({"<<":{"x":1}})"));
}

// sigs.k8s.io/yaml turns non-string keys into strings; float keys with float32 precision.
TEST(YamlToJsonTest, NonStringKeysBecomeStrings) {
  EXPECT_EQ(DecodeYamlText("1: a\n1.5: b\ntrue: c\n0x10: d\n0.1: e\n1e6: f\n3.14159265358979: g\n"),
            json::parse(R"({"1":"a","1.5":"b","true":"c","16":"d","0.1":"e","1e+06":"f",
                            "3.1415927":"g"})"));
}

TEST(YamlToJsonTest, YesAndYKeysAreBooleans) {
  // The YAML 1.1 gotcha kubectl users meet: a key `y` or `on` is the boolean true.
  EXPECT_EQ(DecodeYamlText("point: {x: 1, y: 2}\non: push\n"),
            json::parse(R"({"point":{"x":1,"true":2},"true":"push"})"));
}

TEST(YamlToJsonTest, NonStrictDuplicateKeysKeepTheLastValue) {
  EXPECT_EQ(DecodeYamlText("a: 1\nb: 2\na: 3\n", /*strict=*/false),
            json::parse(R"({"a":3,"b":2})"));
}

TEST(YamlToJsonTest, StrictDuplicateKeysAreAllReported) {
  Result<json> j = YamlToJson("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
  ASSERT_FALSE(j.has_value());
  EXPECT_TRUE(IsBadRequest(j.error()));
  EXPECT_EQ(j.error().message(),
            "error converting YAML to JSON: yaml: unmarshal errors:\n"
            "  line 4: key \"c\" already set in map\n"
            "  line 5: key \"a\" already set in map");
}

TEST(YamlToJsonTest, KeysOfDifferentTypesAreNotDuplicates) {
  // go-yaml keys are typed: the int 1 and the string "1" differ; both become "1".
  EXPECT_EQ(DecodeYamlText("1: a\n'1': b\n"), json::parse(R"({"1":"b"})"));
}

TEST(YamlToJsonTest, ExcessiveAliasingIsRejected) {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    const char previous = static_cast<char>(c - 1);
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) yaml += std::string(i ? ", " : "") + "*" + previous;
    yaml += "]\n";
  }
  Result<json> j = YamlToJson(yaml);
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().message(),
            "error converting YAML to JSON: yaml: document contains excessive aliasing");
}

struct YamlErrorCase {
  std::string name;
  std::string yaml;
  std::string message;  // after "error converting YAML to JSON: "
};

class YamlToJsonErrorTest : public ::testing::TestWithParam<YamlErrorCase> {};

TEST_P(YamlToJsonErrorTest, ReportsWhatTheApiserverReports) {
  const YamlErrorCase& c = GetParam();
  Result<json> j = YamlToJson(c.yaml);
  ASSERT_FALSE(j.has_value()) << j->dump();
  EXPECT_TRUE(IsBadRequest(j.error()));
  EXPECT_EQ(j.error().message(), "error converting YAML to JSON: " + c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Syntax, YamlToJsonErrorTest,
    ::testing::Values(
        YamlErrorCase{"MappingValueOnLineOne", "a: b: c\n",
                      "yaml: mapping values are not allowed in this context"},
        YamlErrorCase{"MappingValueOnLineTwo", "a: 1\nb: c: d\n",
                      "yaml: line 2: mapping values are not allowed in this context"},
        YamlErrorCase{"OverIndentedKey", "a: 1\n  b: 2\n",
                      "yaml: line 2: mapping values are not allowed in this context"},
        YamlErrorCase{"UnderIndentedKey",
                      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: web\n"
                      "   foo: bar\n",
                      "yaml: line 6: did not find expected key"},
        YamlErrorCase{"UnderIndentedContainerField",
                      "spec:\n  containers:\n  - name: x\n    image: y\n   ports: 1\n",
                      "yaml: line 4: did not find expected key"},
        YamlErrorCase{"KeyAfterSequence", "a:\n  - 1\n  b: 2\n",
                      "yaml: line 2: did not find expected '-' indicator"},
        YamlErrorCase{"SequenceAfterMapping", "a: 1\n- b\n",
                      "yaml: line 1: did not find expected key"},
        YamlErrorCase{"MappingAfterSequence", "- a\nb: 1\n",
                      "yaml: line 1: did not find expected '-' indicator"},
        YamlErrorCase{"TabIndentation", "a:\n\tb: 1\n",
                      "yaml: line 2: found character that cannot start any token"},
        YamlErrorCase{"TabInPlainContinuation", "a:\n  b: 1\n\tc: 2\n",
                      "yaml: line 3: found a tab character that violates indentation"},
        YamlErrorCase{"AtSign", "key: @value\n",
                      "yaml: found character that cannot start any token"},
        YamlErrorCase{"UnclosedFlowSequence", "a: [1, 2\n",
                      "yaml: line 1: did not find expected ',' or ']'"},
        YamlErrorCase{"UnclosedFlowSequenceAtEnd", "a: [1, 2",
                      "yaml: line 1: did not find expected ',' or ']'"},
        YamlErrorCase{"UnclosedFlowMapping", "a: {x: 1\n",
                      "yaml: line 1: did not find expected ',' or '}'"},
        YamlErrorCase{"StrayFlowEnd", "a: [1, 2]]\n", "yaml: did not find expected key"},
        YamlErrorCase{"LoneBrace", "a: }\n", "yaml: did not find expected node content"},
        YamlErrorCase{"UnterminatedDoubleQuote", "a: \"unterminated\n",
                      "yaml: line 2: found unexpected end of stream"},
        YamlErrorCase{"UnterminatedSingleQuote", "a: 'x\n",
                      "yaml: line 2: found unexpected end of stream"},
        YamlErrorCase{"UnknownEscape", "a: \"\\q\"\n", "yaml: found unknown escape character"},
        YamlErrorCase{"KeyWithoutColon", "a: 1\nb\n", "yaml: line 3: could not find expected ':'"},
        YamlErrorCase{"KeyWithoutColonBeforeKey", "a: 1\nb\nc: 2\n",
                      "yaml: line 3: could not find expected ':'"},
        YamlErrorCase{"BlockEntryInValue", "a: - b\n",
                      "yaml: block sequence entries are not allowed in this context"},
        YamlErrorCase{"MultilineQuotedKey", "\"a\nb\": 1\n",
                      "yaml: line 2: mapping values are not allowed in this context"},
        YamlErrorCase{"EmptyAlias", "a: x\nb: *\n",
                      "yaml: line 2: did not find expected alphabetic or numeric character"},
        YamlErrorCase{"DuplicateYamlDirective", "%YAML 1.1\n%YAML 1.1\n---\na\n",
                      "yaml: line 1: found duplicate %YAML directive"}),
    [](const auto& param_info) { return param_info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Decoding, YamlToJsonErrorTest,
    ::testing::Values(
        YamlErrorCase{"UnknownAnchor", "a: *unknown\n",
                      "yaml: unknown anchor 'unknown' referenced"},
        YamlErrorCase{"AnchorContainsItself", "a: &a [1, *a]\n",
                      "yaml: anchor 'a' value contains itself"},
        YamlErrorCase{"BadIntTag", "a: !!int abc\n", "yaml: cannot decode !!str `abc` as a !!int"},
        YamlErrorCase{"BadBoolTag", "a: !!bool 1\n", "yaml: cannot decode !!int `1` as a !!bool"},
        YamlErrorCase{"BadBinary", "a: !!binary '*'\n",
                      "yaml: !!binary value contains invalid base64 data"},
        YamlErrorCase{"MergeOfScalar", "<<: 1\n",
                      "yaml: map merge requires map or sequence of maps as the value"},
        YamlErrorCase{"MergeOfAliasToScalar", "a: &a 1\nb:\n  <<: *a\n",
                      "yaml: map merge requires map or sequence of maps as the value"},
        YamlErrorCase{"SequenceKey", "[1]: x\n", "yaml: invalid map key: []interface {}{1}"},
        YamlErrorCase{"Infinity", "a: .inf\n", "json: unsupported value: +Inf"},
        YamlErrorCase{"NegativeInfinity", "a: [-.Inf]\n", "json: unsupported value: -Inf"},
        YamlErrorCase{"NotANumber", "a: .NaN\n", "json: unsupported value: NaN"},
        YamlErrorCase{"NullKey", "~: 1\n",
                      "unsupported map key of type: %!s(<nil>), key: <nil>, value: 1"},
        YamlErrorCase{"ControlCharacter", "a: \x01\n", "yaml: control characters are not allowed"},
        YamlErrorCase{"InvalidUtf8", "a: \xff\n", "yaml: invalid leading UTF-8 octet"},
        YamlErrorCase{"TruncatedUtf8", "a: \xc3", "yaml: incomplete UTF-8 octet sequence"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(YamlToJsonTest, ErrorPositionHasLineAndColumn) {
  TextPosition position;
  Result<json> j = YamlToJson("a: 1\nb: c: d\n", {}, &position);
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(position.line, 2);
  EXPECT_EQ(position.column, 5);
  EXPECT_EQ(position.offset, 9u);

  Result<json> dup = YamlToJson("a: 1\na: 2\n", {}, &position);
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(position.line, 2);
}

TEST(YamlStreamToJsonTest, SplitsOnSeparatorsAndSkipsEmptyDocuments) {
  Result<std::vector<json>> docs = YamlStreamToJson(
      "---\na: 1\n---\n# only a comment\n---\n\n--- # separator comment\nb: 2\n---\nnull\n"
      "---   \nc: [3]\n");
  ASSERT_TRUE(docs.has_value()) << docs.error().message();
  EXPECT_EQ(*docs, (std::vector<json>{json::parse(R"({"a":1})"), json::parse(R"({"b":2})"),
                                      json::parse(R"({"c":[3]})")}));
}

TEST(ReadYamlDocumentsTest, KeepsWhereEachDocumentStarts) {
  Result<std::vector<YamlDocument>> docs =
      ReadYamlDocuments("a: 1\n---\n\n  b: 2\n---\nnull\n---\nc: 3\n");
  ASSERT_TRUE(docs.has_value()) << docs.error().message();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].json, json::parse(R"({"a":1})"));
  EXPECT_EQ((*docs)[0].position.line, 1);
  EXPECT_EQ((*docs)[1].json, json::parse(R"({"b":2})"));
  EXPECT_EQ((*docs)[1].position.line, 4);
  EXPECT_EQ((*docs)[1].position.column, 3);
  EXPECT_EQ((*docs)[2].position.line, 8);
}

TEST(YamlStreamToJsonTest, IndentedDashesAreNotSeparators) {
  Result<std::vector<json>> docs = YamlStreamToJson("a: |\n  ---\n  x\n");
  ASSERT_TRUE(docs.has_value()) << docs.error().message();
  EXPECT_EQ(*docs, (std::vector<json>{json::parse(R"({"a":"---\nx\n"})")}));
}

TEST(YamlStreamToJsonTest, EmptyStreamHasNoDocuments) {
  Result<std::vector<json>> docs = YamlStreamToJson("");
  ASSERT_TRUE(docs.has_value());
  EXPECT_TRUE(docs->empty());
}

TEST(YamlStreamToJsonTest, TextAfterSeparatorIsRejectedAsKubectlDoes) {
  Result<std::vector<json>> docs = YamlStreamToJson("a: 1\n--- {b: 2}\n");
  ASSERT_FALSE(docs.has_value());
  EXPECT_EQ(docs.error().message(), "invalid Yaml document separator: {b: 2}");
}

TEST(YamlStreamToJsonTest, ErrorLinesCountFromTheirDocument) {
  TextPosition position;
  Result<std::vector<json>> docs = YamlStreamToJson("a: 1\n---\nb: 1\nc: d: e\n", {}, &position);
  ASSERT_FALSE(docs.has_value());
  EXPECT_EQ(docs.error().message(),
            "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this "
            "context");
  EXPECT_EQ(position.line, 4) << "the position counts from the start of the stream";
}

TEST(YamlStreamToJsonTest, StrictnessAppliesToEveryDocument) {
  EXPECT_FALSE(YamlStreamToJson("a: 1\n---\nb: 1\nb: 2\n").has_value());
  Result<std::vector<json>> lenient =
      YamlStreamToJson("a: 1\n---\nb: 1\nb: 2\n", YamlDecodeOptions{.strict = false});
  ASSERT_TRUE(lenient.has_value());
  EXPECT_EQ(lenient->at(1), json::parse(R"({"b":2})"));
}

// --- JSON to YAML ------------------------------------------------------------------------

TEST(JsonToYamlTest, RendersLikeKubectlGetOYaml) {
  const json pod = json::parse(R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": null,
                 "labels": {"app": "web", "tier": "1"}},
    "spec": {"containers": [{"name": "web", "image": "nginx", "args": [],
                             "ports": [{"containerPort": 80, "protocol": "TCP"}],
                             "resources": {}}],
             "nodeSelector": {"disk": "yes"}}})");
  EXPECT_EQ(JsonToYaml(pod), R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    app: web
    tier: "1"
  name: web
  namespace: default
spec:
  containers:
  - args: []
    image: nginx
    name: web
    ports:
    - containerPort: 80
      protocol: TCP
    resources: {}
  nodeSelector:
    disk: "yes"
)");
}

struct ScalarCase {
  std::string name;
  json value;
  std::string yaml;  // JsonToYaml({"v": value})
};

class JsonToYamlScalarTest : public ::testing::TestWithParam<ScalarCase> {};

TEST_P(JsonToYamlScalarTest, WritesAndReadsBack) {
  const ScalarCase& c = GetParam();
  const json doc = {{"v", c.value}};
  const std::string yaml = JsonToYaml(doc);
  EXPECT_EQ(yaml, c.yaml);
  Result<json> back = YamlToJson(yaml);
  ASSERT_TRUE(back.has_value()) << back.error().message();
  // Equal as JSON values: 2.0 reads back as the integer 2, as it does through Go.
  EXPECT_EQ(*back, doc) << "lossless round trip";
}

INSTANTIATE_TEST_SUITE_P(
    Scalars, JsonToYamlScalarTest,
    ::testing::Values(
        ScalarCase{"Plain", "web", "v: web\n"}, ScalarCase{"Yes", "yes", "v: \"yes\"\n"},
        ScalarCase{"Y", "y", "v: \"y\"\n"}, ScalarCase{"Off", "off", "v: \"off\"\n"},
        ScalarCase{"True", "true", "v: \"true\"\n"},
        ScalarCase{"NullWord", "null", "v: \"null\"\n"}, ScalarCase{"Tilde", "~", "v: \"~\"\n"},
        ScalarCase{"Empty", "", "v: \"\"\n"}, ScalarCase{"Digits", "1", "v: \"1\"\n"},
        ScalarCase{"Octal", "010", "v: \"010\"\n"}, ScalarCase{"Hex", "0x1F", "v: \"0x1F\"\n"},
        ScalarCase{"Exponent", "1e3", "v: \"1e3\"\n"},
        ScalarCase{"Timestamp", "2026-07-23T18:32:12Z", "v: \"2026-07-23T18:32:12Z\"\n"},
        ScalarCase{"Base60", "1:20", "v: \"1:20\"\n"}, ScalarCase{"Quantity", "500m", "v: 500m\n"},
        ScalarCase{"Version", "1.2.3", "v: 1.2.3\n"},
        ScalarCase{"Image", "nginx:1.25", "v: nginx:1.25\n"},
        ScalarCase{"ColonSpace", "a: b", "v: 'a: b'\n"},
        ScalarCase{"DashSpace", "- x", "v: '- x'\n"}, ScalarCase{"Hash", "#x", "v: '#x'\n"},
        ScalarCase{"SpaceHash", "a #x", "v: 'a #x'\n"}, ScalarCase{"Star", "*x", "v: '*x'\n"},
        ScalarCase{"ThreeDashes", "---", "v: '---'\n"},
        ScalarCase{"LeadingSpace", " x", "v: ' x'\n"},
        ScalarCase{"TrailingSpace", "x ", "v: 'x '\n"},
        ScalarCase{"SingleQuote", "it's", "v: it's\n"},
        ScalarCase{"QuoteFirst", "'x'", "v: '''x'''\n"},
        ScalarCase{"DoubleQuote", "say \"hi\"", "v: say \"hi\"\n"},
        ScalarCase{"Tab", "a\tb", "v: \"a\\tb\"\n"},
        ScalarCase{"Emoji", "ok \xF0\x9F\x98\x80", "v: \"ok \\U0001F600\"\n"},
        ScalarCase{"Accents", "caf\xC3\xA9", "v: caf\xC3\xA9\n"},
        ScalarCase{"MultiLine", "a\nb", "v: |-\n  a\n  b\n"},
        ScalarCase{"MultiLineTrailingNewline", "a\nb\n", "v: |\n  a\n  b\n"},
        ScalarCase{"MultiLineKeepNewlines", "a\n\n", "v: |+\n  a\n\n"},
        ScalarCase{"MultiLineLeadingSpace", "  a\nb", "v: |2-\n    a\n  b\n"},
        ScalarCase{"MultiLineTrailingSpace", "a \nb", "v: \"a \\nb\"\n"},
        ScalarCase{"Int", 42, "v: 42\n"},
        ScalarCase{"Uint", 18446744073709551615ull, "v: 18446744073709551615\n"},
        ScalarCase{"IntegralFloat", 2.0, "v: 2\n"}, ScalarCase{"Float", 1.5, "v: 1.5\n"},
        ScalarCase{"BigFloat", 1234567.5, "v: 1.2345675e+06\n"},
        ScalarCase{"TinyFloat", 1.5e-7, "v: 1.5e-07\n"},
        ScalarCase{"HugeFloat", 1e21, "v: 1e+21\n"}, ScalarCase{"Bool", true, "v: true\n"},
        ScalarCase{"Null", nullptr, "v: null\n"},
        ScalarCase{"EmptyObject", json::object(), "v: {}\n"},
        ScalarCase{"EmptyArray", json::array(), "v: []\n"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(JsonToYamlTest, SortsKeysInGoYamlOrder) {
  // Digit runs compare as numbers; other characters sort before letters.
  const json doc = json::parse(R"({"k10":1,"k9":2,"k1":3,"a":4,"B":5,"_x":6,"1":7,"z-1":8,
                                   "z1":9})");
  EXPECT_EQ(JsonToYaml(doc), "_x: 6\n\"1\": 7\nB: 5\na: 4\nk1: 3\nk9: 2\nk10: 1\nz-1: 8\nz1: 9\n");
}

TEST(JsonToYamlTest, QuotesKeysThatWouldReadAsOtherTypes) {
  EXPECT_EQ(JsonToYaml(json::parse(R"({"y":1,"no":2,"":3,"null":4})")),
            "\"\": 3\n\"no\": 2\n\"null\": 4\n\"y\": 1\n");
}

TEST(JsonToYamlTest, FoldsLongLinesAtEightyColumns) {
  const json doc = {
      {"message",
       "container has runAsNonRoot and image will run as root (pod: \"web_default(1)\", "
       "container: web)"}};
  EXPECT_EQ(JsonToYaml(doc),
            "message: 'container has runAsNonRoot and image will run as root (pod: "
            "\"web_default(1)\",\n  container: web)'\n");
  const std::string words =
      "lorem ipsum dolor sit amet consectetur adipiscing elit sed do "
      "eiusmod tempor incididunt ut labore";
  EXPECT_EQ(JsonToYaml({{"a", {{"b", words}}}}),
            "a:\n  b: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
            "tempor\n    incididunt ut labore\n");
  EXPECT_EQ(YamlToJson(JsonToYaml({{"a", {{"b", words}}}}))->at("a").at("b"), words);
}

TEST(JsonToYamlTest, NestsSequencesAndMappings) {
  EXPECT_EQ(JsonToYaml(json::parse(R"({"a":{"b":[{"c":[1,[2,3]],"d":null}]}})")),
            "a:\n  b:\n  - c:\n    - 1\n    - - 2\n      - 3\n    d: null\n");
}

TEST(JsonToYamlTest, TopLevelValues) {
  EXPECT_EQ(JsonToYaml(json::object()), "{}\n");
  EXPECT_EQ(JsonToYaml(json::array()), "[]\n");
  EXPECT_EQ(JsonToYaml(json::parse("[1,\"a\"]")), "- 1\n- a\n");
  EXPECT_EQ(JsonToYaml("top"), "top\n");
  EXPECT_EQ(JsonToYaml(nullptr), "null\n");
}

TEST(JsonToYamlTest, LongAndMultiLineKeysUseExplicitKeys) {
  const std::string long_key(130, 'k');
  EXPECT_EQ(JsonToYaml({{long_key, 1}}), "? " + long_key + "\n: 1\n");
  const json multi = {{"a\nb", 1}};
  EXPECT_EQ(JsonToYaml(multi), "? |-\n  a\n  b\n: 1\n");
  EXPECT_EQ(*YamlToJson(JsonToYaml(multi)), multi);
}

TEST(JsonToYamlTest, InvalidUtf8IsWrittenAsBinary) {
  EXPECT_EQ(JsonToYaml({{"v", std::string("\xff\xfe")}}), "v: !!binary //4=\n");
}

TEST(JsonToYamlStreamTest, SeparatesDocuments) {
  EXPECT_EQ(JsonToYamlStream({json::parse(R"({"a":1})"), json::parse(R"({"b":2})")}),
            "a: 1\n---\nb: 2\n");
  Result<std::vector<json>> back =
      YamlStreamToJson(JsonToYamlStream({json::parse(R"({"a":1})"), json::parse(R"({"b":2})")}));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->size(), 2u);
}

TEST(JsonToYamlTest, RoundTripsAComplexObject) {
  const json object = json::parse(R"({
    "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration":
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}\n",
      "yes": "no", "on": "", "empty": "", "spaces": "  a  b  "}},
    "data": {"script.sh": "#!/bin/sh\necho \"hi\"\n\tindented\n", "n": "0777", "f": "1.0",
             "unicode": "\u00e9\u4e2d\u0001", "crlf": "a\r\nb", "bom": "\ufeffx"},
    "list": [[], {}, [[]], [{"a": []}], -0.5, 1e300, 9007199254740993, -9223372036854775808]})");
  Result<json> back = YamlToJson(JsonToYaml(object));
  ASSERT_TRUE(back.has_value()) << back.error().message() << "\n" << JsonToYaml(object);
  EXPECT_EQ(back->dump(), object.dump()) << JsonToYaml(object);
}

}  // namespace
}  // namespace kubefake::api
