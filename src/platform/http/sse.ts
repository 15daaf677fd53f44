import type { Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventHub, EventPayload } from '../events.ts';

/** An event as the browser's EventSource gets it: `addEventListener(event, …)`, JSON in `data`. */
export interface StreamEvent {
  event: string;
  data: object;
}

export interface EventStreamOptions {
  hub: EventHub;
  channel: string;
  /** which of the channel's events this client may see (its unit, its role); all when left out */
  filter?: (payload: EventPayload) => boolean;
  /** the event to send for a payload, or null to send nothing */
  toEvent: (payload: EventPayload) => StreamEvent | null;
  /** a comment line this often keeps proxies and load balancers from closing a quiet stream */
  heartbeatMs?: number;
}

/** How long the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 5000;
/** A client this far behind in reading is dropped; it reconnects and reads the state again. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const EVENT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The open streams of each server, ended by the app's preClose hook. */
const openStreams = new WeakMap<Server, Set<() => void>>();

/**
 * Lets the app close with event streams open: they are ended before the server stops taking
 * connections (an open stream would otherwise keep app.close() waiting for ever), and the
 * browsers reconnect, after RETRY_MS, to whichever process then serves. Call once, on the root
 * app, before routes that use sendEventStream.
 */
export function installEventStreams(app: FastifyInstance): void {
  if (openStreams.has(app.server)) return;
  const streams = new Set<() => void>();
  openStreams.set(app.server, streams);
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
}

/** Ends every open event stream of the app now (installEventStreams does this at close). */
export function closeEventStreams(app: FastifyInstance): void {
  for (const end of [...(openStreams.get(app.server) ?? [])]) end();
}

/** The headers of a stream besides those set for the request so far (helmet's among them). */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // nginx and others would otherwise buffer the stream
  'x-accel-buffering': 'no',
};

/**
 * Answers the request with a server-sent event stream of the hub's channel: each payload that
 * passes filter and that toEvent turns into an event is sent as `event:` and JSON `data:`.
 * The reply is hijacked, so Fastify's onSend and onResponse hooks do not run for it; the
 * headers already set on the reply (helmet's security headers) are sent with the stream's.
 * The stream ends, and its subscription with it, when the client goes away or the app closes.
 */
export async function sendEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: EventStreamOptions,
): Promise<void> {
  const streams = openStreams.get(request.server.server);
  if (!streams) throw new Error('Call installEventStreams(app) before using sendEventStream');
  const { filter, toEvent, heartbeatMs = 25_000 } = options;
  const res = reply.raw;
  let open = false;

  const send = (text: string) => {
    if (!open) return;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) end('slow');
  };

  // Subscribed before the reply is hijacked, so a failure is answered as any other error.
  const unsubscribe = await options.hub.subscribe(options.channel, (payload) => {
    if (!open || (filter && !filter(payload))) return;
    const event = toEvent(payload);
    if (!event) return;
    if (!EVENT_NAME.test(event.event)) throw new Error(`Not an event name: ${JSON.stringify(event.event)}`);
    send(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
  });
  let heartbeat: NodeJS.Timeout | undefined;
  let ended = false;
  /** gone: the client went away; closing: the app closes; slow: the client does not keep up */
  const end = (why: 'gone' | 'closing' | 'slow') => {
    if (ended) return;
    ended = true;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(stop);
    const socket = request.raw.socket;
    if (why === 'slow') res.destroy();
    else if (!res.writableEnded) res.end();
    // The connection goes too, so that the server's close need not wait for it to idle out.
    if (why === 'closing' && socket) {
      res.once('finish', () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    }
  };
  const stop = () => end('closing');
  reply.hijack();
  if (request.raw.destroyed || res.destroyed) {
    end('gone'); // went away while the subscription started
    return;
  }
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && name !== 'content-length') headers[name] = value;
  }
  // The security headers that matter here, in case helmet did not set them.
  headers['x-content-type-options'] ??= 'nosniff';
  headers['cross-origin-resource-policy'] ??= 'same-origin';
  headers['referrer-policy'] ??= 'no-referrer';
  Object.assign(headers, STREAM_HEADERS);
  res.writeHead(200, headers);
  open = true;
  streams.add(stop);
  res.on('close', () => end('gone'));
  res.on('error', () => end('gone'));
  send(`retry: ${RETRY_MS}\n\n`);
  heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
}
