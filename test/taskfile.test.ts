import Ajv from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NPM_SCRIPTS, REPO_ROOT, npmScriptsRun, readRepoFile, readRepoYaml } from './helpers/repository-files';

/**
 * Taskfile.yml is the entry point a platform engineer types. The `task` binary cannot be installed
 * here (its npm package downloads it at install time), so the file is checked against Task's own
 * JSON schema, and its commands against package.json.
 */
const taskfile = readRepoYaml('Taskfile.yml');
const tasks: Record<string, any> = taskfile.tasks;

/**
 * Task's JSON schema (draft-07), from ../shared (or PLATFORM_SHARED_DIR, e.g. from a git
 * worktree); CI has it, a bare clone may not, and no npm package ships it.
 */
const TASKFILE_SCHEMA = join(process.env.PLATFORM_SHARED_DIR ?? join(REPO_ROOT, '../shared'), 'reference/taskfile-schema.json');
const withSchema = existsSync(TASKFILE_SCHEMA) ? describe : describe.skip;

withSchema('Task’s JSON schema (skipped: ../shared/reference/taskfile-schema.json is absent)', () => {
  const schema = existsSync(TASKFILE_SCHEMA) ? JSON.parse(readFileSync(TASKFILE_SCHEMA, 'utf8')) : {};
  // The schema is draft-07, ajv's default draft; it uses no format keywords.
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  test('the schema is the draft-07 one this validator speaks', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  test('Taskfile.yml is valid', () => {
    validate(taskfile);
    expect(validate.errors ?? []).toEqual([]);
  });

  test.each([
    ['a prompt that is not text', { ...taskfile, tasks: { ...tasks, deploy: { ...tasks.deploy, prompt: { yes: true } } } }],
    ['a misspelt task field', { ...taskfile, tasks: { ...tasks, lint: { cmd_s: ['npm run lint'] } } }],
    ['required vars that are not a list', { ...taskfile, tasks: { ...tasks, diff: { ...tasks.diff, requires: { vars: 'ENV' } } } }],
  ])('the validator refuses %s', (_, broken) => {
    expect(validate(broken)).toBe(false);
  });
});

describe('tasks', () => {
  test('is a Task v3 file', () => {
    expect(String(taskfile.version)).toBe('3');
  });

  test.each(['setup', 'synth', 'test', 'lint', 'review', 'diff', 'deploy', 'upgrade-plan', 'preflight', 'bench', 'check'])(
    '%s exists and says what it does',
    (name) => {
      expect(tasks[name]).toBeDefined();
      expect(tasks[name].desc).toEqual(expect.any(String));
    },
  );

  test('every command is npm or another task: the logic lives in package.json, once', () => {
    const commands = Object.entries(tasks).flatMap(([name, task]) => (task.cmds ?? []).map((cmd: unknown) => [name, cmd] as const));
    expect(commands.length).toBeGreaterThan(15);
    for (const [name, cmd] of commands) {
      if (typeof cmd === 'object') expect(Object.keys(tasks)).toContain((cmd as { task: string }).task);
      else if (name === 'default') expect(cmd).toBe('task --list');
      else expect(cmd).toMatch(/^(\{\{if [^}]+\}\})?npm (ci|test|run)\b/);
    }
  });

  test('every npm script a task runs exists', () => {
    const scripts = npmScriptsRun(readRepoFile('Taskfile.yml'));
    expect(scripts).toEqual(expect.arrayContaining(['synth', 'review', 'diff', 'deploy', 'bench', 'upgrade-plan', 'preflight']));
    for (const script of scripts) expect(NPM_SCRIPTS).toContain(script);
  });

  test('synth takes one environment or none; review takes a base ref and, optionally, one environment', () => {
    expect(tasks.synth.cmds).toEqual(['npm run synth{{if .ENV}} -- -c env={{shellQuote .ENV}}{{end}}']);
    expect(tasks.review.vars.BASE).toContain('default "origin/main"');
    expect(tasks.review.cmds[0]).toMatch(
      /^npm run review -- --base \{\{shellQuote \.BASE\}\}\{\{if \.ENV\}\} --env \{\{shellQuote \.ENV\}\}\{\{end\}\}$/,
    );
  });

  test('diff and deploy need an environment and act on its stacks only', () => {
    for (const name of ['diff', 'deploy']) {
      expect(tasks[name].requires.vars).toEqual(['ENV']);
      expect(tasks[name].cmds.at(-1)).toContain(' -- -c env={{shellQuote .ENV}} {{shellQuote (print .ENV "/*")}}');
    }
  });

  test('deploy shows the diff first (deps run before the prompt), then asks, naming the environment', () => {
    expect(tasks.deploy.deps).toEqual([{ task: 'diff', vars: { ENV: '{{.ENV}}' } }]);
    expect(tasks.deploy.prompt).toContain('{{.ENV}}');
    expect(tasks.deploy.cmds).toHaveLength(1);
    expect(tasks.deploy.cmds[0]).toMatch(/^npm run deploy -- /);
    expect(tasks['deploy-roles'].prompt).toEqual(expect.any(String));
  });

  test('upgrade-plan passes what issue 17 specifies: --env and --to', () => {
    expect(tasks['upgrade-plan'].requires.vars).toEqual(['ENV', 'TO']);
    expect(tasks['upgrade-plan'].cmds).toEqual(['npm run upgrade-plan -- --env {{shellQuote .ENV}} --to {{shellQuote .TO}}']);
  });

  test('check runs what .ci/run runs after installing, in the same order', () => {
    const checkScripts = tasks.check.cmds.flatMap((call: { task: string }) => npmScriptsRun(tasks[call.task].cmds.join('\n')));
    expect(checkScripts).toEqual(['typecheck', 'lint', 'synth', 'preflight', 'test']);
    expect(npmScriptsRun(readRepoFile('.ci/run'))).toEqual(checkScripts);
  });
});
