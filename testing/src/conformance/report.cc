#include "kubefake/testing/conformance/report.h"

#include <cstdio>
#include <fstream>
#include <utility>

#include "kubefake/api/error.h"

namespace kubefake::testkit::conformance {
namespace {

// Escapes text for an XML attribute or element.
std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline and carriage return.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string Seconds(std::chrono::milliseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(duration.count()) / 1000.0);
  return buffer;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass: return "PASS";
    case Outcome::kFail: return "FAIL";
    case Outcome::kSkip: return "SKIP";
  }
  return "FAIL";
}

Verdict Passed() { return {}; }

Verdict Failed(std::string_view expected, std::string_view actual) {
  return {Outcome::kFail, "expected " + std::string(expected) + ", got " + std::string(actual)};
}

Verdict Failed(std::string detail) { return {Outcome::kFail, std::move(detail)}; }

Verdict Skipped(std::string why) { return {Outcome::kSkip, std::move(why)}; }

void Report::Add(CheckResult result) {
  if (progress_ != nullptr) {
    *progress_ << OutcomeName(result.outcome) << "  " << result.area << "  " << result.name;
    if (!result.rule.empty()) *progress_ << " [" << result.rule << "]";
    *progress_ << " (" << result.duration.count() << " ms)\n";
    if (!result.detail.empty()) {
      std::string_view rest = result.detail;
      while (!rest.empty()) {
        const size_t end = rest.find('\n');
        *progress_ << "      " << rest.substr(0, end) << '\n';
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      }
    }
    progress_->flush();
  }
  results_.push_back(std::move(result));
}

int Report::Count(Outcome outcome) const {
  int count = 0;
  for (const CheckResult& result : results_) count += result.outcome == outcome ? 1 : 0;
  return count;
}

std::string Report::Summary() const {
  return std::to_string(Count(Outcome::kPass)) + " passed, " +
         std::to_string(Count(Outcome::kFail)) + " failed, " +
         std::to_string(Count(Outcome::kSkip)) + " skipped";
}

std::string Report::JUnitXml(std::string_view suite) const {
  std::chrono::milliseconds total{0};
  for (const CheckResult& result : results_) total += result.duration;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuite name=\"" + XmlEscape(suite) + "\" tests=\"" +
         std::to_string(results_.size()) + "\" failures=\"" +
         std::to_string(Count(Outcome::kFail)) + "\" skipped=\"" +
         std::to_string(Count(Outcome::kSkip)) + "\" errors=\"0\" time=\"" + Seconds(total) +
         "\">\n";
  for (const CheckResult& result : results_) {
    const std::string name =
        result.rule.empty() ? result.name : result.name + " [" + result.rule + "]";
    xml += "  <testcase classname=\"" + XmlEscape(result.area) + "\" name=\"" + XmlEscape(name) +
           "\" time=\"" + Seconds(result.duration) + "\"";
    switch (result.outcome) {
      case Outcome::kPass: xml += "/>\n"; break;
      case Outcome::kFail:
        xml += ">\n    <failure message=\"" + XmlEscape(result.detail) + "\">" +
               XmlEscape(result.detail) + "</failure>\n  </testcase>\n";
        break;
      case Outcome::kSkip:
        xml += ">\n    <skipped message=\"" + XmlEscape(result.detail) + "\"/>\n  </testcase>\n";
        break;
    }
  }
  xml += "</testsuite>\n";
  return xml;
}

Result<void> Report::WriteJUnit(const std::filesystem::path& path, std::string_view suite) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << JUnitXml(suite);
  if (!out) {
    return Fail(api::NewInternalError("cannot write " + path.string()));
  }
  return {};
}

}  // namespace kubefake::testkit::conformance
