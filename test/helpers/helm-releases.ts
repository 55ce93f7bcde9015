import type { Template } from 'aws-cdk-lib/assertions';

/** A Helm release as the template hands it to the kubectl provider, deploy-time values filled in. */
export interface TemplateHelmRelease {
  /** Logical ID of the custom resource. */
  readonly logicalId: string;
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  readonly repository: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
  /** The custom resource's DeletionPolicy, when set. */
  readonly deletionPolicy?: string;
}

const ACCOUNT = '123456789012';

/** What a deploy-time value could plausibly be, for rendering: an intrinsic of the template turned into text. */
function plausible(value: any, template: Template, region: string): string {
  if (typeof value === 'string') return value;
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  if (value.Ref) {
    const pseudo: Record<string, string> = {
      'AWS::Region': region,
      'AWS::Partition': 'aws',
      'AWS::AccountId': ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'stack',
    };
    return pseudo[value.Ref] ?? value.Ref.toLowerCase();
  }
  if (value['Fn::GetAtt']) {
    const [logicalId, attribute] = value['Fn::GetAtt'] as [string, string];
    const type = resources[logicalId]?.Type ?? '';
    if (attribute === 'Arn' && type === 'AWS::IAM::Role') return `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;
    if (attribute === 'Arn') return `arn:aws:${type.split('::')[1]?.toLowerCase() ?? 'service'}:${region}:${ACCOUNT}:${logicalId}`;
    if (attribute === 'Endpoint') return `https://0123456789ABCDEF0123456789ABCDEF.gr7.${region}.eks.amazonaws.com`;
    if (attribute === 'QueueName') return logicalId;
    return `${logicalId}-${attribute}`.toLowerCase();
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => plausible(part, template, region)).join(separator);
  }
  if (value['Fn::GetStackOutput']) {
    const output: string = value['Fn::GetStackOutput'].OutputName;
    return /Vpc/.test(output) && !/Subnet/.test(output) ? 'vpc-0123456789abcdef0' : output.toLowerCase();
  }
  if (value['Fn::ImportValue']) return 'imported-value';
  throw new Error(`no plausible value for ${JSON.stringify(value)}`);
}

/**
 * Every Helm release in a template: any custom resource whose type names a Helm chart (CDK's
 * `Custom::AWSCDK-EKS-HelmChart` today), so releases added later are covered without listing them.
 */
export function helmReleasesOf(template: Template, region: string): TemplateHelmRelease[] {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;
  return Object.entries(resources)
    .filter(([, resource]) => /^Custom::.*HelmChart$/.test(resource.Type))
    .map(([logicalId, { Properties: properties, DeletionPolicy }]) => ({
      logicalId,
      release: properties.Release,
      chart: properties.Chart,
      version: properties.Version,
      repository: properties.Repository,
      namespace: properties.Namespace ?? 'default',
      values: JSON.parse(plausible(properties.Values ?? '{}', template, region)),
      deletionPolicy: DeletionPolicy,
    }));
}
