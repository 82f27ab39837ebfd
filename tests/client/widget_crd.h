// The Widget custom resource the client tests create at run time: example.com/v1 widgets
// (short name wd, category gadgets), namespaced, with spec.size and spec.replicas, and status
// and scale subresources.
#pragma once

#include <nlohmann/json.hpp>

namespace kubefake::client {

inline nlohmann::json WidgetCrd() {
  const nlohmann::json integer = {{"type", "integer"}};
  const nlohmann::json schema = {
      {"type", "object"},
      {"properties",
       {{"spec", {{"type", "object"}, {"properties", {{"size", integer}, {"replicas", integer}}}}},
        {"status", {{"type", "object"}, {"properties", {{"replicas", integer}}}}}}}};
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", "widgets.example.com"}}},
          {"spec",
           {{"group", "example.com"},
            {"scope", "Namespaced"},
            {"names",
             {{"plural", "widgets"},
              {"singular", "widget"},
              {"kind", "Widget"},
              {"shortNames", {"wd"}},
              {"categories", {"gadgets"}}}},
            {"versions",
             {{{"name", "v1"},
               {"served", true},
               {"storage", true},
               {"schema", {{"openAPIV3Schema", schema}}},
               {"subresources",
                {{"status", nlohmann::json::object()},
                 {"scale",
                  {{"specReplicasPath", ".spec.replicas"},
                   {"statusReplicasPath", ".status.replicas"}}}}}}}}}}};
}

}  // namespace kubefake::client
