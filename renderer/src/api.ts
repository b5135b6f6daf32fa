import type { NeedlebookApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Exposed by Electron's preload, or by the loopback harness bridge; the same type in both. */
    readonly needlebook: NeedlebookApi;
  }
}

/** The only way the UI reaches data. */
export const api: NeedlebookApi = window.needlebook;
