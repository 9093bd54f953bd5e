// The response types of the official Unipile Node SDK that this repository checks against:
// where each schema and its compiled validator live in the package, and which Rust type
// reads it. Shared by export-schemas.mjs, generate-instances.mjs and conformance.mjs.

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Directory of this package (node-sdk/). */
export const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Where the exported schemas are committed. */
export const PUBLISHED_DIR = path.join(HERE, '..', 'tests', 'fixtures', 'published');
/** Where the generated instances are committed. */
export const INSTANCES_DIR = path.join(PUBLISHED_DIR, 'instances');

// The package's `exports` map only opens its entry point, so locate the build from there.
/** Root of the installed SDK's CommonJS build. */
export const SDK_CJS = path.dirname(require.resolve('unipile-node-sdk', { paths: [HERE] }));
/** The installed SDK's version (the lockfile pins it). */
export const SDK_VERSION = require(path.join(SDK_CJS, '..', '..', 'package.json')).version;

/** Loads a module of the SDK's CommonJS build by its path under dist/cjs. */
export function sdkModule(relative) {
  return require(path.join(SDK_CJS, relative));
}

/**
 * One entry per published response type: `name` is the fixture's file name, `module` and
 * `schema` locate the TypeBox schema, `validator` the compiled checker the SDK's resource
 * method uses for that answer, `rust` the unipile-core type expected to read it.
 */
export const PUBLISHED_TYPES = [
  { name: 'account', module: 'accounts/account.types.js', schema: 'AccounApiResponseSchema', validator: 'AccountApiResponseValidator', rust: 'unipile_core::Account', call: 'account.getOne' },
  { name: 'account-list', module: 'accounts/accounts-list.schema.js', schema: 'AccounListApiResponseSchema', validator: 'AccountListResponseValidator', rust: 'unipile_core::Page<unipile_core::Account>', call: 'account.getAll' },
  { name: 'chat', module: 'messaging/chats/chat.types.js', schema: 'ChatResponseSchema', validator: 'ChatResponseValidator', rust: 'unipile_core::Chat', call: 'messaging.getChat' },
  { name: 'chat-list', module: 'messaging/chats/chats-list.types.js', schema: 'ChatListResponseSchema', validator: 'ChatListApiResponseValidator', rust: 'unipile_core::Page<unipile_core::Chat>', call: 'messaging.getAllChats, messaging.getAllChatsFromAttendee' },
  { name: 'message', module: 'messaging/messages/message.types.js', schema: 'MessageResponseSchema', validator: 'MessageResponseValidator', rust: 'unipile_core::Message', call: 'messaging.getMessage' },
  { name: 'message-list', module: 'messaging/messages/message-list.types.js', schema: 'MessageListApiResponseSchema', validator: 'MessageListApiResponseValidator', rust: 'unipile_core::Page<unipile_core::Message>', call: 'messaging.getAllMessages, getAllMessagesFromChat, getAllMessagesFromAttendee' },
  { name: 'chat-attendee', module: 'messaging/chat-attendees/chat-attendee.types.js', schema: 'ChatAttendeeResponseSchema', validator: 'ChatAttendeeResponseValidator', rust: 'unipile_core::ChatAttendee', call: 'messaging.getAttendee' },
  { name: 'chat-attendee-list', module: 'messaging/chat-attendees/chat-attendees-list.types.js', schema: 'ChatAttendeeListApiResponseSchema', validator: 'ChatAttendeeListApiResponseValidator', rust: 'unipile_core::Page<unipile_core::ChatAttendee>', call: 'messaging.getAllAttendees' },
  { name: 'chat-attendee-by-chat-list', module: 'messaging/chat-attendees/chat-attendees-list.types.js', schema: 'ChatAttendeeByChatListApiResponse', validator: 'ChatAttendeeByChatListApiResponseValidator', rust: 'unipile_core::Page<unipile_core::ChatAttendee> (no cursor)', call: 'messaging.getAllAttendeesFromChat' },
  { name: 'message-sent', module: 'messaging/messages/message-send.types.js', schema: 'MessageSentResponseSchema', validator: 'MessageSentResponseValidator', rust: 'unipile_core::MessageSent', call: 'messaging.sendMessage' },
  { name: 'chat-started', module: 'messaging/chats/chat-start.types.js', schema: 'ChatStartedApiResponseSchema', validator: 'ChatStartedApiResponseValidator', rust: 'unipile_core::ChatStarted', call: 'messaging.startNewChat' },
  { name: 'chat-patched', module: 'messaging/chats/chat-patch.types.js', schema: 'ChatPatchedApiResponseSchema', validator: 'ChatPatchedApiResponseValidator', rust: 'unipile_core::ChatPatched', call: 'messaging.setChatStatus' },
  { name: 'webhook-list', module: 'webhooks/webhooks-list.types.js', schema: 'WebhookListResponseSchema', validator: 'WebhookListResponseValidator', rust: 'unipile_core::Page<unipile_core::Webhook>', call: 'webhook.getAll' },
  { name: 'webhook-created', module: 'webhooks/webhooks-create.types.js', schema: 'WebhookCreateResponseSchema', validator: 'WebhookCreateResponseValidator', rust: 'unipile_core::WebhookCreated', call: 'webhook.create' },
  { name: 'webhook-deleted', module: 'webhooks/webhooks-delete.types.js', schema: 'WebhookDeleteResponseSchema', validator: 'WebhookDeleteResponseValidator', rust: 'unipile_core::WebhookDeleted', call: 'webhook.delete' },
];

/** The TypeBox schema and compiled validator of one entry of PUBLISHED_TYPES. */
export function loadType(entry) {
  const mod = sdkModule(entry.module);
  const schema = mod[entry.schema];
  const validator = mod[entry.validator];
  if (!schema || !validator) {
    throw new Error(`${entry.module} has no ${entry.schema} or ${entry.validator}`);
  }
  return { schema, validator };
}

/** The first validation errors of `value`, compact: `/path: message (got value)`. */
export function describeErrors(validator, value, max = 5) {
  const lines = [];
  for (const error of validator.Errors(value)) {
    if (lines.length === max) {
      lines.push('...');
      break;
    }
    let got = JSON.stringify(error.value);
    if (got === undefined) got = 'absent';
    if (got.length > 80) got = got.slice(0, 77) + '...';
    lines.push(`${error.path || '/'}: ${error.message} (got ${got})`);
  }
  return lines.join('; ');
}
