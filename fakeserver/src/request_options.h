// Request options: the query parameters (and the DeleteOptions body) of list, watch, get,
// create, update, patch and delete requests, decoded and validated with the apiserver's errors.
// Kubernetes: the meta/v1 parameter codec (runtime.Convert_Slice_string_To_*), metav1
// DeleteOptions decoding in handlers/delete.go, apimachinery's internalversion
// SetListOptionsDefaults/ValidateListOptions and meta/v1/validation (R1.9, R3.1, R3.11, R3.12,
// R3.17, R4.1, R6.4, R7.4-R7.6). Pure functions; thread-safe.
//
// Fidelity:
//   Emulated:  only the first value of a parameter counts (all values for dryRun); unknown
//              parameters are ignored (R1.9); booleans never fail (anything but "false"/"0" is
//              true, "" included); integers parse as Go's strconv.ParseInt and fail with its
//              text as 400 (`strconv.ParseInt: parsing "abc": invalid syntax`); a negative
//              limit means no limit, as the storage only pages for limit > 0. Options errors
//              are 422 with GroupKind <Kind>Options.meta.k8s.io and name "" (R5.6).
//              WatchList (R7.4-R7.6): the gate is on, as in 1.34 and later, because client-go
//              1.35+ informers rely on it; 1.33 (the catalog's version) shipped it off by
//              default. With it on, a watch from resourceVersion ""/"0" without
//              sendInitialEvents/resourceVersionMatch is defaulted to
//              sendInitialEvents=true&resourceVersionMatch=NotOlderThan; ListOptionsPolicy
//              turns it off, and then sendInitialEvents on a watch is the real 422.
//              The resourceVersion a list, get or watch names is parsed where the real server
//              parses it, with that path's error: the watch cache returns its storage error
//              unwrapped (500, no reason, `resourceVersion: Invalid value: "x":
//              strconv.ParseUint: parsing "x": invalid syntax`; kubernetes/kubernetes#139485),
//              etcd (exact-resourceVersion lists) a 400 `invalid resource version: ...`.
//              DeleteOptions come from the body when there is one, else from the query, never
//              merged (R3.17); body decoding errors are the 1.33 server's 500s (fixed to 400 in
//              1.35, kubernetes/kubernetes#133358).
//   Differs:   a DeleteOptions body naming a kind other than DeleteOptions fails with
//              `no kind "<kind>" is registered for version "<apiVersion>"` without the scheme
//              name the real message ends with. Type errors in a body with several bad fields
//              report the alphabetically first field, not the first in the document. Which
//              runes fieldManager may hold follows unicode.IsPrint except that unassigned code
//              points count as printable. Protobuf DeleteOptions bodies are rejected with 415.
//              A watch through the legacy /watch/ prefix is validated as the real handler does
//              it: by the query alone, so without watch=true it validates as a list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kubefake/api/result.h"
#include "kubefake/fakeserver/request.h"

namespace kubefake::fakeserver {

// metav1.ListOptions as the list, watch and deletecollection handlers use it.
struct ListOptions {
  // Raw selectors: parse with api::LabelSelector and api::FieldSelector (then
  // SelectableFields::Convert), which give the real 400s (R6.10, R6.12).
  std::string label_selector;
  std::string field_selector;
  bool watch = false;
  bool allow_watch_bookmarks = false;
  std::string resource_version;
  // "", "Exact" or "NotOlderThan" once validated.
  std::string resource_version_match;
  std::optional<int64_t> timeout_seconds;
  // Pages only when > 0 (R6.5).
  int64_t limit = 0;
  std::string continue_token;
  std::optional<bool> send_initial_events;

