import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { PlatformSecretStoreChart } from '../../charts/platform-secret-store-chart';
import type { HelmChartPin } from '../../lib/config/version-matrix';
import { platformSecretPrefix } from '../../lib/platform-secrets';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../nag';
import { pinnedHelmRelease } from '../pinned-helm-release';
import { retainedOnRemoval } from '../retained-on-removal';
import { ServiceAccountRole } from '../service-account-role';
import { secretReaderStatements } from './secret-reader-policy';
import { externalSecretsValues } from './values';

/**
 * What a system needs to keep its secrets in Secrets Manager and get them into the cluster:
 * where secrets are named, how they are encrypted and kept, and the store that syncs them.
 */
export interface PlatformSecretStore {
  readonly cluster: eks.ICluster;
  /** `<env>/platform/`: the operator reads secrets under this name prefix only. */
  readonly namePrefix: string;
  readonly encryptionKey: kms.IKey;
  /** What happens to a secret when it leaves the template: it holds state, so protected environments retain it. */
  readonly removalPolicy: RemovalPolicy;
  /** The ClusterSecretStore that ExternalSecrets name. */
  readonly storeName: string;
  /** Applied once the operator runs, its CRDs and webhook are in place, and the store exists. */
  readonly ready: IDependable;
  /** The operator's release: its CRDs and webhook are in place once it is. */
  readonly operator: IDependable;
}

export interface ExternalSecretsOperatorProps {
  readonly cluster: eks.ICluster;
  /** The environment's name: its platform secrets are `<environment>/platform/...`. */
  readonly environment: string;
  readonly chart: HelmChartPin;
  /** Must exist already (the platform namespaces chart), at the `restricted` Pod Security level. */
  readonly namespace: string;
  readonly removalPolicy: RemovalPolicy;
  /** The system nodes and the platform namespaces. */
  readonly dependsOn: readonly IDependable[];
}

export const EXTERNAL_SECRETS_RELEASE = 'external-secrets';
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';
export const PLATFORM_SECRET_STORE = 'platform-secrets-manager';

/**
 * The External Secrets Operator from its pinned chart (with its CRDs), an IRSA role that can
 * read only this environment's platform secrets, the customer key those secrets are encrypted
 * with, and the ClusterSecretStore through which platform namespaces get them.
 */
export class ExternalSecretsOperator extends Construct implements PlatformSecretStore {
  readonly cluster: eks.ICluster;
  readonly namePrefix: string;
  readonly encryptionKey: kms.Key;
  readonly removalPolicy: RemovalPolicy;
  readonly storeName = PLATFORM_SECRET_STORE;
  readonly role: iam.Role;
  readonly release: eks.HelmChart;
  readonly store: eks.KubernetesManifest;

  get ready(): IDependable {
    return this.store;
  }

  get operator(): IDependable {
    return this.release;
  }

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.namePrefix = platformSecretPrefix(props.environment);
    this.removalPolicy = props.removalPolicy;

    this.encryptionKey = new kms.Key(this, 'Key', {
      alias: `alias/${props.environment}/platform-secrets`,
      description: `Encryption of the platform secrets of environment ${props.environment} (${this.namePrefix}*)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });

    const readPolicy = new iam.ManagedPolicy(this, 'ReadPlatformSecrets', {
      description: `External Secrets in ${props.environment}: read ${this.namePrefix}* only`,
      statements: secretReaderStatements({ namePrefix: this.namePrefix, key: this.encryptionKey }),
    });
    acknowledgeNagFinding(
      readPolicy,
      wildcardResourceFinding(`arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${this.namePrefix}*`),
      "Secrets Manager appends a random suffix to every secret ARN, so secrets are granted by name prefix: this environment's platform secrets only.",
    );
    const irsa = new ServiceAccountRole(this, 'Irsa', {
      cluster: props.cluster,
      namespace: props.namespace,
      serviceAccountName: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
      // The chart creates the ServiceAccount and annotates it with the role.
      createServiceAccount: false,
      managedPolicies: [readPolicy],
      description: `External Secrets Operator of ${props.environment}: reads ${this.namePrefix}*`,
    });
    this.role = irsa.role;

    // The release's templates hold the operator's CRDs (installCRDs): uninstalling it deletes every
    // ExternalSecret, and with them the Secrets they own.
    this.release = retainedOnRemoval(
      pinnedHelmRelease(this, 'Release', {
        cluster: props.cluster,
        chart: props.chart,
        namespace: props.namespace,
        release: EXTERNAL_SECRETS_RELEASE,
        values: externalSecretsValues({ roleArn: this.role.roleArn, serviceAccountName: EXTERNAL_SECRETS_SERVICE_ACCOUNT }),
      }),
      'The External Secrets CRDs are templates of this release: uninstalling it deletes every ExternalSecret and the Secrets they own',
    );
    this.release.node.addDependency(...props.dependsOn);

    this.store = new eks.KubernetesManifest(this, 'Store', {
      cluster: props.cluster,
      manifest: new PlatformSecretStoreChart(new cdk8s.App(), 'platform-secret-store', {
        name: PLATFORM_SECRET_STORE,
        region: Stack.of(this).region,
        serviceAccount: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: props.namespace },
      }).toJson(),
    });
    // The ClusterSecretStore kind is a CRD of the release, and its webhook admits the store.
    this.store.node.addDependency(this.release);
  }
}
