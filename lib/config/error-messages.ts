import type { z } from 'zod';
import { formatFieldPath } from './config-error';

/**
 * Words for zod's own issues, so that no problem says a bare "Invalid input": type errors say
 * the form expected (`'1.35'` as a string), enums list what is allowed, misspelt fields list
 * the fields that exist. Messages written in the schemas take precedence over these.
 */
export function configErrorMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : expectedForm(issue.expected, issue.input);
    case 'invalid_value':
      return `is not allowed; use ${oneOf(issue.values.map(show))}`;
    case 'too_small':
      return sizeMessage('at least', issue.minimum, issue.origin, issue.inclusive);
    case 'too_big':
      return sizeMessage('at most', issue.maximum, issue.origin, issue.inclusive);
    case 'unrecognized_keys': {
      const fields = Object.keys((issue.inst as { _zod?: { def?: { shape?: object } } })?._zod?.def?.shape ?? {});
      const unknown = issue.keys.map((key) => `"${key}"`).join(', ');
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${unknown}${fields.length ? `; the fields here are ${fields.join(', ')}` : ''}`;
    }
    case 'invalid_union': {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      if (discriminator && options) {
        const given = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        return `${given === undefined ? 'is missing' : `${show(given)} is not a known ${discriminator}`}; use ${oneOf(options.map(show))}`;
      }
      // Where the value has the right shape for one form, its own problems are the useful ones.
      const forms = (issue as { errors?: { path: PropertyKey[]; message: string }[][] }).errors ?? [];
      const shaped = forms.find((problems) => problems.length > 0 && problems.every((problem) => problem.path.length > 0));
      if (shaped) return shaped.map((problem) => `${formatFieldPath(problem.path)}: ${problem.message}`).join('; ');
      const firsts = forms.map((problems) => problems[0]?.message).filter((message) => message !== undefined);
      return `matches none of the forms it accepts: ${firsts.join('; or ') || 'see the schema'}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'is not an email address such as alerts@example.com';
      if (issue.format === 'url') return 'is not a URL such as https://example.com/runbook';
      return `is not in the expected format (${issue.format}${'pattern' in issue && issue.pattern ? ` ${String(issue.pattern)}` : ''})`;
    case 'invalid_key':
      return 'is not an allowed key here';
    default:
      return undefined;
  }
}

/**
 * The problem as shown to the user, with the bad value quoted, unless the message already
 * quotes it (or the value is a list or object, which the path already points at).
 */
export function withQuotedValue(message: string, input: unknown): string {
  if (!isScalar(input)) return message;
  const shown = show(input);
  const alreadyShown = typeof input === 'number' ? new RegExp(`(^|[^\\d.])${input}($|[^\\d])`).test(message) : message.includes(shown);
  if (alreadyShown) return message;
  // "must be ..." and "is not ..." read as a sentence about the value; anything else gets it after.
  return /^(is|must|needs|has|may|cannot)\b/.test(message) ? `${shown} ${message}` : `${message} (got ${shown})`;
}

function expectedForm(expected: string, input: unknown): string {
  const got = describe(input);
  switch (expected) {
    case 'string':
      return isScalar(input) ? `expected a string, got ${got}: write it in quotes, '${String(input)}'` : `expected a string, got ${got}`;
    case 'number':
      return typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input))
        ? `expected a number, got ${got}: write it without quotes, ${input}`
        : `expected a number, got ${got}`;
    case 'boolean':
      return `expected true or false, got ${got}`;
    case 'array':
      return `expected a list in [ ], got ${got}`;
    case 'object':
      return `expected an object in { }, got ${got}`;
    default:
      return `expected ${expected}, got ${got}`;
  }
}

function sizeMessage(bound: 'at least' | 'at most', limit: unknown, origin: string, inclusive = true): string {
  const n = Number(limit);
  const value = inclusive ? n : bound === 'at least' ? n + 1 : n - 1;
  switch (origin) {
    case 'array':
    case 'set':
      return `needs ${bound} ${value} item${value === 1 ? '' : 's'}`;
    case 'string':
      return `must be ${bound} ${value} character${value === 1 ? '' : 's'} long`;
    default:
      return inclusive ? `must be ${bound} ${n}` : `must be ${bound === 'at least' ? 'more' : 'less'} than ${n}`;
  }
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  return `the ${typeof input} ${show(input)}`;
}

function isScalar(input: unknown): input is string | number | boolean {
  return typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean';
}

export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function oneOf(values: string[]): string {
  return values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
}
