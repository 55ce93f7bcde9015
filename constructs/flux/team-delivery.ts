import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cdk8s from 'cdk8s';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { FluxTeamDeliveryChart } from '../../charts/flux-team-delivery-chart';
import { TeamSecretStoreChart } from '../../charts/team-secret-store-chart';
import type { GitSourceConfig } from '../../lib/config/flux-schema';
import { gitCredentialKeys, putSecretValueCommand, teamGitSecretPrefix } from '../../lib/platform-secrets';
import type { PlatformSecretStore } from '../external-secrets/external-secrets-operator';
import { PlatformSecret } from '../external-secrets/platform-secret';
import { SyncedSecret } from '../external-secrets/synced-secret';
import { retainedOnRemoval } from '../retained-on-removal';
import { acknowledgeNagFinding, wildcardResourceFinding } from '../nag';
import { ServiceAccountRole } from '../service-account-role';
import { deliverySecretsStatements } from './delivery-secrets-policy';
import { FLUX_TENANT_SERVICE_ACCOUNT } from './values';

export interface TeamDeliveryProps {
  readonly environment: string;
  /** The team namespace (it exists already, with the team namespaces manifest). */
  readonly namespace: string;
  readonly sources: readonly GitSourceConfig[];
  /** The platform's secret store: its key encrypts the team's secrets, its removal policy keeps them. */
  readonly platformStore: PlatformSecretStore;
  /** The External Secrets Operator's namespace: the store's service account lives there, out of the team's reach. */
  readonly operatorNamespace: string;
  /** Where failures are posted: the Slack receiver's platform secret (its webhook) and channel. */
  readonly slack?: { readonly webhook: PlatformSecret; readonly channel?: string };
  /** The Flux release (its CRDs) and the team namespaces. */
  readonly dependsOn: readonly IDependable[];
}

/** The initial value of a Git credential: fails authentication with a clear word until the operator puts the real one. Not a secret. */
export const GIT_CREDENTIAL_PLACEHOLDER = 'not-configured-run-aws-secretsmanager-put-secret-value';

/**
 * Delivery from Git into one team namespace: the tenant service account and its namespace-only
 * binding, a GitRepository and Kustomization per source, and, where sources need credentials or
 * failures go to Slack, a secret store of the team's own (an IRSA role that reads only
 * `<env>/teams/<namespace>/git/*` and the one webhook) through which External Secrets syncs them.
 */
export class TeamDelivery extends Construct {
  /** The Kustomizations (retained). */
  readonly manifest: eks.KubernetesManifest;
  /** GitRepositories, the tenant account and its binding, and the Slack provider and alert. */
  readonly sources: eks.KubernetesManifest;
  readonly credentials: ReadonlyMap<string, PlatformSecret>;
  readonly storeRole?: iam.Role;

