#include "kubefake/api/field_selector.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "kubefake/api/utf8.h"

namespace kubefake::api {
namespace {

// Splits at commas not preceded by an unpaired backslash; the backslashes stay in the terms.
std::vector<std::string_view> SplitTerms(std::string_view selector) {
  std::vector<std::string_view> terms;
  if (selector.empty()) return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < selector.size(); ++i) {
    const char c = selector[i];
    if (in_slash) {
      in_slash = false;
    } else if (c == '\\') {
      in_slash = true;
    } else if (c == ',') {
      terms.push_back(selector.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(selector.substr(start));
  return terms;
}

struct SplitTerm {
  std::string_view field;
  FieldRequirement::Operator op;
  std::string_view value;
};

// The first position where "!=", "==" or "=" starts (tried in that order) splits the term.
std::optional<SplitTerm> SplitAtOperator(std::string_view term) {
  for (size_t i = 0; i < term.size(); ++i) {
    const std::string_view rest = term.substr(i);
    if (rest.starts_with("!=")) {
      return SplitTerm{term.substr(0, i), FieldRequirement::Operator::kNotEquals, rest.substr(2)};
    }
    if (rest.starts_with("==")) {
      return SplitTerm{term.substr(0, i), FieldRequirement::Operator::kEquals, rest.substr(2)};
    }
    if (rest.starts_with("=")) {
      return SplitTerm{term.substr(0, i), FieldRequirement::Operator::kEquals, rest.substr(1)};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string EscapeFieldValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

Result<std::string> UnescapeFieldValue(std::string_view value) {
  if (value.find_first_of("\\,=") == std::string_view::npos) return std::string(value);
  // Go walks the value rune by rune, so bytes of invalid UTF-8 come out as U+FFFD here.
  std::string unescaped;
  unescaped.reserve(value.size());
  bool in_slash = false;
  while (!value.empty()) {
    const auto [rune, width, valid] = DecodeRune(value);
    value.remove_prefix(width);
    if (in_slash) {
      if (rune != '\\' && rune != ',' && rune != '=') {
        std::string sequence = "\\";
        AppendRune(sequence, rune);
        return Fail(NewBadRequest("invalid field selector: invalid escape sequence: " + sequence));
      }
      unescaped += static_cast<char>(rune);
      in_slash = false;
      continue;
    }
    if (rune == '\\') {
      in_slash = true;
    } else if (rune == ',' || rune == '=') {
      return Fail(NewBadRequest("invalid field selector: unescaped character in value: " +
                                std::to_string(static_cast<uint32_t>(rune))));
    } else {
      AppendRune(unescaped, rune);
    }
  }
  if (in_slash) {
    return Fail(NewBadRequest("invalid field selector: invalid escape sequence: \\"));
  }
  return unescaped;
}

FieldSelector FieldSelector::Nothing() {
  FieldSelector selector;
  selector.nothing_ = true;
  return selector;
}

Result<FieldSelector> FieldSelector::Parse(std::string_view selector) {
  std::vector<std::string_view> terms = SplitTerms(selector);
  std::sort(terms.begin(), terms.end());
  FieldSelector parsed;
  parsed.requirements_.reserve(terms.size());
  for (std::string_view term : terms) {
    if (term.empty()) continue;
    const std::optional<SplitTerm> split = SplitAtOperator(term);
    if (!split) {
      return Fail(NewBadRequest("invalid selector: '" + std::string(selector) +
                                "'; can't understand '" + std::string(term) + "'"));
    }
    Result<std::string> value = UnescapeFieldValue(split->value);
    if (!value) return Fail(std::move(value.error()));
    parsed.requirements_.push_back(
        FieldRequirement{std::string(split->field), split->op, *std::move(value)});
  }
  return parsed;
}

FieldSelector FieldSelector::OneTermEqual(std::string field, std::string value) {
  return FromRequirements(
      {FieldRequirement{std::move(field), FieldRequirement::Operator::kEquals, std::move(value)}});
}

FieldSelector FieldSelector::FromSet(const FieldSet& fields) {
  FieldSelector selector;
  selector.requirements_.reserve(fields.size());
  for (const auto& [field, value] : fields) {
    selector.requirements_.push_back(
        FieldRequirement{field, FieldRequirement::Operator::kEquals, value});
  }
  return selector;
}

FieldSelector FieldSelector::FromRequirements(std::vector<FieldRequirement> requirements) {
  FieldSelector selector;
  selector.requirements_ = std::move(requirements);
  return selector;
}

bool FieldSelector::Matches(const FieldSet& fields) const {
  if (nothing_) return false;
  for (const FieldRequirement& requirement : requirements_) {
    const auto it = fields.find(requirement.field);
    const std::string_view actual = it == fields.end() ? std::string_view() : it->second;
    const bool equal = actual == requirement.value;
    if (equal != (requirement.op == FieldRequirement::Operator::kEquals)) return false;
  }
  return true;
}

std::optional<std::string> FieldSelector::RequiresExactMatch(std::string_view field) const {
  for (const FieldRequirement& requirement : requirements_) {
    if (requirement.field == field && requirement.op == FieldRequirement::Operator::kEquals) {
      return requirement.value;
    }
  }
  return std::nullopt;
}

std::string FieldSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    const FieldRequirement& requirement = requirements_[i];
    if (i > 0) out += ',';
    out += requirement.field;
    out += requirement.op == FieldRequirement::Operator::kEquals ? "=" : "!=";
    out += EscapeFieldValue(requirement.value);
  }
  return out;
}

}  // namespace kubefake::api
