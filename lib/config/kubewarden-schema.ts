import { z } from 'zod';
import { admittedObjects } from '../kubewarden/admitted-objects';
import { parseImageReference, matchesPattern } from '../kubewarden/image-reference';
import type { PolicyMode, PolicyName } from '../kubewarden/policy-catalog';
import { POLICY_MODES, POLICY_NAMES } from '../kubewarden/policy-catalog';
import { podSpecOf } from '../kubewarden/admitted-objects';
import { policyViolations } from '../kubewarden/policy-checks';
import { TEAM_EXAMPLES } from '../kubewarden/team-examples';
import { labelKey } from './kubernetes-labels';

/**
 * The `kubewarden` section: admission policies on team namespaces (Kubewarden, its controller and
 * policy server on the system nodes). Each policy audits (`monitor`: admitted, reported in
 * PolicyReports) or enforces (`protect`: refused); by default production environments enforce.
 */
const mode = z.enum(POLICY_MODES);

const policySchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Overrides the section's mode for this policy. */
  mode: mode.optional(),
});

const registry = z
  .string()
  .regex(
    /^[A-Za-z0-9*?]([A-Za-z0-9.*?-]*[A-Za-z0-9*?])?(:\d+)?$/,
    'is not a registry host such as public.ecr.aws or *.dkr.ecr.eu-west-1.amazonaws.com',
  );

export const kubewardenSchema = z.strictObject({
  /** On by default: every environment gets admission policies. */
  enabled: z.boolean().default(true),
  /** `monitor` or `protect` for every policy; by default `protect` where `production` is set, else `monitor`. */
  mode: mode.optional(),
  /** Each policy by name (see lib/kubewarden/policy-catalog.ts); all are on by default. */
  policies: z
    .strictObject(
      Object.fromEntries(POLICY_NAMES.map((name) => [name, policySchema.prefault({})])) as Record<
        PolicyName,
        ReturnType<typeof policySchema.prefault>
      >,
    )
    .prefault({}),
  /** Labels every team Pod and workload must carry (policy requiredLabels). */
  requiredLabels: z.array(labelKey).min(1).default(['app.kubernetes.io/name']),
  /**
   * Registries team images may come from (policy trustedImages; `*` wildcards allowed). By default
   * public.ecr.aws and the environment's own ECR registry.
   */
  trustedRegistries: z.array(registry).min(1).optional(),
  /** Replicas of the policy server (at least 2: a PodDisruptionBudget keeps one through a drain). */
  policyServerReplicas: z.number().int().min(2).max(5).default(2),
});

export type KubewardenConfig = z.output<typeof kubewardenSchema>;

export interface ResolvedPolicy {
  readonly name: PolicyName;
  readonly mode: PolicyMode;
}

export interface ResolvedKubewarden {
  readonly policies: readonly ResolvedPolicy[];
  readonly requiredLabels: readonly string[];
  readonly trustedRegistries: readonly string[];
  readonly policyServerReplicas: number;
}

interface EnvironmentFacts {
  readonly production: boolean;
  readonly account: string;
  readonly region: string;
}

/** The policies that are on, each with its mode, and the registries with their default. */
export function resolveKubewarden(config: KubewardenConfig, env: EnvironmentFacts): ResolvedKubewarden {
  const defaultMode: PolicyMode = config.mode ?? (env.production ? 'protect' : 'monitor');
  return {
    policies: POLICY_NAMES.filter((name) => config.policies[name].enabled).map((name) => ({
      name,
      mode: config.policies[name].mode ?? defaultMode,
    })),
    requiredLabels: config.requiredLabels,
    trustedRegistries: config.trustedRegistries ?? defaultTrustedRegistries(env),
    policyServerReplicas: config.policyServerReplicas,
  };
}

export function defaultTrustedRegistries(env: Pick<EnvironmentFacts, 'account' | 'region'>): string[] {
  return ['public.ecr.aws', `${env.account}.dkr.ecr.${env.region}.amazonaws.com`];
}

/**
 * Images the platform puts in team namespaces or tells teams to run there (its README examples):
 * policies judge team namespaces only, so the platform's own pods elsewhere are never judged.
 */
export function platformImagesForTeams(): string[] {
  const images = Object.values(TEAM_EXAMPLES)
    .flat()
    .flatMap((object) =>
      (['initContainers', 'containers'] as const).flatMap((field) =>
        (podSpecOf(object)?.[field] ?? []).flatMap((container) => (container.image ? [container.image] : [])),
      ),
    );
  return [...new Set(images)].sort();
}

type Problem = (path: (string | number)[], message: string) => void;

/**
 * The trusted registries must hold the platform's images for teams, and no enforced policy may
 * refuse the platform's own team examples: the closing check that enforcement locks out nothing
 * the platform itself ships or documents.
 */
export function checkKubewarden(env: EnvironmentFacts & { readonly kubewarden: KubewardenConfig }, problem: Problem): void {
  const config = env.kubewarden;
  if (!config.enabled) return;
  const resolved = resolveKubewarden(config, env);
  const trusted = resolved.policies.some((policy) => policy.name === 'trustedImages');

  const untrusted = trusted && config.trustedRegistries ? untrustedPlatformImages(config.trustedRegistries) : [];
  if (untrusted.length > 0)
    problem(
      ['kubewarden', 'trustedRegistries'],
      `[${config.trustedRegistries!.map((r) => `"${r}"`).join(', ')}] does not trust ${[...new Set(untrusted.map((image) => parseImageReference(image).registry))].join(', ')}, where the platform's team examples pull ${untrusted.join(', ')}; add the registry`,
    );

  const duplicate = config.requiredLabels.find((label, index) => config.requiredLabels.indexOf(label) !== index);
  if (duplicate) problem(['kubewarden', 'requiredLabels'], `lists "${duplicate}" twice`);

  // An untrusted registry is reported above, on the field to change.
  const enforced = resolved.policies.filter(
    (policy) => policy.mode === 'protect' && !(policy.name === 'trustedImages' && untrusted.length > 0),
  );
  for (const policy of enforced) {
    const refusedObjects = new Map<string, string[]>();
    for (const [example, objects] of Object.entries(TEAM_EXAMPLES))
      for (const object of objects.flatMap(admittedObjects))
        for (const violation of policyViolations(policy.name, resolved, object)) {
          const what = `${object.metadata.namespace}/${object.metadata.name} (README example ${example})`;
          refusedObjects.set(violation, [...(refusedObjects.get(violation) ?? []), what]);
        }
    if (refusedObjects.size === 0) continue;
    const refused = [...refusedObjects].map(([violation, objects]) => `${objects.join(', ')}: ${violation}`);
    const field = config.policies[policy.name].mode ? ['kubewarden', 'policies', policy.name, 'mode'] : ['kubewarden', 'mode'];
    problem(
      field,
      `"protect" would make ${policy.name} refuse the platform's own team examples (${refused.join('; ')}). Use "monitor" for this policy, or change its settings (and the examples in lib/kubewarden/team-examples.ts and the README) so they pass`,
    );
  }
}

function untrustedPlatformImages(trustedRegistries: readonly string[]): string[] {
  return platformImagesForTeams().filter(
    (image) => !trustedRegistries.some((pattern) => matchesPattern(pattern, parseImageReference(image).registry)),
  );
}