  constructor(scope: Construct, id: string, props: TeamDeliveryProps) {
    super(scope, id);
    const { platformStore, namespace } = props;
    const cluster = platformStore.cluster;
    const credentialed = props.sources.filter((source) => source.credentials);
    const needsStore = credentialed.length > 0 || props.slack !== undefined;
    const credentialsSecret = (source: GitSourceConfig) => `git-${source.name}`;
    const slackSecret = 'flux-slack-webhook';
    const credentials = new Map<string, PlatformSecret>();
    const synced: IDependable[] = [];

    if (needsStore) {
      const gitPrefix = teamGitSecretPrefix(props.environment, namespace);
      const policy = new iam.ManagedPolicy(this, 'ReadDeliverySecrets', {
        description: `Flux delivery into ${namespace} (${props.environment}): read ${gitPrefix}*${props.slack ? ` and ${props.slack.webhook.secretName}` : ''}`,
        statements: deliverySecretsStatementsFor(props, gitPrefix),
      });
      acknowledgeNagFinding(
        policy,
        wildcardResourceFinding(`arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${gitPrefix}*`),
        "Secrets Manager appends a random suffix to every secret ARN, so a team's Git credentials are granted by name prefix: this team's, in this environment, only.",
      );
      const serviceAccountName = `delivery-secrets-${namespace}`;
      this.storeRole = new ServiceAccountRole(this, 'StoreIdentity', {
        cluster,
        namespace: props.operatorNamespace,
        serviceAccountName,
        createServiceAccount: true,
        managedPolicies: [policy],
        description: `Secret store of team namespace ${namespace} (${props.environment}): reads ${gitPrefix}*${props.slack ? ' and the Flux Slack webhook' : ''}`,
      }).role;
      const storeName = `team-${namespace}`;
      const storeManifest = new eks.KubernetesManifest(this, 'Store', {
        cluster,
        manifest: new TeamSecretStoreChart(new cdk8s.App(), 'team-secret-store', {
          name: storeName,
          region: Stack.of(this).region,
          namespace,
          serviceAccount: { name: serviceAccountName, namespace: props.operatorNamespace },
        }).toJson(),
      });
      // The ClusterSecretStore kind and its webhook come with the operator; its identity with the role.
      // Not the platform's store: the two are applied side by side.
      storeManifest.node.addDependency(platformStore.operator, this.storeRole);
      const teamStore: PlatformSecretStore = {
        ...platformStoreFields(platformStore),
        namePrefix: gitPrefix,
        storeName,
        ready: storeManifest,
      };

      for (const source of credentialed) {
        const keys = gitCredentialKeys(source.url);
        const secret = new PlatformSecret(this, `Git-${source.name}`, {
          store: teamStore,
          path: source.name,
          description: `Git credentials (${keys.join(', ')}) of Flux source ${namespace}/${source.name}; put them with the CLI (README: Delivering applications)`,
          initialValue: { placeholder: JSON.stringify(Object.fromEntries(keys.map((key) => [key, GIT_CREDENTIAL_PLACEHOLDER]))) },
        });
        credentials.set(source.name, secret);
        new CfnOutput(secret, 'FillCommand', {
          description: `Puts the Git credentials of ${namespace}/${source.name} as JSON {${keys.map((key) => `"${key}": ...`).join(', ')}}; paste it, then Ctrl-D`,
          value: putSecretValueCommand(Stack.of(this).region, secret.secretName),
        });
        synced.push(
          new SyncedSecret(this, `GitSecret-${source.name}`, {
            store: teamStore,
            name: credentialsSecret(source),
            namespace,
            keys: keys.map((key) => ({ key, from: secret, property: key })),
          }).ready,
        );
      }
      if (props.slack)
        synced.push(
          new SyncedSecret(this, 'SlackWebhook', {
            store: teamStore,
            name: slackSecret,
            namespace,
            keys: [{ key: 'address', from: props.slack.webhook }],
          }).ready,
        );
    }
    this.credentials = credentials;

    const chart = new FluxTeamDeliveryChart(new cdk8s.App(), 'flux-team-delivery', {
      namespace,
      sources: props.sources,
      serviceAccountName: FLUX_TENANT_SERVICE_ACCOUNT,
      credentialsSecretOf: (source) => (source.credentials ? credentialsSecret(source) : undefined),
      slack: props.slack && { secretName: slackSecret, channel: props.slack.channel },
    });
    const [kustomizations, rest] = partition(chart.toJson(), (object) => object.kind === 'Kustomization');
    // Sources, the tenant account and its binding, notifications: safe to delete with config.
    this.sources = new eks.KubernetesManifest(this, 'Sources', { cluster, manifest: rest });
    // The Flux kinds are CRDs of the release; a GitRepository with credentials fails until its Secret exists.
    this.sources.node.addDependency(...props.dependsOn, ...synced);
    // Retained, and never pruned: deleting a Kustomization (prune on) makes Flux delete every object
    // it applied, the team's running applications. Sources that leave config stay until removed by hand.
    this.manifest = retainedOnRemoval(
      new eks.KubernetesManifest(this, 'Delivery', { cluster, manifest: kustomizations, prune: false }),
      "a Kustomization's deletion makes Flux delete everything it applied: the team's running applications",
    );
    // Reconciling starts once its source and the account it impersonates exist.
    this.manifest.node.addDependency(...props.dependsOn, this.sources);
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function platformStoreFields(store: PlatformSecretStore) {
  // The team's store is served by the same operator as the platform's.
  return { cluster: store.cluster, encryptionKey: store.encryptionKey, removalPolicy: store.removalPolicy, operator: store.operator };
}

function deliverySecretsStatementsFor(props: TeamDeliveryProps, gitSecretPrefix: string): iam.PolicyStatement[] {
  return deliverySecretsStatements({
    gitSecretPrefix,
    notificationSecretName: props.slack?.webhook.secretName,
    key: props.platformStore.encryptionKey,
  });
}
