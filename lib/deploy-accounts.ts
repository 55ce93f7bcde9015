/**
 * The accounts the deploy workflow deploys into, from the environments: one deploy role per
 * account, trusted by the GitHub environments of every platform environment in it, and allowed
 * into CDK's bootstrap roles of every region those environments use. Pure: no CDK here.
 */

export interface DeployTarget {
  readonly name: string;
  readonly account: string;
  readonly region: string;
}

export interface DeployAccount {
  readonly account: string;
  /** Where the deploy-role stack itself goes: the region of the account's first environment. */
  readonly homeRegion: string;
  /** Every region an environment of this account deploys to (bootstrap roles are per region). */
  readonly regions: readonly string[];
  /** The platform environments (and GitHub environments of the same name) in this account. */
  readonly environments: readonly string[];
}

export function deployAccounts(targets: readonly DeployTarget[]): DeployAccount[] {
  const byAccount = new Map<string, DeployTarget[]>();
  for (const target of targets) byAccount.set(target.account, [...(byAccount.get(target.account) ?? []), target]);
  return [...byAccount.entries()].map(([account, members]) => ({
    account,
    homeRegion: members[0].region,
    regions: [...new Set(members.map((member) => member.region))],
    environments: members.map((member) => member.name),
  }));
}

/** The deploy role's name: one per repository, so two clones can share an account. */
export function deployRoleName(githubRepository: string): string {
  const name = githubRepository.split('/')[1];
  return `github-deploy-${name}`.slice(0, 64);
}

/** The CloudFormation stack that holds an account's OIDC provider and deploy role. */
export function deployRoleStackName(account: string): string {
  return `GitHubDeploy-${account}`;
}
