// Conformance of a running Unipile API (normally unipile-mock) to the official Node SDK's
// published response types: calls every method of `unipile-node-sdk` that the fake serves,
// with the SDK's response validation on at level 'error', and prints one line per call
// (`ok   name` or `FAIL name: reason`), then `N passed, M failed`. Exits 1 when a call failed.
//
// Ids come from earlier answers (first account, first chat, ...). When an answer is rejected
// by the validator its body is still used to find ids (the SDK keeps it on the error), so one
// bad shape does not hide the calls after it; a call whose inputs could not be found at all
// fails, naming the call that should have given them.

// TypeBox comes with the SDK (not a dependency of its own): the SDK's custom kinds live in
// the registry of that one copy, which Value.Errors must see.
import { Kind } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sdkModule } from './published-types.mjs';
import { makeClient, parseArgs, sdk } from './sdk-client.mjs';

const { InvalidResponseTypeError, UnsuccessfulRequestError } = sdk;

const USAGE = `\
conformance.mjs: checks a Unipile API server against unipile-node-sdk's response validators

USAGE:
    node conformance.mjs --dsn URL --api-key KEY [--timeout-ms MS] [--verbose true]

    --dsn URL        the server, e.g. http://127.0.0.1:13111 (a trailing /api/v1 is accepted);
                     default: $UNIPILE_DSN
    --api-key KEY    the X-API-KEY to send; default: $UNIPILE_API_KEY
    --timeout-ms MS  time allowed per call (default 10000)
    --verbose true   after each failure, list every difference the validator found
`;

const MAX_ERRORS_ON_LINE = 4;

const options = parseArgs(process.argv.slice(2), USAGE);
const timeoutMs = Number(options.extra['timeout-ms'] ?? 10000);
const verbose = options.extra.verbose === 'true';
if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
  process.stderr.write(`error: --timeout-ms must be a positive whole number\n`);
  process.exit(2);
}
const client = makeClient(options, { validate: true });

// -------------------------------------------------------------------------------------------
// Reporting a validation failure: TypeBox reports a union that matches no branch as one
// "Expected union value" at the union's path, so look into the closest branch to say which
// field is wrong.

