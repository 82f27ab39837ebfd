#include "yaml_decoder.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "go_strconv.h"
#include "kubefake/api/ascii.h"
#include "kubefake/api/base64.h"
#include "kubefake/api/go_quote.h"

namespace kubefake::api::yaml {
namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

// ---------------------------------------------------------------------------------------------
// Errors.

// An error as go-yaml reports it. Thrown inside this file only; DecodeFirstDocument catches it.
struct Failure {
  std::string message;  // after "yaml: " unless raw
  int line = -1;        // 0-based position for TextPosition
  int column = -1;
  bool raw = false;  // message is complete (no "yaml: " prefix)
};

// libyaml's problem as go-yaml's parser.fail() prints it: scanner errors count lines from 1,
// parser errors print the 0-based line, and nothing is printed for line 0.
Failure LibyamlFailure(std::string problem, bool scanner, int line0, int column0) {
  Failure failure;
  const int printed = line0 == 0 ? 0 : (scanner ? line0 + 1 : line0);
  failure.message = printed != 0 ? "line " + std::to_string(printed) + ": " + problem : problem;
  failure.line = line0;
  failure.column = column0;
  return failure;
}

// Stops yaml-cpp's parse when the tree builder finds what libyaml would reject.
struct StopParsing {
  Failure failure;
};

// ---------------------------------------------------------------------------------------------
// The document tree, built from yaml-cpp's events.

struct Node {
  enum class Kind { kScalar, kNull, kSequence, kMapping, kAlias };
  Kind kind = Kind::kNull;
  int line = 0;
  int column = 0;
  std::string tag;  // yaml-cpp's: "?" plain, "!" quoted or block, else the resolved tag
  std::string value;
  bool flow = false;  // collections
  std::vector<const Node*> children;
  const Node* target = nullptr;  // aliases
  std::string anchor;            // the anchor defined on this node, or an alias's name
};

size_t LineStart(std::string_view text, int line0) {
  size_t pos = 0;
  for (int line = 0; line < line0 && pos < text.size(); ++line) {
    const size_t newline = text.find('\n', pos);
    if (newline == std::string_view::npos) return text.size();
    pos = newline + 1;
  }
  return pos;
}

int LineOf(std::string_view text, size_t offset) {
  int line = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

int ColumnOf(std::string_view text, size_t offset) {
  const size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return static_cast<int>(newline == std::string_view::npos ? offset : offset - newline - 1);
}

// The line libyaml reports for the end of the text: it forces a line break there when the last
// line does not end with one.
int EofLine(std::string_view text) {
  const int line = LineOf(text, text.size());
  return !text.empty() && text.back() != '\n' ? line + 1 : line;
}

class TreeBuilder : public ::YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  const Node* root() const { return root_; }
  // The innermost collection still open (when yaml-cpp failed), or null.
  const std::vector<Node*>& open_collections() const { return stack_; }
  // The line of the last plain scalar read as a value (not a key), or -1.
  int last_plain_value_line() const { return last_plain_value_line_; }

  void OnDocumentStart(const ::YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const ::YAML::Mark& mark, ::YAML::anchor_t anchor) override {
    Node* node = Make(Node::Kind::kNull, mark, anchor);
    if (Node* parent = stack_.empty() ? nullptr : stack_.back();
        parent != nullptr && parent->kind == Node::Kind::kMapping &&
        parent->children.size() % 2 == 1) {
      const Node* key = parent->children.back();
      // yaml-cpp reads a lone plain scalar in a block mapping as a key with an empty value;
      // libyaml stops with "could not find expected ':'" at the next token.
      if (!parent->flow && key->kind == Node::Kind::kScalar && key->tag == "?" &&
          key->line == node->line && key->column == node->column && !FollowedByColon(*key)) {
        const int next_line = NextTokenLine(key->line);
        throw StopParsing{
            LibyamlFailure("could not find expected ':'", /*scanner=*/true, next_line, 0)};
      }
      // An empty value: go-yaml places it on the key's line.
      if (!LooksLikeNullLiteral(mark)) {
        node->line = key->line;
        node->column = key->column;
      }
    }
    Add(node);
  }

  void OnAlias(const ::YAML::Mark& mark, ::YAML::anchor_t anchor) override {
    Node* node = Make(Node::Kind::kAlias, mark, 0);
    auto it = anchors_.find(anchor);
    if (it != anchors_.end()) {
      node->target = it->second;
      node->anchor = it->second->anchor;
    }
    Add(node);
  }

  void OnScalar(const ::YAML::Mark& mark, const std::string& tag, ::YAML::anchor_t anchor,
                const std::string& value) override {
    Node* node = Make(Node::Kind::kScalar, mark, anchor);
    node->tag = tag;
    node->value = value;
    if (tag != "?") CheckQuotedScalarIsClosed(mark);
    const bool is_key = !stack_.empty() && stack_.back()->kind == Node::Kind::kMapping &&
                        stack_.back()->children.size() % 2 == 0;
    if (tag == "?" && !is_key) last_plain_value_line_ = node->line;
    Add(node);
  }

  void OnSequenceStart(const ::YAML::Mark& mark, const std::string& tag, ::YAML::anchor_t anchor,
                       ::YAML::EmitterStyle::value style) override {
    Node* node = Make(Node::Kind::kSequence, mark, anchor);
    node->tag = tag;
    node->flow = style == ::YAML::EmitterStyle::Flow;
    Add(node);
    stack_.push_back(node);
  }
  void OnSequenceEnd() override { stack_.pop_back(); }

  void OnMapStart(const ::YAML::Mark& mark, const std::string& tag, ::YAML::anchor_t anchor,
                  ::YAML::EmitterStyle::value style) override {
    Node* node = Make(Node::Kind::kMapping, mark, anchor);
    node->tag = tag;
    node->flow = style == ::YAML::EmitterStyle::Flow;
    Add(node);
    stack_.push_back(node);
  }
  void OnMapEnd() override { stack_.pop_back(); }

  void OnAnchor(const ::YAML::Mark&, const std::string& anchor_name) override {
    pending_anchor_ = anchor_name;
  }

 private:
  Node* Make(Node::Kind kind, const ::YAML::Mark& mark, ::YAML::anchor_t anchor) {
    Node& node = nodes_.emplace_back();
    node.kind = kind;
    node.line = mark.line;
    node.column = mark.column;
    if (anchor != 0) {
      anchors_[anchor] = &node;
      node.anchor = std::move(pending_anchor_);
      pending_anchor_.clear();
    }
    return &node;
  }

  void Add(Node* node) {
    if (stack_.empty()) {
      root_ = node;
    } else {
      stack_.back()->children.push_back(node);
    }
  }

  // Whether a ':' follows the plain scalar `key` on its line (yaml-cpp gives an empty value at
  // the end of the text the key's own mark).
  bool FollowedByColon(const Node& key) const {
    size_t pos = OffsetOfLine(key.line) + static_cast<size_t>(key.column) + key.value.size();
    while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) ++pos;
    return pos < text_.size() && text_[pos] == ':';
  }

