// The real kubectl's auth commands through `kubefake serve`: `auth can-i` (a
// SelfSubjectAccessReview, sent in protobuf by kubectl 1.32+), `auth can-i --list` (a
// SelfSubjectRulesReview) and `auth whoami` (a SelfSubjectReview). kubefake allows everything.
#include <gmock/gmock.h>

#include "kubectl_fixture.h"

namespace kubefake::integration {
namespace {

using testing::ElementsAre;

TEST_P(KubectlTest, AuthCanIAnswersYes) {
  EXPECT_EQ(KubectlOk({"auth", "can-i", "create", "pods"}), "yes\n");
  EXPECT_EQ(KubectlOk({"auth", "can-i", "delete", "deployments.apps", "-n", "kube-system"}),
            "yes\n");
  EXPECT_EQ(KubectlOk({"auth", "can-i", "get", "/healthz"}), "yes\n");
}

TEST_P(KubectlTest, AuthCanIListShowsEverythingAllowed) {
  const std::vector<std::string> lines = Lines(KubectlOk({"auth", "can-i", "--list"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(Cells(lines[0]),
              ElementsAre("Resources", "Non-Resource", "URLs", "Resource", "Names", "Verbs"));
  EXPECT_THAT(Cells(lines[1]), ElementsAre("*.*", "[]", "[]", "[*]"));
  EXPECT_THAT(Cells(lines[2]), ElementsAre("[*]", "[]", "[*]"));
}

TEST_P(KubectlTest, AuthWhoamiNamesTheAdmin) {
  const std::vector<std::string> lines = Lines(KubectlOk({"auth", "whoami"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(Cells(lines[0]), ElementsAre("ATTRIBUTE", "VALUE"));
  EXPECT_THAT(Cells(lines[1]), ElementsAre("Username", "kubernetes-admin"));
  EXPECT_THAT(Cells(lines[2]), ElementsAre("Groups", "[system:masters", "system:authenticated]"));
}

}  // namespace
}  // namespace kubefake::integration
