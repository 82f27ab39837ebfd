// Sample objects for the benchmarks.
#include "bench_objects.h"

#include <string>

namespace kubefake::bench {

nlohmann::json SamplePod(std::string_view name) {
  nlohmann::json container = {
      {"name", "web"},
      {"image", "registry.example.com/team/web-frontend:1.27.3"},
      {"args", {"--listen=:8080", "--log-level=info", "--metrics-bind-address=:9090"}},
      {"ports",
       {{{"name", "http"}, {"containerPort", 8080}, {"protocol", "TCP"}},
        {{"name", "metrics"}, {"containerPort", 9090}, {"protocol", "TCP"}}}},
      {"env",
       {{{"name", "MODE"}, {"value", "production"}}, {{"name", "REGION"}, {"value", "eu-west-1"}}}},
      {"resources",
       {{"requests", {{"cpu", "250m"}, {"memory", "256Mi"}}},
        {"limits", {{"cpu", "1"}, {"memory", "512Mi"}}}}},
      {"readinessProbe",
       {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}}, {"periodSeconds", 10}}},
      {"imagePullPolicy", "IfNotPresent"}};
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", name},
            {"labels", {{"app", "web"}, {"tier", "frontend"}, {"track", "stable"}}},
            {"annotations", {{"example.com/owner", "team-web"}}}}},
          {"spec",
           {{"containers", {container}},
            {"nodeName", "node-1"},
            {"serviceAccountName", "web"},
            {"terminationGracePeriodSeconds", 30}}}};
}

nlohmann::json SampleConfigMap(std::string_view name, std::size_t data_bytes) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}}},
          {"data", {{"payload", std::string(data_bytes, 'x')}}}};
}

}  // namespace kubefake::bench
