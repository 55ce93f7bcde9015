import { ConfigError } from '../../lib/config/config-error';
import { parseEnvironments } from '../../lib/config/parse';
import type { EnvironmentInput } from '../../lib/config/schema';

/** The problems a config raises, or [] when it is valid. */
export function problemsOf(inputs: EnvironmentInput[], selected?: string): readonly string[] {
  try {
    parseEnvironments(inputs, selected);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
