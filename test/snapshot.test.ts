import { ENVIRONMENTS } from '../lib/config/environments';
import { synthEnvironment } from './helpers/synth';

/**
 * One snapshot per environment and stack, for reviewers to read the whole template in a diff.
 * Asset hashes (layer and handler bundles) are masked, so a library upgrade that only rebuilds
 * an asset does not churn every snapshot.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;

function masked(template: object): unknown {
  return JSON.parse(JSON.stringify(template).replace(ASSET_HASH, '[ASSET_HASH]'));
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('%s', (_, input) => {
  const { network, cluster } = synthEnvironment(input);

  test('network stack', () => {
    expect(masked(network.toJSON())).toMatchSnapshot();
  });

  test('cluster stack', () => {
    expect(masked(cluster.toJSON())).toMatchSnapshot();
  });
});

test('masking removes every asset hash', () => {
  const text = JSON.stringify(masked({ key: `${'a'.repeat(64)}.zip`, other: 'b'.repeat(63) }));
  expect(text).toBe('{"key":"[ASSET_HASH].zip","other":"' + 'b'.repeat(63) + '"}');
});
