import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '../shared/client';
import { ipcChannel } from '../shared/channels';
import type { NeedlebookApi } from '../shared/contract';

/**
 * Exposes exactly the contract as `window.needlebook`: one function per channel, each a single
 * `ipcRenderer.invoke` on that channel's name. No raw ipcRenderer, no Node, nothing else.
 */
const needlebook = createClient((channel, input) => ipcRenderer.invoke(ipcChannel(channel), input));

contextBridge.exposeInMainWorld('needlebook', needlebook satisfies NeedlebookApi);
