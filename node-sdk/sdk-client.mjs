// Building the official SDK's client from the command line or the environment, shared by
// conformance.mjs and stream-bench.mjs.

import { createRequire } from 'node:module';

// The SDK ships a CommonJS and an ES module build, and each registers its custom TypeBox kinds
// in the one TypeBox registry: loading both throws. The schema scripts read the CommonJS
// build's files, so everything here uses that build too.
const require = createRequire(import.meta.url);
/** The official SDK, from its CommonJS build. */
export const sdk = require('unipile-node-sdk');
const { UnipileClient } = sdk;

/**
 * Reads `--dsn URL` / `--api-key KEY` (or `--dsn=URL`) from argv, falling back to the
 * UNIPILE_DSN and UNIPILE_API_KEY environment variables. Other `--name value` options are
 * returned in `extra`.
 */
export function parseArgs(argv, usage) {
  const options = { dsn: process.env.UNIPILE_DSN, apiKey: process.env.UNIPILE_API_KEY, extra: {} };
  for (let i = 0; i < argv.length; i++) {
    let [name, value] = argv[i].split(/=(.*)/s, 2);
    if (name === '-h' || name === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    }
    if (!name.startsWith('--')) fail(`unexpected argument ${JSON.stringify(argv[i])}`, usage);
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) fail(`${name} needs a value`, usage);
    }
    if (name === '--dsn') options.dsn = value;
    else if (name === '--api-key') options.apiKey = value;
    else options.extra[name.slice(2)] = value;
  }
  if (!options.dsn) fail('give the server with --dsn or UNIPILE_DSN', usage);
  if (!options.apiKey) fail('give the API key with --api-key or UNIPILE_API_KEY', usage);
  return options;
}

function fail(message, usage) {
  process.stderr.write(`error: ${message}\n\n${usage}`);
  process.exit(2);
}

/**
 * The SDK's `baseUrl` for a DSN. The SDK splits its baseUrl at `://` into protocol and
 * domain and appends `/api/v1/...` itself, so it takes `http://127.0.0.1:PORT` (plain http is
 * allowed) and must not be given the `/api/v1` suffix that unipile-mock prints.
 */
export function sdkBaseUrl(dsn) {
  let url = dsn.trim();
  if (!/^https?:\/\//.test(url)) {
    const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:|$)/.test(url);
    url = `${loopback ? 'http' : 'https'}://${url}`;
  }
  return url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
}

/** The official SDK's client; `validate` switches its response validation on at level 'error'. */
export function makeClient({ dsn, apiKey }, { validate }) {
  return new UnipileClient(sdkBaseUrl(dsn), apiKey, {
    validateRequestPayload: validate,
    validateRequestPayloadLevel: 'error',
  });
}
