# The development shell, for `nix-shell` (Nix without flakes) and for flake.nix's `nix develop`:
# one list of tools. Without arguments it uses the nixpkgs commit that flake.lock pins, fetched
# and checked against the lock's narHash. npm ci then installs the pinned CDK CLI and the rest
# from package-lock.json.
{
  pkgs ?
    let
      locked = (builtins.fromJSON (builtins.readFile ./flake.lock)).nodes.nixpkgs.locked;
    in
    import (builtins.fetchTarball {
      url = "https://github.com/${locked.owner}/${locked.repo}/archive/${locked.rev}.tar.gz";
      sha256 = locked.narHash;
    }) { },
}:
pkgs.mkShell {
  packages = [
    pkgs.nodejs_20 # keep in step with .nvmrc and package.json engines (a test checks)
    pkgs.awscli2
    pkgs.kubectl
    pkgs.kubernetes-helm
    pkgs.go-task
    pkgs.git
  ];
  shellHook = ''
    export CDK_DISABLE_VERSION_CHECK=true
    [ -d node_modules ] || echo "run 'task setup' (npm ci) to install the pinned CDK CLI and dependencies"
  '';
}
