import type { AccessGrant } from '../access-model';
import type { CpuArchitecture } from '../instance-types';
import { architectureOf } from '../instance-types';
import { ConfigError, formatFieldPath } from './config-error';
import { checkAcrossEnvironments } from './cross-environment-rules';
import { configErrorMessage, withQuotedValue } from './error-messages';
import type { EnvironmentInput, ParsedEnvironment } from './schema';
import { environmentSchema } from './schema';

/** A fully resolved, validated environment: what stacks and constructs receive. */
export interface EnvironmentConfig extends Readonly<Omit<ParsedEnvironment, 'cluster' | 'network' | 'systemNodeGroup'>> {
  readonly cluster: Readonly<ParsedEnvironment['cluster']> & { readonly name: string };
  readonly network: Readonly<ParsedEnvironment['network']> & { readonly interfaceEndpoints: boolean };
  readonly systemNodeGroup: Readonly<ParsedEnvironment['systemNodeGroup']> & { readonly architecture: CpuArchitecture };
  /** The access section as one list: every role and user with its level. */
  readonly accessGrants: readonly AccessGrant[];
}

type ParseOutcome = { config: EnvironmentConfig; problems: [] } | { config: undefined; problems: string[] };

function parseOne(input: EnvironmentInput, label: string): ParseOutcome {
  const result = environmentSchema.safeParse(input, { error: configErrorMessage, reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = formatFieldPath(issue.path);
      return `${label}${field ? `.${field}` : ''}: ${withQuotedValue(issue.message, issue.input)}`;
    });
    return { config: undefined, problems };
  }
  return { config: resolve(result.data), problems: [] };
}

/** Fills in what is derived from other fields, so no construct has to work it out again. */
function resolve(env: ParsedEnvironment): EnvironmentConfig {
  return {
    ...env,
    cluster: { ...env.cluster, name: env.cluster.name ?? `${env.name}-platform` },
    network: { ...env.network, interfaceEndpoints: env.network.interfaceEndpoints ?? env.cluster.endpointAccess.mode === 'private' },
    systemNodeGroup: { ...env.systemNodeGroup, architecture: architectureOf(env.systemNodeGroup.instanceTypes[0])! },
    accessGrants: [
      ...env.access.roles.map((role) => ({ principalArn: role.arn, principalType: 'role' as const, level: role.access })),
      ...env.access.users.map((user) => ({ principalArn: user.arn, principalType: 'user' as const, level: user.access })),
    ],
  };
}

/** Validates one environment; throws a ConfigError that lists every problem. */
export function parseEnvironment(input: EnvironmentInput): EnvironmentConfig {
  return parseEnvironments([input])[0];
}

/**
 * Validates the selected environments (all of them when `selected` is undefined) and throws one
 * ConfigError listing every problem in every one of them, before anything is built.
 */
export function parseEnvironments(inputs: readonly EnvironmentInput[], selected?: string): EnvironmentConfig[] {
  const names = inputs.map((input, index) => (typeof input.name === 'string' ? input.name : `environments[${index}]`));
  const problems: string[] = [];
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) problems.push(`${name}.name: two environments are called "${name}"`);
  });
  if (selected !== undefined && !names.includes(selected))
    problems.push(`context.env: unknown environment "${selected}"; known environments: ${names.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);

  const chosen = inputs.filter((_, index) => selected === undefined || names[index] === selected);
  const outcomes = chosen.map((input) => parseOne(input, typeof input.name === 'string' && input.name ? input.name : 'environment'));
  // Rules between environments read every environment, selected or not: a collision with an
  // environment deployed from another checkout is still a collision.
  const allProblems = [...outcomes.flatMap((outcome) => outcome.problems), ...checkAcrossEnvironments(inputs)];
  if (allProblems.length > 0) throw new ConfigError(allProblems);
  return outcomes.map((outcome) => outcome.config!);
}
