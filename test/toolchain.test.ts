import { NPM_SCRIPTS, readRepoFile } from './helpers/repository-files';

/**
 * The toolchain is declared three times, for three kinds of user: the Nix shell (flake.nix with
 * shell.nix, pinned by flake.lock), .nvmrc (nvm, fnm, actions/setup-node) and package.json's
 * engines (npm). They must name the same Node major, and the pin must be a real lock.
 */
const nixNodeMajor = Number(readRepoFile('shell.nix').match(/pkgs\.nodejs_(\d+)\b/)?.[1]);
const packageJson = JSON.parse(readRepoFile('package.json'));
const lock = JSON.parse(readRepoFile('flake.lock'));

describe('one Node major everywhere', () => {
  test('the Nix shell’s Node', () => {
    expect(nixNodeMajor).toBe(20);
    expect(readRepoFile('shell.nix').match(/pkgs\.nodejs\w*/g)).toEqual(['pkgs.nodejs_20']);
  });

  test('.nvmrc', () => {
    expect(readRepoFile('.nvmrc').trim()).toBe(String(nixNodeMajor));
  });

  test('package.json engines start at that major, and the Node types match it', () => {
    expect(packageJson.engines.node).toBe(`>=${nixNodeMajor}`);
    expect(packageJson.devDependencies['@types/node'].split('.')[0]).toBe(String(nixNodeMajor));
  });
});

describe('the Nix shell', () => {
  test.each(['awscli2', 'kubectl', 'kubernetes-helm', 'go-task'])('has %s', (tool) => {
    expect(readRepoFile('shell.nix')).toMatch(new RegExp(`^\\s+pkgs\\.${tool}\\b`, 'm'));
  });

  test('the flake’s shell is shell.nix, so the tools are listed once', () => {
    expect(readRepoFile('flake.nix')).toContain('default = import ./shell.nix { pkgs = nixpkgs.legacyPackages.${system}; };');
  });

  test('shell.nix without flakes fetches exactly the locked nixpkgs, checked against its hash', () => {
    const shell = readRepoFile('shell.nix');
    expect(shell).toContain('builtins.readFile ./flake.lock');
    expect(shell).toContain('archive/${locked.rev}.tar.gz');
    expect(shell).toContain('sha256 = locked.narHash;');
  });

  test('flake.lock pins the nixos release branch the flake names, by commit and content hash', () => {
    const branch = readRepoFile('flake.nix').match(/inputs\.nixpkgs\.url = "github:NixOS\/nixpkgs\/(nixos-\d{2}\.\d{2})";/)?.[1];
    expect(branch).toBeDefined();
    expect(lock.version).toBe(7);
    expect(lock.nodes.root).toEqual({ inputs: { nixpkgs: 'nixpkgs' } });
    expect(lock.nodes.nixpkgs.original).toEqual({ type: 'github', owner: 'NixOS', repo: 'nixpkgs', ref: branch });
    expect(lock.nodes.nixpkgs.locked).toEqual({
      type: 'github',
      owner: 'NixOS',
      repo: 'nixpkgs',
      rev: expect.stringMatching(/^[0-9a-f]{40}$/),
      narHash: expect.stringMatching(/^sha256-[A-Za-z0-9+/]{43}=$/),
      lastModified: expect.any(Number),
    });
  });
});

test('the CDK CLI comes from package-lock.json, pinned (npm ci), not from the shell', () => {
  expect(packageJson.devDependencies['aws-cdk']).toMatch(/^2\.11\d\d\.\d+$/);
  expect(readRepoFile('shell.nix')).not.toMatch(/aws-cdk|nodePackages/);
  expect(NPM_SCRIPTS).toContain('synth');
});

test('LICENSE is the Apache License 2.0, as package.json says', () => {
  const license = readRepoFile('LICENSE');
  expect(packageJson.license).toBe('Apache-2.0');
  expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
  expect(license).toContain('END OF TERMS AND CONDITIONS');
  expect(license.match(/^\s+\d+\. [A-Z][a-zA-Z ]+\./gm)).toHaveLength(9); // the nine numbered sections
});
