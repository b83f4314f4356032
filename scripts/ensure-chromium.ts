/**
 * `npm run ensure-chromium`: part of the README's test command. Prints the Chromium the browser
 * test will drive, installs Debian's package when it is missing and this is root on Debian, and
 * otherwise exits 1 with what to install.
 */
import { ensureChromium, systemHost } from './chromium.js';

const outcome = ensureChromium(systemHost());
if (outcome.ok) {
  console.log(`Chromium for the browser test: ${outcome.executable}`);
} else {
  console.error(outcome.message);
  process.exitCode = 1;
}
