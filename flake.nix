{
  # The development shell: `nix develop` gives the toolchain this repository is built and
  # deployed with (Node, AWS CLI, kubectl, Helm, Task); the tools are listed once, in shell.nix.
  # nixpkgs is pinned in flake.lock (a nixos-25.05 commit): move it with `nix flake update` and
  # keep .nvmrc and package.json's engines on the same Node major (a test checks).
  description = "EKS platform as code: development shell";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.05";

  outputs =
    { self, nixpkgs }:
    let
      forEachSystem = nixpkgs.lib.genAttrs [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
    in
    {
      devShells = forEachSystem (system: {
        default = import ./shell.nix { pkgs = nixpkgs.legacyPackages.${system}; };
      });
    };
}
