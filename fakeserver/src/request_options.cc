#include "request_options.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "kubefake/api/ascii.h"
#include "kubefake/api/error.h"
#include "kubefake/api/field_error.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/protobuf_codec.h"
#include "kubefake/api/utf8.h"
#include "kubefake/api/yaml_codec.h"
#include "negotiation.h"

namespace kubefake::fakeserver {
namespace {

constexpr std::string_view kNotOlderThan = "NotOlderThan";
constexpr std::string_view kExact = "Exact";
constexpr std::string_view kDryRunAll = "All";
constexpr size_t kFieldManagerMaxLength = 128;

api::GroupKind OptionsKind(std::string kind) { return {"meta.k8s.io", std::move(kind)}; }

// --- Go's strconv -------------------------------------------------------------------------

enum class NumError { kNone, kSyntax, kRange };

// strconv.ParseUint(s, 10, 64) without the error text.
NumError ParseDecimalUint(std::string_view s, uint64_t* out) {
  if (s.empty()) return NumError::kSyntax;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return NumError::kSyntax;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (n > (std::numeric_limits<uint64_t>::max() - digit) / 10) return NumError::kRange;
    n = n * 10 + digit;
  }
  *out = n;
  return NumError::kNone;
}

// strconv.ParseInt(s, 10, 64) without the error text: an optional sign, then ParseUint.
NumError ParseDecimalInt(std::string_view s, int64_t* out) {
  if (s.empty()) return NumError::kSyntax;
  bool negative = false;
  std::string_view digits = s;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  uint64_t magnitude = 0;
  const NumError error = ParseDecimalUint(digits, &magnitude);
  if (error != NumError::kNone) return error;
  const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!negative && magnitude > limit) return NumError::kRange;
  if (negative && magnitude > limit + 1) return NumError::kRange;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return NumError::kNone;
}

// strconv.NumError.Error(): `strconv.<func>: parsing "<s>": invalid syntax`.
std::string NumErrorText(std::string_view func, std::string_view s, NumError error) {
  return "strconv." + std::string(func) + ": parsing " + api::GoQuote(s) + ": " +
         (error == NumError::kRange ? "value out of range" : "invalid syntax");
}

// runtime.Convert_Slice_string_To_int64 on the first value of `name`, if given.
// Errors: BadRequest with strconv's text.
Result<std::optional<int64_t>> QueryInt64(const Request& request, std::string_view name) {
  const std::optional<std::string_view> value = request.Query(name);
  if (!value) return std::optional<int64_t>();
  int64_t parsed = 0;
  const NumError error = ParseDecimalInt(*value, &parsed);
  if (error != NumError::kNone) {
    return Fail(api::NewBadRequest(NumErrorText("ParseInt", *value, error)));
  }
  return std::optional<int64_t>(parsed);
}

// runtime.Convert_Slice_string_To_Pointer_bool on the first value of `name`, if given:
// anything but "0" and (case-insensitively) "false" is true.
std::optional<bool> QueryBool(const Request& request, std::string_view name) {
  const std::optional<std::string_view> value = request.Query(name);
  if (!value) return std::nullopt;
  return *value != "0" && !api::EqualFoldAscii(*value, "false");
}

std::string QueryString(const Request& request, std::string_view name) {
  return std::string(request.Query(name).value_or(""));
}

std::vector<std::string> QueryAll(const Request& request, std::string_view name) {
  std::vector<std::string> values;
  auto [begin, end] = request.query.equal_range(std::string(name));
  for (auto it = begin; it != end; ++it) values.push_back(it->second);
  return values;
}

// --- meta/v1 validation -------------------------------------------------------------------

// An approximation of Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
// the ASCII space. Controls, separators other than U+0020, format characters, surrogates,
// private use and noncharacters are not printable; unassigned code points are (see Fidelity).
bool IsPrint(char32_t r) {
  if (r < 0x20 || (r >= 0x7F && r < 0xA0)) return false;
  if (r == 0xA0 || r == 0xAD || r == 0x061C || r == 0x06DD || r == 0x070F || r == 0x08E2 ||
      r == 0x180E || r == 0x1680 || r == 0x3000 || r == 0xFEFF || r == 0x110BD || r == 0x110CD ||
      r == 0xE0001) {
    return false;
  }
  if ((r >= 0x0600 && r <= 0x0605) || (r >= 0x0890 && r <= 0x0891) ||
      (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x2064) || (r >= 0x2066 && r <= 0x206F) ||
      (r >= 0xD800 && r <= 0xF8FF) || (r >= 0xFDD0 && r <= 0xFDEF) ||
      (r >= 0xFFF9 && r <= 0xFFFB) || (r >= 0x13430 && r <= 0x1343F) ||
      (r >= 0x1BCA0 && r <= 0x1BCA3) || (r >= 0x1D173 && r <= 0x1D17A) ||
      (r >= 0xE0020 && r <= 0xE007F) || r >= 0xF0000) {
    return false;
  }
  return (r & 0xFFFE) != 0xFFFE;  // U+xFFFE and U+xFFFF of every plane
}

