import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The AWS Load Balancer Controller's CRDs that the platform uses (IngressClassParams, which the
 * ingress chart applies, and TargetGroupBinding, which the controller writes for every Ingress),
 * applied by the platform so that they are upgraded with the controller: the chart keeps them in
 * its crds/ folder, which Helm creates once and never upgrades.
 *
 * They are built from the schemas `tools/import-crds.sh` extracted from the controller's release
 * (charts/imports/schemas), plus the names, versions and printer columns written out below; a
 * test compares the result with the CRDs of the pinned chart, so a chart bump that changes them
 * fails until this file and the schemas follow.
 */
const SCHEMAS = join(__dirname, 'imports', 'schemas');

interface CrdVersion {
  readonly name: string;
  readonly storage: boolean;
  readonly status: boolean;
  readonly columns: readonly PrinterColumn[];
}

interface PrinterColumn {
  readonly name: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
  readonly type: 'string' | 'date';
}

interface CrdDefinition {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CrdVersion[];
}

const AGE: PrinterColumn = { name: 'AGE', jsonPath: '.metadata.creationTimestamp', type: 'date' };

const TARGET_GROUP_BINDING_COLUMNS: readonly PrinterColumn[] = [
  { name: 'SERVICE-NAME', jsonPath: '.spec.serviceRef.name', description: "The Kubernetes Service's name", type: 'string' },
  { name: 'SERVICE-PORT', jsonPath: '.spec.serviceRef.port', description: "The Kubernetes Service's port", type: 'string' },
  { name: 'TARGET-TYPE', jsonPath: '.spec.targetType', description: "The AWS TargetGroup's TargetType", type: 'string' },
  { name: 'ARN', jsonPath: '.spec.targetGroupARN', description: "The AWS TargetGroup's Amazon Resource Name", priority: 1, type: 'string' },
  { name: 'NAME', jsonPath: '.spec.targetGroupName', description: "The AWS TargetGroup's Name", priority: 2, type: 'string' },
  AGE,
];

export const LOAD_BALANCER_CONTROLLER_CRDS: readonly CrdDefinition[] = [
  {
    group: 'elbv2.k8s.aws',
    kind: 'IngressClassParams',
    plural: 'ingressclassparams',
    singular: 'ingressclassparam',
    scope: 'Cluster',
    versions: [
      {
        name: 'v1beta1',
        storage: true,
        status: false,
        columns: [
          { name: 'GROUP-NAME', jsonPath: '.spec.group.name', description: 'The Ingress Group name', type: 'string' },
          { name: 'SCHEME', jsonPath: '.spec.scheme', description: 'The AWS Load Balancer scheme', type: 'string' },
          { name: 'IP-ADDRESS-TYPE', jsonPath: '.spec.ipAddressType', description: 'The AWS Load Balancer ipAddressType', type: 'string' },
          AGE,
        ],
      },
    ],
  },
  {
    group: 'elbv2.k8s.aws',
    kind: 'TargetGroupBinding',
    plural: 'targetgroupbindings',
    singular: 'targetgroupbinding',
    scope: 'Namespaced',
    versions: [
      { name: 'v1alpha1', storage: false, status: true, columns: TARGET_GROUP_BINDING_COLUMNS },
      { name: 'v1beta1', storage: true, status: true, columns: TARGET_GROUP_BINDING_COLUMNS },
    ],
  },
];

export interface CustomResourceDefinitionObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: Record<string, unknown>;
}

/** The CustomResourceDefinition object of one CRD, as controller-gen writes it. */
export function customResourceDefinition(crd: CrdDefinition): CustomResourceDefinitionObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${crd.plural}.${crd.group}` },
    spec: {
      group: crd.group,
      names: { kind: crd.kind, listKind: `${crd.kind}List`, plural: crd.plural, singular: crd.singular },
      scope: crd.scope,
      versions: crd.versions.map((version) => ({
        additionalPrinterColumns: version.columns,
        name: version.name,
        schema: {
          openAPIV3Schema: JSON.parse(readFileSync(join(SCHEMAS, `${crd.group}_${version.name}_${crd.kind}.json`), 'utf8')),
        },
        served: true,
        storage: version.storage,
        subresources: version.status ? { status: {} } : {},
      })),
    },
  };
}

/** The load balancer controller's CRDs the platform depends on. */
export class LoadBalancerControllerCrdsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const crd of LOAD_BALANCER_CONTROLLER_CRDS) {
      const { apiVersion, kind, metadata, spec } = customResourceDefinition(crd);
      new ApiObject(this, crd.plural, { apiVersion, kind, metadata, spec });
    }
  }
}