function show(value) {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A schema in a few words: `0 | 1`, `string | null`, `base64 string (EncodedQueryCursor)`. */
function describeSchema(schema, depth = 0) {
  if (!schema || depth > 2) return '...';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map((s) => describeSchema(s, depth + 1)).join(' | ');
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const kind = schema[Kind];
  if (kind === 'EncodedQueryCursor') return 'base64 string (EncodedQueryCursor: length a multiple of 4, [A-Za-z0-9+/] and = padding)';
  if (kind === 'UTCDateTimeMs') return 'ISO 8601 UTC datetime with milliseconds';
  if (schema.type === 'array') return `${describeSchema(schema.items, depth + 1)}[]`;
  if (schema.type === 'object') return schema.title ?? 'object';
  return schema.type ?? kind ?? 'unknown';
}

/** Describes an anyOf branch by its literal fields, e.g. `{type: "LINKEDIN"}`. */
function branchLabel(schema, index) {
  if (schema.title) return schema.title;
  const literals = Object.entries(schema.properties ?? {})
    .filter(([, s]) => s.const !== undefined)
    .map(([k, s]) => `${k}: ${JSON.stringify(s.const)}`);
  return literals.length ? `{${literals.join(', ')}}` : `variant ${index}`;
}

/**
 * The validator's differences for `value` against `schema`, one per path: `{path, text}`.
 * A union of objects that matches no branch is explained by the differences of its closest
 * branch (the fewest differences, preferring one whose literal fields all match).
 */
function differences(schema, value, prefix = '', depth = 0) {
  const byPath = new Map();
  for (const error of Value.Errors(schema, value)) {
    const path = prefix + error.path || '/';
    if (byPath.has(path)) continue; // TypeBox may report "required" and "wrong type" for one field
    const branches = error.schema?.anyOf;
    const isObject = error.value !== null && typeof error.value === 'object' && !Array.isArray(error.value);
    if (branches && isObject && depth < 4 && branches.some((b) => b.type === 'object')) {
      let best;
      branches.forEach((branch, index) => {
        const diffs = differences(branch, error.value, prefix + error.path, depth + 1);
        const literalMismatch = Object.entries(branch.properties ?? {}).some(
          ([k, b]) => b.const !== undefined && error.value[k] !== b.const,
        );
        const typeMismatch = branch.type !== undefined && branch.type !== 'object';
        const score = diffs.length + (literalMismatch || typeMismatch ? 1000 : 0);
        if (!best || score < best.score) best = { score, diffs, label: branchLabel(branch, index) };
      });
      byPath.set(path, { path, text: `matches none of ${branches.length} variants; closest is ${best.label}`, union: true });
      for (const d of best.diffs) if (!byPath.has(d.path)) byPath.set(d.path, d);
    } else if (error.value === undefined) {
      byPath.set(path, { path, text: `required ${describeSchema(error.schema)}, absent` });
    } else if (branches || error.schema?.const !== undefined || error.schema?.[Kind] === 'EncodedQueryCursor') {
      byPath.set(path, { path, text: `expected ${describeSchema(error.schema)}, got ${show(error.value)}` });
    } else {
      byPath.set(path, { path, text: `${error.message}, got ${show(error.value)}` });
    }
  }
  return [...byPath.values()];
}

/** Differences with list indexes folded (`/items/*`), each with how often it occurred. */
function folded(diffs) {
  const groups = new Map();
  for (const d of diffs) {
    const path = d.path.replace(/\/items\/\d+(?=\/|$)/g, '/items/*').replace(/\/attendees\/\d+(?=\/|$)/g, '/attendees/*');
    const [expected, got] = d.union ? [d.text, undefined] : d.text.split(/, got (?=.)/s);
    const key = `${path}: ${expected}`;
    const group = groups.get(key) ?? { path, expected, got: new Set(), count: 0, union: d.union };
    if (got !== undefined && group.got.size < 3) group.got.add(got);
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    const got = g.got.size ? `, got ${[...g.got].join(' / ')}` : '';
    return { ...g, line: `${g.path}: ${g.expected}${got}${g.count > 1 ? ` (x${g.count})` : ''}` };
  });
}

function describeFailure(error, schema) {
  if (error instanceof InvalidResponseTypeError) {
    // error.body holds TypeBox's raw errors; re-walk the answer from the call's schema so a
    // union that matches no branch is explained field by field.
    let diffs = schema ? differences(schema, error.invalid_response) : [];
    if (!diffs.length) diffs = error.body.map((e) => ({ path: e.path || '/', text: `${e.message}, got ${show(e.value)}` }));
    const groups = folded(diffs);
    return { line: compact(groups), detail: groups.map((g) => g.line) };
  }
  if (error instanceof UnsuccessfulRequestError) {
    return { line: `the server answered an error: ${show(error.body)}`, detail: [] };
  }
  return { line: String(error?.message ?? error).split('\n')[0], detail: [] };
}

/** The first leaf differences on one line: `a; b; ... (N distinct differences)`. */
function compact(groups) {
  const leaves = groups.filter((g) => !g.union).map((g) => g.line);
  const shown = leaves.slice(0, MAX_ERRORS_ON_LINE).join('; ');
  return leaves.length > MAX_ERRORS_ON_LINE ? `${shown}; ... (${leaves.length} distinct differences)` : shown;
}

// -------------------------------------------------------------------------------------------
// Running the calls.

let passed = 0;
let failed = 0;

