import { alertRunbook, queryRunbook } from '../lib/runbook-markdown';

/**
 * `npm run runbook`: prints the README's runbook (alerts from lib/platform-alerts.ts, saved
 * queries from lib/control-plane-queries.ts), so the README and the code never disagree.
 */
console.log(`${alertRunbook()}\n${queryRunbook()}`);
