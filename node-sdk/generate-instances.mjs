// Generates realistic instances of each exported published schema
// (tests/fixtures/published/<type>.json) and writes them as a JSON array to
// tests/fixtures/published/instances/<type>.json, for the Rust model to decode.
//
// - Every branch of every `anyOf` reached is taken at least once, and optional fields are
//   present and absent in turn: instances are generated until that holds (at least 4).
// - Values look like Unipile's: whole numbers, ISO 8601 UTC timestamps with milliseconds and
//   `Z` for time fields (by format, or by a name like *_at, timestamp, date), 22-character ids,
//   base64 cursors, https URLs.
// - The output is the same on every run (a seeded generator); each instance is checked with
//   the SDK's own compiled validator before it is written, and the script fails if one is
//   rejected.
//
// Run: `node export-schemas.mjs && node generate-instances.mjs` in node-sdk/.

import fs from 'node:fs';
import path from 'node:path';
import { INSTANCES_DIR, PUBLISHED_DIR, PUBLISHED_TYPES, describeErrors, loadType } from './published-types.mjs';

const MIN_INSTANCES = 4;
const MAX_INSTANCES = 128;
const DATE_PATTERN = '^[1-2]\\d{3}-[0-1]\\d-[0-3]\\dT\\d{2}:\\d{2}:\\d{2}.\\d{3}Z$';

/** A small seeded generator (mulberry32), so the fixtures only change with the schemas. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const WORDS = ['Kim', 'Alex', 'Camille', 'project', 'update', 'Paris', 'meeting', 'invoice', 'Unipile', 'demo'];
const TEXTS = ['Hello, are you available tomorrow?', 'Thanks, talk soon!', 'Je reviens vers vous demain.', 'See the attached file.'];
const NAMES = ['Kim Unipile', 'Alex Martin', 'Camille Dupont', 'Sam Lee'];

class Generator {
  constructor(seed) {
    this.random = seeded(seed);
    this.visits = new Map(); // schema node path -> times generated
    this.coverage = new Map(); // anyOf node path -> { branches, taken: Set }
  }

  int(min, max) {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick(list) {
    return list[this.int(0, list.length - 1)];
  }

  visit(node) {
    const n = this.visits.get(node) ?? 0;
    this.visits.set(node, n + 1);
    return n;
  }

  id(length = 22) {
    let s = '';
    for (let i = 0; i < length; i++) s += ID_ALPHABET[this.int(0, ID_ALPHABET.length - 1)];
    return s;
  }

  timeMs() {
    // Within 2024-2025, on a whole millisecond.
    return Date.UTC(2024, 0, 1) + this.int(0, 2 * 365 * 24 * 3600) * 1000 + this.int(0, 999);
  }

  isoTime() {
    return new Date(this.timeMs()).toISOString();
  }

  /** Whether an anyOf under `prefix` still has a branch never taken. */
  uncoveredBelow(prefix) {
    for (const [node, { branches, taken }] of this.coverage) {
      if (node.startsWith(`${prefix}/`) && taken.size < branches) return true;
    }
    return false;
  }

  /** Covered when every anyOf reached has had each of its branches taken. */
  covered() {
    for (const { branches, taken } of this.coverage.values()) if (taken.size < branches) return false;
    return true;
  }

  value(schema, node, name) {
    if (schema.const !== undefined) return schema.const;
    if (schema.anyOf) return this.union(schema, node, name);
    if (schema.enum) return schema.enum[this.visit(node) % schema.enum.length];
    switch (schema.type) {
      case 'object':
        return this.object(schema, node);
      case 'array':
        return this.array(schema, node, name);
      case 'string':
        return this.string(schema, node, name);
      case 'integer':
      case 'number':
        return this.number(schema, name);
      case 'boolean':
        return this.visit(node) % 2 === 0;
      case 'null':
        return null;
      case undefined:
        if (Object.keys(schema).every((k) => ['title', 'description', '$comment'].includes(k))) return this.pick(WORDS);
      // fall through
      default:
        throw new Error(`${node}: cannot generate a value for ${JSON.stringify(schema).slice(0, 120)}`);
    }
  }

  union(schema, node, name) {
    const branches = schema.anyOf.length;
    const entry = this.coverage.get(node) ?? { branches, taken: new Set() };
    this.coverage.set(node, entry);
    // A branch not yet taken, else one with an anyOf below it not yet fully covered, else
    // the next in turn.
    const visit = this.visit(node);
    const order = Array.from({ length: branches }, (_, i) => (visit + i) % branches);
    const branch =
      order.find((i) => !entry.taken.has(i)) ??
      order.find((i) => this.uncoveredBelow(`${node}/anyOf/${i}`)) ??
      visit % branches;
    entry.taken.add(branch);
    return this.value(schema.anyOf[branch], `${node}/anyOf/${branch}`, name);
  }

  object(schema, node) {
    const visit = this.visit(node);
    const required = new Set(schema.required ?? []);
    const out = {};
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      // Optional fields: all present in the first instance of an object, absent in the next.
      if (!required.has(key) && visit % 2 === 1) continue;
      out[key] = this.value(child, `${node}/${key}`, key);
    }
    for (const [pattern, child] of Object.entries(schema.patternProperties ?? {})) {
      if (pattern !== '^(.*)$') throw new Error(`${node}: cannot generate keys for pattern ${pattern}`);
      for (let i = visit % 3; i > 0; i--) out[this.id()] = this.value(child, `${node}/*`, 'value');
    }
    return out;
  }

  array(schema, node, name) {
    const length = [2, 1, 0][this.visit(node) % 3];
    return Array.from({ length }, () => this.value(schema.items, `${node}/items`, name));
  }

  string(schema, node, name = '') {
    const kind = schema['x-typebox-kind'];
    const lower = name.toLowerCase();
    if (kind === 'EncodedQueryCursor' || schema.contentEncoding === 'base64') {
      return Buffer.from(JSON.stringify({ limit: 250, cursor: { last_id: this.id() } })).toString('base64');
    }
    if (schema.format === 'date-time' || kind === 'UTCDateTimeMs' || isTimeName(lower)) {
      if (schema.pattern && schema.pattern !== DATE_PATTERN) throw new Error(`${node}: unknown date pattern ${schema.pattern}`);
      return this.isoTime();
    }
    if (schema.pattern) throw new Error(`${node}: cannot generate a string for pattern ${schema.pattern}`);
    if (schema.format === 'uri' || kind === 'HttpUrl' || lower.endsWith('url')) return `https://example.com/${this.id(8)}`;
    if (lower === 'provider_id' || lower.endsWith('provider_id') || lower === 'sender_id') return `ACoAA${this.id(34)}`;
    if (lower === 'id' || lower.endsWith('_id') || schema.title === 'UniqueId') return this.id();
    if (lower.endsWith('_host')) return `${lower.split('_')[0]}.example.com`;
    if (lower === 'muted_until') return this.isoTime();
    if (lower === 'websites') return `https://www.example.com/${this.pick(WORDS).toLowerCase()}`;
    if (lower === 'location') return this.pick(['Paris, France', 'Berlin, Germany', 'London, United Kingdom']);
    if (lower === 'occupation') return this.pick(['Product manager at Unipile', 'Software engineer', 'Sales director']);
    if (lower === 'member_urn') return `urn:li:member:${this.int(100000000, 999999999)}`;
    if (lower === 'reply_by' || lower === 'user') return this.id();
    if (lower === 'sim_serial_number') return String(this.int(1e9, 9e9)) + String(this.int(1e9, 9e9));
    if (lower.includes('email') || lower === 'address' || lower.endsWith('_user')) return `${this.pick(['kim', 'alex', 'sam'])}@example.com`;
    if (lower.includes('phone')) return `+33${this.int(600000000, 799999999)}`;
    if (lower === 'text' || lower === 'subject' || lower === 'headline' || lower === 'content') return this.pick(TEXTS);
    if (lower === 'original') return JSON.stringify({ id: this.id(24) });
    if (lower.includes('name') || lower === 'title') return this.pick(NAMES);
    if (lower === 'mimetype' || lower === 'mime_type') return this.pick(['image/jpeg', 'application/pdf', 'video/mp4', 'audio/ogg']);
    if (lower === 'username' || lower === 'public_identifier') return `${this.pick(['kim', 'alex', 'sam'])}.${this.pick(WORDS).toLowerCase()}`;
    if (lower === 'value') return this.pick(['👍', '❤️', '😂']);
    return `${this.pick(WORDS)} ${this.pick(WORDS).toLowerCase()}`;
  }

  number(schema, name = '') {
    const lower = name.toLowerCase();
    let n;
    if (isTimeName(lower) || lower.endsWith('expires_at')) n = this.timeMs();
    else if (lower.includes('size')) n = this.int(1024, 5_000_000);
    else if (lower === 'width' || lower === 'height') n = this.int(64, 1920);
    else if (lower.includes('duration')) n = this.int(1, 600);
    else n = this.int(0, 20);
    if (schema.minimum !== undefined) n = Math.max(n, schema.minimum);
    if (schema.maximum !== undefined) n = Math.min(n, schema.maximum);
    return n;
  }
}

