// Tests for GroupVersion, GroupKind, GroupResource, GVK and GVR parsing and printing, which
// must match apimachinery's runtime/schema strings exactly.
#include "kubefake/api/group_version.h"

#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

TEST(GroupVersionTest, ParsesCoreNamedAndEmpty) {
  EXPECT_EQ(GroupVersion::Parse("v1"), (GroupVersion{"", "v1"}));
  EXPECT_EQ(GroupVersion::Parse("apps/v1"), (GroupVersion{"apps", "v1"}));
  EXPECT_EQ(GroupVersion::Parse(""), GroupVersion{});
  EXPECT_EQ(GroupVersion::Parse("a/b/c"), std::nullopt);
}

TEST(GroupVersionTest, PrintsCoreWithoutGroup) {
  EXPECT_EQ((GroupVersion{"", "v1"}).String(), "v1");
  EXPECT_EQ((GroupVersion{"apps", "v1"}).String(), "apps/v1");
  EXPECT_EQ(GroupVersion{}.String(), "");
}

TEST(GroupResourceTest, ParsesAndPrintsAsApimachinery) {
  EXPECT_EQ(GroupResource::Parse("deployments.apps"), (GroupResource{"apps", "deployments"}));
  EXPECT_EQ(GroupResource::Parse("widgets.example.com"),
            (GroupResource{"example.com", "widgets"}));
  EXPECT_EQ(GroupResource::Parse("pods"), (GroupResource{"", "pods"}));
  EXPECT_EQ((GroupResource{"apps", "deployments"}).String(), "deployments.apps");
  EXPECT_EQ((GroupResource{"", "pods"}).String(), "pods");
}

TEST(GroupKindTest, PrintsKindDotGroup) {
  EXPECT_EQ((GroupKind{"apps", "Deployment"}).String(), "Deployment.apps");
  EXPECT_EQ((GroupKind{"", "Pod"}).String(), "Pod");
}

TEST(GroupVersionKindTest, PrintsAsApimachinery) {
  EXPECT_EQ((GroupVersionKind{"apps", "v1", "Deployment"}).String(),
            "apps/v1, Kind=Deployment");
  EXPECT_EQ((GroupVersionKind{"", "v1", "Pod"}).String(), "/v1, Kind=Pod");
  EXPECT_EQ(GroupVersionKind::FromApiVersionAndKind("apps/v1", "Deployment"),
            (GroupVersionKind{"apps", "v1", "Deployment"}));
  EXPECT_EQ(GroupVersionKind::FromApiVersionAndKind("a/b/c", "X"), std::nullopt);
}

TEST(GroupVersionResourceTest, PrintsAsApimachinery) {
  const GroupVersionResource gvr{"apps", "v1", "deployments"};
  EXPECT_EQ(gvr.String(), "apps/v1, Resource=deployments");
  EXPECT_EQ((GroupVersionResource{"", "v1", "pods"}).String(), "/v1, Resource=pods");
  EXPECT_EQ(gvr.GetGroupResource(), (GroupResource{"apps", "deployments"}));
  EXPECT_EQ(gvr.GetGroupVersion(), (GroupVersion{"apps", "v1"}));
}

TEST(GroupVersionResourceTest, OrdersForUseAsMapKeys) {
  EXPECT_LT((GroupVersionResource{"", "v1", "pods"}),
            (GroupVersionResource{"apps", "v1", "deployments"}));
}

}  // namespace
}  // namespace kubefake::api
