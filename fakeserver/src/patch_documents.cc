#include "patch_documents.h"

#include <exception>

#include "kubefake/api/error.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/openapi_schema.h"
#include "schema_decoder.h"

namespace kubefake::fakeserver {
namespace {

using Json = nlohmann::json;
using api::SchemaType;

api::ValueSchema ValueOf(SchemaType type, const api::TypeSchema* ref = nullptr,
                         const api::ValueSchema* element = nullptr) {
  api::ValueSchema value;
  value.type = type;
  value.ref = ref;
  value.element = element;
  return value;
}

api::FieldSchema FieldOf(std::string_view name, const api::ValueSchema& value) {
  api::FieldSchema field;
  field.json_name = name;
  field.value = value;
  return field;
}

// []handlers.jsonPatchOp, what the apiserver strictly decodes a JSON patch into.
struct JsonPatchSchema {
  api::FieldSchema fields[4] = {FieldOf("from", ValueOf(SchemaType::kString)),
                                FieldOf("op", ValueOf(SchemaType::kString)),
                                FieldOf("path", ValueOf(SchemaType::kString)),
                                FieldOf("value", ValueOf(SchemaType::kFreeForm))};
  api::TypeSchema operation = [this] {
    api::TypeSchema type;
    type.name = "handlers.jsonPatchOp";
    type.fields = fields;
    return type;
  }();
  api::ValueSchema element = ValueOf(SchemaType::kObject, &operation);
  api::ValueSchema document = ValueOf(SchemaType::kArray, nullptr, &element);
};

const api::ValueSchema& JsonPatchDocument() {
  static const JsonPatchSchema* const schema = new JsonPatchSchema();
  return schema->document;
}

// map[string]interface{}, what merge and strategic merge patches decode into.
const api::ValueSchema& PatchMap() {
  static const api::ValueSchema map = ValueOf(SchemaType::kMap);
  return map;
}

constexpr size_t kMaxJsonPatchOperations = 10000;

bool Strict(FieldValidation validation) { return validation != FieldValidation::kIgnore; }

// Decodes `text` into a Go value of `root`; the error is the decoder's own text.
Result<PatchedDocument> DecodeDocument(std::string_view text, const api::ValueSchema& root,
                                       bool strict) {
  Result<Json> parsed = api::DecodeJson(text);
  if (!parsed) return Fail(parsed.error());
  SchemaDecodeResult decoded = DecodeTextWithValueSchema(text, root, strict);
  if (!decoded.error.empty()) return Fail(api::NewBadRequest(std::move(decoded.error)));
  return PatchedDocument{std::move(*parsed), std::move(decoded.strict_errors)};
}

Result<PatchedDocument> WithPrefix(Result<PatchedDocument> decoded, std::string_view prefix) {
  if (decoded) return decoded;
  return Fail(api::NewBadRequest(std::string(prefix) + decoded.error().message()));
}

// evanphx/json-patch's pruneNulls for values the merge patch sets: objects lose their null
// members at any depth, lists included (nlohmann's merge_patch already does it outside lists).
void PruneNullsInLists(Json& value, bool in_list) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (in_list && it.value().is_null()) {
        it = value.erase(it);
      } else {
        PruneNullsInLists(it.value(), in_list);
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (Json& item : value) PruneNullsInLists(item, true);
  }
}

}  // namespace

api::Error NewRejectedPatchError() {
  return api::Error(422, api::Reason::kInvalid,
                    "the server rejected our request due to an error in our request",
                    api::StatusDetails{});
}

Result<PatchedDocument> ApplyJsonPatch(std::string_view patch, Json current,
                                       FieldValidation validation) {
  std::vector<std::string> strict_errors;
  if (Strict(validation)) {
    Result<PatchedDocument> decoded =
        WithPrefix(DecodeDocument(patch, JsonPatchDocument(), true), "error decoding patch: ");
    if (!decoded) return decoded;
    for (const std::string& problem : decoded->strict_errors) {
      strict_errors.push_back("json patch " + problem);
    }
  }
  // jsonpatch.DecodePatch: a list of operation maps.
  Result<Json> operations = api::DecodeJson(patch);
  if (!operations) return Fail(api::NewBadRequest(operations.error().message()));
  if (!operations->is_array() && !operations->is_null()) {
    return Fail(api::NewBadRequest("json: cannot unmarshal " +
                                   std::string(api::GoJsonTypeName(*operations)) +
                                   " into Go value of type jsonpatch.Patch"));
  }
  if (operations->is_null()) *operations = Json::array();
  for (const Json& operation : *operations) {
    if (!operation.is_object() && !operation.is_null()) {
      return Fail(api::NewBadRequest("json: cannot unmarshal " +
                                     std::string(api::GoJsonTypeName(operation)) +
                                     " into Go value of type jsonpatch.Operation"));
    }
  }
  if (operations->size() > kMaxJsonPatchOperations) {
    return Fail(api::NewRequestEntityTooLarge(
        "The allowed maximum operations in a JSON patch is " +
        std::to_string(kMaxJsonPatchOperations) + ", got " +
        std::to_string(operations->size())));
  }
  try {
    return PatchedDocument{current.patch(*operations), std::move(strict_errors)};
  } catch (const std::exception&) {
    return Fail(NewRejectedPatchError());
  }
}

Result<PatchedDocument> ApplyMergePatch(std::string_view patch, Json current,
                                        FieldValidation validation) {
  std::vector<std::string> strict_errors;
  if (Strict(validation)) {
    Result<PatchedDocument> decoded =
        WithPrefix(DecodeDocument(patch, PatchMap(), true), "error decoding patch: ");
    if (!decoded) return decoded;
    strict_errors = std::move(decoded->strict_errors);
  }
  Result<Json> document = api::DecodeJson(patch);
  if (!document || document->is_null()) return Fail(api::NewBadRequest("Invalid JSON Patch"));
  PruneNullsInLists(*document, false);
  if (!document->is_object()) return PatchedDocument{std::move(*document), {}};
  current.merge_patch(*document);
  return PatchedDocument{std::move(current), std::move(strict_errors)};
}

Result<PatchedDocument> DecodeStrategicMergePatch(std::string_view patch,
                                                  FieldValidation validation) {
  Result<PatchedDocument> decoded = DecodeDocument(patch, PatchMap(), Strict(validation));
  if (!decoded) return Fail(api::NewBadRequest(decoded.error().message()));
  if (decoded->value.is_null()) decoded->value = Json::object();
  return decoded;
}

}  // namespace kubefake::fakeserver
