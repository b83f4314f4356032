import { checkOptions, failOption, type OptionRule } from '../../lib/errors/check-options.js';

interface Options {
  readonly maxPolls?: number;
  readonly label?: string;
}

const RULES: Readonly<Record<keyof Options, OptionRule>> = {
  maxPolls: [(value) => typeof value === 'number' && value > 0, 'a positive number'],
  label: [(value) => typeof value === 'string', 'a string'],
};

/** Plain JavaScript callers can pass anything. */
const check = (options: unknown, label?: string) => checkOptions<Options>('make', options as Options, RULES, label);

describe('checkOptions', () => {
  it('returns the known options as given, undefined where not given', () => {
    expect(check({ maxPolls: 3 })).toEqual({ maxPolls: 3, label: undefined });
  });

  it.each([null, 'x', 7, []])('refuses %p, naming the options object', (options) => {
    expect(() => check(options)).toThrow(TypeError);
    expect(() => check(options)).toThrow(/^make: options must be an object, got /);
    expect(() => check(options, 'config')).toThrow(/^make: config must be an object, got /);
  });

  it('reports an unknown key before any bad value, listing the known ones', () => {
    expect(() => check({ maxPolls: -1, colour: 1 })).toThrow(new TypeError('make: unknown option "colour"; known options: maxPolls, label'));
  });

  it.each([
    ['maxPoll', 'maxPolls'],
    ['MAXPOLLS', 'maxPolls'],
    ['labels', 'label'],
  ])('suggests the option a typo %p probably meant (%p)', (typo, meant) => {
    expect(() => check({ [typo]: 1 })).toThrow(`make: unknown option "${typo}" (did you mean "${meant}"?); known options: maxPolls, label`);
  });

  it('suggests nothing for a short key, nor for inherited names such as constructor', () => {
    expect(() => check({ max: 1 })).toThrow(/^make: unknown option "max"; known/);
    expect(() => check(JSON.parse('{"constructor": 1}'))).toThrow(/^make: unknown option "constructor"; known/);
  });

  it('names the option, what it must be and the value received', () => {
    expect(() => check({ maxPolls: '5' })).toThrow(new TypeError('make: maxPolls must be a positive number, got "5"'));
  });

  it('reads each option once and returns the value it checked, even from a getter that changes', () => {
    let reads = 0;
    const options = Object.defineProperty({}, 'maxPolls', { enumerable: true, get: () => (reads++ === 0 ? 5 : -1) });
    expect(check(options)).toEqual({ maxPolls: 5, label: undefined });
    expect(reads).toBe(1);
  });

  it('checks an inherited option as it uses it', () => {
    expect(() => check(Object.create({ maxPolls: 0 }))).toThrow(/maxPolls must be a positive number, got 0/);
  });
});

describe('failOption', () => {
  it('throws the one shape of an option error', () => {
    expect(() => failOption('asyncOp$', 'maxPolls', 'a positive integer', -1)).toThrow(new TypeError('asyncOp$: maxPolls must be a positive integer, got -1'));
  });
});
