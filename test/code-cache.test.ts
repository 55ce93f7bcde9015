import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * tools/code-cache.js keeps V8's compiled code between runs of the app. A cached module must
 * behave as a freshly compiled one, an edited module must never run its old code, and modules
 * with a source map are left to node, so stack traces keep naming their .ts lines.
 */
const dir = mkdtempSync(join(tmpdir(), 'platform-code-cache-'));
/** Runs MODULE with the cache installed, and prints what it exported and how many modules came from the cache. */
const RUNNER = `
const counts = require(${JSON.stringify(join(__dirname, '../tools/code-cache'))}).install(process.env.CACHE_DIR);
let exported;
try {
  exported = require(process.env.MODULE);
} catch (error) {
  exported = { error: error.stack.split('\\n').find((line) => line.includes(' at ')).trim() };
}
process.stdout.write(JSON.stringify({ exported, counts }));
`;
const cacheDir = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(module: string, ...nodeOptions: string[]): { exported: any; counts: { fromCache: number; compiled: number } } {
  const result = spawnSync(process.execPath, [...nodeOptions, '-e', RUNNER], {
    env: { ...process.env, CACHE_DIR: cacheDir, MODULE: module },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

test('a module runs the same from the cache, and an edited one runs its new code', () => {
  const module = join(dir, 'answer.js');
  writeFileSync(module, 'module.exports = { answer: [1, 2, 3].map((n) => n * 14).reduce((a, b) => a + b, 0) / 2 };\n');

  const first = run(module);
  expect(first).toEqual({ exported: { answer: 42 }, counts: { fromCache: 0, compiled: 1 } });
  expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^code-cache-.+\.bin$/)]);

  const second = run(module);
  expect(second).toEqual({ exported: { answer: 42 }, counts: { fromCache: 1, compiled: 0 } });

  writeFileSync(module, 'module.exports = { answer: 43 };\n');
  expect(run(module)).toEqual({ exported: { answer: 43 }, counts: { fromCache: 0, compiled: 1 } });
});

test("entries of other runs' modules are kept while their files exist, then dropped", () => {
  const kept = join(dir, 'kept.js');
  const gone = join(dir, 'gone.js');
  const other = join(dir, 'other.js');
  for (const file of [kept, gone, other]) writeFileSync(file, `module.exports = ${JSON.stringify(file)};\n`);
  run(kept);
  run(gone);
  rmSync(gone);
  run(other); // writes the cache: keeps kept.js's entry, drops gone.js's
  expect(run(kept).counts).toEqual({ fromCache: 1, compiled: 0 });
  writeFileSync(gone, `module.exports = ${JSON.stringify(gone)};\n`);
  expect(run(gone).counts).toEqual({ fromCache: 0, compiled: 1 });
});

test('a module with a source map is compiled by node, so its stack traces name the source lines', () => {
  // What tools/typescript-transform.js makes of `throw new Error('x')` on line 3 of a .ts file.
  const module = join(dir, 'throws.js');
  const map = { version: 3, sources: ['throws.ts'], names: [], mappings: 'AAEA' };
  writeFileSync(
    module,
    `throw new Error('x');\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`,
  );
  const { exported, counts } = run(module, '--enable-source-maps');
  expect(counts).toEqual({ fromCache: 0, compiled: 0 });
  expect(exported.error).toMatch(/throws\.ts:3:1\)?$/);
});
