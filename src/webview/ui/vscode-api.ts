/**
 * The webview side of VS Code's API, typed with this project's messages. Looked up on globalThis rather
 * than declared globally, so nothing clashes with @types/vscode-webview if that is ever added.
 */
import type { MapViewState, ViewMessage } from '../messages';

/** What the map uses of the object acquireVsCodeApi() returns. */
export interface MapHostApi {
  postMessage(message: ViewMessage): void;
  getState(): unknown;
  setState(state: MapViewState): void;
}

interface WebviewGlobal {
  acquireVsCodeApi?: () => { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): unknown };
}

/** The host API (it may be acquired only once per page, so main.ts does it once). */
export function acquireHostApi(): MapHostApi {
  const acquire = (globalThis as WebviewGlobal).acquireVsCodeApi;
  if (!acquire) throw new Error('qemu-memmap map: not running in a VS Code webview (no acquireVsCodeApi)');
  const api = acquire();
  return {
    postMessage: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => void api.setState(state),
  };
}