  bool LooksLikeNullLiteral(const ::YAML::Mark& mark) const {
    const size_t pos = OffsetOfLine(mark.line) + static_cast<size_t>(mark.column);
    if (pos >= text_.size()) return false;
    const std::string_view rest = text_.substr(pos);
    return rest.starts_with("~") || rest.starts_with("null") || rest.starts_with("Null") ||
           rest.starts_with("NULL");
  }

  // The 0-based line of the first token after line `line0` (or of the end of the text).
  int NextTokenLine(int line0) const {
    size_t pos = text_.find('\n', OffsetOfLine(line0));
    while (pos != std::string_view::npos && pos < text_.size()) {
      ++pos;  // start of the next line
      size_t first = pos;
      while (first < text_.size() && (text_[first] == ' ' || text_[first] == '\t')) ++first;
      if (first < text_.size() && text_[first] != '\n' && text_[first] != '\r' &&
          text_[first] != '#') {
        return LineOf(text_, first);
      }
      pos = text_.find('\n', first);
    }
    return EofLine(text_);
  }

  // yaml-cpp accepts a quoted scalar that runs to the end of the text when a line break
  // precedes the end; libyaml reports "found unexpected end of stream".
  void CheckQuotedScalarIsClosed(const ::YAML::Mark& mark) const {
    size_t pos = OffsetOfLine(mark.line) + static_cast<size_t>(mark.column);
    // Skip node properties (tags and anchors) and the spaces between them.
    while (pos < text_.size() && (text_[pos] == '!' || text_[pos] == '&')) {
      while (pos < text_.size() && text_[pos] != ' ' && text_[pos] != '\t' && text_[pos] != '\n') {
        ++pos;
      }
      while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) ++pos;
    }
    if (pos >= text_.size() || (text_[pos] != '"' && text_[pos] != '\'')) return;
    const char quote = text_[pos];
    for (size_t i = pos + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
          continue;
        }
        return;
      }
    }
    throw StopParsing{LibyamlFailure("found unexpected end of stream", /*scanner=*/true,
                                     LineOf(text_, text_.size()), ColumnOf(text_, text_.size()))};
  }

  // The offset of line `line0`'s first byte (the end of the text past the last line).
  size_t OffsetOfLine(int line0) const {
    if (line0 < 0) return 0;
    return static_cast<size_t>(line0) < line_starts_.size() ? line_starts_[line0] : text_.size();
  }

  std::string_view text_;
  std::vector<size_t> line_starts_;
  std::deque<Node> nodes_;
  std::vector<Node*> stack_;
  const Node* root_ = nullptr;
  std::map<::YAML::anchor_t, Node*> anchors_;
  std::string pending_anchor_;
  int last_plain_value_line_ = -1;
};

// Stops a second HandleNextDocument at the start of the next document.
struct ProbeHandler : ::YAML::EventHandler {
  struct Found {
    int line;
    int column;
  };
  void OnDocumentStart(const ::YAML::Mark& mark) override { throw Found{mark.line, mark.column}; }
  void OnDocumentEnd() override {}
  void OnNull(const ::YAML::Mark&, ::YAML::anchor_t) override {}
  void OnAlias(const ::YAML::Mark&, ::YAML::anchor_t) override {}
  void OnScalar(const ::YAML::Mark&, const std::string&, ::YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const ::YAML::Mark&, const std::string&, ::YAML::anchor_t,
                       ::YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const ::YAML::Mark&, const std::string&, ::YAML::anchor_t,
                  ::YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Translates a yaml-cpp syntax error into the libyaml problem go-yaml would report.
Failure TranslateParserError(const ::YAML::Exception& e, const TreeBuilder& builder,
                             std::string_view text) {
  const std::string& msg = e.msg;
  const int line0 = e.mark.line;
  const int column0 = e.mark.column;
  const auto starts = [&](std::string_view prefix) { return msg.rfind(prefix, 0) == 0; };

  if (starts(::YAML::ErrorMsg::UNKNOWN_ANCHOR)) {
    // go-yaml's composer failure carries no line.
    const size_t pos = LineStart(text, line0) + static_cast<size_t>(column0);
    std::string name;
    for (size_t i = pos + 1; i < text.size(); ++i) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '[' || c == ']' ||
          c == '{' || c == '}') {
        break;
      }
      name += c;
    }
    Failure failure;
    failure.message = "unknown anchor '" + name + "' referenced";
    failure.line = line0;
    failure.column = column0;
    return failure;
  }

