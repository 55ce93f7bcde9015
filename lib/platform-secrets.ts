/**
 * Names of the Secrets Manager secrets the platform creates for its own software. Every one of
 * them starts with `<environment>/platform/`: the External Secrets Operator's role can read that
 * prefix and nothing else, so one environment's cluster never reads another's secrets.
 */

/** The name prefix of an environment's platform secrets. */
export function platformSecretPrefix(environment: string): string {
  return `${environment}/platform/`;
}

/** The full Secrets Manager name of one platform secret, from its path below the prefix. */
export function platformSecretName(environment: string, path: string): string {
  return `${platformSecretPrefix(environment)}${path}`;
}

/** Where the URL or key of an Alertmanager receiver lives (one plain-text value). */
export function receiverSecretPath(receiver: string): string {
  return `alertmanager/receivers/${receiver}`;
}

/** Grafana's admin login, `{"admin-user": ..., "admin-password": ...}`, with a generated password. */
export const GRAFANA_ADMIN_SECRET_PATH = 'grafana/admin';

/** The one command that puts a secret's value (read from standard input, so it stays out of shell history). */
export function putSecretValueCommand(region: string, secretName: string): string {
  return `aws secretsmanager put-secret-value --region ${region} --secret-id ${secretName} --secret-string file:///dev/stdin`;
}

/** The one command that fills a receiver's secret. */
export function fillReceiverCommand(environment: string, region: string, receiver: string): string {
  return putSecretValueCommand(region, platformSecretName(environment, receiverSecretPath(receiver)));
}

/** The command that prints a secret's value. */
export function getSecretValueCommand(region: string, secretName: string): string {
  return `aws secretsmanager get-secret-value --region ${region} --secret-id ${secretName} --query SecretString --output text`;
}

/**
 * The name prefix of a team namespace's Git credentials, `<env>/teams/<namespace>/git/`: outside
 * the platform prefix, so the platform's store cannot serve them and the team's store reads only these.
 */
export function teamGitSecretPrefix(environment: string, namespace: string): string {
  return `${environment}/teams/${namespace}/git/`;
}

/** What a Git source's secret holds (JSON keys), by URL scheme: a token for HTTPS, a deploy key for SSH. */
export function gitCredentialKeys(url: string): readonly string[] {
  return url.startsWith('ssh://') ? ['identity', 'known_hosts'] : ['username', 'password'];
}
