import { InjectionToken } from '@angular/core';
import type { ODataClient } from '../odata/odata-client.js';

/**
 * The app's OData client, provided by `provideODataClient(config)`.
 *
 * @example
 * ```ts
 * @Injectable({ providedIn: 'root' })
 * export class OrdersService {
 *   private readonly client = inject(ODATA_CLIENT);
 *   approve(id: string): Observable<AsyncOpUpdate> {
 *     return this.client.action('Sales.Approve').boundTo(`Orders('${id}')`).execute().pipe(asyncOp$(this.client));
 *   }
 * }
 * ```
 */
export const ODATA_CLIENT = new InjectionToken<ODataClient>('ODATA_CLIENT (provided by provideODataClient)');
