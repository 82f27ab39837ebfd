// The fixture of the CustomResourceDefinition tests (R10): a Widget CRD
// (widgets.example.com, namespaced, v1) with a schema, status and scale subresources, printer
// columns and a selectable field, and requests with headers.
#pragma once

#include <string>

#include "engine_test.h"

namespace kubefake::fakeserver {

inline constexpr char kCrds[] = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
inline constexpr char kWidgetCrd[] =
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com";
inline constexpr char kWidgets[] = "/apis/example.com/v1/namespaces/default/widgets";
inline constexpr char kWidget[] = "/apis/example.com/v1/namespaces/default/widgets/w1";

class CrdTest : public EngineTest {
 protected:
  // The v1 version of the Widget CRD.
  static nlohmann::json WidgetVersion(const std::string& name = "v1", bool storage = true) {
    const nlohmann::json spec_schema = {
        {"type", "object"},
        {"required", nlohmann::json::array({"size"})},
        {"properties",
         {{"size", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}},
          {"color", {{"type", "string"}, {"enum", {"red", "blue"}}, {"default", "red"}}},
          {"name", {{"type", "string"}, {"maxLength", 10}, {"pattern", "^[a-z]+$"}}},
          {"tags", {{"type", "array"}, {"maxItems", 2}, {"items", {{"type", "string"}}}}},
          {"port", {{"x-kubernetes-int-or-string", true}}},
          {"extra", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}},
          {"replicas", {{"type", "integer"}}}}}};
    const nlohmann::json status_schema = {
        {"type", "object"},
        {"properties", {{"replicas", {{"type", "integer"}}}, {"phase", {{"type", "string"}}}}}};
    return {
        {"name", name},
        {"served", true},
        {"storage", storage},
        {"schema",
         {{"openAPIV3Schema",
           {{"type", "object"},
            {"properties", {{"spec", spec_schema}, {"status", status_schema}}}}}}},
        {"subresources",
         {{"status", nlohmann::json::object()},
          {"scale",
           {{"specReplicasPath", ".spec.replicas"}, {"statusReplicasPath", ".status.replicas"}}}}},
        {"additionalPrinterColumns",
         {{{"name", "Size"}, {"type", "integer"}, {"jsonPath", ".spec.size"}},
          {{"name", "Color"}, {"type", "string"}, {"jsonPath", ".spec.color"}},
          {{"name", "Tag"}, {"type", "string"}, {"jsonPath", ".spec.tags[*]"}, {"priority", 1}}}},
        {"selectableFields", nlohmann::json::array({{{"jsonPath", ".spec.color"}}})}};
  }

  static nlohmann::json WidgetCrd() {
    return {{"apiVersion", "apiextensions.k8s.io/v1"},
            {"kind", "CustomResourceDefinition"},
            {"metadata", {{"name", "widgets.example.com"}}},
            {"spec",
             {{"group", "example.com"},
              {"scope", "Namespaced"},
              {"names",
               {{"plural", "widgets"},
                {"kind", "Widget"},
                {"shortNames", nlohmann::json::array({"wd"})},
                {"categories", nlohmann::json::array({"all"})}}},
              {"versions", nlohmann::json::array({WidgetVersion()})}}}};
  }

  nlohmann::json CreateWidgetCrd() { return Expect(201, "POST", kCrds, WidgetCrd()); }

  static nlohmann::json Widget(const std::string& name, nlohmann::json spec) {
    return {{"apiVersion", "example.com/v1"},
            {"kind", "Widget"},
            {"metadata", {{"name", name}}},
            {"spec", std::move(spec)}};
  }

  // Sends with extra headers (Accept, Content-Type).
  Response SendWith(std::string method, std::string path, const nlohmann::json& body,
                    std::initializer_list<std::pair<const char*, std::string>> headers,
                    Query query = {}) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.Set("Content-Type", "application/json");
    }
    for (const auto& [name, value] : headers) request.headers.Set(name, value);
    return door_->Send(request);
  }

  // The Warning header values of `response`.
  static std::vector<std::string> Warnings(const Response& response) {
    std::vector<std::string> warnings;
    for (const auto& [name, value] : response.headers.entries()) {
      if (name == "Warning") warnings.push_back(value);
    }
    return warnings;
  }

  // The causes of a Status as "field: message" strings.
  static std::vector<std::string> Causes(const nlohmann::json& status) {
    std::vector<std::string> causes;
    for (const nlohmann::json& cause : status["details"]["causes"]) {
      causes.push_back(cause.value("field", "") + ": " + cause.value("message", ""));
    }
    return causes;
  }

  // The condition `type` of a CRD.
  static nlohmann::json ConditionOf(const nlohmann::json& crd, const std::string& type) {
    for (const nlohmann::json& condition : crd["status"]["conditions"]) {
      if (condition["type"] == type) return condition;
    }
    return nullptr;
  }
};

}  // namespace kubefake::fakeserver
