/**
 * The Angular story (stories/angular/) run for real: Angular 20 in JIT, HttpClient with fetch,
 * the story's own providers (`reportAppConfig`), service and component, against the embedded
 * SAP Gateway v2 service (CSRF token and session cookie included).
 */
import { eventually, startAngularApp } from './support/angular-app';
import { HttpErrorResponse, HttpResponse, type HttpInterceptorFn } from '@angular/common/http';
import {
  createComponent,
  createEnvironmentInjector,
  mergeApplicationConfig,
  runInInjectionContext,
  type ApplicationRef,
  type ComponentRef,
  type EnvironmentInjector,
} from '@angular/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { startMockODataServer, type LoggedRequest, type MockODataServer } from 'rxjs-odata-async/testing';
import { reportAppConfig } from '../../stories/angular/app.config';
import { ReportProgressComponent } from '../../stories/angular/report-progress.component';
import { REPORT_POLLING, ReportService } from '../../stories/angular/report.service';
import { browserCookies } from './support/browser-cookies';
import { TextNode, TextRendererFactory } from './support/text-renderer';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

/** A logging interceptor as apps have them: one line per exchange. */
function logging(log: string[]): HttpInterceptorFn {
  return (request, next) =>
    next(request).pipe(
      tap({
        next: (event) => {
          if (event instanceof HttpResponse) log.push(`${request.method} ${event.status}`);
        },
        error: (error: unknown) => log.push(`${request.method} ${error instanceof HttpErrorResponse ? error.status : 'error'}`),
      }),
    );
}

/** Picks the embedded server's scenario for the operation (read from the action request). */
function scenario(name: string, json?: object): HttpInterceptorFn {
  const headers: Record<string, string> = { 'X-Mock-Scenario': name, ...(json ? { 'X-Mock-Scenario-Json': JSON.stringify(json) } : {}) };
  return (request, next) => next(request.clone({ setHeaders: headers }));
}

const SLOW_SECOND_POLL = { faults: [{ at: 2, kind: 'slow', delayMs: 600_000 }] };

