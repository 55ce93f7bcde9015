import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config/config-error';
import { ENVIRONMENTS } from '../lib/config/environments';
import { parseEnvironments } from '../lib/config/parse';
import { failed } from '../lib/upgrade/finding';
import { formatFinding } from '../lib/upgrade/report';
import { environmentSupportFindings } from '../lib/upgrade/support-window';
import { todayOrGiven } from './upgrade/today';

/**
 * `npm run preflight [-- --today YYYY-MM-DD]`: where every environment's Kubernetes version stands
 * in the EKS support calendar. Warns 90 days before standard support ends; exits 1 once it has
 * ended for an environment that did not choose EXTENDED support; 2 when it cannot run. Reads the
 * clock, so it runs in CI beside synthesis, never inside it.
 */
function main(): number {
  let options;
  try {
    options = parseArgs({ options: { today: { type: 'string' } } }).values;
  } catch (error) {
    return cannotRun(`${(error as Error).message}; usage: npm run preflight [-- --today YYYY-MM-DD]`);
  }
  const today = todayOrGiven(options.today);
  if (!today) return cannotRun(`--today "${options.today}" is not a date such as 2027-01-31`);
  let environments;
  try {
    environments = parseEnvironments(ENVIRONMENTS);
  } catch (error) {
    if (error instanceof ConfigError) return cannotRun(error.message);
    throw error;
  }
  const findings = environmentSupportFindings(environments, today);
  console.log(`Preflight on ${today}: EKS support window of every environment`);
  for (const finding of findings) console.log(formatFinding(finding));
  return failed(findings) ? 1 : 0;
}

function cannotRun(message: string): number {
  console.error(`preflight: ${message}`);
  return 2;
}

process.exitCode = main();
