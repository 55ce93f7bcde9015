'use strict';
/**
 * Asks the run's synthesis server (./synthesis-server.ts) for one environment's templates and
 * waits for them: `node synthesis-client.js SOCKET < request.json`. A test calls synthEnvironment
 * synchronously, so it runs this with spawnSync. Exit code 0 when the templates are written;
 * otherwise the server's error on stderr. Plain JavaScript: it starts in a few tens of milliseconds.
 */
const { request } = require('node:http');

const socket = process.argv[2];
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const call = request({ socketPath: socket, method: 'POST', path: '/synthesize' }, (response) => {
    const body = [];
    response.on('data', (chunk) => body.push(chunk));
    response.on('end', () => {
      if (response.statusCode === 200) return;
      process.stderr.write(Buffer.concat(body).toString('utf8') || `synthesis server answered ${response.statusCode}`);
      process.exitCode = 1;
    });
  });
  call.on('error', (error) => {
    process.stderr.write(`synthesis server at ${socket}: ${error.message}`);
    process.exitCode = 1;
  });
  call.end(Buffer.concat(chunks));
});