  // A tab in a line's indentation is what libyaml trips over first: inside the continuation
  // of a plain scalar, or where a token should start.
  if (!starts(::YAML::ErrorMsg::TAB_IN_INDENTATION)) {
    const size_t start = LineStart(text, line0);
    for (size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
      if (text[i] == '\t') {
        const int last = builder.last_plain_value_line();
        if (last >= 0 && last < line0) {
          return LibyamlFailure("found a tab character that violates indentation", true, line0,
                                static_cast<int>(i - start));
        }
        return LibyamlFailure("found character that cannot start any token", true, line0,
                              static_cast<int>(i - start));
      }
    }
  }

  // libyaml reports errors at the end of the text one line further down.
  const bool at_end = e.mark.pos >= static_cast<int>(text.size()) ||
                      LineStart(text, line0) + static_cast<size_t>(column0) >= text.size();
  const int structural_line = at_end ? EofLine(text) : line0;

  const std::vector<Node*>& open = builder.open_collections();
  const Node* innermost = open.empty() ? nullptr : open.back();
  const Node* parent = open.size() >= 2 ? open[open.size() - 2] : nullptr;
  // What libyaml was waiting for in the innermost collection it still had open.
  const auto structural = [&]() -> std::string {
    if (innermost == nullptr) return "did not find expected <document start>";
    if (innermost->kind == Node::Kind::kSequence) {
      if (innermost->flow) return "did not find expected ',' or ']'";
      // libyaml ends an indentless sequence (a mapping value at its key's column) quietly
      // and fails in the mapping.
      if (parent != nullptr && parent->kind == Node::Kind::kMapping && !parent->flow &&
          parent->column == innermost->column) {
        return "did not find expected key";
      }
      return "did not find expected '-' indicator";
    }
    if (innermost->flow) return "did not find expected ',' or '}'";
    if (innermost->children.size() % 2 == 1) return "did not find expected node content";
    // A sequence that yaml-cpp closed but libyaml still reads at the failing column.
    const Node* last = innermost->children.empty() ? nullptr : innermost->children.back();
    if (last != nullptr && last->kind == Node::Kind::kSequence && !last->flow &&
        last->column == column0 && last->column > innermost->column) {
      return "did not find expected '-' indicator";
    }
    return "did not find expected key";
  };

  if (starts(::YAML::ErrorMsg::MAP_VALUE)) {
    // A plain key on an earlier line without its ':' ("b" in "a: 1\nb\nc: 2"): yaml-cpp
    // joins it with the next line, libyaml fails when the line ends.
    if (innermost != nullptr && innermost->kind == Node::Kind::kMapping && !innermost->flow &&
        innermost->children.size() % 2 == 0 && line0 > 0) {
      const size_t start = LineStart(text, line0);
      size_t indent = 0;
      while (start + indent < text.size() && text[start + indent] == ' ') ++indent;
      int previous = line0 - 1;
      while (previous >= 0) {
        const size_t p = LineStart(text, previous);
        const size_t end = text.find('\n', p);
        const std::string_view l =
            text.substr(p, (end == std::string_view::npos ? text.size() : end) - p);
        const size_t first = l.find_first_not_of(" \r");
        if (first != std::string_view::npos && l[first] != '#') {
          if (first == indent && l.find(':') == std::string_view::npos &&
              static_cast<size_t>(innermost->column) == indent) {
            return LibyamlFailure("could not find expected ':'", true, line0, column0);
          }
          break;
        }
        --previous;
      }
    }
    return LibyamlFailure("mapping values are not allowed in this context", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::ALIAS_NOT_FOUND) || starts(::YAML::ErrorMsg::ANCHOR_NOT_FOUND)) {
    return LibyamlFailure("did not find expected alphabetic or numeric character", true, line0,
                          column0);
  }
  if (starts(::YAML::ErrorMsg::UNKNOWN_TOKEN)) {
    return LibyamlFailure("found character that cannot start any token", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::BLOCK_ENTRY)) {
    return LibyamlFailure("block sequence entries are not allowed in this context", true, line0,
                          column0);
  }
  if (starts(::YAML::ErrorMsg::MAP_KEY)) {
    return LibyamlFailure("mapping keys are not allowed in this context", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::TAB_IN_INDENTATION)) {
    return LibyamlFailure("found a tab character that violates indentation", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::EOF_IN_SCALAR)) {
    return LibyamlFailure("found unexpected end of stream", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::INVALID_ESCAPE)) {
    return LibyamlFailure("found unknown escape character", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::INVALID_HEX)) {
    return LibyamlFailure("did not find expected hexdecimal number", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::INVALID_UNICODE)) {
    return LibyamlFailure("found invalid Unicode character escape code", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::DOC_IN_SCALAR)) {
    return LibyamlFailure("found unexpected document indicator", true, line0, column0);
  }
  if (starts(::YAML::ErrorMsg::END_OF_SEQ_FLOW)) {
    return LibyamlFailure("did not find expected ',' or ']'", false, structural_line, column0);
  }
  if (starts(::YAML::ErrorMsg::END_OF_MAP_FLOW)) {
    return LibyamlFailure("did not find expected ',' or '}'", false, structural_line, column0);
  }
  if (starts(::YAML::ErrorMsg::END_OF_MAP) || starts(::YAML::ErrorMsg::END_OF_SEQ) ||
      starts(::YAML::ErrorMsg::FLOW_END)) {
    return LibyamlFailure(structural(), false, structural_line, column0);
  }
  if (starts(::YAML::ErrorMsg::REPEATED_YAML_DIRECTIVE)) {
    return LibyamlFailure("found duplicate %YAML directive", false, line0, column0);
  }
  return LibyamlFailure(msg, true, line0, column0);
}

