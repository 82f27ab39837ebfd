// The bodies of PATCH requests: decoding each patch type's document with the apiserver's
// strictness (R3.10) and applying JSON patch (RFC 6902, R8.2) and JSON merge patch (RFC 7386,
// R8.3) to the current object, with the errors handlers/patch.go gives. The strategic merge
// patch itself is strategic_merge_patch.h. Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  with fieldValidation Warn or Strict the document is first decoded strictly
//              (into []jsonPatchOp or map[string]interface{}): a decode failure is 400 `error
//              decoding patch: ...`, unknown operation fields and repeated keys are strict
//              problems (`json patch unknown field "[0].foo"`, `duplicate field "a"`). A JSON
//              patch that does not decode as a list of objects is 400 with encoding/json's
//              text, more than 10000 operations 413, an operation that fails (missing path,
//              failed test, bad index, unknown op) 422 with the generic message and empty
//              details. A merge patch that is null or not JSON is 400 `Invalid JSON Patch`;
//              nulls inside new values are pruned, in lists too, as evanphx/json-patch does.
//   Differs:   JSON patch operations run on nlohmann_json's RFC 6902 implementation, not
//              evanphx/json-patch v4: negative list indexes and a `test` of null against a
//              missing member fail here, and repeated keys in a JSON patch are not reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kubefake/api/error.h"
#include "kubefake/api/result.h"
#include "request_options.h"

namespace kubefake::fakeserver {

// The 422 handlers/patch.go builds with NewGenericServerResponse when a patch fails in a way
// whose detail it drops (a failed JSON patch operation, a strategic merge patch with lists of
// lists): reason Invalid, `the server rejected our request due to an error in our request`,
// empty details.
api::Error NewRejectedPatchError();

struct PatchedDocument {
  nlohmann::json value;
  // Strict-decoding problems of the patch document (Warn and Strict only).
  std::vector<std::string> strict_errors;
};

// Applies the JSON patch `patch` to `current`.
// Errors: BadRequest, RequestEntityTooLarge, Invalid (generic message) as listed above.
Result<PatchedDocument> ApplyJsonPatch(std::string_view patch, nlohmann::json current,
                                       FieldValidation validation);

// Applies the merge patch `patch` to `current`. The result may be a non-object when
// fieldValidation is Ignore and the patch is not an object (the apiserver then fails to decode
// it). Errors: BadRequest.
Result<PatchedDocument> ApplyMergePatch(std::string_view patch, nlohmann::json current,
                                        FieldValidation validation);

// Decodes a strategic merge patch into a JSON object (null gives an empty one).
// Errors: BadRequest with the decoder's text.
Result<PatchedDocument> DecodeStrategicMergePatch(std::string_view patch,
                                                  FieldValidation validation);

}  // namespace kubefake::fakeserver
