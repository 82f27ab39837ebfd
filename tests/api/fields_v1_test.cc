// FieldsV1: the managedFields trie as a shared immutable tree. A decode from a shared tree refers
// into it (no copy) and keeps it alive; a decode from a plain tree copies; both encode the trie
// unchanged.
#include "kubefake/api/fields_v1.h"

#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kubefake/api/typed_codec.h"
#include "kubefake/api/types/core/v1.h"
#include "kubefake/api/types/meta/v1.h"

namespace kubefake::api {
namespace {

using nlohmann::json;

const json kTrie = {{"f:metadata", {{"f:labels", {{".", json::object()}, {"f:app", json::object()}}}}}};

json PodWithManagedFields() {
  return {{"metadata",
           {{"name", "web"},
            {"managedFields",
             {{{"manager", "kubectl"},
               {"operation", "Update"},
               {"fieldsType", "FieldsV1"},
               {"fieldsV1", kTrie}}}}}}};
}

TEST(FieldsV1Test, DecodeFromASharedTreeRefersIntoItAndKeepsItAlive) {
  auto tree = std::make_shared<const json>(PodWithManagedFields());
  const json* stored_trie = &(*tree)["metadata"]["managedFields"][0]["fieldsV1"];

  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(tree);
  tree.reset();

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  const FieldsV1& fields = *(*pod->metadata->managed_fields)[0].fields_v1;
  EXPECT_EQ(&fields.json(), stored_trie);
  EXPECT_EQ(fields.json(), kTrie);
}

TEST(FieldsV1Test, DecodeFromAPlainTreeCopies) {
  const json tree = PodWithManagedFields();

  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(tree);

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  const FieldsV1& fields = *(*pod->metadata->managed_fields)[0].fields_v1;
  EXPECT_NE(&fields.json(), &tree["metadata"]["managedFields"][0]["fieldsV1"]);
  EXPECT_EQ(fields.json(), kTrie);
}

TEST(FieldsV1Test, SharedSourceEndsWithItsDecode) {
  const json plain = PodWithManagedFields();
  ASSERT_TRUE(Decode<core::v1::Pod>(std::make_shared<const json>(plain)).has_value());

  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(plain);

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  EXPECT_NE(&(*pod->metadata->managed_fields)[0].fields_v1->json(),
            &plain["metadata"]["managedFields"][0]["fieldsV1"]);
}

TEST(FieldsV1Test, EncodesTheTrieUnchanged) {
  auto tree = std::make_shared<const json>(PodWithManagedFields());

  Result<core::v1::Pod> pod = Decode<core::v1::Pod>(tree);

  ASSERT_TRUE(pod.has_value()) << pod.error().message();
  EXPECT_EQ(Encode(*pod)["metadata"]["managedFields"][0]["fieldsV1"], kTrie);
}

TEST(FieldsV1Test, CopiesShareTheTrieAndCompareByValue) {
  const FieldsV1 built(kTrie);
  const FieldsV1 copy = built;  // NOLINT(performance-unnecessary-copy-initialization)

  EXPECT_EQ(&copy.json(), &built.json());
  EXPECT_EQ(FieldsV1(kTrie), built);
  EXPECT_NE(FieldsV1(), built);
  EXPECT_TRUE(FieldsV1().json().is_null());
}

}  // namespace
}  // namespace kubefake::api
