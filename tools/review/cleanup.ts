/**
 * Temporary output (synth directories, the base worktree) removed on every exit path: normal
 * return, a thrown error, or Ctrl-C / a CI cancel (SIGINT, SIGTERM).
 */
const pending: (() => void)[] = [];

/** Registers a cleanup to run once, at the latest when the process exits. */
export function onExit(cleanup: () => void): () => void {
  installHandlers();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    try {
      cleanup();
    } catch {
      // Best effort: one failed removal must not keep the others from running.
    }
  };
  pending.push(once);
  return once;
}

/** Runs every registered cleanup, newest first. */
export function cleanUp(): void {
  while (pending.length > 0) pending.pop()!();
}

let installed = false;

/** Hooks process exit and the signals on first use, so that merely importing this module changes nothing. */
function installHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanUp);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.on(signal, () => {
      cleanUp();
      process.exit(code);
    });
}