// Go's %#U for a rune that is not printable: U+0001, U+1F600.
std::string CodePointText(char32_t r) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(r));
  return buffer;
}

// validation.ValidateFieldManager.
void ValidateFieldManager(const std::string& field_manager, api::FieldErrorList& errors) {
  if (field_manager.size() > kFieldManagerMaxLength) {
    errors.push_back(
        api::TooLongError("fieldManager", field_manager, static_cast<int>(kFieldManagerMaxLength)));
  }
  for (size_t i = 0; i < field_manager.size();) {
    const auto [r, size, valid] = api::DecodeRune(field_manager, i);
    if (!IsPrint(r)) {
      errors.push_back(api::InvalidError(
          "fieldManager", field_manager,
          "invalid character " + CodePointText(r) + " (at position " + std::to_string(i) + ")"));
    }
    i += size;
  }
}

// validation.ValidateDryRun: every value must be "All".
void ValidateDryRun(const std::vector<std::string>& dry_run, api::FieldErrorList& errors) {
  const bool all_valid =
      std::ranges::all_of(dry_run, [](const std::string& v) { return v == kDryRunAll; });
  if (!all_valid) {
    errors.push_back(api::NotSupportedError("dryRun", nlohmann::json(dry_run), {"All"}));
  }
}

// validation.ValidateFieldValidation, then the handler's reading of the value.
FieldValidation ValidateFieldValidation(const std::string& value, api::FieldErrorList& errors) {
  if (value == "Ignore") return FieldValidation::kIgnore;
  if (value == "Strict") return FieldValidation::kStrict;
  if (value != "" && value != "Warn") {
    errors.push_back(
        api::NotSupportedError("fieldValidation", value, {"", "Ignore", "Strict", "Warn"}));
  }
  return FieldValidation::kWarn;
}

// Decodes dryRun, fieldManager and fieldValidation and validates them in
// ValidateCreateOptions' order (after `errors` already holds the patch-specific ones).
Result<WriteOptions> ParseWriteOptions(const Request& request, std::string options_kind,
                                       api::FieldErrorList errors) {
  WriteOptions options;
  options.dry_run = QueryAll(request, "dryRun");
  options.field_manager = QueryString(request, "fieldManager");
  ValidateFieldManager(options.field_manager, errors);
  ValidateDryRun(options.dry_run, errors);
  options.field_validation =
      ValidateFieldValidation(QueryString(request, "fieldValidation"), errors);
  if (!errors.empty())
    return Fail(api::NewInvalid(OptionsKind(std::move(options_kind)), "", errors));
  return options;
}

// internalversion.SetListOptionsDefaults.
void SetListOptionsDefaults(ListOptions& options, bool watch_list_enabled) {
  if (!watch_list_enabled) return;
  if (options.send_initial_events || !options.resource_version_match.empty()) return;
  const bool legacy = options.resource_version.empty() || options.resource_version == "0";
  if (options.watch && legacy) {
    options.send_initial_events = true;
    options.resource_version_match = std::string(kNotOlderThan);
  }
}

