// Tests of the conformance report: progress lines, summary, JUnit XML.
#include "kubefake/testing/conformance/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace kubefake::testkit::conformance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Report Sample(std::ostream* progress) {
  Report report(progress);
  report.Add({.area = "lifecycle", .name = "generateName appends 5 characters", .rule = "R2.4",
              .outcome = Outcome::kPass, .detail = "", .duration = std::chrono::milliseconds(3)});
  report.Add({.area = "watch", .name = "resume from a compacted revision answers 410",
              .rule = "R6.3", .outcome = Outcome::kFail,
              .detail = "expected 410 Expired\ngot 200 <ok> & \"more\"",
              .duration = std::chrono::milliseconds(1500)});
  report.Add({.area = "apply", .name = "apply conflicts", .rule = "", .outcome = Outcome::kSkip,
              .detail = "the server does not serve apps/v1", .duration = {}});
  return report;
}

TEST(ConformanceReport, CountsAndSummarizes) {
  const Report report = Sample(nullptr);
  EXPECT_EQ(report.Count(Outcome::kPass), 1);
  EXPECT_EQ(report.Count(Outcome::kFail), 1);
  EXPECT_EQ(report.Count(Outcome::kSkip), 1);
  EXPECT_FALSE(report.Ok());
  EXPECT_EQ(report.Summary(), "1 passed, 1 failed, 1 skipped");
}

TEST(ConformanceReport, OkWithoutFailures) {
  Report report;
  report.Add({.area = "a", .name = "b", .rule = "", .outcome = Outcome::kSkip, .detail = "why",
              .duration = {}});
  EXPECT_TRUE(report.Ok());
  EXPECT_EQ(report.Summary(), "0 passed, 0 failed, 1 skipped");
}

TEST(ConformanceReport, PrintsAProgressLinePerCheckWithIndentedDetail) {
  std::ostringstream progress;
  Sample(&progress);
  EXPECT_EQ(progress.str(),
            "PASS  lifecycle  generateName appends 5 characters [R2.4] (3 ms)\n"
            "FAIL  watch  resume from a compacted revision answers 410 [R6.3] (1500 ms)\n"
            "      expected 410 Expired\n"
            "      got 200 <ok> & \"more\"\n"
            "SKIP  apply  apply conflicts (0 ms)\n"
            "      the server does not serve apps/v1\n");
}

TEST(ConformanceReport, WritesEscapedJUnitXml) {
  const std::string xml = Sample(nullptr).JUnitXml("kubefake server conformance");
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"kubefake server conformance\" tests=\"3\" "
                             "failures=\"1\" skipped=\"1\" errors=\"0\" time=\"1.503\">"));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"lifecycle\" name=\"generateName appends 5 "
                             "characters [R2.4]\" time=\"0.003\"/>"));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"expected 410 Expired\ngot 200 &lt;ok&gt; &amp; "
                             "&quot;more&quot;\">"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"the server does not serve apps/v1\"/>"));
  EXPECT_THAT(xml, Not(HasSubstr("<ok>")));
}

TEST(ConformanceReport, WriteJUnitNamesAnUnwritablePath) {
  const auto written = Sample(nullptr).WriteJUnit("/nonexistent-dir/report.xml", "s");
  ASSERT_FALSE(written.has_value());
  EXPECT_THAT(written.error().message(), HasSubstr("/nonexistent-dir/report.xml"));
}

}  // namespace
}  // namespace kubefake::testkit::conformance
