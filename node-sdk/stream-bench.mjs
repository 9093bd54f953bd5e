// Node side of the streaming benchmark: the official Unipile Node SDK's manual cursor loop
// walks every page of `GET /messages?limit=250` and counts the messages, then prints one JSON
// object: {"client", "sdk_version", "items", "pages", "wall_ms", "cpu_user_ms",
// "cpu_system_ms", "cpu_ms", "peak_rss_kib"}. Whole-process figures: CPU time is
// process.cpuUsage() and peak memory is process.resourceUsage().maxRSS (KiB) at the end.
//
// Response validation is off, as a user streaming for speed would run it (it is also off by
// default in the SDK); conformance.mjs is where the answers are validated.
//
// USAGE: node stream-bench.mjs --dsn http://127.0.0.1:PORT --api-key KEY [--limit 250]

import { SDK_VERSION } from './published-types.mjs';
import { makeClient, parseArgs } from './sdk-client.mjs';

const USAGE = `\
stream-bench.mjs: walks every page of GET /messages with the official SDK's cursor loop

USAGE:
    node stream-bench.mjs --dsn URL --api-key KEY [--limit N]

    --dsn URL      the server, e.g. http://127.0.0.1:13111; default: $UNIPILE_DSN
    --api-key KEY  default: $UNIPILE_API_KEY
    --limit N      page size, 1 to 250 (default 250)
`;

const options = parseArgs(process.argv.slice(2), USAGE);
const limit = Number(options.extra.limit ?? 250);
if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
  process.stderr.write('error: --limit must be a whole number from 1 to 250\n');
  process.exit(2);
}
const client = makeClient(options, { validate: false });

const started = performance.now();
const cpuStart = process.cpuUsage();

// The SDK's documented manual pagination: call again with the `cursor` of the previous page
// until it is null.
let items = 0;
let pages = 0;
let cursor = null;
const seen = new Set();
do {
  const page = await client.messaging.getAllMessages(cursor ? { limit, cursor } : { limit });
  items += page.items.length;
  pages++;
  cursor = page.cursor ?? null;
  // A server that hands back a cursor it already gave would loop for ever: stop and say so.
  if (cursor !== null && seen.has(cursor)) {
    process.stderr.write(`error: the server repeated a cursor after ${pages} pages\n`);
    process.exit(1);
  }
  if (cursor !== null) seen.add(cursor);
} while (cursor !== null);

const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
console.log(
  JSON.stringify({
    client: 'unipile-node-sdk',
    sdk_version: SDK_VERSION,
    items,
    pages,
    wall_ms: Math.round(wallMs * 10) / 10,
    cpu_user_ms: Math.round(cpu.user / 100) / 10,
    cpu_system_ms: Math.round(cpu.system / 100) / 10,
    cpu_ms: Math.round((cpu.user + cpu.system) / 100) / 10,
    peak_rss_kib: process.resourceUsage().maxRSS,
  }),
);
