"""Loads the Kubernetes API description the generators read (../shared/k8s-api)."""
import dataclasses
import json
import pathlib


@dataclasses.dataclass
class Api:
    swagger: dict  # OpenAPI v2: definitions and paths
    v3: dict  # file stem ("api__v1_openapi") -> OpenAPI v3 document
    aggregated_discovery: dict  # apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /apis
    core_discovery: dict  # APIResourceList for /api/v1
    proto: dict  # path under proto/ -> text of an upstream generated.proto


def load(root: pathlib.Path) -> Api:
    def read(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)

    if not (root / "swagger.json").exists():
        raise SystemExit(f"codegen: no Kubernetes OpenAPI spec at {root}")
    return Api(
        swagger=read(root / "swagger.json"),
        v3={p.stem: read(p) for p in sorted((root / "v3").glob("*.json"))},
        aggregated_discovery=read(root / "discovery" / "aggregated_v2.json"),
        core_discovery=read(root / "discovery" / "api__v1.json"),
        proto={p.relative_to(root / "proto").as_posix(): p.read_text(encoding="utf-8")
               for p in sorted((root / "proto").rglob("*.proto"))},
    )
