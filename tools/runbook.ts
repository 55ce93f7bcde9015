import { PLATFORM_ALERT_GROUPS } from '../lib/platform-alerts';

/**
 * `npm run runbook`: prints the README's alert runbook from lib/platform-alerts.ts, so the two
 * never disagree (a test checks the README holds every entry).
 */
const unbrace = (text: string) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, '<$1>').replace(/\{\{ \$value \}\}/g, 'N');
for (const group of PLATFORM_ALERT_GROUPS) {
  for (const alert of group.alerts) {
    console.log(`#### ${alert.alert}\n\n${alert.severity}: ${unbrace(alert.runbook)}\n\nFires when: ${unbrace(alert.summary)}\n`);
  }
}
