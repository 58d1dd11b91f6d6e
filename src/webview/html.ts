/**
 * The map webview's whole HTML: a fixed skeleton with a strict CSP, one stylesheet and one nonce'd script.
 * Nothing from a document ever goes into it: the script builds the page and gets names by postMessage.
 * Pure, so the extension host and the browser test's harness page use the very same markup.
 */

/** What the page needs from its host: the webview's CSP source, a fresh nonce, and the two asset URIs. */
export interface MapHtmlParts {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** The Content-Security-Policy: nothing by default, assets only from the webview's own source, scripts only by nonce. */
export function mapCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

// The parts are URIs, a base64 nonce and VS Code's CSP source list, made by the extension, never document
// text; refusing double quotes and angle brackets (and spaces, except in the CSP source list, which VS Code
// writes as `'self' https://*.vscode-cdn.net`) keeps them inside their attribute without hand-made escaping.
const SAFE = /^[^"<>\s]+$/;
const SAFE_SOURCES = /^[^"<>;]+$/;

/** The page. Throws when a part could break out of its attribute (they come from the extension, never a document). */
export function mapHtml(parts: MapHtmlParts): string {
  for (const [key, value] of Object.entries(parts)) {
    if (!(key === 'cspSource' ? SAFE_SOURCES : SAFE).test(value)) throw new Error(`map webview: unsafe ${key}`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${mapCsp(parts.cspSource, parts.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${parts.styleUri}">
<title>QEMU memory map</title>
</head>
<body>
<script nonce="${parts.nonce}" src="${parts.scriptUri}"></script>
</body>
</html>
`;
}
