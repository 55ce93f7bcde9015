import type { DeploymentInput } from './deployment-schema';

/**
 * Where the platform deploys itself from: the GitHub repository whose deploy workflow
 * (.github/workflows/deploy.yml) may assume the deploy role of each environment's account.
 * Replace it with your own repository before deploying the deploy-role stacks.
 */
export const DEPLOYMENT: DeploymentInput = {
  githubRepository: 'example-org/eks-platform',
  githubOidcProvider: 'create',
};