function isTimeName(lower) {
  return lower.endsWith('_at') || lower === 'timestamp' || lower === 'date' || lower.endsWith('_date') || lower === 'created' || lower === 'updated';
}

function generate(entry, jsonSchema, validator) {
  const generator = new Generator(hash(entry.name));
  const instances = [];
  while (instances.length < MIN_INSTANCES || !generator.covered()) {
    if (instances.length === MAX_INSTANCES) {
      const missing = [...generator.coverage].filter(([, c]) => c.taken.size < c.branches).map(([n]) => n);
      throw new Error(`${entry.name}: ${MAX_INSTANCES} instances do not cover every anyOf branch: ${missing.join(', ')}`);
    }
    const instance = generator.value(jsonSchema, '', '');
    if (!validator.Check(instance)) {
      throw new Error(`${entry.name}: generated instance ${instances.length} is rejected by ${entry.validator}: ${describeErrors(validator, instance)}\n${JSON.stringify(instance)}`);
    }
    instances.push(instance);
  }
  return instances;
}

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

function main() {
  fs.mkdirSync(INSTANCES_DIR, { recursive: true });
  for (const entry of PUBLISHED_TYPES) {
    const file = path.join(PUBLISHED_DIR, `${entry.name}.json`);
    const { $comment, ...jsonSchema } = JSON.parse(fs.readFileSync(file, 'utf8'));
    void $comment;
    const { validator } = loadType(entry);
    const instances = generate(entry, jsonSchema, validator);
    const out = path.join(INSTANCES_DIR, `${entry.name}.json`);
    fs.writeFileSync(out, JSON.stringify(instances, null, 2) + '\n');
    console.log(`wrote ${instances.length} instances to ${path.relative(process.cwd(), out)}`);
  }
}

main();
