import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Template = { Resources?: Record<string, { Type: string; Properties?: any; DependsOn?: string | string[] }> } & Record<
  string,
  unknown
>;

/** Templates of a cloud assembly by environment and stack name (`dev` -> `Network` -> template). */
export type AssemblyTemplates = Map<string, Map<string, Template>>;

interface Manifest {
  artifacts?: Record<string, { type: string; displayName?: string; properties?: { templateFile?: string; directoryName?: string } }>;
}

/** Reads every stack template of every stage (environment) in a cloud assembly directory. */
export function readAssembly(outdir: string): AssemblyTemplates {
  const templates: AssemblyTemplates = new Map();
  const root = readManifest(outdir);
  for (const artifact of Object.values(root.artifacts ?? {})) {
    if (artifact.type !== 'cdk:cloud-assembly' || !artifact.properties?.directoryName) continue;
    const stageDir = join(outdir, artifact.properties.directoryName);
    const env = artifact.displayName ?? artifact.properties.directoryName.replace(/^assembly-/, '');
    const stacks = new Map<string, Template>();
    for (const stack of Object.values(readManifest(stageDir).artifacts ?? {})) {
      if (stack.type !== 'aws:cloudformation:stack' || !stack.properties?.templateFile) continue;
      const name = (stack.displayName ?? stack.properties.templateFile).split('/').pop()!;
      stacks.set(name, JSON.parse(readFileSync(join(stageDir, stack.properties.templateFile), 'utf8')));
    }
    templates.set(env, stacks);
  }
  return templates;
}

function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
}
