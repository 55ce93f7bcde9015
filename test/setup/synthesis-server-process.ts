import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { typescriptCommand } from '../../tools/typescript-runner';

/** Where the run's synthesis server listens: set by the global setup, inherited by jest's workers. */
export const SYNTHESIS_SOCKET_VARIABLE = 'EKS_PLATFORM_SYNTHESIS_SOCKET';

/** jest runs the global setup and teardown in its main process; a global is how they share (jest's docs). */
const SERVER = Symbol.for('eks-platform.synthesis-server');
type WithServer = typeof globalThis & { [SERVER]?: ChildProcess };

/**
 * Starts the run's synthesis server (./synthesis-server.ts) in the run's temporary root and
 * tells the workers, which inherit this environment, where it listens. Resolves once it listens.
 */
export async function startSynthesisServer(): Promise<void> {
  const socket = join(process.env.TMPDIR!, 'synthesis.sock');
  const [command, args] = typescriptCommand(join(__dirname, 'synthesis-server.ts'), socket);
  const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  (globalThis as WithServer)[SERVER] = server;
  await new Promise<void>((resolve, reject) => {
    server.stdout!.once('data', () => resolve());
    server.once('exit', (code) => reject(new Error(`the synthesis server exited (code ${code}) before it listened`)));
  });
  process.env[SYNTHESIS_SOCKET_VARIABLE] = socket;
}

/** Closes the server's stdin, so it exits on its own (and keeps its compiled code, see tools/code-cache.js). */
export async function stopSynthesisServer(): Promise<void> {
  const server = (globalThis as WithServer)[SERVER];
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.stdin!.end();
  const stuck = setTimeout(() => server.kill(), 10_000);
  await exited;
  clearTimeout(stuck);
}
