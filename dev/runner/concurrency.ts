// Concurrency groups across every run one runner executes. At most one run (or job) of a group is
// in progress. Without `queue`, a group keeps ONE pending entry: a newcomer cancels the pending
// one and takes its place; `cancel-in-progress` also cancels the one running. With `queue: max`,
// up to 100 entries wait and start in arrival order (GitHub changelog of 2026-05-07, "concurrency
// groups now allow larger queues"). Group names compare case-insensitively.
// https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency
// https://github.blog/changelog/2026-05-07-github-actions-concurrency-groups-now-allow-larger-queues

export type QueueMode = 'single' | 'max';

export interface ConcurrencySetting {
  group: string;
  cancelInProgress: boolean;
  queue: QueueMode;
}

/** Pending entries a `queue: max` group holds. */
export const MAX_PENDING_IN_QUEUE = 100;

/** A run or job taking part in a group: `cancel` stops it (running) or drops it (pending). */
export interface ConcurrencyMember {
  label: string;
  cancel(reason: string): void;
}

interface Pending {
  member: ConcurrencyMember;
  start(): void;
  drop(reason: string): void;
}

interface Group {
  running?: ConcurrencyMember;
  pending: Pending[];
}

export class ConcurrencyCancelled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ConcurrencyCancelled';
  }
}

export class ConcurrencyRegistry {
  private readonly groups = new Map<string, Group>();

  /**
   * Resolves with a release function once `member` may start; rejects with ConcurrencyCancelled
   * when a newer entry (or the 100-entry cap) pushes it out while pending.
   */
  acquire(setting: ConcurrencySetting, member: ConcurrencyMember): Promise<() => void> {
    const key = setting.group.toLowerCase();
    const group = this.groups.get(key) ?? { pending: [] };
    this.groups.set(key, group);
    const reason = `Canceling since a higher priority waiting request for '${setting.group}' exists`;
    if (setting.cancelInProgress) {
      for (const p of group.pending.splice(0)) p.drop(reason);
      group.running?.cancel(reason);
    }
    if (!group.running && !group.pending.length) {
      group.running = member;
      return Promise.resolve(this.releaser(key, member));
    }
    if (setting.queue === 'max') {
      // The changelog states the cap, not what happens past it: the oldest waiting entry makes room,
      // as the single-slot default does for its one slot.
      if (group.pending.length >= MAX_PENDING_IN_QUEUE) group.pending.shift()!.drop(`${reason} (queue of ${MAX_PENDING_IN_QUEUE} full)`);
    } else {
      for (const p of group.pending.splice(0)) p.drop(reason);
    }
    return new Promise((resolve, reject) => {
      group.pending.push({
        member,
        start: () => resolve(this.releaser(key, member)),
        drop: (why) => reject(new ConcurrencyCancelled(why)),
      });
    });
  }

  /** Drops a pending member (its run was cancelled some other way). */
  withdraw(member: ConcurrencyMember, reason: string): void {
    for (const group of this.groups.values()) {
      const i = group.pending.findIndex((p) => p.member === member);
      if (i >= 0) group.pending.splice(i, 1)[0].drop(reason);
    }
  }

  /** Members waiting in the group, oldest first (for records and tests). */
  pendingIn(group: string): string[] {
    return this.groups.get(group.toLowerCase())?.pending.map((p) => p.member.label) ?? [];
  }

  private releaser(key: string, member: ConcurrencyMember): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const group = this.groups.get(key)!;
      if (group.running !== member) return;
      group.running = undefined;
      const next = group.pending.shift();
      if (next) {
        group.running = next.member;
        next.start();
      } else {
        this.groups.delete(key);
      }
    };
  }
}
