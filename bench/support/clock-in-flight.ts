// What real work the bench's process has under way, seen from outside the product (src/ stays
// untouched): our client's HTTP calls (undici's diagnostics channels), the emulators' requests
// (node:http's server channels) and which of them are asleep on the virtual clock, SQL (pg's
// Client query, connect and end wrapped, so the registry, migrations and the emulator's refresh
// loads all count), and libuv requests still pending (file reads, DNS lookups, TCP connects). The
// settling clock asks it whether the process is really waiting on the clock before it moves.
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import pg from 'pg';

export interface InFlight {
  /** Counts every start and end of tracked work and every sleep: unchanged means nothing happened. */
  activity(): number;
  /** Records a sleep on the virtual clock; call it synchronously from `sleep` so the caller's emulator request is known. */
  sleeping(done: Promise<unknown>): void;
  /** Why the clock may not move now (e.g. `1 SQL query`), or undefined when every piece of work waits on it. */
  busy(): string | undefined;
}

interface ServerCall {
  response: ServerResponse;
  /** Sleeps on the virtual clock started from this request's handler and not yet over. */
  sleeps: number;
}

// libuv requests that are real I/O under way (not handles such as idle sockets or timers).
const PENDING_IO = new Set(['FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'GetNameInfoReqWrap', 'TCPConnectWrap', 'PipeConnectWrap', 'ShutdownWrap']);

let tracker: InFlight | undefined;

/** The process-wide tracker (channels and pg are process-wide, so there is one). */
export function trackInFlight(): InFlight {
  return (tracker ??= install());
}

function install(): InFlight {
  let activity = 0;
  let sql = 0;
  const clientCalls = new Set<object>();
  const serverCalls = new Set<ServerCall>();
  // The emulator request a piece of code runs for: entered when node:http announces the request,
  // just before it calls the emulator's handler, so the handler's awaits (and its sleeps) carry it.
  const current = new AsyncLocalStorage<ServerCall>();

  diagnostics.subscribe('undici:request:create', (message) => {
    clientCalls.add((message as { request: object }).request);
    activity++;
  });
  for (const name of ['undici:request:trailers', 'undici:request:error']) {
    diagnostics.subscribe(name, (message) => {
      clientCalls.delete((message as { request: object }).request);
      activity++;
    });
  }
  diagnostics.subscribe('undici:request:headers', () => activity++);
  diagnostics.subscribe('http.server.request.start', (message) => {
    const call: ServerCall = { response: (message as { response: ServerResponse }).response, sleeps: 0 };
    serverCalls.add(call);
    activity++;
    // 'close' follows 'finish', and also comes when the client went away before the answer.
    call.response.once('close', () => {
      serverCalls.delete(call);
      activity++;
    });
    current.enterWith(call);
  });

  const track = (name: 'query' | 'connect' | 'end') => {
    const original = pg.Client.prototype[name] as (...args: unknown[]) => unknown;
    (pg.Client.prototype as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      sql++;
      activity++;
      let over = false;
      const end = () => {
        if (over) return;
        over = true;
        sql--;
        activity++;
      };
      const last = args.length - 1;
      if (typeof args[last] === 'function') {
        const callback = args[last] as (...a: unknown[]) => unknown;
        args[last] = function (this: unknown, ...result: unknown[]) {
          end();
          return callback.apply(this, result);
        };
      }
      let result: unknown;
      try {
        result = original.apply(this, args);
      } catch (e) {
        end();
        throw e;
      }
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(end, end);
      else if (result && typeof (result as { once?: unknown }).once === 'function') {
        // A submittable (cursor, stream): over at its end or error.
        for (const event of ['end', 'error', 'close']) (result as NodeJS.EventEmitter).once(event, end);
      } else if (typeof args[last] !== 'function') end(); // a query config carrying its own callback: not tracked past the call
      return result;
    };
  };
  // Connecting and disconnecting are real round trips the caller awaits, as much as a query.
  for (const name of ['query', 'connect', 'end'] as const) track(name);

  return {
    activity: () => activity,
    sleeping(done) {
      activity++;
      const call = current.getStore();
      if (!call || !serverCalls.has(call)) return;
      call.sleeps++;
      const over = () => {
        call.sleeps--;
      };
      done.then(over, over);
    },
    busy() {
      if (sql) return `${sql} SQL quer${sql === 1 ? 'y' : 'ies'}`;
      // A request is waiting on the clock while its handler sleeps on it and has not begun to answer.
      let asleep = 0;
      for (const call of serverCalls) if (call.sleeps > 0 && !call.response.headersSent) asleep++;
      if (serverCalls.size > asleep) return `${serverCalls.size - asleep} emulator request(s) at work`;
      // Every call of ours must be one of those asleep; any other is in transit (connecting, sending, answered but not yet read).
      if (clientCalls.size > asleep) return `${clientCalls.size - asleep} HTTP call(s) in transit`;
      const io = process.getActiveResourcesInfo().filter((r) => PENDING_IO.has(r));
      if (io.length) return `${io.length} I/O request(s) pending (${[...new Set(io)].join(', ')})`;
      return undefined;
    },
  };
}
