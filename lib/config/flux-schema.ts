import { z } from 'zod';
import { show } from './error-messages';

/**
 * The `flux` section: Flux delivers team applications from Git. Each Git source becomes a
 * GitRepository and a Kustomization in a team namespace, reconciled as that namespace's tenant
 * service account, which may change nothing outside the namespace.
 */

/** Flux reconciles no more often than this: every reconcile clones or fetches the repository. */
export const MINIMUM_INTERVAL_SECONDS = 60;

const UNIT_SECONDS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };

/** Seconds of a Go duration as Flux reads it (`1m`, `90s`, `1h30m`), or undefined when it is not one. */
export function durationSeconds(duration: string): number | undefined {
  if (!/^(\d+h)?(\d+m)?(\d+s)?$/.test(duration) || duration === '') return undefined;
  return [...duration.matchAll(/(\d+)([hms])/g)].reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_SECONDS[unit], 0);
}

/** What Flux checks out: exactly one of a branch, a tag or a semver range of tags. */
const refSchema = z.strictObject({
  branch: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  /** A semver range over the repository's tags, e.g. `>=1.0.0 <2.0.0`: the newest matching tag is deployed. */
  semver: z.string().min(1).optional(),
});

export const GIT_REF_KINDS = ['branch', 'tag', 'semver'] as const;

const gitSourceSchema = z.strictObject({
  /** The GitRepository and Kustomization name in the namespace (a DNS label). */
  name: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/,
      'must be 1-40 lowercase letters, digits or hyphens, starting and ending with a letter or digit',
    ),
  /** The team namespace it delivers into: one the access section grants edit on. */
  namespace: z.string(),
  /** `https://` (public, or a token in Secrets Manager) or `ssh://` (a deploy key in Secrets Manager). */
  url: z.string(),
  ref: refSchema,
  /** The folder of the repository to apply, relative to its root. */
  path: z.string().default('./'),
  /** How often Flux fetches the repository and re-applies it (Go duration, at least 1m). */
  interval: z.string().default('5m'),
  /** Delete what was applied from this source once it leaves the repository. */
  prune: z.boolean().default(true),
  /**
   * Whether the repository needs credentials: the platform creates the Secrets Manager secret
   * `<env>/teams/<namespace>/git/<name>` (an HTTPS token or an SSH deploy key, see the README) and
   * syncs it into the namespace. Required for `ssh://` URLs.
   */
  credentials: z.boolean().default(false),
});

export const fluxSchema = z.strictObject({
  /** On by default: Flux runs even where no source is configured yet. */
  enabled: z.boolean().default(true),
  gitSources: z.array(gitSourceSchema).default([]),
  /**
   * The Alertmanager receiver (of type slack, in monitoring.alertmanager.receivers) whose webhook
   * Flux posts failed fetches and applies to. Its URL is synced into the namespaces that deliver
   * from Git (Flux reads a provider's secret from its own namespace), so pick a channel teams may post to.
   */
  slackReceiver: z.string().optional(),
});

export type FluxConfig = z.output<typeof fluxSchema>;
export type GitSourceConfig = FluxConfig['gitSources'][number];

type Problem = (path: (string | number)[], message: string) => void;

/**
 * Sources that can only deliver into their own team namespace, from a URL Flux can fetch
 * without a password in it, on an interval that does not hammer the Git host.
 */
export function checkFlux(flux: FluxConfig, teamNamespaces: readonly string[], slackReceivers: readonly string[], problem: Problem): void {
  if (!flux.enabled && flux.gitSources.length > 0)
    problem(['flux', 'enabled'], 'is false but gitSources are configured; set enabled: true or remove the sources');
  if (flux.slackReceiver !== undefined && !slackReceivers.includes(flux.slackReceiver))
    problem(
      ['flux', 'slackReceiver'],
      `${show(flux.slackReceiver)} is not a slack receiver of monitoring.alertmanager.receivers; use ${slackReceivers.length ? `one of ${slackReceivers.join(', ')}` : 'a receiver of type slack (none is configured)'}`,
    );
  const seen = new Set<string>();
  flux.gitSources.forEach((source, index) => {
    const at = (...path: string[]) => ['flux', 'gitSources', index, ...path];
    if (!teamNamespaces.includes(source.namespace))
      problem(
        at('namespace'),
        `${show(source.namespace)} is not a team namespace; use ${teamNamespaces.length ? `one of ${teamNamespaces.join(', ')}` : 'a namespace that access.roles or access.users grant edit on (none do yet)'}`,
      );
    const key = `${source.namespace}/${source.name}`;
    if (seen.has(key))
      problem(at('name'), `${show(source.name)} is used twice in namespace ${source.namespace}; give each source its own name`);
    seen.add(key);

    checkUrl(source, at('url'), problem);

    const refs = GIT_REF_KINDS.filter((kind) => source.ref[kind] !== undefined);
    if (refs.length !== 1)
      problem(
        at('ref'),
        `${refs.length === 0 ? 'names no' : `names ${refs.join(' and ')}: more than one`} ref; give exactly one of ${GIT_REF_KINDS.join(', ')}`,
      );

    const seconds = durationSeconds(source.interval);
    if (seconds === undefined) problem(at('interval'), `${show(source.interval)} is not a duration; use one such as 1m, 5m or 1h`);
    else if (seconds < MINIMUM_INTERVAL_SECONDS)
      problem(at('interval'), `${show(source.interval)} is below a minute; use 1m or more (every interval fetches the repository)`);

    if (source.path.startsWith('/') || source.path.split('/').includes('..'))
      problem(at('path'), `${show(source.path)} must be a folder inside the repository, relative to its root, such as ./deploy`);
  });
}

function checkUrl(source: GitSourceConfig, path: (string | number)[], problem: Problem): void {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    problem(path, `${show(source.url)} is not a URL; use https://host/org/repo or ssh://git@host/org/repo`);
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'ssh:')
    problem(path, `${show(source.url)} uses ${url.protocol.replace(/:$/, '')}; use https:// or ssh://`);
  else if (url.password || (url.protocol === 'https:' && url.username))
    problem(path, `${show(url.origin)} carries credentials in the URL; remove them and set credentials: true (they go in Secrets Manager)`);
  else if (url.protocol === 'ssh:' && !source.credentials)
    problem(path, `${show(source.url)} is an SSH URL, which needs a deploy key; set credentials: true`);
}
