// The generated OpenAPI schema data: spot checks of the facts strategic merge patch, server-side
// apply and validation depend on, against the Kubernetes 1.33 spec, and the integrity of the
// whole table.
#include "kubefake/api/openapi_schema.h"

#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kubefake::api {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

const TypeSchema& MustFind(std::string_view name) {
  const TypeSchema* schema = FindTypeSchema(name);
  if (schema == nullptr) {
    ADD_FAILURE() << "no schema for " << name;
    return *AllTypeSchemas().front();
  }
  return *schema;
}

const FieldSchema& MustField(std::string_view type, std::string_view field) {
  const FieldSchema* f = MustFind(type).FindField(field);
  if (f == nullptr) {
    ADD_FAILURE() << type << " has no field " << field;
    static const FieldSchema kNone;
    return kNone;
  }
  return *f;
}

std::vector<std::string_view> StringViews(std::span<const std::string_view> s) {
  return {s.begin(), s.end()};
}

// Strategic merge patch keys and list types (x-kubernetes-patch-*, x-kubernetes-list-*).
struct PatchCase {
  std::string name;
  std::string_view type;
  std::string_view field;
  std::string_view strategy;
  std::string_view merge_key;
  std::string_view list_type;
  std::vector<std::string_view> list_map_keys;
};

void PrintTo(const PatchCase& c, std::ostream* os) { *os << c.name; }

class PatchMetadataTest : public testing::TestWithParam<PatchCase> {};

TEST_P(PatchMetadataTest, MatchesTheSpec) {
  const PatchCase& c = GetParam();
  const FieldSchema& field = MustField(c.type, c.field);

  EXPECT_EQ(field.patch_strategy, c.strategy);
  EXPECT_EQ(field.patch_merge_key, c.merge_key);
  EXPECT_EQ(field.list_type, c.list_type);
  EXPECT_EQ(StringViews(field.list_map_keys), c.list_map_keys);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PatchMetadataTest,
    testing::Values(
        PatchCase{"PodSpecContainers", "io.k8s.api.core.v1.PodSpec", "containers", "merge",
                  "name", "map", {"name"}},
        PatchCase{"ContainerPorts", "io.k8s.api.core.v1.Container", "ports", "merge",
                  "containerPort", "map", {"containerPort", "protocol"}},
        PatchCase{"PodSpecVolumes", "io.k8s.api.core.v1.PodSpec", "volumes", "merge,retainKeys",
                  "name", "map", {"name"}},
        PatchCase{"ObjectMetaFinalizers", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                  "finalizers", "merge", "", "set", {}},
        PatchCase{"ObjectMetaOwnerReferences", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
                  "ownerReferences", "merge", "uid", "map", {"uid"}},
        PatchCase{"DeploymentStrategyIsNotAList", "io.k8s.api.apps.v1.DeploymentSpec",
                  "strategy", "retainKeys", "", "", {}},
        PatchCase{"ContainerArgsAtomic", "io.k8s.api.core.v1.Container", "args", "", "",
                  "atomic", {}},
        PatchCase{"ServiceSpecPorts", "io.k8s.api.core.v1.ServiceSpec", "ports", "merge", "port",
                  "map", {"port", "protocol"}}),
    [](const testing::TestParamInfo<PatchCase>& info) { return info.param.name; });

TEST(OpenApiSchemaTest, PodSpecContainersAreAnArrayOfContainer) {
  const FieldSchema& containers = MustField("io.k8s.api.core.v1.PodSpec", "containers");

  EXPECT_TRUE(containers.required);
  EXPECT_EQ(containers.value.type, SchemaType::kArray);
  ASSERT_NE(containers.value.element, nullptr);
  EXPECT_EQ(containers.value.element->type, SchemaType::kObject);
  ASSERT_NE(containers.value.element->ref, nullptr);
  EXPECT_EQ(containers.value.element->ref->name, "io.k8s.api.core.v1.Container");
}

TEST(OpenApiSchemaTest, RequiredFieldsFollowTheSpec) {
  EXPECT_THAT(StringViews(MustFind("io.k8s.api.core.v1.Container").required), ElementsAre("name"));
  EXPECT_THAT(StringViews(MustFind("io.k8s.api.apps.v1.DeploymentSpec").required),
              ElementsAre("selector", "template"));
  EXPECT_THAT(StringViews(MustFind("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference").required),
              ElementsAre("apiVersion", "kind", "name", "uid"));
  EXPECT_THAT(StringViews(MustFind("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").required),
              IsEmpty());
  EXPECT_TRUE(MustField("io.k8s.api.core.v1.Container", "name").required);
  EXPECT_FALSE(MustField("io.k8s.api.core.v1.Container", "image").required);
}

