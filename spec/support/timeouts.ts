/**
 * Per-test timeout of the suites that exchange real HTTP on 127.0.0.1 (the embedded server, a
 * local stub, an Angular app over fetch). On a machine whose cores are busy with other work an
 * answer takes several times longer than on a quiet one: jest's 5 s default would then fail
 * tests that are right. None of them waits for real time to pass to be right (virtual time,
 * fake clocks or events do that), so this only bounds how long a hang takes to be reported.
 * Helpers that wait for a condition give up after 20 s, within this.
 */
export const REAL_SERVER_TIMEOUT_MS = 30_000;
