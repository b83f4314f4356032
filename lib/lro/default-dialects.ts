import { ODataProtocolError } from '../errors/odata-protocol-error.js';
import type { ODataProtocol } from '../odata/client-config.js';
import { azureDialect } from './dialects/azure.js';
import { isDialectList, type FirstAnswer, type MonitorDialect } from './dialects/monitor-dialect.js';
import { odataV4Dialect } from './dialects/odata-v4.js';
import { sapGatewayDialect } from './dialects/sap-gateway.js';

/** The dialect of a client's own protocol: OData v4, or SAP Gateway for v2. */
export function protocolDialect(protocol: ODataProtocol): MonitorDialect {
  return protocol === 'v2' ? sapGatewayDialect : odataV4Dialect;
}

/**
 * The dialect that reads an operation, from the `dialect` option and the first answer: one given
 * dialect reads every operation; from a list, the first that recognizes the answer; without the
 * option, Azure when the answer is Azure's (an `Operation-Location` or `Azure-AsyncOperation`
 * monitor, or a PUT / PATCH answered with a `provisioningState`), else the client's protocol's.
 *
 * @throws ODataProtocolError when no dialect of a given list recognizes the answer.
 */
export function chooseDialect(given: MonitorDialect | readonly MonitorDialect[] | undefined, first: FirstAnswer, protocol: ODataProtocol): MonitorDialect {
  if (given === undefined) return azureDialect.recognizes(first) ? azureDialect : protocolDialect(protocol);
  if (!isDialectList(given)) return given;
  const list = given;
  const found = list.find((dialect) => dialect.recognizes(first));
  if (found !== undefined) return found;
  const { method, url, status } = first;
  throw new ODataProtocolError(
    `${method} ${url} answered HTTP ${status}, which none of the dialects ${list.map((dialect) => dialect.name).join(', ')} recognizes; add one that does to the dialect option`,
    { method, url, status },
  );
}

/** The dialect of a monitor given without its first answer (`createAsyncPoller`, a resumed token): the first given, else the protocol's. */
export function monitorDialect(given: MonitorDialect | readonly MonitorDialect[] | undefined, protocol: ODataProtocol): MonitorDialect {
  if (given === undefined) return protocolDialect(protocol);
  return isDialectList(given) ? (given[0] ?? protocolDialect(protocol)) : given;
}
