import pg from 'pg';

/**
 * How one seat hears that another changed something: one connection of its own LISTENs on the
 * channel the notify triggers use (migration 21), and each notification moves a counter the UI
 * asks for every second or so. The connection is also the seat's sign of life: when the server
 * goes away it says so, and it reconnects by itself, moving the counter on when it is back so
 * every screen reads again.
 */
export interface ChangeState {
  seq: number;
  connected: boolean;
}

const RETRY_MS = [250, 500, 1000, 2000, 3000];

export class ChangeFeed {
  private state: ChangeState = { seq: 0, connected: false };
  private client: pg.Client | null = null;
  private attempts = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly config: pg.ClientConfig) {}

  private first: Promise<void> | null = null;

  /**
   * Starts listening, if it has not: the app's seat from its open (db/host.ts), before the window's
   * first reads, so that the first connection moves the count before anything on screen has read
   * it. Settles once that first connection is made or has failed (it goes on trying by itself).
   */
  listen(): Promise<void> {
    if (!this.first && !this.closed) this.first = this.connect();
    return this.first ?? Promise.resolve();
  }

  /** The count and the link; starts listening on the first ask where the open did not (the command line never asks). */
  current(): ChangeState {
    void this.listen();
    return { ...this.state };
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.state.connected = false;
      client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      this.state.seq++;
    });
    try {
      await client.connect();
      await client.query('LISTEN needlebook');
      if (this.client !== client) return;
      this.attempts = 0;
      // Back after a break (or for the first time): whatever changed meanwhile is read again.
      this.state = { seq: this.state.seq + 1, connected: true };
    } catch {
      lost();
    }
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    const wait = RETRY_MS[Math.min(this.attempts++, RETRY_MS.length - 1)]!;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) void this.connect();
    }, wait);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
