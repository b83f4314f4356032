import { randomBytes } from 'node:crypto';
import type { ResolvedScenario } from './scenario.js';

/** The states an operation goes through. */
export type OperationState = 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';

/** Which service (and monitor dialect) an operation belongs to. */
export type OperationService = 'v4' | 'v2' | 'azure' | 'graph';

/** What `MockODataServer.operations()` tells about one operation. */
export interface OperationInfo {
  /** A random, URL-safe id; also the token in the operation's first monitor URL. */
  readonly id: string;
  /** `'cancel'` for the monitor of an asynchronous DELETE. */
  readonly kind: 'operation' | 'cancel';
  /** The service that started the operation, which also sets its monitor dialect. */
  readonly service: OperationService;
  /** The scenario name (`'inline'`, or `'<name>+inline'` when `X-Mock-Scenario-Json` was used). */
  readonly scenario: string;
  /** The state as of the latest monitor request: it changes only when the monitor is polled or deleted, not in between. */
  readonly state: OperationState;
  /** Monitor GET requests so far, faulted ones included. */
  readonly polls: number;
  /** The newest monitor URL (absolute). */
  readonly monitorUrl: string;
  /** Every monitor URL the operation had, oldest first (more than one with `changingLocation`). */
  readonly monitorUrls: readonly string[];
  /** The monitor was deleted (DELETE, or `deleteAfterComplete`): GET answers 404/410. */
  readonly deleted: boolean;
  /** When the operation started, in epoch ms (`Date.now()`). */
  readonly createdAt: number;
}

/** The v4 completion form an operation will use. */
export type CompletionForm = 'asyncresult' | 'envelope';

/** What a service hands over to start an operation. */
export interface NewOperation {
  readonly service: OperationService;
  readonly kind?: 'operation' | 'cancel';
  readonly scenarioName: string;
  readonly scenario: ResolvedScenario;
  /** The result payload; it may embed the operation id (v2 `Reports('<id>')`). `null`: no content. */
  readonly result: (id: string) => unknown;
  /** Monitor path of a token; called again for every new `Location` of the operation. */
  readonly monitorPath: (token: string) => string;
  readonly completion?: CompletionForm;
  readonly odataVersion?: string;
  readonly now: number;
}

/** A running or finished operation; the monitor handlers change it as polls arrive. */
export interface Operation {
  readonly id: string;
  readonly kind: 'operation' | 'cancel';
  readonly service: OperationService;
  readonly scenarioName: string;
  readonly scenario: ResolvedScenario;
  readonly result: unknown;
  readonly completion: CompletionForm;
  readonly odataVersion: string;
  readonly createdAt: number;
  readonly monitorPath: (token: string) => string;
  /** Monitor paths, oldest first; the last is the current one. */
  readonly monitorPaths: string[];
  polls: number;
  runningAnswers: number;
  lastProgress: number | undefined;
  state: OperationState;
  /** Set once the monitor is gone: the status GET answers with it. */
  gone: 404 | 410 | undefined;
}

/** A random URL-safe token: ids are unguessable, as monitor URLs of real services are. */
export function newToken(): string {
  return randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
}

/** The operations of one server, reachable by every monitor token they ever had. */
export class OperationStore {
  private readonly byToken = new Map<string, Operation>();
  private readonly list: Operation[] = [];

  create(spec: NewOperation): Operation {
    const id = newToken();
    const op: Operation = {
      id,
      kind: spec.kind ?? 'operation',
      service: spec.service,
      scenarioName: spec.scenarioName,
      scenario: spec.scenario,
      result: spec.result(id),
      completion: spec.completion ?? 'asyncresult',
      odataVersion: spec.odataVersion ?? '4.01',
      createdAt: spec.now,
      monitorPath: spec.monitorPath,
      monitorPaths: [spec.monitorPath(id)],
      polls: 0,
      runningAnswers: 0,
      lastProgress: undefined,
      state: 'Running',
      gone: undefined,
    };
    this.byToken.set(id, op);
    this.list.push(op);
    return op;
  }

  /** Gives the operation a new monitor URL (the old ones keep working, as on lenient servers). */
  moveMonitor(op: Operation): string {
    const token = newToken();
    this.byToken.set(token, op);
    const path = op.monitorPath(token);
    op.monitorPaths.push(path);
    return path;
  }

  /** The operation of a monitor token, if it is one of this service's. */
  find(service: OperationService, token: string): Operation | undefined {
    const op = this.byToken.get(token);
    return op?.service === service ? op : undefined;
  }

  /** Every operation of one service, oldest first. */
  ofService(service: OperationService): readonly Operation[] {
    return this.list.filter((op) => op.service === service);
  }

  info(origin: string): OperationInfo[] {
    return this.list.map((op) => ({
      id: op.id,
      kind: op.kind,
      service: op.service,
      scenario: op.scenarioName,
      state: op.state,
      polls: op.polls,
      monitorUrl: origin + (op.monitorPaths[op.monitorPaths.length - 1] ?? ''),
      monitorUrls: op.monitorPaths.map((p) => origin + p),
      deleted: op.gone !== undefined,
      createdAt: op.createdAt,
    }));
  }
}

/** The current monitor path of an operation. */
export function currentMonitorPath(op: Operation): string {
  return op.monitorPaths[op.monitorPaths.length - 1] ?? op.monitorPath(op.id);
}
