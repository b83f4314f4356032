import { completionForm, odataVersionFor } from '../../lib/testing/completion.js';
import { corsHeaders, originPolicy } from '../../lib/testing/cors.js';
import { parseCookies } from '../../lib/testing/csrf.js';
import { parseJson } from '../../lib/testing/json.js';
import { answerPoll } from '../../lib/testing/operation-progress.js';
import { OperationStore } from '../../lib/testing/operations.js';
import { parsePrefer } from '../../lib/testing/prefer.js';
import { relativeReference } from '../../lib/testing/relative-reference.js';
import { formatRetryAfter } from '../../lib/testing/retry-after.js';
import { resolveScenario, type Scenario } from '../../lib/testing/scenario.js';
import { parseQuery, splitPath } from '../../lib/testing/url-parts.js';

describe('relativeReference', () => {
  it.each([
    ['/odata/v4/sales/SalesReportGenerate', '/odata/v4/sales/$monitor/a', '$monitor/a'],
    ["/odata/v4/sales/Orders('42')/Sales.Approve", '/odata/v4/sales/$monitor/a', '../$monitor/a'],
    ['/odata/v4/sales/$monitor/a', '/odata/v4/sales/$monitor/b', 'b'],
    ['/sap/x/Fn', '/azure/monitor/a', '../../azure/monitor/a'],
    ['/a/b', '/a/', './'],
    ['/a/b', '/a/c:d', './c:d'],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(relativeReference(from, to)).toBe(expected);
    expect(new URL(expected, `http://h${from}`).pathname).toBe(to);
  });
});

describe('formatRetryAfter', () => {
  const now = Date.UTC(2024, 0, 31, 10, 0, 0);
  it.each<[number | string | undefined, string | undefined]>([
    [undefined, undefined],
    [0, '0'],
    [2.5, '2.5'],
    ['http-date', 'Wed, 31 Jan 2024 10:00:02 GMT'],
    ['http-date+60', 'Wed, 31 Jan 2024 10:01:00 GMT'],
    ['-1', '-1'],
    ['soon', 'soon'],
  ])('formats %j as %j', (value, expected) => {
    expect(formatRetryAfter(value, now)).toBe(expected);
  });
});

describe('parsePrefer', () => {
  it.each([
    [undefined, { respondAsync: false }],
    ['respond-async', { respondAsync: true }],
    ['Respond-Async; foo=bar, wait=10', { respondAsync: true, wait: 10 }],
    ['wait="5",respond-async', { respondAsync: true, wait: 5 }],
    ['wait=soon', { respondAsync: false }],
    ['return=minimal', { respondAsync: false }],
  ])('parses %j', (header, expected) => {
    expect(parsePrefer(header)).toEqual(expected);
  });
});

describe('completionForm and odataVersionFor', () => {
  it.each<[Record<string, string>, string]>([
    [{}, 'asyncresult'],
    [{ 'odata-maxversion': '4.0' }, 'envelope'],
    [{ 'odata-maxversion': ' 4.0 ' }, 'envelope'],
    [{ 'odata-maxversion': '4.01' }, 'asyncresult'],
    [{ 'odata-maxversion': '4.0', accept: '*/*' }, 'asyncresult'],
    [{ 'odata-maxversion': '4.0', accept: 'application/json' }, 'asyncresult'],
    [{ accept: 'Application/HTTP' }, 'envelope'],
    [{ accept: 'application/json;q=0.9, application/http;q=0.5' }, 'envelope'],
    [{ accept: 'application/http;q=0' }, 'asyncresult'],
  ])('decides %j → %s', (headers, expected) => {
    expect(completionForm('auto', headers)).toBe(expected);
  });

  it('lets the scenario force a form, and picks the answer version', () => {
    expect(completionForm('envelope', {})).toBe('envelope');
    expect(completionForm('asyncresult', { accept: 'application/http' })).toBe('asyncresult');
    expect(odataVersionFor({ 'odata-maxversion': '4.0' })).toBe('4.0');
    expect(odataVersionFor({})).toBe('4.01');
  });
});

describe('cors', () => {
  it('allows local origins by default, with credentials', () => {
    const allow = originPolicy();
    expect(allow('http://localhost')).toBe(true);
    expect(allow('http://127.0.0.1:8080')).toBe(true);
    expect(allow('https://localhost:8080')).toBe(false);
    expect(allow('http://localhost.evil.example')).toBe(false);
    expect(corsHeaders(undefined, allow)).not.toHaveProperty('Access-Control-Allow-Origin');
  });
});

describe('small parsers', () => {
  it('parses cookies leniently', () => {
    expect([...parseCookies('a=1; b = x=y ;junk; =v')]).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('drops __proto__ keys from JSON', () => {
    const parsed = parseJson('{"__proto__":{"polluted":true},"a":1}');
    expect(parsed).toEqual({ ok: true, value: { a: 1 } });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('splits paths and queries with strict percent-decoding', () => {
    expect(splitPath('')).toEqual({ ok: true, value: [] });
    expect(splitPath("Orders('a%2Fb')/x")).toEqual({ ok: true, value: ["Orders('a/b')", 'x'] });
    expect(splitPath('%').ok).toBe(false);
    expect(parseQuery('a=1&&b&c=x%20y+z&d=')).toEqual({
      ok: true,
      value: [
        { name: 'a', value: '1' },
        { name: 'b', value: '' },
        { name: 'c', value: 'x y+z' },
        { name: 'd', value: '' },
      ],
    });
    expect(parseQuery('a=%').ok).toBe(false);
  });
});

describe('answerPoll', () => {
  const operation = (scenario: Scenario, createdAt = 0) =>
    new OperationStore().create({
      service: 'v4',
      scenarioName: 'test',
      scenario: resolveScenario(scenario),
      result: () => null,
      monitorPath: (t) => `/m/${t}`,
      now: createdAt,
    });

  it('estimates progress by polls, forever, and by wall time', () => {
    const byPolls = operation({ runningPolls: 3 });
    expect([1, 2, 3, 4].map(() => answerPoll(byPolls, 0).progress)).toEqual([25, 50, 75, 100]);
    const forever = operation({ runningPolls: Number.POSITIVE_INFINITY });
    expect(answerPoll(forever, 0)).toEqual({ state: 'Running', progress: 1, explicitProgress: false });
    const byTime = operation({ runFor: 200 }, 1000);
    expect(answerPoll(byTime, 1050).progress).toBe(25);
    expect(answerPoll(byTime, 1199).progress).toBe(99);
    expect(answerPoll(byTime, 1200)).toEqual({ state: 'Succeeded', progress: 100, explicitProgress: false });
  });

  it('repeats the last explicit progress and keeps it for a failure', () => {
    const op = operation({ runningPolls: 3, progress: [10, 30], outcome: 'Failed' });
    expect([1, 2, 3].map(() => answerPoll(op, 0).progress)).toEqual([10, 30, 30]);
    expect(answerPoll(op, 0)).toEqual({ state: 'Failed', progress: 30, explicitProgress: false });
    expect(answerPoll(op, 0)).toEqual({ state: 'Failed', progress: 30, explicitProgress: false });
  });
});
