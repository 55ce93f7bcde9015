/**
 * One process per jest run that synthesizes the environments tests ask for (see synthEnvironment
 * in ../helpers/synth.ts), started by the global setup. Every test file runs in a fresh module
 * registry, so its first synthesis loads aws-cdk-lib and the platform again and runs cold code:
 * about two seconds, for some thirty variants. Here the modules are loaded once and the code
 * stays warm, so a variant takes a fraction of a second.
 *
 * Requests: POST a JSON `{ input, file }` on the Unix socket named in argv; the templates of
 * `input` are written to `file` (skipped when another request already wrote it), then 200, or 500
 * with the error's message. The process ends when jest closes its stdin, or the run ends.
 */
import './synthesis-context';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { writeSynthesized } from '../helpers/synth';

const socket = process.argv[2];
if (!socket) throw new Error('usage: synthesis-server SOCKET');

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const { input, file } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!existsSync(file)) writeSynthesized(input, file);
      response.writeHead(200).end();
    } catch (error) {
      response.writeHead(500).end(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  });
});
server.listen(socket, () => {
  process.stdout.write('listening\n'); // the global setup waits for this line
  // Loaded now, while jest starts its workers, rather than on the first request.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../lib/stages/platform-stage');
});
// jest's main process holds the other end: when it goes, so does this.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
