// Tests of request target decoding (Go's URL.Path and url.ParseQuery).
#include "request_target.h"

#include <gtest/gtest.h>

namespace kubefake::fakeserver {
namespace {

using Query = std::multimap<std::string, std::string>;

TEST(RequestTargetTest, PathIsFullyPercentDecodedAndPlusStays) {
  Result<RequestTarget> target = ParseRequestTarget("/api/v1/namespaces/a%2Fb/pods/x+y%20z");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/api/v1/namespaces/a/b/pods/x+y z");
  EXPECT_TRUE(target->query.empty());
}

TEST(RequestTargetTest, InvalidPathEscapeIsBadRequestWithGoText) {
  for (const char* raw : {"/api/%zz", "/api/%4", "/api/%"}) {
    Result<RequestTarget> target = ParseRequestTarget(raw);
    ASSERT_FALSE(target.has_value()) << raw;
    EXPECT_EQ(target.error().code(), 400);
  }
  EXPECT_EQ(ParseRequestTarget("/a/%4").error().message(),
            "parse \"/a/%4\": invalid URL escape \"%4\"");
}

TEST(RequestTargetTest, QueryIsParsedAsParseQueryKeepingEveryValueInOrder) {
  Result<RequestTarget> target =
      ParseRequestTarget("/api?labelSelector=a+in+(b)&x=1&x=2&flag&empty=&&k%3D=v%26w");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->query, (Query{{"labelSelector", "a in (b)"},
                                  {"x", "1"},
                                  {"x", "2"},
                                  {"flag", ""},
                                  {"empty", ""},
                                  {"k=", "v&w"}}));
  auto [first, last] = target->query.equal_range("x");
  EXPECT_EQ(first->second, "1");
  EXPECT_EQ(std::next(first)->second, "2");
}

TEST(RequestTargetTest, QueryPairsParseQueryRejectsAreDroppedTheRestKept) {
  Result<RequestTarget> target = ParseRequestTarget("/api?bad=%zz&semi=a;b&good=1");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->query, (Query{{"good", "1"}}));
}

TEST(RequestTargetTest, AbsoluteFormUsesItsPath) {
  Result<RequestTarget> target = ParseRequestTarget("http://host:6443/api/v1?watch=1");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/api/v1");
  EXPECT_EQ(target->query, (Query{{"watch", "1"}}));
  EXPECT_FALSE(ParseRequestTarget("api/v1").has_value());
}

TEST(RequestTargetTest, EscapesRoundTrip) {
  const std::string segment = "a b/c+d%e\xc3\xa9";
  const std::string value = "app in (web, db)&x=+";
  std::string raw = "/";
  raw.append(EscapePathSegment(segment)).append("?q=").append(QueryEscape(value));
  Result<RequestTarget> target = ParseRequestTarget(raw);
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/" + segment);
  EXPECT_EQ(target->query, (Query{{"q", value}}));
  EXPECT_EQ(QueryEscape("a b+c"), "a+b%2Bc");
}

}  // namespace
}  // namespace kubefake::fakeserver