// internalversion/validation.ValidateListOptions (list) and validateWatchOptions (watch).
api::FieldErrorList ValidateListOptions(const ListOptions& options, bool watch_list_enabled) {
  api::FieldErrorList errors;
  const std::string& match = options.resource_version_match;
  if (options.watch) {
    if (options.send_initial_events) {
      if (match != kNotOlderThan) {
        errors.push_back(api::ForbiddenError(
            "resourceVersionMatch",
            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (!watch_list_enabled) {
        errors.push_back(api::ForbiddenError(
            "sendInitialEvents",
            "sendInitialEvents is forbidden for watch unless the WatchList feature gate is "
            "enabled"));
      }
    }
    if (!match.empty()) {
      if (!options.send_initial_events) {
        errors.push_back(api::ForbiddenError(
            "resourceVersionMatch",
            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
      }
      if (match != kNotOlderThan) {
        errors.push_back(api::NotSupportedError("resourceVersionMatch", match, {"NotOlderThan"}));
      }
      if (!options.continue_token.empty()) {
        errors.push_back(api::ForbiddenError(
            "resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
      }
    }
    return errors;
  }
  if (!match.empty()) {
    if (options.resource_version.empty()) {
      errors.push_back(api::ForbiddenError(
          "resourceVersionMatch",
          "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    }
    if (!options.continue_token.empty()) {
      errors.push_back(api::ForbiddenError(
          "resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
    }
    if (match != kExact && match != kNotOlderThan) {
      errors.push_back(
          api::NotSupportedError("resourceVersionMatch", match, {"Exact", "NotOlderThan", ""}));
    }
    if (match == kExact && options.resource_version == "0") {
      errors.push_back(api::ForbiddenError(
          "resourceVersionMatch",
          "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
    }
  }
  if (options.send_initial_events) {
    errors.push_back(
        api::ForbiddenError("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  }
  return errors;
}

// --- DeleteOptions bodies -----------------------------------------------------------------

api::Error UnmarshalTypeError(std::string value_name, std::string_view field,
                              std::string_view go_type) {
  return api::Error(500, api::Reason::kUnknown,
                    "json: cannot unmarshal " + value_name +
                        " into Go struct field DeleteOptions." + std::string(field) + " of type " +
                        std::string(go_type));
}

// Reads a string field: null leaves `out` unset.
Result<void> DecodeString(const nlohmann::json& value, std::string_view field,
                          std::string_view go_type, std::optional<std::string>& out) {
  if (value.is_null()) return {};
  if (!value.is_string())
    return Fail(UnmarshalTypeError(std::string(api::GoJsonTypeName(value)), field, go_type));
  out = value.get<std::string>();
  return {};
}

Result<void> DecodeBool(const nlohmann::json& value, std::string_view field,
                        std::optional<bool>& out) {
  if (value.is_null()) return {};
  if (!value.is_boolean())
    return Fail(UnmarshalTypeError(std::string(api::GoJsonTypeName(value)), field, "bool"));
  out = value.get<bool>();
  return {};
}

Result<void> DecodeInt64(const nlohmann::json& value, std::string_view field,
                         std::optional<int64_t>& out) {
  if (value.is_null()) return {};
  if (value.is_number_integer() &&
      (!value.is_number_unsigned() ||
       value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
    out = value.get<int64_t>();
    return {};
  }
  // Go names the literal when a number does not fit an int64: "number 1.5".
  const std::string name =
      value.is_number() ? "number " + value.dump() : std::string(api::GoJsonTypeName(value));
  return Fail(UnmarshalTypeError(name, field, "int64"));
}

// The apiserver's json serializer Decode into DeleteOptions: first the kind (SimpleMetaFactory's
// findKind), then the fields.
Result<DeleteOptions> DecodeDeleteOptionsBody(const nlohmann::json& body) {
  DeleteOptions options;
  if (body.is_null()) return options;
  if (!body.is_object()) {
    return Fail(api::Error(500, api::Reason::kUnknown,
                           "couldn't get version/kind; json parse error: json: cannot unmarshal " +
                               std::string(api::GoJsonTypeName(body)) +
                               " into Go value of type struct { APIVersion string "
                               "\"json:\\\"apiVersion,omitempty\\\"\"; "
                               "Kind string \"json:\\\"kind,omitempty\\\"\" }"));
  }
  std::string kind_and_version[2];
  const char* const meta_keys[2] = {"apiVersion", "kind"};
  for (int k = 0; k < 2; ++k) {
    auto it = body.find(meta_keys[k]);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return Fail(api::Error(500, api::Reason::kUnknown,
                             "couldn't get version/kind; json parse error: json: cannot "
                             "unmarshal " +
                                 std::string(api::GoJsonTypeName(*it)) + " into Go struct field ." +
                                 meta_keys[k] + " of type string"));
    }
    kind_and_version[k] = it->get<std::string>();
  }
  const std::string& api_version = kind_and_version[0];
  const std::string& kind = kind_and_version[1];
  if (!kind.empty() && kind != "DeleteOptions") {
    // Every group-version may carry DeleteOptions (the scheme registers it unversioned);
    // another kind is not something the options scheme can decode.
    return Fail(api::Error(500, api::Reason::kUnknown,
                           "no kind " + api::GoQuote(kind) + " is registered for version " +
                               api::GoQuote(api_version.empty() ? "meta.k8s.io/v1" : api_version)));
  }

  for (const auto& [key, value] : body.items()) {
    if (key == "gracePeriodSeconds") {
      if (auto r = DecodeInt64(value, key, options.grace_period_seconds); !r)
        return Fail(r.error());
    } else if (key == "orphanDependents") {
      if (auto r = DecodeBool(value, key, options.orphan_dependents); !r) return Fail(r.error());
    } else if (key == "ignoreStoreReadErrorWithClusterBreakingPotential") {
      // Decoded for its type check only: the alpha option (R4) is not emulated.
      std::optional<bool> ignored;
      if (auto r = DecodeBool(value, key, ignored); !r) return Fail(r.error());
    } else if (key == "propagationPolicy") {
      if (auto r = DecodeString(value, key, "v1.DeletionPropagation", options.propagation_policy);
          !r) {
        return Fail(r.error());
      }
    } else if (key == "dryRun") {
      if (value.is_null()) continue;
      if (!value.is_array()) {
        return Fail(UnmarshalTypeError(std::string(api::GoJsonTypeName(value)), key, "[]string"));
      }
      for (const nlohmann::json& item : value) {
        if (item.is_null()) {
          options.dry_run.emplace_back();
        } else if (!item.is_string()) {
          return Fail(UnmarshalTypeError(std::string(api::GoJsonTypeName(item)), key, "string"));
        } else {
          options.dry_run.push_back(item.get<std::string>());
        }
      }
    } else if (key == "preconditions") {
      if (value.is_null()) continue;
      if (!value.is_object()) {
        return Fail(
            UnmarshalTypeError(std::string(api::GoJsonTypeName(value)), key, "v1.Preconditions"));
      }
      for (const auto& [pkey, pvalue] : value.items()) {
        if (pkey == "uid") {
          if (auto r =
                  DecodeString(pvalue, "preconditions.uid", "types.UID", options.precondition_uid);
              !r) {
            return Fail(r.error());
          }
        } else if (pkey == "resourceVersion") {
          if (auto r = DecodeString(pvalue, "preconditions.resourceVersion", "string",
                                    options.precondition_resource_version);
              !r) {
            return Fail(r.error());
          }
        }
      }
    }
  }
  return options;
}

Result<DeleteOptions> ReadDeleteOptionsBody(const Request& request) {
  Result<MediaType> media_type = RequestBodyMediaType(request);
  if (!media_type) return Fail(std::move(media_type.error()));
  Result<nlohmann::json> body = [&]() -> Result<nlohmann::json> {
    if (*media_type == MediaType::kProtobuf) return api::DecodeProtobufObject(request.body);
    if (*media_type == MediaType::kYaml) {
      Result<nlohmann::json> json = api::YamlToJson(request.body);
      if (!json) return Fail(api::Error(500, api::Reason::kUnknown, json.error().message()));
      return json;
    }
    Result<nlohmann::json> json = api::DecodeJson(request.body);
    if (!json) {
      return Fail(
          api::Error(500, api::Reason::kUnknown,
                     "couldn't get version/kind; json parse error: " + json.error().message()));
    }
    return json;
  }();
  if (!body) return Fail(std::move(body.error()));
  return DecodeDeleteOptionsBody(*body);
}

Result<DeleteOptions> ReadDeleteOptionsQuery(const Request& request) {
  DeleteOptions options;
  Result<std::optional<int64_t>> grace = QueryInt64(request, "gracePeriodSeconds");
  if (!grace) return Fail(std::move(grace.error()));
  options.grace_period_seconds = *grace;
  options.orphan_dependents = QueryBool(request, "orphanDependents");
  if (std::optional<std::string_view> policy = request.Query("propagationPolicy")) {
    options.propagation_policy = std::string(*policy);
  }
  options.dry_run = QueryAll(request, "dryRun");
  return options;
}

}  // namespace

Result<ListOptions> ParseListOptions(const Request& request, const ListOptionsPolicy& policy) {
  // Decoding, in the generated url.Values conversion's field order.
  ListOptions options;
  options.label_selector = QueryString(request, "labelSelector");
  options.field_selector = QueryString(request, "fieldSelector");
  options.watch = QueryBool(request, "watch").value_or(false);
  options.allow_watch_bookmarks = QueryBool(request, "allowWatchBookmarks").value_or(false);
  options.resource_version = QueryString(request, "resourceVersion");
  options.resource_version_match = QueryString(request, "resourceVersionMatch");
  Result<std::optional<int64_t>> timeout = QueryInt64(request, "timeoutSeconds");
  if (!timeout) return Fail(std::move(timeout.error()));
  options.timeout_seconds = *timeout;
  Result<std::optional<int64_t>> limit = QueryInt64(request, "limit");
  if (!limit) return Fail(std::move(limit.error()));
  options.limit = limit->value_or(0);
  options.continue_token = QueryString(request, "continue");
  options.send_initial_events = QueryBool(request, "sendInitialEvents");

  SetListOptionsDefaults(options, policy.watch_list_enabled);
  api::FieldErrorList errors = ValidateListOptions(options, policy.watch_list_enabled);
  if (!errors.empty()) return Fail(api::NewInvalid(OptionsKind("ListOptions"), "", errors));
  return options;
}

GetOptions ParseGetOptions(const Request& request) {
  return GetOptions{QueryString(request, "resourceVersion")};
}

ResourceVersionReader ListResourceVersionReader(const ListOptions& options) {
  if (options.resource_version_match == kExact) return ResourceVersionReader::kStorage;
  if (options.resource_version_match == kNotOlderThan) return ResourceVersionReader::kWatchCache;
  const bool exact =
      options.limit > 0 && !options.resource_version.empty() && options.resource_version != "0";
  if (exact || !options.continue_token.empty()) return ResourceVersionReader::kStorage;
  return ResourceVersionReader::kWatchCache;
}

Result<uint64_t> ParseResourceVersion(std::string_view resource_version,
                                      ResourceVersionReader reader) {
  if (resource_version.empty() || resource_version == "0") return uint64_t{0};
  uint64_t parsed = 0;
  const NumError error = ParseDecimalUint(resource_version, &parsed);
  if (error == NumError::kNone) return parsed;
  const std::string invalid = api::InvalidError("resourceVersion", std::string(resource_version),
                                                NumErrorText("ParseUint", resource_version, error))
                                  .Message();
  if (reader == ResourceVersionReader::kStorage) {
    return Fail(api::NewBadRequest("invalid resource version: " + invalid));
  }
  return Fail(api::Error(500, api::Reason::kUnknown, invalid));
}

Result<void> ValidateContinueResourceVersion(const ListOptions& options) {
  if (!options.continue_token.empty() && !options.resource_version.empty() &&
      options.resource_version != "0") {
    return Fail(
        api::NewBadRequest("specifying resource version is not allowed when using continue"));
  }
  return {};
}

Result<CreateOptions> ParseCreateOptions(const Request& request) {
  return ParseWriteOptions(request, "CreateOptions", {});
}

Result<UpdateOptions> ParseUpdateOptions(const Request& request) {
  return ParseWriteOptions(request, "UpdateOptions", {});
}

Result<PatchOptions> ParsePatchOptions(const Request& request, bool apply_patch) {
  PatchOptions options;
  options.force = QueryBool(request, "force");
  api::FieldErrorList errors;
  if (!apply_patch) {
    if (options.force) {
      errors.push_back(api::ForbiddenError("force", "may not be specified for non-apply patch"));
    }
  } else if (QueryString(request, "fieldManager").empty()) {
    errors.push_back(api::RequiredError("fieldManager", "is required for apply patch"));
  }
  Result<WriteOptions> write = ParseWriteOptions(request, "PatchOptions", std::move(errors));
  if (!write) return Fail(std::move(write.error()));
  static_cast<WriteOptions&>(options) = std::move(*write);
  return options;
}

namespace {

// validation.ValidateDeleteOptions on decoded options.
Result<DeleteOptions> ValidatedDeleteOptions(Result<DeleteOptions> options) {
  if (!options) return options;
  api::FieldErrorList errors;
  if (options->orphan_dependents && options->propagation_policy) {
    errors.push_back(
        api::InvalidError("propagationPolicy", *options->propagation_policy,
                          "orphanDependents and deletionPropagation cannot be both set"));
  }
  if (options->propagation_policy && *options->propagation_policy != "Foreground" &&
      *options->propagation_policy != "Background" && *options->propagation_policy != "Orphan") {
    errors.push_back(api::NotSupportedError("propagationPolicy", *options->propagation_policy,
                                            {"Foreground", "Background", "Orphan", "nil"}));
  }
  ValidateDryRun(options->dry_run, errors);
  if (!errors.empty()) return Fail(api::NewInvalid(OptionsKind("DeleteOptions"), "", errors));
  return options;
}

}  // namespace

Result<DeleteOptions> ParseDeleteOptions(const Request& request) {
  return ValidatedDeleteOptions(request.body.empty() ? ReadDeleteOptionsQuery(request)
                                                     : ReadDeleteOptionsBody(request));
}

Result<DeleteOptions> DeleteOptionsFromJson(const nlohmann::json& options) {
  return ValidatedDeleteOptions(DecodeDeleteOptionsBody(options));
}

}  // namespace kubefake::fakeserver
