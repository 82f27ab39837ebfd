// Name and label syntax checks with apimachinery's exact messages: DNS-1123 subdomains and
// labels, DNS-1035 labels, qualified names (label keys), label values and path-segment names.
// Kubernetes: pkg/util/validation/validation.go, pkg/api/validation/{generic,path}.go (1.33).
// Thread-safe (pure functions). Valid input never allocates.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kubefake::api {

inline constexpr size_t kDNS1123LabelMaxLength = 63;
inline constexpr size_t kDNS1123SubdomainMaxLength = 253;
inline constexpr size_t kDNS1035LabelMaxLength = 63;
inline constexpr size_t kQualifiedNameMaxLength = 63;
inline constexpr size_t kLabelValueMaxLength = 63;

// Each check returns the list of problems with `value`, in apimachinery's order and wording;
// an empty list means the value is valid. Lengths are counted in bytes, as Go's len() does.

// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, at most 253 bytes. The
// default rule for object names (R2.8).
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);

// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 bytes (Namespace names). A valid subdomain that
// is not a label gets `must not contain dots` instead of the regex message.
std::vector<std::string> IsDNS1123Label(std::string_view value);

// `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 bytes (Service names).
std::vector<std::string> IsDNS1035Label(std::string_view value);

// `[prefix/]name`: prefix a DNS-1123 subdomain, name at most 63 bytes of
// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. Label and annotation keys, finalizer names.
// Problems with each part are reported as `prefix part ...` and `name part ...`.
std::vector<std::string> IsQualifiedName(std::string_view value);

// Empty, or at most 63 bytes of `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
std::vector<std::string> IsValidLabelValue(std::string_view value);

// Anything but `.` and `..`, without `/` or `%`: a name that is safe as a URL path segment
// (RBAC roles and bindings). `may not be '.'`, `may not contain '/'`, ...
std::vector<std::string> IsValidPathSegmentName(std::string_view name);

// IsValidPathSegmentName for a generateName prefix: only the `/` and `%` checks, since a
// suffix is appended.
std::vector<std::string> IsValidPathSegmentPrefix(std::string_view name);

// ValidateNameFunc variants (pkg/api/validation/generic.go). `prefix` is true when `name` is a
// metadata.generateName that gets a random suffix: a trailing '-' is then tolerated.
std::vector<std::string> NameIsDNSSubdomain(std::string_view name, bool prefix);
std::vector<std::string> NameIsDNSLabel(std::string_view name, bool prefix);
std::vector<std::string> NameIsDNS1035Label(std::string_view name, bool prefix);
std::vector<std::string> ValidatePathSegmentName(std::string_view name, bool prefix);

// Message builders shared with other validators, worded as apimachinery's.

// "must be no more than <length> characters".
std::string MaxLenError(size_t length);
// "<message> (e.g. 'a',  or 'b', regex used for validation is '<regex>')"; with no examples
// "<message> (regex used for validation is '<regex>')".
std::string RegexError(std::string_view message, std::string_view regex,
                       std::initializer_list<std::string_view> examples = {});
// "must be non-empty".
std::string EmptyError();

}  // namespace kubefake::api
