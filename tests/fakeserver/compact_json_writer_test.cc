// Tests of CompactJsonWriter: its bytes are nlohmann's dump(-1, ' ', false, replace) for every
// kind of value, plain strings (its own fast path) and strings that need escaping alike.
#include "compact_json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace kubefake::fakeserver {
namespace {

std::string Written(const nlohmann::json& value) {
  std::string out;
  CompactJsonWriter writer(out);
  writer.Value(value);
  return out;
}

std::string Dumped(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(CompactJsonWriterTest, WritesWhatDumpWritesForEveryKindOfValue) {
  const nlohmann::json values[] = {
      nullptr,
      true,
      false,
      -42,
      0,
      0u,
      std::numeric_limits<int64_t>::min(),
      std::numeric_limits<int64_t>::max(),
      18446744073709551615u,
      0.1,
      1.0,
      -2.5e300,
      "",
      "plain text: /healthz?x=1&y=<2>~",
      "quote \" backslash \\ slash /",
      "controls \b\f\n\r\t \x01\x1f and del \x7f",
      "unicode caf\u00e9 \u2028 \U0001F600",
      "invalid utf-8 \xff\xfe end",
      nlohmann::json::object(),
      nlohmann::json::array(),
      {{"b", 1}, {"a", {{"nested", nlohmann::json::array({1, "two", nullptr, {{"k", false}}})}}}},
      {{"key \"quoted\"", "v"}, {"caf\u00e9", {}}, {"tab\tkey", nlohmann::json::object()}},
      nlohmann::json::array({nlohmann::json::array(), nlohmann::json::object(), "x"}),
  };
  for (const nlohmann::json& value : values) {
    EXPECT_EQ(Written(value), Dumped(value)) << Dumped(value);
  }
}

TEST(CompactJsonWriterTest, EveryByteThatNeedsEscapingIsFoundAtEveryPosition) {
  // The writer scans eight bytes at a time, then the rest one by one.
  for (char special : {'\0', '\x01', '\n', '\x1f', '"', '\\', '\x7f', '\x80', '\xc3', '\xff'}) {
    for (size_t at = 0; at < 19; ++at) {
      std::string text(19, 'a');
      text[at] = special;
      EXPECT_EQ(Written(text), Dumped(text)) << static_cast<int>(special) << " at " << at;
    }
  }
  std::string all;
  for (int c = 0x20; c < 0x7f; ++c) all += static_cast<char>(c);
  EXPECT_EQ(Written(all), Dumped(all));
}

TEST(CompactJsonWriterTest, KeysAreWrittenAsDumpWritesThem) {
  for (std::string key : {"apiVersion", "k\"ey", "back\\slash", "caf\u00e9", "ctl\x02"}) {
    std::string out;
    CompactJsonWriter writer(out);
    writer.Key(key);
    EXPECT_EQ(out, Dumped(nlohmann::json(key)) + ":");
  }
}

}  // namespace
}  // namespace kubefake::fakeserver
