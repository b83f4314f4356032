import { pageVisibility } from '../../lib/lro/page-visibility';

describe('pageVisibility', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'document');
  });

  it('counts the page as visible where there is no document', () => {
    const seen: boolean[] = [];
    pageVisibility().subscribe((v) => seen.push(v));
    expect(seen).toEqual([true]);
  });

  it('follows document.visibilityState: the current state at once, then each change', () => {
    const fakeDocument = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    Object.defineProperty(globalThis, 'document', { value: fakeDocument, configurable: true });
    const seen: boolean[] = [];
    const subscription = pageVisibility().subscribe((v) => seen.push(v));
    fakeDocument.visibilityState = 'hidden';
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    fakeDocument.visibilityState = 'visible';
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    subscription.unsubscribe();
    fakeDocument.visibilityState = 'hidden';
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toEqual([true, false, true]);
  });
});
