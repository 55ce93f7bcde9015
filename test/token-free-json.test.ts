import { App, Aws, Lazy, Stack, Token } from 'aws-cdk-lib';
import { parseEnvironment } from '../lib/config/parse';
import { EnvironmentStack } from '../lib/stacks/environment-stack';
import { needsTokenAwareJson } from '../lib/stacks/token-free-json';
import { devFixture } from './fixtures/environments';

/**
 * EnvironmentStack serializes token-free objects (most manifests and Helm values) as plain JSON
 * instead of through CDK's token resolver. The result in the template must be CDK's, always.
 */
const app = new App();
const platform = new EnvironmentStack(app, 'Platform', { environment: parseEnvironment(devFixture) });
const plain = new Stack(app, 'Plain');

const inCdk = (value: unknown, space?: number) => plain.resolve(plain.toJsonString(value, space));
const inPlatform = (value: unknown, space?: number) => platform.resolve(platform.toJsonString(value, space));

const TOKEN_FREE: Record<string, unknown> = {
  'a manifest': {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'x' }, annotations: {} },
    data: { 'quotes"and\\backslashes': 'line\nbreak\ttab', unicode: 'Grüße ✓', template: '${AWS::Region} {{ .Values.x }} ${x}' },
  },
  'a list of manifests': [
    { kind: 'Namespace', metadata: { name: 'a' } },
    { kind: 'Namespace', metadata: { name: 'b' } },
  ],
  'numbers, booleans and null': { replicas: 2, ratio: 0.25, negative: -1, big: 2 ** 40, on: true, off: false, nothing: null },
  'empty containers': { list: [], map: {}, nested: [[], [{}]] },
  'a key whose value is undefined': { kept: 'yes', dropped: undefined },
  'a plain string': 'just text',
};

const WITH_TOKENS: Record<string, unknown> = {
  'a string token': { metadata: { annotations: { 'eks.amazonaws.com/role-arn': Token.asString(Aws.ACCOUNT_ID) } } },
  'a token inside a string': { data: { url: `https://${Aws.REGION}.example.com` } },
  'a number token': { spec: { replicas: Token.asNumber(Aws.ACCOUNT_ID) } },
  'a lazy value': { spec: { name: Lazy.string({ produce: () => 'late' }) } },
  'a list token': { spec: { zones: Token.asList(Aws.NOTIFICATION_ARNS) } },
  'an array with undefined': { items: ['a', undefined, 'b'] },
};

test.each(Object.entries(TOKEN_FREE))('%s: plain JSON, exactly as CDK writes it', (_name, value) => {
  expect(needsTokenAwareJson(value)).toBe(false);
  expect(typeof platform.toJsonString(value)).toBe('string');
  expect(Token.isUnresolved(platform.toJsonString(value))).toBe(false);
  expect(inPlatform(value)).toEqual(inCdk(value));
  expect(inPlatform(value, 2)).toEqual(inCdk(value, 2));
});

test.each(Object.entries(WITH_TOKENS))('%s: left to CDK, so it resolves as before', (_name, value) => {
  expect(needsTokenAwareJson(value)).toBe(true);
  expect(Token.isUnresolved(platform.toJsonString(value))).toBe(true);
  expect(inPlatform(value)).toEqual(inCdk(value));
});