  bool operator==(const ListOptions&) const = default;
};

struct ListOptionsPolicy {
  // The WatchList feature gate (see Fidelity): defaulting of legacy watches and acceptance of
  // sendInitialEvents on watch.
  bool watch_list_enabled = true;
};

// Decodes the list options in `request`'s query, applies the WatchList defaults and validates
// them, in the list handler's order.
// Errors: BadRequest with strconv's text for a timeoutSeconds or limit that is not an int64;
// Invalid (GroupKind ListOptions.meta.k8s.io, name "") with R6.4's causes for a list and
// R7.5's for a watch, e.g. `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch:
// Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`.
Result<ListOptions> ParseListOptions(const Request& request, const ListOptionsPolicy& policy = {});

// metav1.GetOptions: the resourceVersion of a get (R6.2). Decoding cannot fail.
struct GetOptions {
  std::string resource_version;
};
GetOptions ParseGetOptions(const Request& request);

// Where the real server parses a resourceVersion, which decides the error it gives.
enum class ResourceVersionReader {
  kWatchCache,  // get, watch, and lists the watch cache serves
  kStorage,     // lists delegated to etcd: exact resourceVersion (Exact, or limit with a
                // resourceVersion other than "0") and continuations
};

// The reader a list with `options` goes through (the cacher's delegation rule of 1.33).
ResourceVersionReader ListResourceVersionReader(const ListOptions& options);

// APIObjectVersioner.ParseResourceVersion: "" and "0" are 0, anything else must be a decimal
// uint64.
// Errors: for kWatchCache a 500 without reason, message `resourceVersion: Invalid value:
// "abc": strconv.ParseUint: parsing "abc": invalid syntax`; for kStorage a BadRequest with
// `invalid resource version: ` before that text (R2.2).
Result<uint64_t> ParseResourceVersion(std::string_view resource_version,
                                      ResourceVersionReader reader);

// The storage's check of a continued list, made after the continue token has decoded: a
// resourceVersion other than "" and "0" is not allowed with continue.
// Errors: BadRequest `specifying resource version is not allowed when using continue` (R6.4).
Result<void> ValidateContinueResourceVersion(const ListOptions& options);

// metav1 fieldValidation (R3.10); "" means Warn.
enum class FieldValidation { kIgnore, kWarn, kStrict };

// metav1.CreateOptions / UpdateOptions: dryRun, fieldManager, fieldValidation (R3.1, R3.11).
struct WriteOptions {
  std::vector<std::string> dry_run;  // every value given; only "All" is valid
  std::string field_manager;         // "" = derive from the User-Agent (R2.5)
  FieldValidation field_validation = FieldValidation::kWarn;

  bool DryRun() const { return !dry_run.empty(); }
};
using CreateOptions = WriteOptions;
using UpdateOptions = WriteOptions;

// metav1.PatchOptions: WriteOptions plus force (apply only, R3.12).
struct PatchOptions : WriteOptions {
  std::optional<bool> force;
};

// Decode and validate the options of a create, an update or a patch. `apply_patch` says the
// patch is a server-side apply (application/apply-patch+yaml).
// Errors: Invalid with GroupKind CreateOptions.meta.k8s.io (UpdateOptions..., PatchOptions...)
// and name "", one cause per problem, in upstream's order: force on a non-apply patch
// (`force: Forbidden: may not be specified for non-apply patch`), missing fieldManager on
// apply (`fieldManager: Required value: is required for apply patch`), fieldManager over 128
// bytes (`fieldManager: Too long: may not be more than 128 bytes`) or with a non-printable rune
// (`fieldManager: Invalid value: "a\x01": invalid character U+0001 (at position 1)`), dryRun
// values other than All (`dryRun: Unsupported value: ["x"]: supported values: "All"`), an
// unknown fieldValidation (`fieldValidation: Unsupported value: "x": supported values: "",
// "Ignore", "Strict", "Warn"`).
Result<CreateOptions> ParseCreateOptions(const Request& request);
Result<UpdateOptions> ParseUpdateOptions(const Request& request);
Result<PatchOptions> ParsePatchOptions(const Request& request, bool apply_patch);

// metav1.DeleteOptions (R4.1).
struct DeleteOptions {
  std::optional<int64_t> grace_period_seconds;  // as given: coercing negatives is the store's
  std::optional<std::string> precondition_uid;  // body only
  std::optional<std::string> precondition_resource_version;  // body only
  std::optional<bool> orphan_dependents;
  std::optional<std::string> propagation_policy;  // Orphan, Background or Foreground
  std::vector<std::string> dry_run;

  bool DryRun() const { return !dry_run.empty(); }
};

// Reads DeleteOptions from the request body when it is not empty (JSON, YAML with Content-Type
// application/yaml, or protobuf as client-go sends it; kind and apiVersion optional in JSON and
// YAML), else from the query, and
// validates them.
// Errors: UnsupportedMediaType for another body Content-Type; for an undecodable body the
// real 500s (`couldn't get version/kind; json parse error: ...`, `json: cannot unmarshal
// string into Go struct field DeleteOptions.gracePeriodSeconds of type int64`, ...); BadRequest
// with strconv's text for a gracePeriodSeconds query value that is not an int64; Invalid
// (DeleteOptions.meta.k8s.io, name "") for both orphanDependents and propagationPolicy
// (`propagationPolicy: Invalid value: "Background": orphanDependents and deletionPropagation
// cannot be both set`), an unknown propagationPolicy (`propagationPolicy: Unsupported value:
// "x": supported values: "Foreground", "Background", "Orphan", "nil"`) or dryRun other than All.
Result<DeleteOptions> ParseDeleteOptions(const Request& request);

// DeleteOptions embedded in another object (an Eviction's deleteOptions; null: none),
// decoded and validated as ParseDeleteOptions does. Errors: as ParseDeleteOptions.
Result<DeleteOptions> DeleteOptionsFromJson(const nlohmann::json& options);

}  // namespace kubefake::fakeserver
