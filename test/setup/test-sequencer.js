'use strict';
/**
 * The order jest starts test files in: the longest first, so that no long file starts last and
 * runs alone while the other workers wait (with two workers, the end of a run is the last file).
 * jest orders by the durations it kept from earlier runs; on a cold run (CI, a fresh clone, after
 * `jest --clearCache`) it has none and orders by file size, which put the files that start
 * processes (`cdk synth`, the review on a git repository, the validator) last. Those are listed
 * here with their approximate cold duration in seconds; files jest has a duration for use it.
 * Plain JavaScript, since jest loads the sequencer with `require`.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

/** Cold durations on a 2-core machine, roughly: only their order matters. Update when a file becomes slow. */
const SLOW_FILES = {
  'cli.test.ts': 30,
  'review-cli.test.ts': 28,
  'cloudformation-validation.test.ts': 20,
  'background-validation.test.ts': 18,
  'helm-render.test.ts': 18,
  'opencost.test.ts': 12,
  'secret-scanning.test.ts': 10,
  'review-scenarios.test.ts': 9,
  'upgrade-plan.test.ts': 7,
  'deploy-target.test.ts': 6,
  'architecture.test.ts': 6,
  'workflows.test.ts': 6,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    // jest keeps milliseconds.
    const listed = (test) => (basename(test.path) in SLOW_FILES ? SLOW_FILES[basename(test.path)] * 1000 : undefined);
    const duration = (test) => this.time(test) ?? listed(test);
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort((a, b) => {
      // As jest's own: what failed last time first, for quick feedback.
      if (this.hasFailed(a) !== this.hasFailed(b)) return this.hasFailed(a) ? -1 : 1;
      const [durationA, durationB] = [duration(a), duration(b)];
      if ((durationA === undefined) !== (durationB === undefined)) return durationA === undefined ? 1 : -1;
      if (durationA !== undefined && durationA !== durationB) return durationB - durationA;
      return size(b) - size(a);
    });
  }
}

module.exports = LongestFirst;
