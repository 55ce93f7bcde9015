import { z } from 'zod';

/** The `access` section of an environment: IAM roles and users and what each may do. */

const IAM_PATH_AND_NAME = String.raw`(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}`;
const ROLE_ARN = new RegExp(String.raw`^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role/${IAM_PATH_AND_NAME}$`);
const USER_ARN = new RegExp(String.raw`^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:user/${IAM_PATH_AND_NAME}$`);

function iamArn(kind: 'role' | 'user', pattern: RegExp) {
  return z.string().superRefine((arn, ctx) => {
    if (pattern.test(arn)) return;
    const hint = arn.includes(':assumed-role/') ? '; use the IAM role ARN, not an assumed-role session ARN' : '';
    ctx.addIssue({ code: 'custom', message: `"${arn}" is not an IAM ${kind} ARN such as arn:aws:iam::123456789012:${kind}/NAME${hint}` });
  });
}

const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name (lowercase letters, digits and hyphens)')
  .refine((name) => !name.startsWith('kube-'), { message: 'edit access to kube-* namespaces would reach cluster internals; use admin' });

const accessLevel = z.union([
  z.enum(['admin', 'viewer']),
  z.strictObject({ namespaces: z.array(namespaceName).min(1, 'a namespace level needs at least one namespace') }),
]);

export const accessSchema = z.strictObject({
  roles: z.array(z.strictObject({ arn: iamArn('role', ROLE_ARN), access: accessLevel })).default([]),
  /** Prefer roles: users carry long-lived keys. */
  users: z.array(z.strictObject({ arn: iamArn('user', USER_ARN), access: accessLevel })).default([]),
  /** Refuse to build the environment unless some configured role is an admin. */
  requireAdminRole: z.boolean().default(true),
});

export type AccessInput = z.input<typeof accessSchema>;
type ParsedAccess = z.output<typeof accessSchema>;

/** Principals listed twice, and a missing admin where one is required. */
export function checkAccess(access: ParsedAccess, problem: (path: (string | number)[], message: string) => void): void {
  const seen = new Map<string, string>();
  for (const kind of ['roles', 'users'] as const) {
    access[kind].forEach((principal, index) => {
      const earlier = seen.get(principal.arn);
      if (earlier)
        problem(['access', kind, index, 'arn'], `"${principal.arn}" is already listed at access.${earlier}; list each principal once`);
      else seen.set(principal.arn, `${kind}[${index}]`);
    });
  }
  if (access.requireAdminRole && !access.roles.some((role) => role.access === 'admin'))
    problem(
      ['access', 'roles'],
      'this environment requires at least one role with admin access, so the deploying identity is not the only way in',
    );
}
