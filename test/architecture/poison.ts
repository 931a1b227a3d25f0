// Ways to prove a function touches nothing live: a membrane around the run's services that works
// while reads run and, once revoked, throws on any use of anything reached through it (the
// services, and every object or function they handed out); and poisoned network entry points
// (global fetch, every undici dispatcher, net sockets). Both record each touch, so a caller that
// swallows the error is caught too.
import { KeyObject } from 'node:crypto';
import net from 'node:net';
import * as undici from 'undici';

export interface Membrane<T extends object> {
  /** The target seen through the membrane: hand this to the code under test. */
  readonly proxy: T;
  /** From now on every use of anything reached through `proxy` throws (and is recorded). */
  revoke(): void;
  /** What was used after `revoke`, e.g. `services.dns().thresholdReason`. */
  readonly touched: string[];
}

export class PoisonedError extends Error {
  override name = 'PoisonedError';
}

/** Wraps `target` so everything reached through it can be cut off at once. */
export function createMembrane<T extends object>(target: T, name: string): Membrane<T> {
  let revoked = false;
  const touched: string[] = [];
  const proxies = new WeakMap<object, object>();
  const targets = new WeakMap<object, object>();
  const unwrap = (value: unknown) => (value !== null && (typeof value === 'object' || typeof value === 'function') ? (targets.get(value) ?? value) : value);

  const wrap = (value: unknown, path: string): unknown => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    if (targets.has(value) || isPlainValue(value)) return value;
    // A promise keeps its identity as a promise (await must see one); what it settles to is wrapped.
    if (value instanceof Promise) return value.then((settled) => wrap(settled, path));
    const known = proxies.get(value);
    if (known) return known;
    const guard = (what: string) => {
      if (!revoked) return;
      touched.push(`${path}${what}`);
      throw new PoisonedError(`${path}${what} used after the services were cut off`);
    };
    const handler: ProxyHandler<object> = {
      get(t, prop) {
        guard(`.${String(prop)}`);
        const descriptor = Reflect.getOwnPropertyDescriptor(t, prop);
        const raw = Reflect.get(t, prop, t);
        // A proxy must return a frozen property as it is.
        if (descriptor && !descriptor.configurable && !descriptor.writable) return raw;
        return wrap(raw, `${path}.${String(prop)}`);
      },
      set: (t, prop, v) => (guard(`.${String(prop)} =`), Reflect.set(t, prop, unwrap(v), t)),
      has: (t, prop) => (guard(` has ${String(prop)}`), Reflect.has(t, prop)),
      ownKeys: (t) => (guard(' keys'), Reflect.ownKeys(t)),
      getOwnPropertyDescriptor: (t, prop) => (guard(`.${String(prop)} descriptor`), Reflect.getOwnPropertyDescriptor(t, prop)),
      defineProperty: (t, prop, d) => (guard(`.${String(prop)} defined`), Reflect.defineProperty(t, prop, d)),
      deleteProperty: (t, prop) => (guard(`.${String(prop)} deleted`), Reflect.deleteProperty(t, prop)),
      // Methods run on the real object: private fields and internal slots need it.
      apply: (t, self, args) => (guard('()'), wrap(Reflect.apply(t as (...a: unknown[]) => unknown, unwrap(self), args.map(unwrap)), `${path}()`)),
      construct: (t, args) => (guard(' new'), wrap(Reflect.construct(t as new (...a: unknown[]) => object, args.map(unwrap)), `new ${path}`) as object),
    };
    const proxy = new Proxy(value, handler);
    proxies.set(value, proxy);
    targets.set(proxy, value);
    return proxy;
  };

  return {
    proxy: wrap(target, name) as T,
    revoke: () => (revoked = true),
    touched,
  };
}

/** Bytes, keys and the like are data, not services, and native code needs them unwrapped. */
function isPlainValue(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof KeyObject || value instanceof Date || value instanceof RegExp || value instanceof Error;
}

export interface NetworkPoison {
  /** Network calls attempted while poisoned. */
  readonly calls: string[];
  restore(): void;
}

/** Until `restore`, any fetch, undici dispatch or socket connect throws (and is recorded). */
export function poisonNetwork(): NetworkPoison {
  const calls: string[] = [];
  const restores: (() => void)[] = [];
  const replace = <O extends object>(owner: O, key: keyof O & string, what: string) => {
    const original = Object.getOwnPropertyDescriptor(owner, key)!;
    Object.defineProperty(owner, key, {
      ...original,
      value(this: unknown, ...args: unknown[]) {
        const detail = describeTarget(args[0]);
        calls.push(`${what}${detail}`);
        throw new PoisonedError(`${what}${detail} while the network is poisoned`);
      },
    });
    restores.push(() => Object.defineProperty(owner, key, original));
  };
  replace(globalThis, 'fetch', 'fetch');
  for (const owner of dispatchOwners()) replace(owner as { dispatch: unknown }, 'dispatch', `undici ${owner.constructor.name}.dispatch`);
  replace(net.Socket.prototype, 'connect', 'net.Socket.connect');
  return {
    calls,
    restore: () => {
      for (const undo of restores.reverse()) undo();
    },
  };
}

/** Every prototype in undici's dispatcher classes that defines its own `dispatch`. */
function dispatchOwners(): object[] {
  const owners = new Set<object>();
  for (const exported of Object.values(undici)) {
    if (typeof exported !== 'function' || !exported.prototype) continue;
    for (let p: object | null = exported.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      if (Object.hasOwn(p, 'dispatch')) owners.add(p);
    }
  }
  return [...owners];
}

function describeTarget(arg: unknown): string {
  // net.connect hands Socket#connect its arguments normalised into an array.
  if (Array.isArray(arg)) return describeTarget(arg[0]);
  if (typeof arg === 'string' || arg instanceof URL) return ` ${String(arg)}`;
  const o = arg as { origin?: unknown; path?: unknown; url?: unknown; port?: unknown; host?: unknown } | undefined;
  if (o?.url) return ` ${String(o.url)}`;
  if (o?.origin) return ` ${String(o.origin)}${String(o.path ?? '')}`;
  if (o?.port) return ` ${String(o.host ?? '')}:${String(o.port)}`;
  return '';
}
