import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, ipcChannel } from '../../shared/contract';
import { CHANNEL_NAMES } from '../../shared/channels';
import { connectDb, DB_STOPPED, superviseDb } from '../../electron/db-client';
import { answer, registerContract } from '../../electron/ipc';

const appFrame = { senderFrame: { url: 'app://needlebook/index.html', parent: null } } as never;

describe('the channel list the preload carries (shared/channels.ts)', () => {
  it('names each contract channel exactly once, so the preload needs no schemas', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
  });
});

describe('IPC in the main process', () => {
  it('registers exactly one handler per contract channel', () => {
    const handle = vi.fn();
    registerContract({ handle }, vi.fn());
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual(CHANNELS.map(ipcChannel).sort());
  });

  it('refuses a sender that is not the app page, without touching the database', async () => {
    const forward = vi.fn();
    const outcome = await answer('listPatients', { senderFrame: { url: 'https://evil.example/', parent: null } } as never, {}, forward);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(forward).not.toHaveBeenCalled();
  });

  it('parses the input with the channel schema before anything else', async () => {
    const forward = vi.fn();
    const outcome = await answer('saveProvider', appFrame, { name: 'Mara', credentials: 'L.Ac.', npi: '1234567890' }, forward);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { npi: expect.stringContaining('check digit') } } });
    expect(forward).not.toHaveBeenCalled();
    const unknown = await answer('getPatient', appFrame, 'not an object', forward);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('forwards valid input to the database process and returns its answer', async () => {
    const forward = vi.fn().mockResolvedValue({ ok: true, value: [] });
    const outcome = await answer('listProviders', appFrame, {}, forward);
    expect(forward).toHaveBeenCalledWith('listProviders', {});
    expect(outcome).toEqual({ ok: true, value: [] });
  });
});

describe('database process client', () => {
  function fakeChild() {
    const child = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
    return { child, process: child as unknown as UtilityProcess };
  }

  it('matches replies to requests by id, in any order', async () => {
    const { child, process } = fakeChild();
    const db = connectDb(process);
    child.emit('message', { kind: 'ready' });
    await db.ready;
    const first = db.call('getClinic', {});
    const second = db.call('listProviders', {});
    const [a, b] = child.postMessage.mock.calls.map((c) => c[0] as { id: number; channel: string });
    expect([a!.channel, b!.channel]).toEqual(['getClinic', 'listProviders']);
    child.emit('message', { kind: 'reply', id: b!.id, outcome: { ok: true, value: 'providers' } });
    child.emit('message', { kind: 'reply', id: a!.id, outcome: { ok: true, value: 'clinic' } });
    expect(await first).toEqual({ ok: true, value: 'clinic' });
    expect(await second).toEqual({ ok: true, value: 'providers' });
  });

  it('reports a data file that cannot be opened', async () => {
    const { child, process } = fakeChild();
    const db = connectDb(process);
    child.emit('message', { kind: 'fatal', message: 'newer Needlebook' });
    await expect(db.ready).rejects.toThrow('newer Needlebook');
  });

  it('answers every pending call with an error if the process dies', async () => {
    const { child, process } = fakeChild();
    const db = connectDb(process);
    child.emit('message', { kind: 'ready' });
    const pending = db.call('getClinic', {});
    child.emit('exit', 1);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('stopped') } });
  });
});

describe('the database process, watched (superviseDb)', () => {
  function starter() {
    const started: { recovery: string | null; child: EventEmitter & { postMessage: ReturnType<typeof vi.fn> } }[] = [];
    const start = (recovery: string | null) => {
      const child = Object.assign(new EventEmitter(), { postMessage: vi.fn() });
      started.push({ recovery, child });
      return child as unknown as UtilityProcess;
    };
    return { started, start };
  }

  it('starts a process in recovery mode when one dies, and the next call reaches it', async () => {
    const { started, start } = starter();
    const db = superviseDb(start);
    started[0]!.child.emit('message', { kind: 'ready' });
    await db.ready;
    const lost = db.call('getClinic', {});
    await vi.waitFor(() => expect(started[0]!.child.postMessage).toHaveBeenCalled());
    started[0]!.child.emit('exit', 139);
    expect(await lost).toMatchObject({ ok: false, error: { message: expect.stringContaining('starts it again for recovery') } });
    expect(started.map((s) => s.recovery)).toEqual([null, DB_STOPPED]);
    const next = db.call('recovery', {});
    started[1]!.child.emit('message', { kind: 'ready' });
    await vi.waitFor(() => expect(started[1]!.child.postMessage).toHaveBeenCalled());
    const { id } = started[1]!.child.postMessage.mock.calls[0]![0] as { id: number };
    started[1]!.child.emit('message', { kind: 'reply', id, outcome: { ok: true, value: 'recovery' } });
    expect(await next).toEqual({ ok: true, value: 'recovery' });
  });

  it('is ready with a process that died before it opened and came back for recovery', async () => {
    const { started, start } = starter();
    const db = superviseDb(start);
    started[0]!.child.emit('exit', 134);
    started[1]!.child.emit('message', { kind: 'ready' });
    await db.ready;
    expect(started[1]!.recovery).toBe(DB_STOPPED);
  });

  it('reports a refusal at open, and stops starting a process that keeps dying', async () => {
    const fatal = starter();
    const refused = superviseDb(fatal.start);
    fatal.started[0]!.child.emit('message', { kind: 'fatal', message: 'Needlebook is already open on the file' });
    await expect(refused.ready).rejects.toThrow('already open');

    const { started, start } = starter();
    const db = superviseDb(start);
    for (let i = 0; i < 4; i++) started[i]!.child.emit('exit', 139);
    expect(started).toHaveLength(4);
    await expect(db.ready).rejects.toThrow('keeps stopping');
    expect(await db.call('getClinic', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('preload', () => {
  it('exposes exactly the contract as window.needlebook, each call one invoke on its own channel', async () => {
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn().mockResolvedValue({ ok: true, value: null });
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } }));
    await import('../../electron/preload');
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, (i: unknown) => Promise<unknown>>];
    expect(name).toBe('needlebook');
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await api.getPatient!({ id: 7 });
    expect(invoke).toHaveBeenCalledWith('needlebook:getPatient', { id: 7 });
    vi.doUnmock('electron');
  });
});
