// Test helpers that take a rendered report apart: the JSON data block, and the page without the library bundles.

import { vegaBundles } from '../../../reports/html/assets.ts';

/** The raw text of the `<script type="application/json">` data block. */
export function dataBlock(page: string): string {
  const match = /<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(page);
  if (!match) throw new Error('the report has no data block');
  return match[1]!;
}

/** The page with the inlined Vega bundles cut out: what remains is markup and script this project wrote. */
export function withoutBundles(page: string): string {
  return vegaBundles().reduce((rest, bundle) => rest.split(bundle).join(''), page);
}
