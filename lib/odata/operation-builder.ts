import type * as t from 'io-ts';
import type { Observable } from 'rxjs';
import type { ODataProtocol } from './client-config.js';
import type { HttpMethod } from '../http/http.js';
import type { RetryOptions } from '../http/retry-policy.js';
import { describeValue } from '../errors/describe-value.js';
import type { ActionResult } from './action-result.js';
import { formatLiteral, type ParameterValue } from './literals.js';
import { assertODataIdentifier, boundPathV4 } from './operation-url.js';

/** What an operation call is, before it is turned into a request. */
export interface OperationSpec {
  readonly kind: 'action' | 'function';
  readonly name: string;
  readonly boundTo: string | undefined;
  readonly parameters: ReadonlyArray<readonly [string, ParameterValue]>;
}

/** Options of one call: {@link OperationBuilder.execute}, `client.request()`. */
export interface CallOptions {
  /**
   * Transient failures of this call retried: a count, or `{ count, delay(attempt, failure) }`.
   * A POST (every action), PATCH or MERGE is retried only when this is given, since a 500 may
   * come after the server acted.
   * @default the client's `retries` for GET, HEAD, PUT and DELETE; 0 for the others
   */
  readonly retries?: number | RetryOptions;
}

/** Sends an operation; supplied by the client, so that builders stay free of HTTP. */
export type OperationExecutor = <T>(spec: OperationSpec, codec: t.Type<T, unknown> | undefined, options: CallOptions) => Observable<ActionResult<T>>;

/**
 * An immutable builder for one action or function call: every method returns a new builder,
 * so a configured call can be kept and executed many times. Nothing is sent before the
 * Observable from {@link OperationBuilder.execute} is subscribed.
 *
 * @example
 * client.action('SalesReportGenerate').parameter('Year', 2024).execute()
 */
export class OperationBuilder<T = unknown> {
  readonly #spec: OperationSpec;
  readonly #protocol: ODataProtocol;
  readonly #executor: OperationExecutor;
  readonly #codec: t.Type<T, unknown> | undefined;

  /** @internal */
  constructor(spec: OperationSpec, protocol: ODataProtocol, executor: OperationExecutor, codec: t.Type<T, unknown> | undefined) {
    assertODataIdentifier(spec.name, `${spec.kind} name`);
    this.#spec = spec;
    this.#protocol = protocol;
    this.#executor = executor;
    this.#codec = codec;
  }

  /** Adds one parameter. The value is checked now: a value OData cannot express is a `TypeError` here, not a 400 later. */
  parameter(name: string, value: ParameterValue): OperationBuilder<T> {
    assertODataIdentifier(name, 'parameter name');
    if (this.#spec.parameters.some(([existing]) => existing === name)) throw new TypeError(`parameter ${describeValue(name)} is already set`);
    // Formatting validates the value for this protocol (e.g. no undefined, no objects).
    formatLiteral(value, this.#protocol);
    return this.#with({ parameters: [...this.#spec.parameters, [name, value]] });
  }

  /** Adds every own property of `values` as a parameter, in property order. */
  parameters(values: Readonly<Record<string, ParameterValue>>): OperationBuilder<T> {
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw new TypeError('parameters() takes an object of parameter names to values');
    return Object.entries(values).reduce<OperationBuilder<T>>((builder, [name, value]) => builder.parameter(name, value), this);
  }

  /**
   * Makes the call bound to an entity (OData v4): `boundTo("Orders('42')")` calls
   * `Orders('42')/<Namespace.Name>`. The operation name must then be namespace-qualified.
   */
  boundTo(entityPath: string): OperationBuilder<T> {
    if (this.#protocol === 'v2') throw new TypeError("boundTo() is for protocol 'v4': v2 function imports are unbound");
    // Checked now (path shape, namespace-qualified name) so a mistake surfaces here, not at execute().
    boundPathV4(entityPath, this.#spec.name);
    return this.#with({ boundTo: entityPath });
  }

  /** Decodes the result with an io-ts codec: `data` is then typed, and a mismatch is an `ODataProtocolError`. */
  returns<U>(codec: t.Type<U, unknown>): OperationBuilder<U> {
    return new OperationBuilder<U>(this.#spec, this.#protocol, this.#executor, codec);
  }

  /**
   * The call as a cold Observable: one request per subscription (and one per retry of a transient
   * failure), aborted on unsubscribe.
   * @param options `retries` for this call (opt in for an action: a POST is not retried by default).
   */
  execute(options: CallOptions = {}): Observable<ActionResult<T>> {
    return this.#executor(this.#spec, this.#codec, options);
  }

  #with(change: Partial<OperationSpec>): OperationBuilder<T> {
    return new OperationBuilder<T>({ ...this.#spec, ...change }, this.#protocol, this.#executor, this.#codec);
  }
}

/** The HTTP method of an operation call: v4 actions POST, functions GET; v2 the same for function imports. */
export function operationMethod(spec: OperationSpec): HttpMethod {
  return spec.kind === 'action' ? 'POST' : 'GET';
}
