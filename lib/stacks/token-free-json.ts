import { Token } from 'aws-cdk-lib';

/**
 * Whether `value` needs CDK's token-aware JSON: it holds a token (an unresolved string, number,
 * list or resolvable object), or an array with a hole or `undefined`, which CDK drops and
 * JSON.stringify writes as null. Anything else serializes the same either way.
 */
export function needsTokenAwareJson(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (value === null || typeof value !== 'object') return false;
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value) || value[index] === undefined || needsTokenAwareJson(value[index])) return true;
    }
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return true;
  return Object.values(value).some(needsTokenAwareJson);
}
