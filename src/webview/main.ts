/**
 * The map webview's entry point (bundled to dist/webview.js): builds the page, connects input and the
 * host's messages to the view, and tells the host it is ready for data.
 */
import { isHostMessage, isMapViewState } from './messages';
import type { MapStats } from './stats';
import { createChrome } from './ui/chrome';
import { attachInput } from './ui/input';
import { MapView } from './ui/map-view';
import { acquireHostApi } from './ui/vscode-api';

declare global {
  interface Window {
    /** Frame and timing figures, read by the browser test. */
    __mapStats?: MapStats;
  }
}

const host = acquireHostApi();
const saved = host.getState();
const chrome = createChrome(document.body);
const view = new MapView(chrome, host, isMapViewState(saved) ? saved : undefined);
window.__mapStats = view.stats;
attachInput(chrome.canvas, view);
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isHostMessage(e.data)) view.setData(e.data);
});
host.postMessage({ type: 'ready' });
