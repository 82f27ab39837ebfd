// Tests for the engine's Request and Headers values.
#include "kubefake/fakeserver/request.h"

#include <gtest/gtest.h>

namespace kubefake::fakeserver {
namespace {

TEST(HeadersTest, LookupIgnoresCase) {
  Headers headers;
  headers.Add("Content-Type", "application/json");
  EXPECT_EQ(headers.Get("content-type"), "application/json");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(headers.Get("Accept"), std::nullopt);
}

TEST(HeadersTest, SetReplacesEveryValueAddAppends) {
  Headers headers;
  headers.Add("Warning", "a");
  headers.Add("warning", "b");
  EXPECT_EQ(headers.entries().size(), 2u);
  EXPECT_EQ(headers.Get("Warning"), "a");
  headers.Set("WARNING", "c");
  ASSERT_EQ(headers.entries().size(), 1u);
  EXPECT_EQ(headers.Get("warning"), "c");
}

TEST(RequestTest, QueryReturnsTheFirstValue) {
  Request request;
  request.query.emplace("dryRun", "All");
  request.query.emplace("dryRun", "Other");
  EXPECT_EQ(request.Query("dryRun"), "All");
  EXPECT_EQ(request.Query("limit"), std::nullopt);
}

}  // namespace
}  // namespace kubefake::fakeserver
