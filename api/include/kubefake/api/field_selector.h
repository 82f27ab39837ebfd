// FieldSelector: a parsed field selector (`metadata.name=web,status.phase!=Running`) that
// matches the field set the server computes per object (R6.11); the server checks its
// requirements against the fields each type supports (R6.12). Kubernetes: apimachinery
// pkg/fields (Selector, ParseSelector, EscapeValue). Value types; thread-compatible.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kubefake/api/result.h"

namespace kubefake::api {

// Field name -> value for one object, as fields.Set. A field that is absent reads as "".
using FieldSet = std::map<std::string, std::string, std::less<>>;

// One `field=value` or `field!=value` term (fields.Requirement). `==` parses as kEquals.
struct FieldRequirement {
  enum class Operator { kEquals, kNotEquals };

  std::string field;
  Operator op = Operator::kEquals;
  std::string value;  // unescaped

  bool operator==(const FieldRequirement&) const = default;
};

// A conjunction of field requirements, or Nothing. Default-constructed: Everything.
class FieldSelector {
 public:
  // Matches every field set (also what Parse("") gives).
  FieldSelector() = default;
  static FieldSelector Everything() { return FieldSelector(); }
  // Matches nothing.
  static FieldSelector Nothing();

  // fields.ParseSelector: terms split at unescaped commas and sorted as strings; empty terms
  // are skipped; each term splits at its first `!=`, `==` or `=`; the field is taken
  // verbatim (no whitespace trimming, no unescaping), the value is unescaped (`\,` `\=` `\\`).
  // Errors: BadRequest with apimachinery's text, checked in sorted term order:
  // `invalid selector: '<selector>'; can't understand '<term>'`,
  // `invalid field selector: invalid escape sequence: \x`, or
  // `invalid field selector: unescaped character in value: 61` (the code point of '=').
  static Result<FieldSelector> Parse(std::string_view selector);

  // fields.OneTermEqualSelector: `field=value`.
  static FieldSelector OneTermEqual(std::string field, std::string value);
  // fields.SelectorFromSet: `field=value` for every entry; an empty set is Everything.
  static FieldSelector FromSet(const FieldSet& fields);
  // The requirements in the given order; empty is Everything. For rewriting fields (aliases
  // such as spec.host -> spec.nodeName) from requirements().
  static FieldSelector FromRequirements(std::vector<FieldRequirement> requirements);

  // Every requirement holds: `=` compares the field's value (absent = "") for equality, `!=`
  // for inequality.
  bool Matches(const FieldSet& fields) const;

  // True when the selector does not restrict anything (Everything).
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  // True only for Nothing().
  bool MatchesNothing() const { return nothing_; }

  // The requirements, in parse order (terms sorted as strings).
  const std::vector<FieldRequirement>& requirements() const { return requirements_; }

  // The value of the first `field=value` requirement on `field` (R6.8's metadata.name fast
  // path); nullopt when there is none (`!=` never counts).
  std::optional<std::string> RequiresExactMatch(std::string_view field) const;

  // Terms joined by ",", `==` printed as `=`, values escaped: `a=x\,y,b!=z`. "" for
  // Everything and Nothing.
  std::string String() const;

  bool operator==(const FieldSelector&) const = default;

 private:
  std::vector<FieldRequirement> requirements_;
  bool nothing_ = false;
};

// fields.EscapeValue: `\` -> `\\`, `,` -> `\,`, `=` -> `\=`.
std::string EscapeFieldValue(std::string_view value);

// fields.UnescapeValue: the inverse of EscapeFieldValue.
// Errors: BadRequest `invalid field selector: invalid escape sequence: \<c>` for a backslash
// before anything else (or at the end: `... sequence: \`), and `invalid field selector:
// unescaped character in value: <code point>` for a bare `,` or `=`.
Result<std::string> UnescapeFieldValue(std::string_view value);

}  // namespace kubefake::api
