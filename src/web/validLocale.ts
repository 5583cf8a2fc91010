/**
 * Makes `navigator.language` a valid BCP 47 tag before anything formats numbers with it.
 *
 * Chromium under a POSIX locale (`LANG=C.UTF-8`) reports `en-US@posix`, which `Intl` rejects
 * with a RangeError; uPlot builds its `Intl.NumberFormat(navigator.language)` when its module is
 * evaluated, so without this the whole dashboard fails to load. Imported first by `main.ts`
 * (ES modules evaluate in import order), it keeps the browser's language when valid and falls
 * back to `en-US` otherwise.
 *
 * @example
 * import './validLocale.js'; // before 'uplot'
 */
const language = navigator.language;
try {
  Intl.getCanonicalLocales(language);
} catch {
  Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
  Object.defineProperty(navigator, 'languages', { value: ['en-US'], configurable: true });
}
