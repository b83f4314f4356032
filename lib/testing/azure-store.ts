import type { AzureMonitorStyle } from './azure-scenario.js';
import type { Operation, OperationState } from './operations.js';

/** The methods that start an Azure operation. */
export type AzureMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the Azure service remembers about one of its operations, beyond the shared bookkeeping. */
export interface AzureOperationInfo {
  /** How the first answer named the monitor (the method's default filled in). */
  readonly style: AzureMonitorStyle;
  /** The method that started it. */
  readonly method: AzureMethod;
  /** Path of the final result (`results/<id>`, `resources/<name>`), or `undefined` when there is none (DELETE). */
  readonly resultPath: string | undefined;
}

/** A resource below `resources/<name>`, created by PUT. */
export interface AzureResource {
  readonly name: string;
  /** The `properties` the client sent (merged over by PATCH). */
  properties: Record<string, unknown>;
  /** What the latest call does to it. */
  change: 'create' | 'update' | 'delete';
  /** The operation of the latest asynchronous call, if it was asynchronous. */
  op: Operation | undefined;
  /** The outcome of the latest synchronous call (used while `op` is undefined). */
  settled: OperationState;
}

/** The Azure service's own state on one server: resources, first-call attempts, operation details. */
export class AzureStore {
  /** Resources by name. */
  readonly resources = new Map<string, AzureResource>();
  private readonly attempts = new Map<string, number>();
  private readonly details = new WeakMap<Operation, AzureOperationInfo>();

  /** Counts one more request with this key (method and URL): 1 for the first. */
  attempt(key: string): number {
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    return n;
  }

  /** Records what the service knows of an operation it started. */
  describe(op: Operation, info: AzureOperationInfo): void {
    this.details.set(op, info);
  }

  /** What the service knows of an operation (undefined for a cancel monitor). */
  info(op: Operation): AzureOperationInfo | undefined {
    return this.details.get(op);
  }

  /** The resource of a name unless it is absent or its deletion has succeeded. */
  live(name: string): AzureResource | undefined {
    const resource = this.resources.get(name);
    if (resource === undefined) return undefined;
    if (resource.change === 'delete' && stateOf(resource) === 'Succeeded') {
      this.resources.delete(name);
      return undefined;
    }
    return resource;
  }
}

/** The state of a resource's latest change. */
export function stateOf(resource: AzureResource): OperationState {
  return resource.op?.state ?? resource.settled;
}
