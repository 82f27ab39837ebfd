#include "kubefake/api/indirect.h"

#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

TEST(IndirectTest, DefaultConstructionHoldsAValueInitializedT) {
  Indirect<int> i;
  EXPECT_EQ(*i, 0);
  EXPECT_FALSE(i.valueless_after_move());
}

TEST(IndirectTest, CopiesAreIndependent) {
  Indirect<std::string> a(std::string("x"));
  Indirect<std::string> b = a;
  *b += "y";

  EXPECT_EQ(*a, "x");
  EXPECT_EQ(*b, "xy");
  a = b;
  b->clear();
  EXPECT_EQ(*a, "xy");
}

TEST(IndirectTest, EqualityComparesTheValues) {
  EXPECT_EQ(Indirect<int>(3), Indirect<int>(3));
  EXPECT_NE(Indirect<int>(3), Indirect<int>(4));
}

TEST(IndirectTest, MoveTransfersTheValueAndLeavesTheSourceValueless) {
  Indirect<std::string> a(std::string("x"));
  const std::string* address = &*a;
  Indirect<std::string> b = std::move(a);

  EXPECT_EQ(&*b, address);
  EXPECT_TRUE(a.valueless_after_move());  // NOLINT(bugprone-use-after-move)
  a = b;
  EXPECT_EQ(*a, "x");
}

TEST(IndirectTest, SelfAssignmentKeepsTheValue) {
  Indirect<std::string> a(std::string("x"));
  Indirect<std::string>& same = a;
  a = same;
  EXPECT_EQ(*a, "x");
}

}  // namespace
}  // namespace kubefake::api
