import { z } from 'zod';
import { ConfigError, formatFieldPath } from './config-error';

/**
 * How the repository deploys itself: the GitHub repository whose deploy workflow may assume a
 * deploy role in each account, and whether that account's GitHub OIDC provider already exists.
 */

// GitHub's rules: an owner is 1-39 letters, digits or single hyphens (not first or last); a
// repository name is 1-100 letters, digits, '.', '_' or '-', and is neither '.' nor '..'.
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPOSITORY_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

const githubRepository = z.string().refine(
  (value) => {
    const parts = value.split('/');
    return parts.length === 2 && GITHUB_OWNER.test(parts[0]) && GITHUB_REPOSITORY_NAME.test(parts[1]);
  },
  { error: (issue) => `${JSON.stringify(issue.input)} is not a GitHub repository: write it as OWNER/NAME, e.g. "acme/eks-platform"` },
);

export const deploymentSchema = z.strictObject({
  /** OWNER/NAME of the repository whose deploy workflow assumes the deploy roles. */
  githubRepository,
  /**
   * `create`: the deploy-role stack creates the account's OIDC provider for
   * token.actions.githubusercontent.com. `existing`: the account has one already (IAM allows one
   * per URL), and the stack only refers to it.
   */
  githubOidcProvider: z.enum(['create', 'existing']).default('create'),
});

export type DeploymentInput = z.input<typeof deploymentSchema>;
export type DeploymentConfig = Readonly<z.output<typeof deploymentSchema>>;

/** Validates the deployment section; every problem is named `deployment.field`. */
export function parseDeployment(input: DeploymentInput): DeploymentConfig {
  const result = deploymentSchema.safeParse(input, {
    error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const field = formatFieldPath(issue.path);
      return `deployment${field ? `.${field}` : ''}: ${issue.message}`;
    }),
  );
}
