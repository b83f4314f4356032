import { eventually, startAngularApp } from './support/angular-app';
import { provideHttpClient, withFetch } from '@angular/common/http';
import { InjectionToken, provideZonelessChangeDetection, type ApplicationRef } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { createODataClient, memoryStorage, type ODataClient, type OperationTracker, type TrackedOperation } from 'rxjs-odata-async';
import { ODATA_CLIENT, OPERATION_TRACKER, provideODataClient, provideOperationTracker } from 'rxjs-odata-async/angular';
import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';

describe('provideOperationTracker', () => {
  let server: MockODataServer;
  let app: ApplicationRef | undefined;

  beforeAll(async () => {
    server = await startMockODataServer({ defaultScenario: { runningPolls: 2 } });
  });
  afterAll(() => server.close());
  afterEach(() => {
    app?.destroy();
    app = undefined;
  });

  it('gives every injection the same tracker, polling through HttpClient, closed with the app', async () => {
    const storage = memoryStorage();
    app = await startAngularApp({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withFetch()),
        provideODataClient({ serviceRoot: server.v4Root }),
        provideOperationTracker(() => ({ storage, pollOptions: { pollInterval: 20 }, channel: null, locks: null })),
      ],
    });
    const tracker = app.injector.get(OPERATION_TRACKER);
    expect(app.injector.get(OPERATION_TRACKER)).toBe(tracker);
    const result = await firstValueFrom(app.injector.get(ODATA_CLIENT).action('SalesReportGenerate').parameter('Year', 2024).execute());
    const id = tracker.track(result, { title: 'Sales 2024' });
    let latest: readonly TrackedOperation[] = [];
    let completed = false;
    tracker.operations$.subscribe({ next: (ops) => (latest = ops), complete: () => (completed = true) });
    await eventually(() => {
      expect(latest).toEqual([expect.objectContaining({ id, meta: { title: 'Sales 2024' }, state: 'Succeeded', poll: 3 })]);
    });
    expect(storage.length).toBe(1);
    app.destroy();
    app = undefined;
    expect(completed).toBe(true);
  });

  it('takes its client from another token and provides under another one', async () => {
    const REPORTS_CLIENT = new InjectionToken<ODataClient>('REPORTS_CLIENT');
    const REPORTS_TRACKER = new InjectionToken<OperationTracker>('REPORTS_TRACKER');
    const client = createODataClient({ serviceRoot: server.v4Root });
    app = await startAngularApp({
      providers: [
        provideZonelessChangeDetection(),
        { provide: REPORTS_CLIENT, useValue: client },
        provideOperationTracker({ channel: null, locks: null }, { client: REPORTS_CLIENT, tracker: REPORTS_TRACKER }),
      ],
    });
    const tracker = app.injector.get(REPORTS_TRACKER);
    expect(await firstValueFrom(tracker.operations$)).toEqual([]);
    expect(app.injector.get(OPERATION_TRACKER, null)).toBeNull();
  });

  it('says what is missing when there is no client', async () => {
    app = await startAngularApp({ providers: [provideZonelessChangeDetection(), provideOperationTracker()] });
    const injector = app.injector;
    expect(() => injector.get(OPERATION_TRACKER)).toThrow('provideOperationTracker: no OData client here; add provideODataClient(...) to the same providers');
  });
});
