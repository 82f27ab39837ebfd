#include "kubefake/api/label_selector.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "kubefake/api/field_error.h"
#include "kubefake/api/go_quote.h"
#include "kubefake/api/go_strings.h"
#include "kubefake/api/json_codec.h"
#include "kubefake/api/name_validation.h"

namespace kubefake::api {
namespace {

using Operator = LabelRequirement::Operator;

// strconv.ParseInt(s, 10, 64): an optional sign, then one or more decimal digits, in range.
std::optional<int64_t> ParseGoInt64(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t magnitude = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) {
    return magnitude == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min()
                                            : -static_cast<int64_t>(magnitude);
  }
  return static_cast<int64_t>(magnitude);
}

nlohmann::json ValuesJson(const std::vector<std::string>& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const std::string& value : values) array.push_back(value);
  return array;
}

// labels.NewRequirement's checks, as field errors with a nil root path.
FieldErrorList ValidateRequirement(const std::string& key, Operator op,
                                   const std::vector<std::string>& values) {
  FieldErrorList errors;
  if (std::vector<std::string> messages = IsQualifiedName(key); !messages.empty()) {
    errors.push_back(InvalidError("key", key, JoinStrings(messages, "; ")));
  }
  switch (op) {
    case Operator::kIn:
    case Operator::kNotIn:
      if (values.empty()) {
        errors.push_back(InvalidError("values", ValuesJson(values),
                                      "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case Operator::kEquals:
    case Operator::kDoubleEquals:
    case Operator::kNotEquals:
      if (values.size() != 1) {
        errors.push_back(InvalidError("values", ValuesJson(values),
                                      "exact-match compatibility requires one single value"));
      }
      break;
    case Operator::kExists:
    case Operator::kDoesNotExist:
      if (!values.empty()) {
        errors.push_back(InvalidError("values", ValuesJson(values),
                                      "values set must be empty for exists and does not exist"));
      }
      break;
    case Operator::kGreaterThan:
    case Operator::kLessThan:
      if (values.size() != 1) {
        errors.push_back(InvalidError("values", ValuesJson(values),
                                      "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (size_t i = 0; i < values.size(); ++i) {
        if (!ParseGoInt64(values[i])) {
          errors.push_back(InvalidError("values[" + std::to_string(i) + "]", values[i],
                                        "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::vector<std::string> messages = IsValidLabelValue(values[i]); !messages.empty()) {
      errors.push_back(InvalidError("values[" + std::to_string(i) + "][" + key + "]", values[i],
                                    JoinStrings(messages, "; ")));
    }
  }
  return errors;
}

std::string AggregateOf(const FieldErrorList& errors) {
  std::vector<std::string> messages;
  messages.reserve(errors.size());
  for (const FieldError& error : errors) messages.push_back(error.Message());
  return AggregateMessage(messages);
}

void SortByKey(std::vector<LabelRequirement>& requirements) {
  std::stable_sort(
      requirements.begin(), requirements.end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key() < b.key(); });
}

// ---- The string grammar (labels.Parse) ----

enum class Token {
  kEndOfString,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct ScannedItem {
  Token token;
  std::string_view literal;
};

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  switch (c) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<':
      return true;
    default:
      return false;
  }
}

Token SingleSymbolToken(char c) {
  switch (c) {
    case '=':
      return Token::kEquals;
    case '!':
      return Token::kDoesNotExist;
    case '(':
      return Token::kOpenPar;
    case ')':
      return Token::kClosedPar;
    case ',':
      return Token::kComma;
    case '>':
      return Token::kGreaterThan;
    default:
      return Token::kLessThan;
  }
}

// The lexer reads bytes; a NUL byte reads like the end of the input, as in apimachinery's
// lexer: at the start of a token it ends the selector, right after a token it is skipped.
class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  ScannedItem Lex() {
    char c = Read();
    while (IsWhitespace(c)) c = Read();
    if (c == '\0') return {Token::kEndOfString, {}};
    Unread();
    return IsSpecialSymbol(c) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
  }

 private:
  char Read() { return pos_ < input_.size() ? input_[pos_++] : '\0'; }
  void Unread() { --pos_; }

  // The longest operator: "==" and "!=" are the only two-symbol tokens.
  ScannedItem ScanSpecialSymbol() {
    const size_t start = pos_;
    const char first = Read();
    const char second = Read();
    if (second == '\0') return {SingleSymbolToken(first), input_.substr(start, 1)};
    if (second == '=' && (first == '=' || first == '!')) {
      if (Read() != '\0') Unread();
      return {first == '=' ? Token::kDoubleEquals : Token::kNotEquals, input_.substr(start, 2)};
    }
    Unread();
    return {SingleSymbolToken(first), input_.substr(start, 1)};
  }

  ScannedItem ScanIdentifierOrKeyword() {
    const size_t start = pos_;
    std::string_view literal;
    while (true) {
      const size_t here = pos_;
      const char c = Read();
      if (c == '\0') {
        literal = input_.substr(start, here - start);
        break;
      }
      if (IsSpecialSymbol(c) || IsWhitespace(c)) {
        Unread();
        literal = input_.substr(start, here - start);
        break;
      }
    }
    if (literal == "in") return {Token::kIn, literal};
    if (literal == "notin") return {Token::kNotIn, literal};
    return {Token::kIdentifier, literal};
  }

  std::string_view input_;
  size_t pos_ = 0;
};

// Where a token is read: `in` and `notin` are keywords only where an operator may stand.
enum class Context { kKeyAndOperator, kValues };

// A failed step inside one requirement; Parse prefixes "unable to parse requirement: ".
struct ParseError {
  std::string message;
};

std::string Found(std::string_view literal, std::string_view expected) {
  return "found '" + std::string(literal) + "', expected: " + std::string(expected);
}

class Parser {
 public:
  explicit Parser(std::string_view input) {
    Lexer lexer(input);
    while (true) {
      items_.push_back(lexer.Lex());
      if (items_.back().token == Token::kEndOfString) break;
    }
  }

  Result<std::vector<LabelRequirement>> Parse() {
    std::vector<LabelRequirement> requirements;
    while (true) {
      const ScannedItem next = Lookahead(Context::kValues);
      switch (next.token) {
        case Token::kIdentifier:
        case Token::kDoesNotExist: {
          std::expected<LabelRequirement, ParseError> requirement = ParseRequirement();
          if (!requirement) {
            return Fail(
                NewBadRequest("unable to parse requirement: " + requirement.error().message));
          }
          requirements.push_back(*std::move(requirement));
          const ScannedItem after = Consume(Context::kValues);
          if (after.token == Token::kEndOfString) return requirements;
          if (after.token != Token::kComma) {
            return Fail(NewBadRequest(Found(after.literal, "',' or 'end of string'")));
          }
          const ScannedItem following = Lookahead(Context::kValues);
          if (following.token != Token::kIdentifier && following.token != Token::kDoesNotExist) {
            return Fail(NewBadRequest(Found(following.literal, "identifier after ','")));
          }
          break;
        }
        case Token::kEndOfString:
          return requirements;
        default:
          return Fail(NewBadRequest(Found(next.literal, "!, identifier, or 'end of string'")));
      }
    }
  }

 private:
  static ScannedItem InContext(ScannedItem item, Context context) {
    if (context == Context::kValues && (item.token == Token::kIn || item.token == Token::kNotIn)) {
      item.token = Token::kIdentifier;
    }
    return item;
  }
  ScannedItem Lookahead(Context context) const { return InContext(items_[position_], context); }
  ScannedItem Consume(Context context) { return InContext(items_[position_++], context); }

  std::expected<LabelRequirement, ParseError> ParseRequirement() {
    // The key, and the operator when it is implied: `key` alone is exists, `!key` not.
    std::optional<Operator> op;
    ScannedItem item = Consume(Context::kValues);
    if (item.token == Token::kDoesNotExist) {
      op = Operator::kDoesNotExist;
      item = Consume(Context::kValues);
    }
    if (item.token != Token::kIdentifier) {
      return std::unexpected(ParseError{Found(item.literal, "identifier")});
    }
    std::string key(item.literal);
    if (std::vector<std::string> messages = IsQualifiedName(key); !messages.empty()) {
      // labels.Parse validates the key against a nil *field.Path, which prints as "<nil>".
      return std::unexpected(
          ParseError{InvalidError("<nil>", key, JoinStrings(messages, "; ")).Message()});
    }
    const Token after_key = Lookahead(Context::kValues).token;
    if (!op && (after_key == Token::kEndOfString || after_key == Token::kComma)) {
      op = Operator::kExists;
    }

    std::vector<std::string> values;
    if (!op) {
      const ScannedItem op_item = Consume(Context::kKeyAndOperator);
      switch (op_item.token) {
        case Token::kIn:
          op = Operator::kIn;
          break;
        case Token::kNotIn:
          op = Operator::kNotIn;
          break;
        case Token::kEquals:
          op = Operator::kEquals;
          break;
        case Token::kDoubleEquals:
          op = Operator::kDoubleEquals;
          break;
        case Token::kNotEquals:
          op = Operator::kNotEquals;
          break;
        case Token::kGreaterThan:
          op = Operator::kGreaterThan;
          break;
        case Token::kLessThan:
          op = Operator::kLessThan;
          break;
        default:
          return std::unexpected(
              ParseError{Found(op_item.literal, "in, notin, =, ==, !=, gt, lt")});
      }
      std::expected<std::vector<std::string>, ParseError> parsed =
          (*op == Operator::kIn || *op == Operator::kNotIn) ? ParseValues() : ParseExactValue();
      if (!parsed) return std::unexpected(std::move(parsed.error()));
      values = *std::move(parsed);
    }

    Result<LabelRequirement> requirement =
        LabelRequirement::Create(std::move(key), *op, std::move(values));
    if (!requirement) return std::unexpected(ParseError{requirement.error().message()});
    return *std::move(requirement);
  }

  // `(a,b,...)`; values come back sorted and unique, as a Go sets.String lists them.
  std::expected<std::vector<std::string>, ParseError> ParseValues() {
    const ScannedItem open = Consume(Context::kValues);
    if (open.token != Token::kOpenPar) {
      // apimachinery's text has no comma here.
      return std::unexpected(ParseError{"found '" + std::string(open.literal) + "' expected: '('"});
    }
    const ScannedItem first = Lookahead(Context::kValues);
    switch (first.token) {
      case Token::kIdentifier:
      case Token::kComma: {
        std::expected<std::vector<std::string>, ParseError> values = ParseIdentifiersList();
        if (!values) return values;
        // ParseIdentifiersList returns only with ')' ahead.
        Consume(Context::kValues);
        return values;
      }
      case Token::kClosedPar:
        Consume(Context::kValues);
        return std::vector<std::string>{""};
      default:
        return std::unexpected(ParseError{Found(first.literal, "',', ')' or identifier")});
    }
  }

  // A possibly empty, comma-separated list of possibly empty values, up to (not including)
  // the closing parenthesis.
  std::expected<std::vector<std::string>, ParseError> ParseIdentifiersList() {
    std::vector<std::string> values;
    while (true) {
      const ScannedItem item = Consume(Context::kValues);
      if (item.token == Token::kIdentifier) {
        values.emplace_back(item.literal);
        const ScannedItem next = Lookahead(Context::kValues);
        if (next.token == Token::kComma) continue;
        if (next.token == Token::kClosedPar) return SortedUnique(std::move(values));
        return std::unexpected(ParseError{Found(next.literal, "',' or ')'")});
      }
      if (item.token == Token::kComma) {
        if (values.empty()) values.emplace_back();  // "(,"
        const Token next = Lookahead(Context::kValues).token;
        if (next == Token::kClosedPar) {  // ",)"
          values.emplace_back();
          return SortedUnique(std::move(values));
        }
        if (next == Token::kComma) values.emplace_back();  // ",,"
        continue;
      }
      return std::unexpected(ParseError{Found(item.literal, "',', or identifier")});
    }
  }

  // The single value after =, ==, !=, >, <; empty when the requirement ends right there.
  std::expected<std::vector<std::string>, ParseError> ParseExactValue() {
    const Token next = Lookahead(Context::kValues).token;
    if (next == Token::kEndOfString || next == Token::kComma) {
      return std::vector<std::string>{""};
    }
    const ScannedItem item = Consume(Context::kValues);
    if (item.token == Token::kIdentifier)
      return std::vector<std::string>{std::string(item.literal)};
    return std::unexpected(ParseError{Found(item.literal, "identifier")});
  }

  static std::vector<std::string> SortedUnique(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
  }

  std::vector<ScannedItem> items_;
  size_t position_ = 0;
};

// ---- metav1.LabelSelector JSON ----

// encoding/json's UnmarshalTypeError text for a field of metav1.LabelSelector.
Error UnmarshalError(const nlohmann::json& value, std::string_view field,
                     std::string_view go_type) {
  return NewBadRequest("json: cannot unmarshal " + std::string(GoJsonTypeName(value)) +
                       " into Go struct field LabelSelector." + std::string(field) + " of type " +
                       std::string(go_type));
}

// A JSON string field that may be null or absent (both decode to "").
Result<std::string> StringField(const nlohmann::json& object, const char* name,
                                std::string_view field, std::string_view go_type) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Fail(UnmarshalError(*it, field, go_type));
  return it->get<std::string>();
}

}  // namespace

// ---- LabelsView ----

std::optional<std::string_view> LabelsView::Lookup(const std::string& key) const {
  switch (kind_) {
    case Kind::kNone:
      return std::nullopt;
    case Kind::kLabelSet: {
      const auto it = set_->find(key);
      if (it == set_->end()) return std::nullopt;
      return std::string_view(it->second);
    }
    case Kind::kStdMap: {
      const auto it = std_map_->find(key);
      if (it == std_map_->end()) return std::nullopt;
      return std::string_view(it->second);
    }
    case Kind::kJson: {
      if (!json_->is_object()) return std::nullopt;
      const auto it = json_->find(key);
      if (it == json_->end() || !it->is_string()) return std::nullopt;
      return std::string_view(it->get_ref<const std::string&>());
    }
  }
  return std::nullopt;
}

// ---- LabelRequirement ----

std::string_view OperatorString(LabelRequirement::Operator op) {
  switch (op) {
    case Operator::kIn:
      return "in";
    case Operator::kNotIn:
      return "notin";
    case Operator::kEquals:
      return "=";
    case Operator::kDoubleEquals:
      return "==";
    case Operator::kNotEquals:
      return "!=";
    case Operator::kExists:
      return "exists";
    case Operator::kDoesNotExist:
      return "!";
    case Operator::kGreaterThan:
      return "gt";
    case Operator::kLessThan:
      return "lt";
  }
  return "";
}

Result<LabelRequirement> LabelRequirement::Create(std::string key, Operator op,
                                                  std::vector<std::string> values) {
  if (FieldErrorList errors = ValidateRequirement(key, op, values); !errors.empty()) {
    return Fail(NewBadRequest(AggregateOf(errors)));
  }
  int64_t number = 0;
  if (op == Operator::kGreaterThan || op == Operator::kLessThan) {
    number = *ParseGoInt64(values.front());
  }
  return LabelRequirement(std::move(key), op, std::move(values), number);
}

bool LabelRequirement::HasValue(std::string_view value) const {
  return std::find(values_.begin(), values_.end(), value) != values_.end();
}

bool LabelRequirement::Matches(LabelsView labels) const {
  const std::optional<std::string_view> value = labels.Lookup(key_);
  switch (op_) {
    case Operator::kIn:
    case Operator::kEquals:
    case Operator::kDoubleEquals:
      return value && HasValue(*value);
    case Operator::kNotIn:
    case Operator::kNotEquals:
      return !value || !HasValue(*value);
    case Operator::kExists:
      return value.has_value();
    case Operator::kDoesNotExist:
      return !value.has_value();
    case Operator::kGreaterThan:
    case Operator::kLessThan: {
      if (!value) return false;
      const std::optional<int64_t> number = ParseGoInt64(*value);
      if (!number) return false;
      return op_ == Operator::kGreaterThan ? *number > number_ : *number < number_;
    }
  }
  return false;
}

std::string LabelRequirement::String() const {
  std::string out;
  if (op_ == Operator::kDoesNotExist) out += '!';
  out += key_;
  switch (op_) {
    case Operator::kExists:
    case Operator::kDoesNotExist:
      return out;
    case Operator::kIn:
      out += " in (";
      break;
    case Operator::kNotIn:
      out += " notin (";
      break;
    case Operator::kEquals:
      out += '=';
      break;
    case Operator::kDoubleEquals:
      out += "==";
      break;
    case Operator::kNotEquals:
      out += "!=";
      break;
    case Operator::kGreaterThan:
      out += '>';
      break;
    case Operator::kLessThan:
      out += '<';
      break;
  }
  if (values_.size() == 1) {
    out += values_.front();
  } else {
    std::vector<std::string> sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    out += JoinStrings(sorted, ",");
  }
  if (op_ == Operator::kIn || op_ == Operator::kNotIn) out += ')';
  return out;
}

// ---- LabelSelector ----

LabelSelector LabelSelector::Nothing() {
  LabelSelector selector;
  selector.nothing_ = true;
  return selector;
}

Result<LabelSelector> LabelSelector::Parse(std::string_view selector) {
  Result<std::vector<LabelRequirement>> requirements = Parser(selector).Parse();
  if (!requirements) return Fail(std::move(requirements.error()));
  LabelSelector parsed;
  parsed.requirements_ = *std::move(requirements);
  SortByKey(parsed.requirements_);
  return parsed;
}

LabelSelector LabelSelector::FromSet(const LabelSet& labels) {
  LabelSelector selector;
  selector.requirements_.reserve(labels.size());
  for (const auto& [key, value] : labels) {
    selector.requirements_.push_back(LabelRequirement(key, Operator::kEquals, {value}, 0));
  }
  return selector;  // LabelSet is ordered: already sorted by key.
}

Result<LabelSelector> LabelSelector::ValidatedFromSet(const LabelSet& labels) {
  LabelSelector selector;
  selector.requirements_.reserve(labels.size());
  for (const auto& [key, value] : labels) {
    Result<LabelRequirement> requirement =
        LabelRequirement::Create(key, Operator::kEquals, {value});
    if (!requirement) return Fail(std::move(requirement.error()));
    selector.requirements_.push_back(*std::move(requirement));
  }
  return selector;
}

bool LabelSelector::Matches(LabelsView labels) const {
  if (nothing_) return false;
  for (const LabelRequirement& requirement : requirements_) {
    if (!requirement.Matches(labels)) return false;
  }
  return true;
}

LabelSelector LabelSelector::Add(LabelRequirement requirement) const {
  if (nothing_) return *this;
  LabelSelector added = *this;
  added.requirements_.push_back(std::move(requirement));
  SortByKey(added.requirements_);
  return added;
}

std::optional<std::string> LabelSelector::RequiresExactMatch(std::string_view label) const {
  for (const LabelRequirement& requirement : requirements_) {
    if (requirement.key() != label) continue;
    switch (requirement.op()) {
      case Operator::kEquals:
      case Operator::kDoubleEquals:
      case Operator::kIn:
        if (requirement.values().size() == 1) return requirement.values().front();
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string LabelSelector::String() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i) {
    if (i > 0) out += ',';
    out += requirements_[i].String();
  }
  return out;
}

Result<LabelSelector> LabelSelectorAsSelector(const nlohmann::json& label_selector) {
  if (label_selector.is_null()) return LabelSelector::Nothing();
  if (!label_selector.is_object()) {
    return Fail(NewBadRequest("json: cannot unmarshal " + std::string(GoJsonTypeName(label_selector)) +
                              " into Go value of type v1.LabelSelector"));
  }

  std::vector<LabelRequirement> requirements;

  const auto match_labels = label_selector.find("matchLabels");
  if (match_labels != label_selector.end() && !match_labels->is_null()) {
    if (!match_labels->is_object()) {
      return Fail(UnmarshalError(*match_labels, "matchLabels", "map[string]string"));
    }
    for (const auto& [key, value] : match_labels->items()) {
      if (!value.is_string() && !value.is_null()) {
        return Fail(UnmarshalError(value, "matchLabels", "string"));
      }
    }
    for (const auto& [key, value] : match_labels->items()) {
      Result<LabelRequirement> requirement = LabelRequirement::Create(
          key, Operator::kEquals, {value.is_string() ? value.get<std::string>() : ""});
      if (!requirement) return Fail(std::move(requirement.error()));
      requirements.push_back(*std::move(requirement));
    }
  }

  const auto match_expressions = label_selector.find("matchExpressions");
  if (match_expressions != label_selector.end() && !match_expressions->is_null()) {
    if (!match_expressions->is_array()) {
      return Fail(
          UnmarshalError(*match_expressions, "matchExpressions", "[]v1.LabelSelectorRequirement"));
    }
    struct Expression {
      std::string key;
      std::string op;
      std::vector<std::string> values;
    };
    std::vector<Expression> expressions;
    for (const nlohmann::json& element : *match_expressions) {
      Expression expression;
      if (element.is_null()) {
        expressions.push_back(std::move(expression));
        continue;
      }
      if (!element.is_object()) {
        return Fail(UnmarshalError(element, "matchExpressions", "v1.LabelSelectorRequirement"));
      }
      Result<std::string> key = StringField(element, "key", "matchExpressions.key", "string");
      if (!key) return Fail(std::move(key.error()));
      Result<std::string> op =
          StringField(element, "operator", "matchExpressions.operator", "v1.LabelSelectorOperator");
      if (!op) return Fail(std::move(op.error()));
      expression.key = *std::move(key);
      expression.op = *std::move(op);
      const auto values = element.find("values");
      if (values != element.end() && !values->is_null()) {
        if (!values->is_array()) {
          return Fail(UnmarshalError(*values, "matchExpressions.values", "[]string"));
        }
        for (const nlohmann::json& value : *values) {
          if (!value.is_string() && !value.is_null()) {
            return Fail(UnmarshalError(value, "matchExpressions.values", "string"));
          }
          expression.values.push_back(value.is_string() ? value.get<std::string>() : "");
        }
      }
      expressions.push_back(std::move(expression));
    }
    for (Expression& expression : expressions) {
      Operator op;
      if (expression.op == "In") {
        op = Operator::kIn;
      } else if (expression.op == "NotIn") {
        op = Operator::kNotIn;
      } else if (expression.op == "Exists") {
        op = Operator::kExists;
      } else if (expression.op == "DoesNotExist") {
        op = Operator::kDoesNotExist;
      } else {
        return Fail(
            NewBadRequest(GoQuote(expression.op) + " is not a valid label selector operator"));
      }
      Result<LabelRequirement> requirement =
          LabelRequirement::Create(std::move(expression.key), op, std::move(expression.values));
      if (!requirement) return Fail(std::move(requirement.error()));
      requirements.push_back(*std::move(requirement));
    }
  }

  SortByKey(requirements);
  LabelSelector selector;
  selector.requirements_ = std::move(requirements);
  return selector;
}

}  // namespace kubefake::api