TEST(OpenApiSchemaTest, EnumValuesComeOnlyFromTheSpecWhichHasNoneIn133) {
  // The published 1.33 OpenAPI (v2 and v3) carries no "enum" on any built-in field: enum-like
  // fields such as imagePullPolicy are checked by the apiserver's validation code, not its
  // schema. The data must not invent any; if a future spec adds them, they appear here.
  const FieldSchema& pull_policy = MustField("io.k8s.api.core.v1.Container", "imagePullPolicy");
  EXPECT_EQ(pull_policy.value.type, SchemaType::kString);
  EXPECT_THAT(pull_policy.value.enum_values, IsEmpty());

  int fields_with_enums = 0;
  for (const TypeSchema* type : AllTypeSchemas()) {
    for (const FieldSchema& field : type->fields) {
      if (!field.value.enum_values.empty()) ++fields_with_enums;
    }
  }
  EXPECT_EQ(fields_with_enums, 0);
}

TEST(OpenApiSchemaTest, DefaultsComeFromTheV3Spec) {
  EXPECT_EQ(MustField("io.k8s.api.core.v1.ContainerPort", "protocol").value.default_json,
            "\"TCP\"");
  EXPECT_EQ(MustField("io.k8s.api.core.v1.ReplicationControllerSpec", "replicas")
                .value.default_json,
            "1");
  EXPECT_EQ(MustField("io.k8s.api.core.v1.Container", "image").value.default_json, "");
}

struct TypeCase {
  std::string name;
  std::string_view type;
  std::string_view field;
  SchemaType expected;
  std::string_view format;
  std::string_view ref;
};

void PrintTo(const TypeCase& c, std::ostream* os) { *os << c.name; }

class FieldTypeTest : public testing::TestWithParam<TypeCase> {};

