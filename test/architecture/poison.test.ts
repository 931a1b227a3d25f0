// The tools of the pure-diff test, proved: a revoked membrane cuts off everything reached through
// it (methods, what they returned, what their promises settled to), and a poisoned network
// refuses fetch, undici and raw sockets, recording each attempt.
import net from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { createMembrane, poisonNetwork, PoisonedError } from './poison.ts';

class Counter {
  #count = 0;
  next() {
    return ++this.#count;
  }
}

describe('a membrane', () => {
  it('works until revoked, then refuses what was reached through it and records it', async () => {
    const service = { counter: new Counter(), async zone() { return { find: (name: string) => ({ name, values: ['x'] }) }; } };
    const membrane = createMembrane(service, 'services');
    const { proxy } = membrane;
    expect(proxy.counter.next()).toBe(1); // private fields: methods run on the real object
    const zone = await proxy.zone();
    const counter = proxy.counter;
    expect(zone.find('www').values).toEqual(['x']);
    membrane.revoke();
    expect(() => counter.next()).toThrow(PoisonedError);
    expect(() => zone.find('www')).toThrow(PoisonedError);
    expect(membrane.touched).toEqual(['services.counter.next', 'services.zone().find']);
  });
});

describe('a poisoned network', () => {
  it('refuses fetch, undici requests and socket connects until restored', async () => {
    const poison = poisonNetwork();
    try {
      expect(() => fetch('https://127.0.0.1:9/x')).toThrow(PoisonedError);
      await expect(request('https://127.0.0.1:9/y')).rejects.toThrow(PoisonedError);
      expect(() => net.connect({ host: '127.0.0.1', port: 9 })).toThrow(PoisonedError);
    } finally {
      poison.restore();
    }
    expect(poison.calls).toEqual(['fetch https://127.0.0.1:9/x', 'undici DispatcherBase.dispatch https://127.0.0.1:9/y', 'net.Socket.connect 127.0.0.1:9']);
    expect(typeof fetch).toBe('function');
  });
});
