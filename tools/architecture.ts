import { App } from 'aws-cdk-lib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvironment } from '../lib/config/parse';
import { prodFixture } from '../test/fixtures/environments';
import { PlatformStage } from '../lib/stages/platform-stage';
import { architectureGraph, renderSvg } from './architecture/graph';

/**
 * `npm run architecture`: draws docs/architecture.svg from the synthesized production-shaped fixture
 * (test/fixtures), so the picture shows the platform, whatever your own environments hold:
 * its stacks, network, cluster, node capacity, add-ons, Helm releases and cdk8s charts, with
 * the order CloudFormation creates them in (dependencies, transitively reduced).
 */
export function architectureSvg(): string {
  const context = JSON.parse(readFileSync(join(__dirname, '../cdk.json'), 'utf8')).context;
  const app = new App({ context, builtinCloudFormationValidation: false });
  const prod = parseEnvironment(prodFixture);
  const stage = new PlatformStage(app, { environment: prod });
  const assembly = stage.synth();
  const template = (stackName: string) => assembly.getStackByName(stackName).template;
  return renderSvg(architectureGraph(template(`${prod.name}-Network`), template(`${prod.name}-Cluster`)), `${prod.name} environment`);
}

if (require.main === module) {
  writeFileSync(join(__dirname, '../docs/architecture.svg'), architectureSvg());
  console.log('wrote docs/architecture.svg');
}