TEST_P(FieldTypeTest, ClassifiesTheFieldValue) {
  const TypeCase& c = GetParam();
  const ValueSchema* value = &MustField(c.type, c.field).value;
  // For arrays and maps the case names the element.
  if (value->type == SchemaType::kArray || value->type == SchemaType::kMap) {
    ASSERT_NE(value->element, nullptr);
    value = value->element;
  }

  EXPECT_EQ(SchemaTypeName(value->type), SchemaTypeName(c.expected));
  EXPECT_EQ(value->format, c.format);
  EXPECT_EQ(value->ref != nullptr ? value->ref->name : "", c.ref);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, FieldTypeTest,
    testing::Values(
        TypeCase{"Int32", "io.k8s.api.core.v1.ContainerPort", "containerPort",
                 SchemaType::kInteger, "int32", ""},
        TypeCase{"Int64", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "generation",
                 SchemaType::kInteger, "int64", ""},
        TypeCase{"Boolean", "io.k8s.api.core.v1.PodSpec", "hostNetwork", SchemaType::kBoolean,
                 "", ""},
        TypeCase{"Double", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
                           "JSONSchemaProps",
                 "minimum", SchemaType::kNumber, "double", ""},
        TypeCase{"QuantityMapValues", "io.k8s.api.core.v1.ResourceRequirements", "limits",
                 SchemaType::kQuantity, "", "io.k8s.apimachinery.pkg.api.resource.Quantity"},
        TypeCase{"Time", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp",
                 SchemaType::kTime, "", "io.k8s.apimachinery.pkg.apis.meta.v1.Time"},
        TypeCase{"MicroTime", "io.k8s.api.coordination.v1.LeaseSpec", "renewTime",
                 SchemaType::kMicroTime, "", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"},
        TypeCase{"IntOrString", "io.k8s.api.core.v1.ServicePort", "targetPort",
                 SchemaType::kIntOrString, "", "io.k8s.apimachinery.pkg.util.intstr.IntOrString"},
        TypeCase{"ByteMapValues", "io.k8s.api.core.v1.Secret", "data", SchemaType::kString,
                 "byte", ""},
        TypeCase{"FieldsV1IsFreeForm", "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
                 "fieldsV1", SchemaType::kFreeForm, "",
                 "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"},
        TypeCase{"RawExtensionIsFreeForm", "io.k8s.api.apps.v1.ControllerRevision", "data",
                 SchemaType::kFreeForm, "", "io.k8s.apimachinery.pkg.runtime.RawExtension"},
        TypeCase{"ObjectRef", "io.k8s.api.core.v1.Pod", "spec", SchemaType::kObject, "",
                 "io.k8s.api.core.v1.PodSpec"}),
    [](const testing::TestParamInfo<TypeCase>& info) { return info.param.name; });

TEST(OpenApiSchemaTest, MapTypesAreRecordedOnFieldsAndTypes) {
  EXPECT_EQ(MustField("io.k8s.api.core.v1.PodSpec", "nodeSelector").map_type, "atomic");
  EXPECT_EQ(MustField("io.k8s.api.core.v1.PodSpec", "nodeSelector").value.type, SchemaType::kMap);
  EXPECT_EQ(MustField("io.k8s.api.core.v1.PersistentVolumeSpec", "claimRef").map_type,
            "granular");
  EXPECT_EQ(MustFind("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").map_type, "atomic");
  EXPECT_EQ(MustFind("io.k8s.api.core.v1.PodSpec").map_type, "");
}

TEST(OpenApiSchemaTest, UnionsNameDiscriminatorAndMembers) {
  const TypeSchema& seccomp = MustFind("io.k8s.api.core.v1.SeccompProfile");

  ASSERT_EQ(seccomp.unions.size(), 1u);
  EXPECT_EQ(seccomp.unions[0].discriminator, "type");
  ASSERT_EQ(seccomp.unions[0].members.size(), 1u);
  EXPECT_EQ(seccomp.unions[0].members[0].field, "localhostProfile");
  EXPECT_EQ(seccomp.unions[0].members[0].discriminator_value, "LocalhostProfile");
}

TEST(OpenApiSchemaTest, ValueTypeDefinitionsAreClassified) {
  EXPECT_EQ(MustFind("io.k8s.apimachinery.pkg.api.resource.Quantity").type,
            SchemaType::kQuantity);
  EXPECT_EQ(MustFind("io.k8s.apimachinery.pkg.util.intstr.IntOrString").format, "int-or-string");
  EXPECT_EQ(MustFind("io.k8s.apimachinery.pkg.apis.meta.v1.Time").format, "date-time");
  EXPECT_EQ(MustFind("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON").type,
            SchemaType::kFreeForm);
  EXPECT_EQ(MustFind("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON")
                .openapi_type,
            "");
  EXPECT_EQ(MustFind("io.k8s.api.core.v1.Pod").openapi_type, "object");
}

struct GvkCase {
  std::string name;
  GroupVersionKind gvk;
  std::string_view definition;  // "" when unknown
};

void PrintTo(const GvkCase& c, std::ostream* os) { *os << c.name; }

class FindByGvkTest : public testing::TestWithParam<GvkCase> {};

TEST_P(FindByGvkTest, FindsTheDefinitionServedAsTheKind) {
  const TypeSchema* schema = FindTypeSchema(GetParam().gvk);

  if (GetParam().definition.empty()) {
    EXPECT_EQ(schema, nullptr);
  } else {
    ASSERT_NE(schema, nullptr);
    EXPECT_EQ(schema->name, GetParam().definition);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, FindByGvkTest,
    testing::Values(
        GvkCase{"CorePod", {"", "v1", "Pod"}, "io.k8s.api.core.v1.Pod"},
        GvkCase{"AppsDeployment", {"apps", "v1", "Deployment"}, "io.k8s.api.apps.v1.Deployment"},
        GvkCase{"CustomResourceDefinition",
                {"apiextensions.k8s.io", "v1", "CustomResourceDefinition"},
                "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"},
        GvkCase{"APIService", {"apiregistration.k8s.io", "v1", "APIService"},
                "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService"},
        GvkCase{"DeleteOptionsUnderBatch", {"batch", "v1", "DeleteOptions"},
                "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
        GvkCase{"WrongGroup", {"apps", "v1", "Pod"}, ""},
        GvkCase{"KindIsCaseSensitive", {"", "v1", "pod"}, ""}),
    [](const testing::TestParamInfo<GvkCase>& info) { return info.param.name; });

TEST(OpenApiSchemaTest, FindTypeSchemaByUnknownNameReturnsNull) {
  EXPECT_EQ(FindTypeSchema("io.k8s.api.core.v1.Nope"), nullptr);
  EXPECT_EQ(FindTypeSchema(""), nullptr);
  EXPECT_EQ(MustFind("io.k8s.api.core.v1.Pod").FindField("nope"), nullptr);
}

TEST(OpenApiSchemaTest, EveryDefinitionIsPresentSortedAndWellFormed) {
  std::span<const TypeSchema* const> all = AllTypeSchemas();
  ASSERT_EQ(all.size(), 707u);  // the definitions of the 1.33 swagger.json
  std::set<std::string_view> kinds;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(all[i - 1]->name, all[i]->name);
    }
    EXPECT_EQ(FindTypeSchema(all[i]->name), all[i]);
    for (const SchemaGroupVersionKind& gvk : all[i]->gvks) {
      EXPECT_EQ(FindTypeSchema(GroupVersionKind{std::string(gvk.group), std::string(gvk.version),
                                                std::string(gvk.kind)}),
                all[i]);
    }
    for (const FieldSchema& field : all[i]->fields) {
      // References resolve and containers have elements, all the way down.
      for (const ValueSchema* v = &field.value; v != nullptr; v = v->element) {
        if (v->type == SchemaType::kObject) {
          EXPECT_NE(v->ref, nullptr) << all[i]->name << "." << field.json_name;
        }
        if (v->type == SchemaType::kArray || v->type == SchemaType::kMap) {
          EXPECT_NE(v->element, nullptr) << all[i]->name << "." << field.json_name;
        }
      }
    }
    if (all[i]->type == SchemaType::kObject) {
      EXPECT_FALSE(all[i]->fields.empty());
    }
  }
}

}  // namespace
}  // namespace kubefake::api
