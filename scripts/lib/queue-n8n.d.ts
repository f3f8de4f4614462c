// Types for queue-n8n.js (plain CommonJS, like local-n8n.js), for TypeScript tests
// (test/queue/). No Node type imports here: this file is linted as TypeScript too.

import type { PostgresServer, Proxy, RedisServer } from './queue-servers';
// The servers' types and functions (queue-n8n.js re-exports them).
export * from './queue-servers';

export type ProcessKind = 'main' | 'worker' | 'webhook';
export interface QueueProcess {
	kind: ProcessKind | 'cli';
	/** main, worker-1.., webhook-1.., cli */
	name: string;
	/** N8N_PORT (main, webhook) */
	port?: number;
	/** QUEUE_HEALTH_CHECK_PORT (worker) */
	healthPort?: number;
	/** N8N_RUNNERS_BROKER_PORT */
	brokerPort: number;
	/** its own N8N_USER_FOLDER (package installed in .n8n/nodes) */
	userFolder: string;
	/** everything it printed, across restarts */
	logFile: string;
	/** the proxy routes to it */
	up: boolean;
}

/** One run of one node (n8n's ITaskData, the parts tests read). */
export interface TaskData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null> };
	error?: Record<string, unknown>;
}

export interface QueueExecution {
	id: number;
	workflowId: string;
	status: string; // new | running | waiting | success | error | crashed | canceled
	mode: string;
	finished: boolean;
	waitTill: string | null;
	startedAt: string | null;
	stoppedAt: string | null;
	/** resultData.error when it failed */
	error?: Record<string, unknown>;
	lastNodeExecuted?: string;
	runData: Record<string, TaskData[]>;
	/** the whole decoded IRunExecutionData */
	data?: Record<string, unknown>;
}

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** body parsed as JSON, when it is */
	json?: unknown;
}

export interface QueueTimings {
	serversMs?: number;
	prepareMs?: number;
	startAllMs?: number;
	totalMs?: number;
	/** ms each start of each process took until ready */
	processes: Record<string, number[]>;
}

export interface QueueN8n {
	readonly root: string;
	readonly logsDir: string;
	readonly encryptionKey: string;
	readonly procs: QueueProcess[];
	readonly pg: PostgresServer;
	readonly redis: RedisServer;
	readonly proxy: Proxy;
	readonly timings: QueueTimings;
	/** the proxy's URL (N8N_WEBHOOK_URL) */
	readonly url: string;
	proc(name: string): QueueProcess;
	of(kind: ProcessKind): QueueProcess[];
	env(p: QueueProcess): Record<string, string | undefined>;
	start(name: string): Promise<number>;
	startAll(): Promise<number>;
	stop(name: string, killAfterMs?: number): Promise<void>;
	kill(name: string, signal?: string): Promise<void>;
	restart(name: string): Promise<number>;
	stopAll(): Promise<void>;
	cli(args: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
	importWorkflows(workflows: unknown[]): Promise<void>;
	importCredentials(credentials: unknown[]): Promise<void>;
	publishWorkflow(id: string): Promise<void>;
	waitPublished(id: string, timeoutMs?: number): Promise<void>;
	request(method: string, urlPath: string, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<HttpAnswer>;
	executions(filter?: { workflowId?: string }): QueueExecution[];
	execution(id: number | string): QueueExecution | undefined;
	waitForExecution(id: number | string, statuses?: string[], timeoutMs?: number): Promise<QueueExecution>;
	/** how many jobs of execution `id` each worker started, from their logs */
	ranBy(id: number | string): Record<string, number>;
	/** every pid this setup runs, by name (n8n processes with their task runners, redis, postgres) */
	pids(): Record<string, number[]>;
	logTails(lines?: number): string;
	printLogs(lines?: number): void;
}

export interface QueueOptions {
	/** default 2 */
	workers?: number;
	/** default 2; 0 routes webhooks to main (which then serves them) */
	webhooks?: number;
	/** a packed community package, installed (local-n8n's installPackage) into every process's user folder */
	packageTarball?: string;
	/** or: a user folder that has it installed already (its .n8n/nodes is copied) */
	installedUserFolder?: string;
	/** extra env for every process (and the CLI) */
	env?: Record<string, string>;
	envByKind?: Partial<Record<ProcessKind, Record<string, string>>>;
	/** per process start; default 240 s */
	readyTimeoutMs?: number;
}
export function createQueueN8n(opts?: QueueOptions): Promise<QueueN8n>;
export function startQueueN8n(opts?: QueueOptions): Promise<QueueN8n>;