// The SDK's calls take no abort signal: a call that overruns is abandoned (the process exits
// at the end whatever is still in flight).
function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs one call. `needs` names the inputs it takes from earlier answers: when one is missing
 * the call fails without running. Returns the answer (or the rejected answer's body), or
 * undefined when there was none.
 */
async function call(name, schema, needs, run, check) {
  const missing = Object.entries(needs).filter(([, v]) => v.value === undefined);
  if (missing.length) {
    failed++;
    const why = missing.map(([what, v]) => `${what} (from ${v.from})`).join(', ');
    console.log(`FAIL ${name}: not run: no ${why}`);
    return undefined;
  }
  try {
    const answer = await withTimeout(run());
    const problem = check?.(answer);
    if (problem) {
      failed++;
      console.log(`FAIL ${name}: ${problem}`);
    } else {
      passed++;
      console.log(`ok   ${name}`);
    }
    return answer;
  } catch (error) {
    failed++;
    const { line, detail } = describeFailure(error, schema);
    console.log(`FAIL ${name}: ${line}`);
    if (verbose) for (const d of detail) console.log(`       ${d}`);
    return error instanceof InvalidResponseTypeError ? error.invalid_response : undefined;
  }
}

const need = (value, from) => ({ value, from });
const items = (answer) => (Array.isArray(answer?.items) ? answer.items : []);

const schemaOf = (module, name) => sdkModule(module)[name];
const S = {
  accountList: schemaOf('accounts/accounts-list.schema.js', 'AccounListApiResponseSchema'),
  account: schemaOf('accounts/account.types.js', 'AccounApiResponseSchema'),
  chatList: schemaOf('messaging/chats/chats-list.types.js', 'ChatListResponseSchema'),
  chat: schemaOf('messaging/chats/chat.types.js', 'ChatResponseSchema'),
  messageList: schemaOf('messaging/messages/message-list.types.js', 'MessageListApiResponseSchema'),
  message: schemaOf('messaging/messages/message.types.js', 'MessageResponseSchema'),
  attendeeList: schemaOf('messaging/chat-attendees/chat-attendees-list.types.js', 'ChatAttendeeListApiResponseSchema'),
  attendeeByChat: schemaOf('messaging/chat-attendees/chat-attendees-list.types.js', 'ChatAttendeeByChatListApiResponse'),
  attendee: schemaOf('messaging/chat-attendees/chat-attendee.types.js', 'ChatAttendeeResponseSchema'),
  messageSent: schemaOf('messaging/messages/message-send.types.js', 'MessageSentResponseSchema'),
  chatStarted: schemaOf('messaging/chats/chat-start.types.js', 'ChatStartedApiResponseSchema'),
  chatPatched: schemaOf('messaging/chats/chat-patch.types.js', 'ChatPatchedApiResponseSchema'),
  webhookList: schemaOf('webhooks/webhooks-list.types.js', 'WebhookListResponseSchema'),
  webhookCreated: schemaOf('webhooks/webhooks-create.types.js', 'WebhookCreateResponseSchema'),
  webhookDeleted: schemaOf('webhooks/webhooks-delete.types.js', 'WebhookDeleteResponseSchema'),
};

const m = client.messaging;
// A list call over the demo data that comes back empty checks nothing: say so.
const nonEmpty = (what) => (answer) => (items(answer).length ? undefined : `the list of ${what} is empty`);

const accounts = items(
  await call('account.getAll', S.accountList, {}, () => client.account.getAll({ limit: 10 }), nonEmpty('accounts')),
);
const accountId = accounts[0]?.id;
const linkedinAccountId = accounts.find((a) => a.type === 'LINKEDIN')?.id;
await call('account.getOne', S.account, { 'account id': need(accountId, 'account.getAll') }, () =>
  client.account.getOne(accountId),
);

const chats = items(
  await call('messaging.getAllChats', S.chatList, {}, () => m.getAllChats({ limit: 10 }), nonEmpty('chats')),
);
// A 1:1 chat when there is one: its other attendee then has chats and messages of its own.
const chatId = (chats.find((c) => c.type === 0) ?? chats[0])?.id;
const chatNeed = { 'chat id': need(chatId, 'messaging.getAllChats') };
await call('messaging.getChat', S.chat, chatNeed, () => m.getChat(chatId));
await call('messaging.getAllMessagesFromChat', S.messageList, chatNeed, () =>
  m.getAllMessagesFromChat({ chat_id: chatId, limit: 10 }),
);

const messages = items(
  await call('messaging.getAllMessages', S.messageList, {}, () => m.getAllMessages({ limit: 250 }), nonEmpty('messages')),
);
const messageId = messages[0]?.id;
await call('messaging.getMessage', S.message, { 'message id': need(messageId, 'messaging.getAllMessages') }, () =>
  m.getMessage(messageId),
);

const chatAttendees = items(
  await call('messaging.getAllAttendeesFromChat', S.attendeeByChat, chatNeed, () => m.getAllAttendeesFromChat(chatId), nonEmpty("the chat's attendees")),
);
const attendee = chatAttendees.find((a) => !a.is_self) ?? chatAttendees[0];
await call('messaging.getAllAttendees', S.attendeeList, {}, () => m.getAllAttendees({ limit: 50 }), nonEmpty('attendees'));
const attendeeNeed = { 'attendee id': need(attendee?.id, 'messaging.getAllAttendeesFromChat') };
await call('messaging.getAttendee', S.attendee, attendeeNeed, () => m.getAttendee(attendee.id));
await call('messaging.getAllMessagesFromAttendee', S.messageList, attendeeNeed, () =>
  m.getAllMessagesFromAttendee({ attendee_id: attendee.id, limit: 10 }),
);
await call(
  'messaging.getAllChatsFromAttendee',
  S.chatList,
  attendeeNeed,
  () => m.getAllChatsFromAttendee({ attendee_id: attendee.id, limit: 10 }),
  nonEmpty("the attendee's chats"),
);

await call('messaging.sendMessage', S.messageSent, chatNeed, () =>
  m.sendMessage({ chat_id: chatId, text: 'Conformance check: a message sent through the official SDK.' }),
);
await call(
  'messaging.startNewChat',
  S.chatStarted,
  { 'account id': need(attendee?.account_id, 'messaging.getAllAttendeesFromChat'), 'attendee provider id': need(attendee?.provider_id, 'messaging.getAllAttendeesFromChat') },
  () => m.startNewChat({ account_id: attendee.account_id, attendees_ids: [attendee.provider_id], text: 'Hello from the conformance check.' }),
);
await call(
  'messaging.startNewChat (LinkedIn InMail)',
  S.chatStarted,
  { 'LinkedIn account id': need(linkedinAccountId, 'account.getAll') },
  () =>
    m.startNewChat({
      account_id: linkedinAccountId,
      attendees_ids: ['ACoAAConformanceInMailRecipient01'],
      subject: 'Conformance check',
      text: 'An InMail sent through the official SDK.',
      options: { linkedin: { api: 'classic', inmail: true } },
    }),
);
await call('messaging.setChatStatus', S.chatPatched, chatNeed, () =>
  m.setChatStatus({ chat_id: chatId, action: 'setReadStatus', value: true }),
);

const created = await call('webhook.create', S.webhookCreated, {}, () =>
  client.webhook.create({
    source: 'messaging',
    request_url: 'http://127.0.0.1:9/conformance-webhook',
    name: 'conformance check',
    events: ['message_received'],
  }),
);
const webhookId = created?.webhook_id;
await call('webhook.getAll', S.webhookList, {}, () => client.webhook.getAll(), (answer) =>
  webhookId && !items(answer).some((w) => w.id === webhookId) ? `the list does not hold the webhook just created (${webhookId})` : undefined,
);
await call('webhook.delete', S.webhookDeleted, { 'webhook id': need(webhookId, 'webhook.create') }, () =>
  client.webhook.delete(webhookId),
);

// The SDK types no attachment answer (its validator accepts anything), so check that bytes came.
const withAttachment = messages.find((msg) => Array.isArray(msg.attachments) && msg.attachments.length > 0);
await call(
  'messaging.getMessageAttachment',
  undefined,
  { 'message with an attachment': need(withAttachment, 'messaging.getAllMessages (first 250 messages)') },
  () => m.getMessageAttachment({ message_id: withAttachment.id, attachment_id: withAttachment.attachments[0].id }),
  (answer) => (answer instanceof Blob && answer.size > 0 ? undefined : `expected the attachment's bytes, got ${show(answer)}`),
);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