// libyaml's reader: the text must be UTF-8 without control characters.
std::optional<Failure> CheckCharacters(std::string_view text) {
  const auto fail = [&](std::string problem, size_t offset) {
    Failure failure;
    failure.message = std::move(problem);
    failure.line = LineOf(text, offset);
    failure.column = ColumnOf(text, offset);
    return failure;
  };
  for (size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    uint32_t value;
    size_t width;
    if (b0 < 0x80) {
      value = b0;
      width = 1;
    } else if ((b0 & 0xE0) == 0xC0) {
      value = b0 & 0x1F;
      width = 2;
    } else if ((b0 & 0xF0) == 0xE0) {
      value = b0 & 0x0F;
      width = 3;
    } else if ((b0 & 0xF8) == 0xF0) {
      value = b0 & 0x07;
      width = 4;
    } else {
      return fail("invalid leading UTF-8 octet", i);
    }
    if (i + width > text.size()) return fail("incomplete UTF-8 octet sequence", i);
    for (size_t k = 1; k < width; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return fail("invalid trailing UTF-8 octet", i);
      value = (value << 6) | (b & 0x3F);
    }
    if ((width == 2 && value < 0x80) || (width == 3 && value < 0x800) ||
        (width == 4 && value < 0x10000)) {
      return fail("invalid length of a UTF-8 sequence", i);
    }
    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
      return fail("invalid Unicode character", i);
    }
    const bool allowed =
        value == 0x09 || value == 0x0A || value == 0x0D || (value >= 0x20 && value <= 0x7E) ||
        value == 0x85 || (value >= 0xA0 && value <= 0xD7FF) ||
        (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF);
    if (!allowed && !(i == 0 && value == 0xFEFF)) {
      return fail("control characters are not allowed", i);
    }
    i += width;
  }
  return std::nullopt;
}

