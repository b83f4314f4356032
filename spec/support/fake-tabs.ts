import { of, type SchedulerLike } from 'rxjs';
import type { HttpRequest, Transport } from '../../lib/http/http';
import { createODataClient, type ODataClient } from '../../lib/odata/odata-client';
import type { BroadcastChannelLike, LockManagerLike } from '../../lib/lro/tracker/tracker-coordination';
import type { TrackerStorage } from '../../lib/lro/tracker/tracker-storage';
import { response } from './scripted-transport';

export const ROOT = 'https://host.example/odata/';

/**
 * The channels of one origin: what one tab posts reaches every other open channel of the same
 * name, structured-cloned (as BroadcastChannel does), never the sender.
 */
export class FakeChannelHub {
  private readonly open = new Set<FakeChannel>();
  readonly posted: unknown[] = [];

  channel(): FakeChannel {
    const channel = new FakeChannel(this);
    this.open.add(channel);
    return channel;
  }

  deliver(from: FakeChannel, message: unknown): void {
    this.posted.push(message);
    for (const channel of [...this.open]) if (channel !== from) channel.receive(structuredClone(message));
  }

  /** Another script on the origin posting on the same channel name. */
  inject(message: unknown): void {
    for (const channel of [...this.open]) channel.receive(message);
  }

  closed(channel: FakeChannel): void {
    this.open.delete(channel);
  }
}

export class FakeChannel implements BroadcastChannelLike {
  private readonly listeners = new Set<(event: { readonly data: unknown }) => void>();
  constructor(private readonly hub: FakeChannelHub) {}
  postMessage(message: unknown): void {
    this.hub.deliver(this, message);
  }
  addEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.listeners.delete(listener);
  }
  receive(data: unknown): void {
    for (const listener of [...this.listeners]) listener({ data });
  }
  close(): void {
    this.hub.closed(this);
  }
}

interface Waiting {
  readonly tab: string;
  readonly name: string;
  readonly signal: AbortSignal | undefined;
  readonly callback: (lock: unknown) => Promise<void>;
  readonly settle: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
}

/**
 * Web Locks of one origin: one holder per name, the others queued in order. A lock is released
 * when its callback's Promise settles, or at once when its tab closes (`closeTab`), as a browser
 * does for a closed tab. Grants are synchronous, so virtual time alone decides what happens.
 */
export class FakeLocks {
  private readonly holders = new Map<string, string>();
  private readonly queue: Waiting[] = [];
  readonly grants: string[] = [];

  forTab(tab: string): LockManagerLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const waiting: Waiting = { tab, name, signal: options.signal, callback, settle: { resolve, reject } };
          if (options.signal?.aborted) {
            reject(new Error('aborted'));
            return;
          }
          options.signal?.addEventListener('abort', () => {
            const at = this.queue.indexOf(waiting);
            if (at < 0) return;
            this.queue.splice(at, 1);
            reject(new Error('aborted'));
          });
          this.queue.push(waiting);
          this.grantFree();
        }),
    };
  }

  holder(name: string): string | undefined {
    return this.holders.get(name);
  }

  /** The tab is gone: its locks are free, its waiting requests dropped. */
  closeTab(tab: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.tab === tab) this.queue.splice(i, 1);
    for (const [name, holder] of [...this.holders]) if (holder === tab) this.holders.delete(name);
    this.grantFree();
  }

  private release(name: string, tab: string): void {
    if (this.holders.get(name) === tab) this.holders.delete(name);
    this.grantFree();
  }

  private grantFree(): void {
    for (const waiting of [...this.queue]) {
      if (this.holders.has(waiting.name) || !this.queue.includes(waiting)) continue;
      this.queue.splice(this.queue.indexOf(waiting), 1);
      this.holders.set(waiting.name, waiting.tab);
      this.grants.push(`${waiting.tab}:${waiting.name}`);
      waiting
        .callback({ name: waiting.name })
        .then(waiting.settle.resolve, waiting.settle.reject)
        .finally(() => {
          this.release(waiting.name, waiting.tab);
        });
    }
  }
}

/** A Web Storage look-alike over a Map, with a switch that makes every call throw (full, disabled). */
export class FakeStorage implements TrackerStorage {
  readonly items = new Map<string, string>();
  failing: Error | undefined;
  getItem(key: string): string | null {
    this.check();
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.check();
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.check();
    this.items.delete(key);
  }
  key(index: number): string | null {
    this.check();
    return [...this.items.keys()][index] ?? null;
  }
  get length(): number {
    this.check();
    return this.items.size;
  }
  private check(): void {
    if (this.failing) throw this.failing;
  }
}

/** One request the fake service saw: `GET 1@30` is a status GET of operation 1 at frame 30. */
export type Seen = `${string} ${number}@${number}`;

/**
 * A v4 service with long-running operations, answering at once: `POST Start` → 202 with a new
 * monitor; each monitor `GET` → Running with `percentComplete`, until `polls` GETs, then
 * Succeeded; `DELETE` → 204, after which GET is a 404. Logs every request with the scheduler's time.
 */
export function fakeService(scheduler: SchedulerLike, polls = 3): { transport: Transport; seen: Seen[]; client: () => ODataClient } {
  const seen: Seen[] = [];
  const counts = new Map<number, number>();
  const cancelled = new Set<number>();
  let next = 0;
  const transport: Transport = (request: HttpRequest) => {
    const at = scheduler.now();
    if (request.method === 'POST') {
      next += 1;
      counts.set(next, 0);
      seen.push(`POST ${next}@${at}`);
      return of(response(202, '', { location: `${ROOT}$monitor/${next}` }));
    }
    const id = Number(request.url.slice(request.url.lastIndexOf('/') + 1));
    seen.push(`${request.method} ${id}@${at}`);
    if (request.method === 'DELETE') {
      cancelled.add(id);
      return of(response(204));
    }
    if (cancelled.has(id)) return of(response(404, { error: { code: 'Gone', message: 'no such monitor' } }));
    const count = (counts.get(id) ?? 0) + 1;
    counts.set(id, count);
    if (count >= polls) return of(response(200, { status: 'Succeeded' }));
    return of(response(200, { status: 'Running', percentComplete: Math.round((100 * count) / polls) }));
  };
  return { transport, seen, client: () => createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' }) };
}
