// Unit tests of JSON patch and merge patch documents (R8.2, R8.3, R3.10, R3.13).
#include "patch_documents.h"

#include <gtest/gtest.h>

#include <string>

#include "kubefake/api/error.h"

namespace kubefake::fakeserver {
namespace {

using Json = nlohmann::json;

const Json kCurrent = {{"metadata", {{"name", "c"}}}, {"data", {{"a", "1"}, {"b", "2"}}}};

TEST(PatchDocumentsTest, JsonPatchAppliesOperationsInOrder) {
  Result<PatchedDocument> patched = ApplyJsonPatch(
      R"([{"op":"add","path":"/data/c","value":"3"},{"op":"remove","path":"/data/a"},)"
      R"({"op":"replace","path":"/data/b","value":"two"}])",
      kCurrent, FieldValidation::kWarn);
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ(patched->value["data"], (Json{{"b", "two"}, {"c", "3"}}));
  EXPECT_TRUE(patched->strict_errors.empty());
}

TEST(PatchDocumentsTest, AFailedTestOperationIsTheGenericInvalid) {
  Result<PatchedDocument> patched = ApplyJsonPatch(
      R"([{"op":"test","path":"/data/a","value":"9"}])", kCurrent, FieldValidation::kWarn);
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code(), 422);
  EXPECT_EQ(patched.error().reason(), api::Reason::kInvalid);
  EXPECT_EQ(patched.error().ToStatus()["details"], Json::object());
}

TEST(PatchDocumentsTest, RemovingAMissingPathIsTheGenericInvalid) {
  Result<PatchedDocument> patched =
      ApplyJsonPatch(R"([{"op":"remove","path":"/data/zzz"}])", kCurrent, FieldValidation::kWarn);
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code(), 422);
}

TEST(PatchDocumentsTest, AJsonPatchThatIsNotAListIsABadRequest) {
  Result<PatchedDocument> strict = ApplyJsonPatch(R"({"op":"add"})", kCurrent,
                                                  FieldValidation::kWarn);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code(), 400);
  EXPECT_EQ(strict.error().message(),
            "error decoding patch: json: cannot unmarshal object into Go value of type "
            "[]handlers.jsonPatchOp");
  Result<PatchedDocument> lenient = ApplyJsonPatch(R"({"op":"add"})", kCurrent,
                                                   FieldValidation::kIgnore);
  ASSERT_FALSE(lenient);
  EXPECT_EQ(lenient.error().message(),
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
}

TEST(PatchDocumentsTest, MalformedJsonPatchIsABadRequest) {
  Result<PatchedDocument> patched = ApplyJsonPatch("[{", kCurrent, FieldValidation::kStrict);
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code(), 400);
  EXPECT_TRUE(patched.error().message().starts_with("error decoding patch: "));
}

TEST(PatchDocumentsTest, UnknownOperationFieldsAreStrictProblems) {
  Result<PatchedDocument> patched = ApplyJsonPatch(
      R"([{"op":"add","path":"/data/c","value":"3","valu":"x"}])", kCurrent,
      FieldValidation::kStrict);
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ(patched->strict_errors, std::vector<std::string>{"json patch unknown field \"[0].valu\""});
}

TEST(PatchDocumentsTest, MoreThanTenThousandOperationsIsTooLarge) {
  std::string patch = "[";
  for (int i = 0; i < 10001; ++i) {
    if (i > 0) patch += ',';
    patch += R"({"op":"test","path":"/data/a","value":"1"})";
  }
  patch += ']';
  Result<PatchedDocument> patched = ApplyJsonPatch(patch, kCurrent, FieldValidation::kWarn);
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code(), 413);
  EXPECT_EQ(patched.error().message(),
            "Request entity too large: The allowed maximum operations in a JSON patch is 10000, "
            "got 10001");
}

TEST(PatchDocumentsTest, MergePatchMergesMapsDeletesNullsAndReplacesLists) {
  const Json current = {{"data", {{"a", "1"}}}, {"list", {1, 2}}};
  Result<PatchedDocument> patched = ApplyMergePatch(
      R"({"data":{"a":null,"b":"2"},"list":[{"x":1,"y":null}]})", current,
      FieldValidation::kWarn);
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ(patched->value, (Json{{"data", {{"b", "2"}}}, {"list", {{{"x", 1}}}}}));
}

TEST(PatchDocumentsTest, NullOrMalformedMergePatchIsABadRequest) {
  for (FieldValidation validation : {FieldValidation::kIgnore, FieldValidation::kWarn}) {
    Result<PatchedDocument> null_patch = ApplyMergePatch("null", kCurrent, validation);
    ASSERT_FALSE(null_patch);
    EXPECT_EQ(null_patch.error().message(), "Invalid JSON Patch");
  }
  Result<PatchedDocument> malformed = ApplyMergePatch("{", kCurrent, FieldValidation::kWarn);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code(), 400);
  EXPECT_EQ(malformed.error().message(), "error decoding patch: unexpected end of JSON input");
}

TEST(PatchDocumentsTest, RepeatedKeysInAMergePatchAreStrictProblems) {
  Result<PatchedDocument> patched =
      ApplyMergePatch(R"({"data":{"a":"x","a":"y"}})", kCurrent, FieldValidation::kWarn);
  ASSERT_TRUE(patched) << patched.error().message();
  EXPECT_EQ(patched->strict_errors, std::vector<std::string>{"duplicate field \"data.a\""});
  EXPECT_EQ(patched->value["data"]["a"], "y");
}

TEST(PatchDocumentsTest, AStrategicPatchMustBeAnObject) {
  Result<PatchedDocument> patched = DecodeStrategicMergePatch("[1]", FieldValidation::kWarn);
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code(), 400);
  EXPECT_EQ(patched.error().message(),
            "json: cannot unmarshal array into Go value of type map[string]interface {}");
  Result<PatchedDocument> null_patch = DecodeStrategicMergePatch("null", FieldValidation::kWarn);
  ASSERT_TRUE(null_patch);
  EXPECT_EQ(null_patch->value, Json::object());
}

}  // namespace
}  // namespace kubefake::fakeserver
