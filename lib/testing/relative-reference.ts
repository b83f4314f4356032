/**
 * A relative reference from the document at `fromPath` to `toPath` (both absolute paths),
 * the way a server writes a relative `Location`: `$monitor/x` from `/root/Action`,
 * `../$monitor/x` from `/root/Orders('42')/Ns.Action`.
 */
export function relativeReference(fromPath: string, toPath: string): string {
  const base = fromPath.split('/').slice(0, -1);
  const target = toPath.split('/');
  let common = 0;
  while (common < base.length && common < target.length - 1 && base[common] === target[common]) common += 1;
  const up = '../'.repeat(base.length - common);
  const rest = target.slice(common).join('/');
  // A first segment with a colon would read as a URI scheme; "./" keeps it a path.
  const firstSegment = rest.split('/')[0] ?? '';
  return up === '' && (rest === '' || firstSegment.includes(':')) ? `./${rest}` : `${up}${rest}`;
}
