#include "kubefake/api/name_validation.h"

#include <string>

namespace kubefake::api {
namespace {

constexpr std::string_view kDNS1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kDNS1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDNS1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDNS1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1123Label(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// One or more DNS-1123 labels joined by single dots.
bool MatchesDNS1123Subdomain(std::string_view s) {
  while (true) {
    const size_t dot = s.find('.');
    if (!MatchesDNS1123Label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// [a-z]([-a-z0-9]*[a-z0-9])?
bool MatchesDNS1035Label(std::string_view s) {
  return !s.empty() && IsLowerAlpha(s.front()) && MatchesDNS1123Label(s);
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesQualifiedNamePart(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// apimachinery's maskTrailingDash, quirk included: "ab-" becomes "aa", not "aba".
std::string MaskTrailingDash(std::string_view name) {
  if (name.size() > 1 && name.back() == '-') {
    return std::string(name.substr(0, name.size() - 2)) + "a";
  }
  return std::string(name);
}

}  // namespace

std::string MaxLenError(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

std::string RegexError(std::string_view message, std::string_view regex,
                       std::initializer_list<std::string_view> examples) {
  std::string result(message);
  if (examples.size() == 0) {
    result += " (regex used for validation is '";
  } else {
    result += " (e.g. ";
    bool first = true;
    for (std::string_view example : examples) {
      if (!first) result += " or ";
      first = false;
      result += "'";
      result += example;
      result += "', ";
    }
    result += "regex used for validation is '";
  }
  result += regex;
  result += "')";
  return result;
}

std::string EmptyError() { return "must be non-empty"; }

std::vector<std::string> IsDNS1123Subdomain(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kDNS1123SubdomainMaxLength) {
    errors.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  }
  if (!MatchesDNS1123Subdomain(value)) {
    errors.push_back(RegexError(kDNS1123SubdomainErrMsg, kDNS1123SubdomainFmt, {"example.com"}));
  }
  return errors;
}

std::vector<std::string> IsDNS1123Label(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kDNS1123LabelMaxLength) {
    errors.push_back(MaxLenError(kDNS1123LabelMaxLength));
  }
  if (!MatchesDNS1123Label(value)) {
    if (MatchesDNS1123Subdomain(value)) {
      errors.emplace_back("must not contain dots");
    } else {
      errors.push_back(RegexError(kDNS1123LabelErrMsg, kDNS1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errors;
}

std::vector<std::string> IsDNS1035Label(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kDNS1035LabelMaxLength) {
    errors.push_back(MaxLenError(kDNS1035LabelMaxLength));
  }
  if (!MatchesDNS1035Label(value)) {
    errors.push_back(RegexError(kDNS1035LabelErrMsg, kDNS1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errors;
}

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errors;
  std::string_view name = value;
  const size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errors.push_back(
          "a qualified name " +
          RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
          " with an optional DNS subdomain prefix and '/' (e.g. "
          "'example.com/MyName')");
      return errors;
    }
    const std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errors.push_back("prefix part " + EmptyError());
    } else {
      for (std::string& message : IsDNS1123Subdomain(prefix)) {
        errors.push_back("prefix part " + message);
      }
    }
  }
  if (name.empty()) {
    errors.push_back("name part " + EmptyError());
  } else if (name.size() > kQualifiedNameMaxLength) {
    errors.push_back("name part " + MaxLenError(kQualifiedNameMaxLength));
  }
  if (!MatchesQualifiedNamePart(name)) {
    errors.push_back("name part " + RegexError(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                               {"MyName", "my.name", "123-abc"}));
  }
  return errors;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errors;
  if (value.size() > kLabelValueMaxLength) {
    errors.push_back(MaxLenError(kLabelValueMaxLength));
  }
  if (!value.empty() && !MatchesQualifiedNamePart(value)) {
    errors.push_back(
        RegexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errors;
}

std::vector<std::string> IsValidPathSegmentName(std::string_view name) {
  if (name == "." || name == "..") {
    return {"may not be '" + std::string(name) + "'"};
  }
  return IsValidPathSegmentPrefix(name);
}

std::vector<std::string> IsValidPathSegmentPrefix(std::string_view name) {
  std::vector<std::string> errors;
  if (name.find('/') != std::string_view::npos) errors.emplace_back("may not contain '/'");
  if (name.find('%') != std::string_view::npos) errors.emplace_back("may not contain '%'");
  return errors;
}

std::vector<std::string> NameIsDNSSubdomain(std::string_view name, bool prefix) {
  return prefix ? IsDNS1123Subdomain(MaskTrailingDash(name)) : IsDNS1123Subdomain(name);
}

std::vector<std::string> NameIsDNSLabel(std::string_view name, bool prefix) {
  return prefix ? IsDNS1123Label(MaskTrailingDash(name)) : IsDNS1123Label(name);
}

std::vector<std::string> NameIsDNS1035Label(std::string_view name, bool prefix) {
  return prefix ? IsDNS1035Label(MaskTrailingDash(name)) : IsDNS1035Label(name);
}

std::vector<std::string> ValidatePathSegmentName(std::string_view name, bool prefix) {
  return prefix ? IsValidPathSegmentPrefix(name) : IsValidPathSegmentName(name);
}

}  // namespace kubefake::api
