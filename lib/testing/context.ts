import type { AzureStore } from './azure-store.js';
import type { CsrfStore } from './csrf.js';
import type { OperationStore } from './operations.js';
import type { ScenarioRegistry } from './scenario-registry.js';
import type { QueryParam } from './url-parts.js';

/** A request as the service handlers see it (body already read). */
export interface MockRequest {
  readonly method: string;
  /** The path as sent, percent-encoding kept (relative `Location`s are computed from it). */
  readonly rawPath: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Path segments below the service root, percent-decoded. */
  readonly segments: readonly string[];
  /** Query parameters, percent-decoded. */
  readonly query: readonly QueryParam[];
}

/** The URL paths of the services (each with a trailing slash). */
export interface ServicePaths {
  readonly v4: string;
  readonly v2: string;
  readonly azure: string;
}

/** The state of one server that the handlers share. */
export interface MockContext {
  readonly origin: string;
  readonly paths: ServicePaths;
  readonly operations: OperationStore;
  readonly scenarios: ScenarioRegistry;
  readonly csrf: CsrfStore;
  /** The Azure service's resources and first-call counters. */
  readonly azure: AzureStore;
  readonly now: () => number;
}