describe('the Angular story: ReportService and ReportProgressComponent', () => {
  let server: MockODataServer;
  let app: ApplicationRef | undefined;
  let renderer: TextRendererFactory;
  let log: string[];

  beforeAll(async () => {
    server = await startMockODataServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.clearLog();
    log = [];
    renderer = new TextRendererFactory();
  });
  afterEach(() => {
    if (app && !app.destroyed) app.destroy();
    app = undefined;
  });

  /** The story's own providers, with the test's interceptors and fast polling. */
  async function startReportApp(...interceptors: HttpInterceptorFn[]): Promise<ApplicationRef> {
    const config = reportAppConfig({
      serviceRoot: server.v2Root,
      accessToken: () => 'token-of-ada',
      interceptors: [logging(log), browserCookies(), ...interceptors],
    });
    app = await startAngularApp(
      mergeApplicationConfig(config, { providers: [{ provide: REPORT_POLLING, useValue: { pollInterval: 10, maxPolls: 20 } }] }),
      renderer,
    );
    return app;
  }

  /** The component on the page: its host node, and the text of every frame Angular rendered. */
  function show(started: ApplicationRef): { ref: ComponentRef<ReportProgressComponent>; host: TextNode; frames: string[] } {
    const ref = createComponent(ReportProgressComponent, { environmentInjector: started.injector });
    const host: unknown = ref.location.nativeElement;
    if (!(host instanceof TextNode)) throw new Error('not rendered by the TextRendererFactory');
    const frames: string[] = [];
    renderer.onRendered(() => {
      if (frames.at(-1) !== host.text) frames.push(host.text);
    });
    started.attachView(ref.hostView);
    started.tick();
    return { ref, host, frames };
  }

  const pendingSlowPoll = () =>
    eventually(() => {
      const request = server.requests.find((r) => r.fault === 'slow');
      expect(request).toBeDefined();
      expect(request?.status).toBeUndefined();
      return request;
    });

  /** The request was aborted, and nothing was sent after it during several poll intervals. */
  async function expectAbortedAndQuiet(request: LoggedRequest | undefined): Promise<void> {
    await eventually(() => {
      expect(request?.aborted).toBe(true);
    });
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(count);
  }

  it('generate(): the report polled to Succeeded, through HttpClient, the auth interceptor and SAP CSRF', async () => {
    const started = await startReportApp(scenario('slow-progress'));
    const updates = await lastValueFrom(started.injector.get(ReportService).generate(2024).pipe(toArray()));

    expect(updates.map((u) => [u.status, u.percentComplete])).toEqual([
      ['Running', undefined],
      ['Running', 20],
      ['Running', 40],
      ['Running', 60],
      ['Running', 80],
      ['Running', 100],
      ['Succeeded', 100],
    ]);
    // A 403 "CSRF token required" came back through HttpClient as an answer; the client fetched a
    // token and retried, the browser-kept session cookie alongside.
    expect(log).toEqual(['POST 403', 'GET 200', 'POST 202', ...Array.from({ length: 6 }, () => 'GET 200')]);
    const [refused, fetch, accepted] = server.requests;
    expect(refused).toMatchObject({ method: 'POST', url: '/sap/opu/odata/sap/ZSALES_SRV/SalesReportGenerate?Year=2024', status: 403 });
    expect(fetch).toMatchObject({ method: 'GET', url: '/sap/opu/odata/sap/ZSALES_SRV/', headers: { 'x-csrf-token': 'Fetch' } });
    expect(accepted?.headers['x-csrf-token']).toMatch(/\S/);
    expect(accepted?.headers['cookie']).toMatch(/SAP_SESSIONID_ABC_100=/);
    // The app's auth interceptor ran for every call, token fetch and poll.
    expect(server.requests).toHaveLength(9);
    expect(server.requests.every((r) => r.headers['authorization'] === 'Bearer token-of-ada')).toBe(true);
  });

  it('the component shows live progress until Succeeded', async () => {
    const { host, frames } = show(await startReportApp(scenario('slow-progress')));

    await eventually(() => {
      expect(host.text).toContain('Succeeded');
    });
    expect(frames).toEqual([
      'Sales report 2024 Starting',
      'Sales report 2024 Running',
      'Sales report 2024 Running 20%',
      'Sales report 2024 Running 40%',
      'Sales report 2024 Running 60%',
      'Sales report 2024 Running 80%',
      'Sales report 2024 Running 100%',
      'Sales report 2024 Succeeded 100%',
    ]);
    expect(host.find('progress')?.properties.get('value')).toBe(100);
    expect(host.find('p')?.attributes.get('class')).toBe('status');
  });

  it("the component shows the server's message when the report fails", async () => {
    const { host } = show(await startReportApp(scenario('fail')));

    await eventually(() => {
      expect(host.text).toContain('Report generation failed');
    });
    expect(host.text).toMatch(/^Sales report 2024 Failed/);
    const alert = host.children.find((child) => child.attributes.get('role') === 'alert');
    expect(alert?.text).toBe('Report generation failed: no sales data for the year');
  });

  it('destroying the component stops polling and aborts the request in flight', async () => {
    const { ref, host } = show(await startReportApp(scenario('never', SLOW_SECOND_POLL)));
    const slow = await pendingSlowPoll();
    expect(host.text).toMatch(/^Sales report 2024 Running/);

    ref.destroy();
    await expectAbortedAndQuiet(slow);
  });

  it.each([
    ['a route’s environment injector', (started: ApplicationRef) => createEnvironmentInjector([], started.injector)],
    ['the application', (started: ApplicationRef) => started.injector],
  ])('destroying the owner, %s, stops polling and aborts the request in flight', async (_, ownerOf) => {
    const started = await startReportApp(scenario('never', SLOW_SECOND_POLL));
    const owner: EnvironmentInjector = ownerOf(started);
    // A service (or a route's resolver) tracks the report in its own injection context.
    const progress = runInInjectionContext(owner, () => started.injector.get(ReportService).track(2024));
    const slow = await pendingSlowPoll();
    expect(progress().status).toBe('Running');

    if (owner === started.injector) started.destroy();
    else owner.destroy();
    await expectAbortedAndQuiet(slow);
    expect(progress().status).toBe('Running');
  });

  it('track() turns errors other than a failed operation into Error with the message', async () => {
    const started = await startReportApp(scenario('sync', { outcome: 'Failed', errorStatus: 500, error: { code: 'NO_DATA', message: 'No data for 2024' } }));
    const progress = runInInjectionContext(started.injector, () => started.injector.get(ReportService).track(2024));

    await eventually(() => {
      expect(progress().status).toBe('Error');
    });
    expect(progress().message).toBe(`POST ${server.v2Root}SalesReportGenerate?Year=2024 answered HTTP 500: NO_DATA No data for 2024`);
  });
});

describe('README: the Angular snippets are the story, verbatim', () => {
  const root = join(__dirname, '..', '..');
  const region = (file: string) => {
    const text = readFileSync(join(root, file), 'utf8');
    const match = /\/\/ #region readme\n([\s\S]*?)\/\/ #endregion readme/.exec(text);
    if (!match?.[1]) throw new Error(`${file} has no readme region`);
    return match[1];
  };

  it.each(['stories/angular/app.config.ts', 'stories/angular/report.service.ts'])('README.md shows %s as it is', (file) => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(region(file));
  });
});
