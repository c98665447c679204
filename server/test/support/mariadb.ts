import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from './process';

const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';

/**
 * A MariaDB server of the test's own (own data dir, own port), so a test may kill it by PID
 * without touching the shared one. Missing binaries fail the test: they never skip it.
 */
export class PrivateMariaDb {
  private child?: ChildProcess;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateMariaDb> {
    for (const binary of [MARIADBD, INSTALL_DB]) {
      if (!existsSync(binary)) {
        throw new Error(
          `${binary} is missing: the database outage test needs MariaDB's server binaries (apt-get install mariadb-server)`,
        );
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'keyhold-mariadb-'));
    const install = spawnSync(
      INSTALL_DB,
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asUser(),
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) {
      throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
    }
    const db = new PrivateMariaDb(dir, await freePort());
    await db.start();
    return db;
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts mariadbd on the data dir and port and waits until it answers. */
  async start(): Promise<void> {
    this.log = '';
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--performance-schema=OFF',
        '--innodb-buffer-pool-size=32M',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        ...asUser(),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d) => (this.log += d));
    child.stderr!.on('data', (d) => (this.log += d));
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited while starting:\n${this.log}`);
      try {
        const conn = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
        await conn.query('SELECT 1');
        await conn.end();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`mariadbd did not answer in 30 s:\n${this.log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** SIGKILL by PID, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGKILL');
    await gone;
  }

  async query<T = Record<string, unknown>[]>(sql: string, database?: string): Promise<T> {
    const conn = await createConnection({
      host: '127.0.0.1',
      port: this.port,
      user: 'root',
      database,
    });
    try {
      const [rows] = await conn.query(sql);
      return rows as T;
    } finally {
      await conn.end();
    }
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// mariadbd refuses to run as root unless told to; as another user it runs as that user.
function asUser(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}
