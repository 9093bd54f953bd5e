// Writes the JSON Schema of each published response type of the official Unipile Node SDK
// (the TypeBox schemas its response validators are compiled from) to
// tests/fixtures/published/<type>.json, keys sorted so the files only change when the
// published types do. Run: `npm ci && node export-schemas.mjs` in node-sdk/.

import fs from 'node:fs';
import path from 'node:path';
import { Kind } from '@sinclair/typebox';
import { PUBLISHED_DIR, PUBLISHED_TYPES, SDK_VERSION, loadType } from './published-types.mjs';

// TypeBox kinds that are plain JSON Schema: their JSON form says everything the checker does.
const STANDARD_KINDS = new Set([
  'Any', 'Array', 'Boolean', 'Integer', 'Intersect', 'Literal', 'Never', 'Null', 'Number',
  'Object', 'Record', 'String', 'Union', 'Unknown',
]);

// The SDK's own kinds (TypeSystem.Type / Type.Unsafe) are checked by a function, so their JSON
// form is empty or partial; state what each one's checker accepts.
const CUSTOM_KINDS = {
  EncodedQueryCursor: {
    type: 'string',
    contentEncoding: 'base64',
    description: 'An opaque cursor: a base64 string (length a multiple of 4, only A-Z a-z 0-9 + / and trailing = padding).',
  },
  UTCDateTimeMs: { type: 'string', format: 'date-time', description: 'An ISO 8601 UTC datetime with milliseconds, exactly as Date.prototype.toISOString() prints it (YYYY-MM-DDTHH:MM:SS.sssZ).' },
  UnixTimeMs: { type: 'integer', description: 'A Unix time in milliseconds.' },
  HttpUrl: { type: 'string', format: 'uri', description: 'An http: or https: URL.' },
  Tzid: { type: 'string', description: 'An IANA time zone id.' },
  HourMinuteTime: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' },
  StringEnum: {},
  NumberEnum: {},
};

/** A plain JSON copy of a TypeBox schema, keys sorted, custom kinds spelled out. */
export function toJsonSchema(schema, where = '') {
  if (Array.isArray(schema)) return schema.map((item, i) => toJsonSchema(item, `${where}/${i}`));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  const kind = schema[Kind];
  if (kind !== undefined && !STANDARD_KINDS.has(kind)) {
    const extra = CUSTOM_KINDS[kind];
    if (!extra) throw new Error(`unknown TypeBox kind ${kind} at ${where || '/'}: add it to CUSTOM_KINDS`);
    Object.assign(out, extra, { 'x-typebox-kind': kind });
  }
  for (const key of Object.keys(schema)) {
    // The SDK's descriptions come from a stub i18n and are noise (e.g. '@todo api.X').
    if (key === 'description' && typeof schema[key] === 'string' && /^(@todo )?api\./.test(schema[key])) continue;
    out[key] = toJsonSchema(schema[key], `${where}/${key}`);
  }
  return sortKeys(out);
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

function main() {
  fs.mkdirSync(PUBLISHED_DIR, { recursive: true });
  for (const entry of PUBLISHED_TYPES) {
    const { schema } = loadType(entry);
    const json = {
      $comment: `unipile-node-sdk ${SDK_VERSION}: dist/cjs/${entry.module} ${entry.schema} (checked by ${entry.validator}; used by ${entry.call})`,
      ...toJsonSchema(schema, entry.name),
    };
    const file = path.join(PUBLISHED_DIR, `${entry.name}.json`);
    fs.writeFileSync(file, JSON.stringify(sortKeys(json), null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