// Whether a line starting with "..." (a document end marker) lies between two offsets.
bool HasDocumentEndMarker(std::string_view text, size_t from, size_t to) {
  for (size_t pos = from; pos < to && pos < text.size();) {
    if (text.substr(pos).starts_with("...") &&
        (pos + 3 >= text.size() || text[pos + 3] == ' ' || text[pos + 3] == '\t' ||
         text[pos + 3] == '\n' || text[pos + 3] == '\r')) {
      return true;
    }
    const size_t newline = text.find('\n', pos);
    if (newline == std::string_view::npos) break;
    pos = newline + 1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// go-yaml's scalar resolution.

// A resolved scalar, with go-yaml's Go type.
struct Scalar {
  enum class Type { kNull, kBool, kInt, kUint, kFloat, kString, kBigInt };
  Scalar() = default;
  explicit Scalar(Type t) : type(t) {}
  Scalar(Type t, bool value) : type(t), b(value) {}

  Type type = Type::kNull;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  std::string s;  // kString, and the decimal digits of a kBigInt
};

enum class Tag { kNone, kStr, kBool, kInt, kFloat, kNull, kTimestamp, kBinary, kMerge, kOther };

Tag TagOf(const std::string& tag) {
  if (tag == "?" || tag == "!" || tag.empty()) return Tag::kNone;
  if (!std::string_view(tag).starts_with(kTagPrefix)) return Tag::kOther;
  const std::string_view suffix = std::string_view(tag).substr(kTagPrefix.size());
  if (suffix == "str") return Tag::kStr;
  if (suffix == "bool") return Tag::kBool;
  if (suffix == "int") return Tag::kInt;
  if (suffix == "float") return Tag::kFloat;
  if (suffix == "null") return Tag::kNull;
  if (suffix == "timestamp") return Tag::kTimestamp;
  if (suffix == "binary") return Tag::kBinary;
  if (suffix == "merge") return Tag::kMerge;
  return Tag::kOther;
}

std::string_view ShortTag(Tag tag) {
  switch (tag) {
    case Tag::kStr:
      return "!!str";
    case Tag::kBool:
      return "!!bool";
    case Tag::kInt:
      return "!!int";
    case Tag::kFloat:
      return "!!float";
    case Tag::kNull:
      return "!!null";
    case Tag::kTimestamp:
      return "!!timestamp";
    case Tag::kBinary:
      return "!!binary";
    case Tag::kMerge:
      return "!!merge";
    default:
      return "";
  }
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool IsYamlStyleFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i == start) return false;
  } else {
    const size_t start = i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i == start) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

int DaysInMonth(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

// go-yaml's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00" (also with a
// lowercase t), "2006-1-2 15:4:5.999999999" or "2006-1-2", range checks included.
bool IsTimestamp(std::string_view s) {
  size_t i = 0;
  // One or two digits (Go's getnum), or exactly `fixed` digits.
  auto number = [&](int* out, size_t fixed) {
    const size_t start = i;
    const size_t max = fixed != 0 ? fixed : 2;
    while (i < s.size() && IsAsciiDigit(s[i]) && i - start < max) ++i;
    if (i == start || (fixed != 0 && i - start != fixed)) return false;
    *out = 0;
    for (size_t k = start; k < i; ++k) *out = *out * 10 + (s[k] - '0');
    return true;
  };
  auto literal = [&](char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  int year, month, day;
  if (!number(&year, 4) || !literal('-') || !number(&month, 0) || !literal('-') ||
      !number(&day, 0)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(month, year)) return false;
  if (i == s.size()) return true;
  const char separator = s[i];
  if (separator == ' ') {
    while (i < s.size() && s[i] == ' ') ++i;
  } else if (separator == 'T' || separator == 't') {
    ++i;
  } else {
    return false;
  }
  int hour, minute, second;
  if (!number(&hour, 0) || !literal(':') || !number(&minute, 0) || !literal(':') ||
      !number(&second, 0) || hour >= 24 || minute >= 60 || second >= 60) {
    return false;
  }
  if (i + 1 < s.size() && (s[i] == '.' || s[i] == ',') && IsAsciiDigit(s[i + 1])) {
    ++i;
    while (i < s.size() && IsAsciiDigit(s[i])) ++i;
  }
  if (separator == ' ') return i == s.size();
  if (literal('Z')) return i == s.size();
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    ++i;
    int zone_hour, zone_minute;
    return number(&zone_hour, 2) && literal(':') && number(&zone_minute, 2) && i == s.size() &&
           zone_hour <= 24 && zone_minute <= 60;
  }
  return false;
}

namespace {

struct Resolution {
  Tag tag;  // the resolved tag (kStr, kBool, kInt, kFloat, kNull, kTimestamp, kMerge)
  Scalar value;
};

// go-yaml's resolve(tag, in) for an implicit (plain) scalar or a resolvable explicit tag.
Resolution Resolve(Tag tag, const std::string& in) {
  Resolution r;
  r.tag = Tag::kStr;
  r.value.type = Scalar::Type::kString;
  r.value.s = in;
  char hint = 'N';
  if (!in.empty()) {
    const char c = in[0];
    if (c == '+' || c == '-') {
      hint = 'S';
    } else if (IsAsciiDigit(c)) {
      hint = 'D';
    } else if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos) {
      hint = 'M';
    } else if (c == '.') {
      hint = '.';
    } else {
      hint = 0;
    }
  }
  if (hint == 0 || tag == Tag::kStr || tag == Tag::kBinary) return r;

  static const std::map<std::string, std::pair<Tag, Scalar>, std::less<>> kMap = [] {
    std::map<std::string, std::pair<Tag, Scalar>, std::less<>> m;
    Scalar t(Scalar::Type::kBool, true);
    Scalar f(Scalar::Type::kBool, false);
    Scalar null;
    Scalar nan(Scalar::Type::kFloat);
    nan.f = std::nan("");
    Scalar inf(Scalar::Type::kFloat);
    inf.f = HUGE_VAL;
    Scalar ninf(Scalar::Type::kFloat);
    ninf.f = -HUGE_VAL;
    Scalar merge(Scalar::Type::kString);
    merge.s = "<<";
    for (const char* s :
         {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
      m[s] = {Tag::kBool, t};
    }
    for (const char* s :
         {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
      m[s] = {Tag::kBool, f};
    }
    for (const char* s : {"", "~", "null", "Null", "NULL"}) m[s] = {Tag::kNull, null};
    for (const char* s : {".nan", ".NaN", ".NAN"}) m[s] = {Tag::kFloat, nan};
    for (const char* s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
      m[s] = {Tag::kFloat, inf};
    }
    for (const char* s : {"-.inf", "-.Inf", "-.INF"}) m[s] = {Tag::kFloat, ninf};
    m["<<"] = {Tag::kMerge, merge};
    return m;
  }();
  if (auto it = kMap.find(in); it != kMap.end()) {
    r.tag = it->second.first;
    r.value = it->second.second;
    return r;
  }

  if (hint == '.') {
    double f;
    if (go::ParseDecimalFloat(in, &f) == go::NumError::kNone) {
      r.tag = Tag::kFloat;
      r.value = Scalar(Scalar::Type::kFloat);
      r.value.f = f;
    }
    return r;
  }
  if (hint == 'D' || hint == 'S') {
    if ((tag == Tag::kNone || tag == Tag::kTimestamp) && IsTimestamp(in)) {
      r.tag = Tag::kTimestamp;  // decoded into interface{}, a timestamp stays a string
      return r;
    }
    std::string plain;
    for (char c : in) {
      if (c != '_') plain += c;
    }
    int64_t i;
    if (go::ParseInt(plain, &i) == go::NumError::kNone) {
      r.tag = Tag::kInt;
      r.value = Scalar(Scalar::Type::kInt);
      r.value.i = i;
      return r;
    }
    uint64_t u;
    const go::NumError uint_error = go::ParseUint(plain, &u);
    if (uint_error == go::NumError::kNone) {
      r.tag = Tag::kInt;
      r.value = Scalar(Scalar::Type::kUint);
      r.value.u = u;
      return r;
    }
    if (IsYamlStyleFloat(plain)) {
      double f;
      if (go::ParseDecimalFloat(plain, &f) == go::NumError::kNone) {
        r.tag = Tag::kFloat;
        r.value = Scalar(Scalar::Type::kFloat);
        r.value.f = f;
        return r;
      }
    }
    if (uint_error == go::NumError::kRange) {
      // The sigs.k8s.io fork keeps integers beyond 64 bits as big integers.
      std::string_view digits = plain;
      int base = 10;
      if (digits.size() > 2 && digits[0] == '0') {
        const char p = static_cast<char>(digits[1] | 0x20);
        base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
        digits.remove_prefix(p == 'x' || p == 'o' || p == 'b' ? 2 : 1);
      }
      std::string decimal = "0";
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = IsAsciiDigit(c)
                    ? c - '0'
                    : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : 99);
        if (d >= base) {
          ok = false;
          break;
        }
        // decimal = decimal * base + d
        int carry = d;
        for (auto it = decimal.rbegin(); it != decimal.rend(); ++it) {
          const int v = (*it - '0') * base + carry;
          *it = static_cast<char>('0' + v % 10);
          carry = v / 10;
        }
        while (carry > 0) {
          decimal.insert(decimal.begin(), static_cast<char>('0' + carry % 10));
          carry /= 10;
        }
      }
      if (ok) {
        r.tag = Tag::kInt;
        r.value = Scalar(Scalar::Type::kBigInt);
        r.value.s = decimal.substr(decimal.find_first_not_of('0') == std::string::npos
                                       ? decimal.size() - 1
                                       : decimal.find_first_not_of('0'));
      }
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Go's fmt %#v for the values that appear in go-yaml and sigs.k8s.io/yaml error messages.

std::string GoSharpV(const Scalar& s) {
  switch (s.type) {
    case Scalar::Type::kNull:
      return "<nil>";
    case Scalar::Type::kBool:
      return s.b ? "true" : "false";
    case Scalar::Type::kInt:
      return std::to_string(s.i);
    case Scalar::Type::kUint: {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "0x%llx", static_cast<unsigned long long>(s.u));
      return buffer;
    }
    case Scalar::Type::kFloat:
      return go::FormatFloatG(s.f, 64);
    case Scalar::Type::kString:
      return GoQuote(s.s);
    case Scalar::Type::kBigInt:
      return s.s;
  }
  return "";
}

std::string GoTypeName(const Scalar& s) {
  switch (s.type) {
    case Scalar::Type::kNull:
      return "%!s(<nil>)";
    case Scalar::Type::kBool:
      return "bool";
    case Scalar::Type::kInt:
      return "int";
    case Scalar::Type::kUint:
      return "uint64";
    case Scalar::Type::kFloat:
      return "float64";
    case Scalar::Type::kString:
      return "string";
    case Scalar::Type::kBigInt:
      return "*big.Int";
  }
  return "";
}

// %#v of a decoded JSON value, as Go prints the interface{} it came from.
std::string GoSharpV(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return "interface {}(nil)";
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
      return std::to_string(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return std::to_string(j.get<uint64_t>());
    case nlohmann::json::value_t::number_float:
      return go::FormatFloatG(j.get<double>(), 64);
    case nlohmann::json::value_t::string:
      return GoQuote(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      std::string out = "[]interface {}{";
      bool first = true;
      for (const auto& item : j) {
        if (!first) out += ", ";
        first = false;
        out += GoSharpV(item);
      }
      return out + "}";
    }
    default: {
      std::string out = "map[interface {}]interface {}{";
      bool first = true;
      for (const auto& [key, value] : j.items()) {
        if (!first) out += ", ";
        first = false;
        out += GoQuote(key) + ":" + GoSharpV(value);
      }
      return out + "}";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// go-yaml's decoder into interface{}, then sigs.k8s.io/yaml's convertToJSONableObject.

// A mapping as go-yaml builds it: Go-typed keys, in insertion order.
struct GoMap {
  struct Entry {
    Scalar key;
    nlohmann::json value;
  };
  std::vector<Entry> entries;
  std::map<std::string, size_t> index;  // by IdentityOf(key)
  int nan_keys = 0;
};

// A key identity that matches Go's == on interface{} values (NaN never equals anything).
std::string IdentityOf(const Scalar& key, GoMap& map) {
  switch (key.type) {
    case Scalar::Type::kNull:
      return "n";
    case Scalar::Type::kBool:
      return key.b ? "b1" : "b0";
    case Scalar::Type::kInt:
      return "i" + std::to_string(key.i);
    case Scalar::Type::kUint:
      return "u" + std::to_string(key.u);
    case Scalar::Type::kFloat: {
      if (std::isnan(key.f)) return "nan" + std::to_string(map.nan_keys++);
      const double f = key.f == 0 ? 0.0 : key.f;  // -0 == +0 in Go
      char buffer[40];
      std::snprintf(buffer, sizeof(buffer), "f%a", f);
      return buffer;
    }
    case Scalar::Type::kString:
      return "s" + key.s;
    case Scalar::Type::kBigInt:
      return "g" + key.s + std::to_string(map.entries.size());
  }
  return "";
}

nlohmann::json ScalarToJson(const Scalar& s) {
  switch (s.type) {
    case Scalar::Type::kNull:
      return nullptr;
    case Scalar::Type::kBool:
      return s.b;
    case Scalar::Type::kInt:
      return s.i;
    case Scalar::Type::kUint:
      return s.u;
    case Scalar::Type::kFloat: {
      // encoding/json prints integral floats below 1e21 without a fraction, so they read
      // back as integers.
      const double f = s.f;
      if (std::isfinite(f) && f == std::trunc(f) && std::fabs(f) < 1e21) {
        if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
          return static_cast<int64_t>(f);
        }
        if (f >= 0 && f < 18446744073709551616.0) return static_cast<uint64_t>(f);
      }
      return f;  // non-finite values are rejected after conversion, as json.Marshal does
    }
    case Scalar::Type::kString:
      return s.s;
    case Scalar::Type::kBigInt:
      return nlohmann::json::parse(s.s);
  }
  return nullptr;
}

// Go's json.Marshal replaces invalid UTF-8 with U+FFFD; the text was validated, so only
// !!binary payloads can hold it.
std::string ValidUtf8(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t width = b0 < 0x80             ? 1
                   : (b0 & 0xE0) == 0xC0 ? 2
                   : (b0 & 0xF0) == 0xE0 ? 3
                   : (b0 & 0xF8) == 0xF0 ? 4
                                         : 0;
    bool ok = width > 0 && i + width <= s.size();
    uint32_t cp = width == 1   ? b0
                  : width == 2 ? (b0 & 0x1F)
                  : width == 3 ? (b0 & 0x0F)
                               : (b0 & 0x07);
    for (size_t k = 1; ok && k < width; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (ok && ((width == 2 && cp < 0x80) || (width == 3 && cp < 0x800) ||
               (width == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (ok) {
      out.append(s, i, width);
      i += width;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

class Decoder {
 public:
  explicit Decoder(bool strict) : strict_(strict) {}

  nlohmann::json DecodeRoot(const Node* root) {
    nlohmann::json result = DecodeValue(root);
    if (!type_errors_.empty()) {
      std::string message = "unmarshal errors:";
      for (const std::string& e : type_errors_) message += "\n  " + e;
      Failure failure;
      failure.message = std::move(message);
      failure.line = first_type_error_line_;
      throw failure;
    }
    if (key_error_) throw *key_error_;
    if (const std::optional<std::string> bad = FirstNonFinite(result)) {
      Failure failure;
      failure.message = "json: unsupported value: " + *bad;
      failure.raw = true;
      throw failure;
    }
    return result;
  }

 private:
  // go-yaml's alias-expansion limit (billion laughs).
  void Count() {
    ++decode_count_;
    if (alias_depth_ > 0) ++alias_count_;
    if (alias_count_ > 100 && decode_count_ > 1000 &&
        static_cast<double>(alias_count_) / static_cast<double>(decode_count_) >
            AllowedAliasRatio(decode_count_)) {
      Fail("document contains excessive aliasing", nullptr);
    }
  }

  static double AllowedAliasRatio(int64_t decode_count) {
    constexpr int64_t kLow = 400000, kHigh = 4000000;
    if (decode_count <= kLow) return 0.99;
    if (decode_count >= kHigh) return 0.10;
    return 0.99 -
           0.89 * (static_cast<double>(decode_count - kLow) / static_cast<double>(kHigh - kLow));
  }

  [[noreturn]] void Fail(std::string message, const Node* node) {
    Failure failure;
    failure.message = std::move(message);
    if (node != nullptr) {
      failure.line = node->line;
      failure.column = node->column;
    }
    throw failure;
  }

  // Follows an alias (counting it as go-yaml does) to the node it names.
  template <typename F>
  auto WithAlias(const Node* alias, F&& f) {
    if (active_aliases_.contains(alias)) {
      Fail("anchor '" + alias->anchor + "' value contains itself", alias);
    }
    active_aliases_.insert(alias);
    ++alias_depth_;
    auto result = f(alias->target);
    --alias_depth_;
    active_aliases_.erase(alias);
    return result;
  }

  // A value: a scalar keeps its Go type (needed for keys), a collection is JSON already.
  using Value = std::variant<Scalar, nlohmann::json>;

  Value Decode(const Node* node) {
    Count();
    switch (node->kind) {
      case Node::Kind::kAlias:
        return WithAlias(node, [&](const Node* target) { return Decode(target); });
      case Node::Kind::kNull:
        return Scalar{};
      case Node::Kind::kScalar:
        return DecodeScalar(node);
      case Node::Kind::kSequence: {
        nlohmann::json array = nlohmann::json::array();
        for (const Node* child : node->children) array.push_back(DecodeValue(child));
        return array;
      }
      case Node::Kind::kMapping: {
        GoMap map;
        DecodeMappingInto(node, map);
        return ToJsonObject(map);
      }
    }
    return Scalar{};
  }

  nlohmann::json DecodeValue(const Node* node) {
    Value v = Decode(node);
    if (Scalar* s = std::get_if<Scalar>(&v)) return ScalarToJson(*s);
    return std::move(std::get<nlohmann::json>(v));
  }

  Scalar DecodeScalar(const Node* node) {
    const Tag tag = TagOf(node->tag);
    Scalar s;
    if (node->tag == "!" || tag == Tag::kOther) {
      // Quoted and block scalars, and unknown tags, are strings.
      s.type = Scalar::Type::kString;
      s.s = node->value;
      return s;
    }
    if (tag == Tag::kBinary) {
      const auto data = Base64Decode(node->value);
      if (!data) Fail("!!binary value contains invalid base64 data", node);
      s.type = Scalar::Type::kString;
      s.s = ValidUtf8(*data);
      return s;
    }
    Resolution r = Resolve(tag, node->value);
    if (tag != Tag::kNone && tag != r.tag && tag != Tag::kStr) {
      if (tag == Tag::kFloat && r.tag == Tag::kInt &&
          (r.value.type == Scalar::Type::kInt || r.value.type == Scalar::Type::kUint)) {
        const double f = r.value.type == Scalar::Type::kInt ? static_cast<double>(r.value.i)
                                                            : static_cast<double>(r.value.u);
        r.value = Scalar(Scalar::Type::kFloat);
        r.value.f = f;
      } else {
        Fail("cannot decode " + std::string(ShortTag(r.tag)) + " `" + node->value + "` as a " +
                 std::string(ShortTag(tag)),
             node);
      }
    }
    if (r.tag == Tag::kTimestamp) {
      s.type = Scalar::Type::kString;
      s.s = node->value;
      return s;
    }
    return r.value;
  }

  static bool IsMerge(const Node* key) {
    return key->kind == Node::Kind::kScalar && key->value == "<<" &&
           (key->tag == "?" || TagOf(key->tag) == Tag::kMerge);
  }

  void DecodeMappingInto(const Node* node, GoMap& map) {
    for (size_t i = 0; i + 1 < node->children.size(); i += 2) {
      const Node* key_node = node->children[i];
      const Node* value_node = node->children[i + 1];
      if (IsMerge(key_node)) {
        Merge(value_node, map);
        continue;
      }
      Value key = Decode(key_node);
      if (nlohmann::json* collection = std::get_if<nlohmann::json>(&key)) {
        Fail("invalid map key: " + GoSharpV(*collection), key_node);
      }
      nlohmann::json value = DecodeValue(value_node);
      SetMapIndex(value_node, map, std::get<Scalar>(std::move(key)), std::move(value));
    }
  }

  void SetMapIndex(const Node* value_node, GoMap& map, Scalar key, nlohmann::json value) {
    const std::string identity = IdentityOf(key, map);
    auto it = map.index.find(identity);
    if (it != map.index.end()) {
      if (strict_) {
        if (type_errors_.empty()) first_type_error_line_ = value_node->line;
        type_errors_.push_back("line " + std::to_string(value_node->line + 1) + ": key " +
                               GoSharpV(key) + " already set in map");
        return;
      }
      map.entries[it->second].value = std::move(value);
      return;
    }
    map.index.emplace(identity, map.entries.size());
    map.entries.push_back({std::move(key), std::move(value)});
  }

  [[noreturn]] void FailWantMap(const Node* node) {
    Fail("map merge requires map or sequence of maps as the value", node);
  }

  void MergeMapping(const Node* node, GoMap& map) {
    Count();
    if (node->kind == Node::Kind::kAlias) {
      WithAlias(node, [&](const Node* target) {
        MergeMapping(target, map);
        return 0;
      });
      return;
    }
    DecodeMappingInto(node, map);
  }

  void Merge(const Node* value, GoMap& map) {
    switch (value->kind) {
      case Node::Kind::kMapping:
        MergeMapping(value, map);
        return;
      case Node::Kind::kAlias:
        if (value->target->kind != Node::Kind::kMapping) FailWantMap(value);
        MergeMapping(value, map);
        return;
      case Node::Kind::kSequence:
        // Earlier maps take precedence: go-yaml merges them last.
        for (auto it = value->children.rbegin(); it != value->children.rend(); ++it) {
          const Node* item = *it;
          if (item->kind == Node::Kind::kAlias) {
            if (item->target->kind != Node::Kind::kMapping) FailWantMap(item);
          } else if (item->kind != Node::Kind::kMapping) {
            FailWantMap(item);
          }
          MergeMapping(item, map);
        }
        return;
      default:
        FailWantMap(value);
    }
  }

  // sigs.k8s.io/yaml's key conversion. The first unsupported key is reported after decoding,
  // as it happens after go-yaml's errors there.
  nlohmann::json ToJsonObject(GoMap& map) {
    nlohmann::json object = nlohmann::json::object();
    for (GoMap::Entry& entry : map.entries) {
      std::string key;
      switch (entry.key.type) {
        case Scalar::Type::kString:
          key = entry.key.s;
          break;
        case Scalar::Type::kInt:
          key = std::to_string(entry.key.i);
          break;
        case Scalar::Type::kBool:
          key = entry.key.b ? "true" : "false";
          break;
        case Scalar::Type::kFloat: {
          key = go::FormatFloatG(entry.key.f, 32);
          if (key == "+Inf") key = ".inf";
          if (key == "-Inf") key = "-.inf";
          if (key == "NaN") key = ".nan";
          break;
        }
        default:
          if (!key_error_) {
            Failure failure;
            failure.raw = true;
            failure.message = "unsupported map key of type: " + GoTypeName(entry.key) +
                              ", key: " + GoSharpV(entry.key) + ", value: " + GoSharpV(entry.value);
            key_error_ = std::move(failure);
          }
          continue;
      }
      object[key] = std::move(entry.value);
    }
    return object;
  }

  // The first value json.Marshal would reject, in its (sorted) order.
  static std::optional<std::string> FirstNonFinite(const nlohmann::json& j) {
    if (j.is_number_float()) {
      const double f = j.get<double>();
      if (!std::isfinite(f)) return go::FormatFloatG(f, 64);
      return std::nullopt;
    }
    if (j.is_structured()) {
      for (const auto& item : j) {
        if (std::optional<std::string> bad = FirstNonFinite(item)) return bad;
      }
    }
    return std::nullopt;
  }

  bool strict_;
  int64_t decode_count_ = 0;
  int64_t alias_count_ = 0;
  int alias_depth_ = 0;
  std::set<const Node*> active_aliases_;
  std::vector<std::string> type_errors_;
  int first_type_error_line_ = -1;
  std::optional<Failure> key_error_;
};

}  // namespace

std::optional<nlohmann::json> DecodeFirstDocument(std::string_view text, bool strict,
                                                  DecodeFailure* failure) {
  const auto report = [&](const Failure& f) {
    failure->message = f.raw ? f.message : "yaml: " + f.message;
    failure->line = f.line;
    failure->column = f.column;
    return std::nullopt;
  };
  if (std::optional<Failure> bad = CheckCharacters(text)) return report(*bad);
  size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  // yaml-cpp reads a copy without the BOM; lines stay the same.
  const std::string_view body = text.substr(bom);

  std::istringstream input{std::string(body)};
  TreeBuilder builder(body);
  try {
    ::YAML::Parser parser(input);
    if (!parser.HandleNextDocument(builder)) return nlohmann::json(nullptr);
    // libyaml requires `---` (or a preceding `...`) before a second document; yaml-cpp starts
    // one silently, e.g. for "- a\nb: 1". go-yaml then fails inside the first document.
    try {
      ProbeHandler probe;
      parser.HandleNextDocument(probe);
    } catch (const ProbeHandler::Found& next) {
      const size_t at = LineStart(body, next.line) + static_cast<size_t>(next.column);
      const bool explicit_start = body.substr(at).starts_with("---");
      if (!explicit_start && !HasDocumentEndMarker(body, 0, at)) {
        const Node* root = builder.root();
        std::string problem = "did not find expected <document start>";
        if (root != nullptr && !root->flow && root->kind == Node::Kind::kSequence) {
          problem = "did not find expected '-' indicator";
        } else if (root != nullptr && !root->flow && root->kind == Node::Kind::kMapping) {
          problem = "did not find expected key";
        }
        return report(LibyamlFailure(problem, /*scanner=*/false, next.line, next.column));
      }
    } catch (const ::YAML::Exception&) {
      // Errors in later documents are never seen by go-yaml, which reads only the first.
    }
  } catch (const StopParsing& stop) {
    return report(stop.failure);
  } catch (const ::YAML::Exception& e) {
    return report(TranslateParserError(e, builder, body));
  }
  if (builder.root() == nullptr) return nlohmann::json(nullptr);
  try {
    Decoder decoder(strict);
    return decoder.DecodeRoot(builder.root());
  } catch (const Failure& f) {
    return report(f);
  } catch (const std::exception& e) {
    Failure f;
    f.message = e.what();
    return report(f);
  }
}

bool ResolvesAsString(const std::string& s) { return Resolve(Tag::kNone, s).tag == Tag::kStr; }

}  // namespace kubefake::api::yaml
