import { describeValue } from './describe-value.js';

/** One option's rule: the check its value must pass (when not `undefined`), and what the message says it must be. */
export type OptionRule = readonly [check: (value: unknown) => boolean, expected: string];

/**
 * Throws the one shape of an option error: `<caller>: <name> must be <expected>, got <value>`.
 *
 * @example
 * failOption('asyncOp$', 'maxPolls', 'a positive integer or Infinity', -1)
 * // TypeError: asyncOp$: maxPolls must be a positive integer or Infinity, got -1
 */
export function failOption(caller: string, name: string, expected: string, value: unknown): never {
  throw new TypeError(`${caller}: ${name} must be ${expected}, got ${describeValue(value)}`);
}

/**
 * Checks an options object given to `caller` (`createODataClient`, `asyncOp$`, …) against its
 * rules, and returns a copy of the options as checked. Options may come from plain JavaScript or
 * configuration files, so nothing is trusted to match its type.
 *
 * - Not an object (or an array): `<caller>: <label> must be an object, got …`.
 * - An unknown key, before any value, so that a typo is reported as a typo: `<caller>: unknown
 *   option "maxPoll" (did you mean "maxPolls"?); known options: …` (the suggestion when the key is
 *   a known name in another case, or one is a prefix of the other).
 * - A value that fails its rule: `<caller>: <name> must be <expected>, got <value>`.
 *
 * Each option is read once (inherited ones too), and the copy holds the values that were checked:
 * a getter cannot pass the check with one value and hand the caller another later.
 *
 * @param rules Every option, in the order the "unknown option" message lists them.
 * @param label What the options object is called in a message (`options`, `config`).
 * @return The known options as read; `undefined` where not given.
 */
export function checkOptions<T extends object>(
  caller: string,
  options: T,
  rules: Readonly<Record<keyof T & string, OptionRule>>,
  label = 'options',
): Partial<T> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) failOption(caller, label, 'an object', options);
  // Own keys of `rules` are its option names (the predicate lets TypeScript see them as such).
  const names = Object.keys(rules).filter((key): key is keyof T & string => Object.hasOwn(rules, key));
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(rules, key)) {
      const typed = key.toLowerCase();
      const meant = typed.length < 4 ? undefined : names.find((name) => name.toLowerCase().startsWith(typed) || typed.startsWith(name.toLowerCase()));
      throw new TypeError(`${caller}: unknown option ${JSON.stringify(key)}${meant ? ` (did you mean "${meant}"?)` : ''}; known options: ${names.join(', ')}`);
    }
  }
  const copy: Partial<T> = {};
  for (const name of names) {
    const value = options[name];
    const [check, expected] = rules[name];
    if (value !== undefined && !check(value)) failOption(caller, name, expected, value);
    copy[name] = value;
  }
  return copy;
}
