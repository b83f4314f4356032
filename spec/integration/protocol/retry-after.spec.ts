/**
 * Retry-After: how its value is read (delta-seconds or any of the three HTTP-date forms, capped,
 * junk ignored) and how it paces the requests that follow.
 */
import { lastValueFrom } from 'rxjs';
import { AsyncOpTimeoutError, type AsyncOpOptions } from 'rxjs-odata-async';
import { accepted, clientFor, ok, run, running, serve, type Step } from '../../support/scripted-server';

/** The retryAfterMs() of a 202 carrying `Retry-After: value`. */
async function retryAfterOf(value: string): Promise<number | undefined> {
  const s = await serve({ 'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': value }) });
  const result = await lastValueFrom(clientFor(s).action('Run').execute());
  return result.retryAfterMs();
}

/**
 * An upper bound on a run that must not wait for a Retry-After: far above what a machine busy with
 * other work takes for a few local requests, far below the waits (30 s and more) it must not make.
 */
const SLOW_MACHINE_MS = 10_000;

/** Two digits, as HTTP-dates write them. */
const p = (n: number) => String(n).padStart(2, '0');
/** A date about `ms` ahead, on a whole second (HTTP-dates have no fractions). */
const inSeconds = (ms: number) => new Date(Math.floor((Date.now() + ms) / 1000) * 1000);
/** hh:mm:ss in UTC. */
const clock = (d: Date) => `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date sent 121 s ahead (on a whole second) must read as a little under or at 121000 ms, time having passed. */
async function expectAboutTwoMinutes(value: string): Promise<void> {
  const ms = await retryAfterOf(value);
  expect(ms).toBeGreaterThan(115000);
  expect(ms).toBeLessThanOrEqual(121000);
}

/** Runs `Run` whose 202 carries `firstRetryAfter` and whose monitor answers `monitor`; the GETs to the monitor, for their times. */
async function pollTimes(firstRetryAfter: string, monitor: Step[], options: AsyncOpOptions) {
  const s = await serve({ 'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': firstRetryAfter }), 'GET /svc/mon': monitor });
  const r = await run(clientFor(s), options);
  expect(r.error).toBeUndefined();
  return { post: s.hits('POST', '/svc/Run')[0]!, gets: s.hits('GET', '/svc/mon') };
}

describe('Retry-After', () => {
  describe('reading the value', () => {
    it('delta-seconds 120 is 120000 ms', async () => {
      expect(await retryAfterOf('120')).toBe(120000);
    });

    it('0 is 0 ms', async () => {
      expect(await retryAfterOf('0')).toBe(0);
    });

    it('an IMF-fixdate about 120 s ahead is about 120000 ms', async () => {
      await expectAboutTwoMinutes(inSeconds(121000).toUTCString());
    });

    it('an obsolete RFC 850 date about 120 s ahead is read (RFC 9110: recipients must accept it)', async () => {
      const d = inSeconds(121000);
      const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
      const rfc850 = `${days[d.getUTCDay()]}, ${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${p(d.getUTCFullYear() % 100)} ${clock(d)} GMT`;
      await expectAboutTwoMinutes(rfc850);
    });

    it('an obsolete asctime date about 120 s ahead is read (RFC 9110: recipients must accept it)', async () => {
      const d = inSeconds(121000);
      const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const asctime = `${days[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${clock(d)} ${d.getUTCFullYear()}`;
      await expectAboutTwoMinutes(asctime);
    });

    it('an HTTP-date in the past is 0', async () => {
      expect(await retryAfterOf('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0);
    });

    it('a huge delta-seconds value is capped at 5 minutes', async () => {
      expect(await retryAfterOf('999999999999')).toBe(300000);
    });

    it('an HTTP-date far in the future is capped at 5 minutes', async () => {
      expect(await retryAfterOf('Fri, 31 Dec 2099 23:59:59 GMT')).toBe(300000);
    });

    it.each(['soon', '-5', '', '  ', '10s', '0x10', 'Thu, 99 Foo 2024 99:99:99 GMT'])('junk %j is ignored (undefined)', async (junk) => {
      expect(await retryAfterOf(junk)).toBeUndefined();
    });
  });

  describe('pacing the polls', () => {
    it("the first poll waits for the 202's Retry-After (1 s), not pollInterval", async () => {
      const { post, gets } = await pollTimes('1', [ok({ x: 1 }, { AsyncResult: '200' })], { pollInterval: 1 });
      expect(gets[0]!.at - post.at).toBeGreaterThanOrEqual(900);
    });

    it("a running poll's Retry-After (1 s) is honoured before the next poll", async () => {
      const { gets } = await pollTimes('0', [running('/svc/mon', { 'Retry-After': '1' }), ok({ x: 1 }, { AsyncResult: '200' })], { pollInterval: 1 });
      const [g1, g2] = gets;
      expect(g2!.at - g1!.at).toBeGreaterThanOrEqual(900);
    });

    it('an HTTP-date Retry-After on a poll is honoured, capped by maxRetryAfter (800 ms)', async () => {
      const { gets } = await pollTimes(
        '0',
        [() => running('/svc/mon', { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() }), ok({ x: 1 }, { AsyncResult: '200' })],
        { pollInterval: 1, maxRetryAfter: 800 },
      );
      const [g1, g2] = gets;
      expect(g2!.at - g1!.at).toBeGreaterThanOrEqual(700);
      // Far below the uncapped minute, and far above what a busy machine adds.
      expect(g2!.at - g1!.at).toBeLessThan(SLOW_MACHINE_MS);
    });

    it('a Retry-After that differs per poll is reported per update; honorRetryAfter: false keeps pollInterval', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': '50' }),
        'GET /svc/mon': [running('/svc/mon', { 'Retry-After': '70' }), running('/svc/mon', { 'Retry-After': '30' }), ok({ x: 1 }, { AsyncResult: '200' })],
      });
      const started = Date.now();
      const r = await run(clientFor(s), { honorRetryAfter: false, pollInterval: 2 });
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.retryAfterMs)).toEqual([50_000, 70_000, 30_000, undefined]);
      expect(Date.now() - started).toBeLessThan(SLOW_MACHINE_MS);
    });

    it('a junk Retry-After on a poll falls back to pollInterval', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': 'whenever' }),
        'GET /svc/mon': [running('/svc/mon', { 'Retry-After': 'later' }), ok({ x: 1 }, { AsyncResult: '200' })],
      });
      const started = Date.now();
      const r = await run(clientFor(s), { pollInterval: 2 });
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.retryAfterMs)).toEqual([undefined, undefined, undefined]);
      expect(Date.now() - started).toBeLessThan(SLOW_MACHINE_MS);
    });

    it('maxRetryAfter caps a huge Retry-After before a poll', async () => {
      const s = await serve({ 'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': '86400' }), 'GET /svc/mon': ok({ x: 1 }, { AsyncResult: '200' }) });
      const started = Date.now();
      const r = await run(clientFor(s), { maxRetryAfter: 20 });
      expect(r.error).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(SLOW_MACHINE_MS);
    });

    it('maxRetryAfter also caps a huge Retry-After on a 429 from the monitor', async () => {
      const s = await serve({
        'POST /svc/Run': accepted('/svc/mon'),
        'GET /svc/mon': [{ status: 429, headers: { 'Retry-After': '3600' } }, ok({ status: 'Succeeded' })],
      });
      const started = Date.now();
      const r = await run(clientFor(s), { maxRetryAfter: 20 });
      expect(r.error).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(SLOW_MACHINE_MS);
    });

    it('the total timeout also ends a long Retry-After wait (Retry-After: 30, timeout: 100 ms)', async () => {
      const s = await serve({ 'POST /svc/Run': accepted('/svc/mon', { 'Retry-After': '30' }), 'GET /svc/mon': ok({ status: 'Succeeded' }) });
      const started = Date.now();
      const r = await run(clientFor(s), { timeout: 100 });
      expect(r.error).toBeInstanceOf(AsyncOpTimeoutError);
      expect((r.error as AsyncOpTimeoutError).reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(SLOW_MACHINE_MS);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(0);
    });
  });
});
