// Types for queue-servers.js (Postgres, Redis, the proxy, process-tree helpers), plain
// CommonJS like queue-n8n.js. No Node type imports here: this file is linted as TypeScript too.

export interface PostgresServer {
	host: '127.0.0.1';
	port: number;
	database: string;
	user: string;
	password: string;
	/** temp folder: data/, the unix socket, postgres.log; removed by stop() */
	dir: string;
	logFile: string;
	/** DB_TYPE + DB_POSTGRESDB_* for n8n */
	env(): Record<string, string>;
	/** one SQL statement in database n8n (superuser, unix socket); psql's unaligned tuples-only output */
	sql(query: string): string;
	/** the postmaster's pid */
	pid(): number;
	stop(): Promise<void>;
}
export function startPostgres(): Promise<PostgresServer>;

export interface RedisServer {
	host: '127.0.0.1';
	port: number;
	dir: string;
	logFile: string;
	stop(): Promise<void>;
}
export function startRedis(): Promise<RedisServer>;

export interface ProxiedRequest {
	t: number;
	method: string;
	url: string;
	/** process name: main, webhook-1, ... */
	backend: string;
	/** 0 while the answer is pending; 502 when the backend could not be reached */
	status: number;
	/** ms until the answer was sent (or the connection closed) */
	ms?: number;
	error?: string;
}
export interface Proxy {
	url: string;
	port: number;
	/** requests per backend since the start (or reset()) */
	counts: Record<string, number>;
	requests: ProxiedRequest[];
	reset(): void;
	close(): Promise<void>;
}
/** Paths that go to the webhook processes (/webhook/, /webhook-waiting/, /form/, /form-waiting/, /mcp/). */
export const WEBHOOK_PATHS: RegExp;

/** A pool of backends the proxy picks from in turn; members with `up: false` are skipped while others are up. */
export interface ProxyPool {
	members: Array<{ name: string; port?: number; up: boolean }>;
	next: number;
}
/** The round-robin proxy: WEBHOOK_PATHS to `webhook`, everything else (and websocket upgrades) to `main`. */
export function startProxy(pools: { main: ProxyPool; webhook: ProxyPool }): Promise<Proxy>;
/** scripts/setup-queue.sh, once per process. */
export function setupQueue(): void;
/** Every descendant pid of `pid` (Linux /proc). */
export function descendants(pid: number): number[];
/** SIGKILL (or `signal`) to `pid` and every descendant. */
export function killTree(pid: number, signal: string): void;
/** Polls `check` until it is truthy; throws after timeoutMs. */
export function waitFor(
	what: string,
	check: () => unknown,
	opts?: { timeoutMs?: number; everyMs?: number; assertAlive?: () => void },
): Promise<void>;
