/**
 * Runs autocannon in its own process (so the client does not share the server's event loop) and prints its
 * JSON result, with `serverMs`: the server's own time for each answer, from its Server-Timing header
 * (`app;dur=…`). Usage: drive-autocannon.ts <url> <bodies.json> <seconds> <connections>. Each request takes
 * the next body of the JSON array in turn, so a benchmark can send many distinct groups instead of one.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, bodiesFile, seconds, connections] = process.argv.slice(2);
if (!url || !bodiesFile)
  throw new Error('usage: drive-autocannon.ts <url> <bodies.json> <seconds> <connections>');
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8')) as string[];
let next = 0;
const cpuBefore = process.cpuUsage();
const serverMs: number[] = [];
const result = await autocannon({
  url,
  duration: Number(seconds ?? 20),
  connections: Number(connections ?? 8),
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      onResponse: (_status, _body, _context, headers) => {
        const timing = /\bapp;dur=([\d.]+)/.exec(String(headers?.['server-timing'] ?? ''));
        if (timing) serverMs.push(Number(timing[1]));
      },
    },
  ],
});
const cpu = process.cpuUsage(cpuBefore);
// The client's own CPU time: it shares the machine's cores with the server.
process.stdout.write(JSON.stringify({ ...result, serverMs, clientCpuMs: (cpu.user + cpu.system) / 1000 }));
