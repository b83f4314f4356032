// JIT: Angular's packages are partially compiled (ɵɵngDeclare…) and the story's decorators are
// compiled at runtime, so the compiler must load before any of them.
import '@angular/compiler';
import { IMAGE_CONFIG } from '@angular/common';
import { mergeApplicationConfig, RendererFactory2, type ApplicationConfig, type ApplicationRef } from '@angular/core';
import { createApplication } from '@angular/platform-browser';
import { TextRendererFactory } from './text-renderer';

/**
 * An Angular application in Node, no DOM: `createApplication` (the standalone bootstrap without a
 * root component) with the given providers. Components render into {@link TextRendererFactory}'s
 * text nodes; the dev-mode image checks, which look for `document`, are off.
 */
export async function startAngularApp(config: ApplicationConfig, renderer = new TextRendererFactory()): Promise<ApplicationRef> {
  return createApplication(
    mergeApplicationConfig(config, {
      providers: [
        { provide: RendererFactory2, useValue: renderer },
        { provide: IMAGE_CONFIG, useValue: { disableImageSizeWarning: true, disableImageLazyLoadWarning: true } },
      ],
    }),
  );
}

/**
 * Retries `check` (an expectation) until it passes or `timeoutMs` runs out; the embedded server
 * answers in real time. The deadline only bounds a failure: on a machine busy with other work an
 * answer can take seconds, so it is far above that (and below the tests' own timeouts).
 */
export async function eventually<T>(check: () => T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
