// The EvoLink simulator (test/simulator, plain JS) for TypeScript tests: loaded through the
// host, with types for what the tests use of it (test/simulator/index.js has the whole API,
// in JSDoc).
import type { IDataObject } from 'n8n-workflow';

import { load, path, REPO } from './host';

/** One API or file request as the simulator logged it (test/simulator/request-log.js). */
export interface LoggedRequest {
	seq: number;
	/** ms timestamp of arrival */
	time: number;
	method: string;
	/** without the query string */
	path: string;
	query?: Record<string, string>;
	headers?: Record<string, string | string[]>;
	/** parsed JSON; raw text when not JSON */
	body?: unknown;
	bodyIsJson?: boolean;
	auth: { present: boolean; bearer: boolean; valid: boolean };
	/** where a secret showed up besides Authorization */
	secretLeaks: string[];
	/** HTTP status answered, or 'dropped' | 'reset' | 'hung' */
	status?: number | string;
	/** JSON answer body */
	response?: unknown;
	/** id of the fault rule that answered */
	injected?: number;
	/** the Idempotency-Key and X-Evo-Run-Id headers of the request, when sent */
	idempotencyKey?: string;
	runId?: string;
	/** the ledger answered with an earlier create's task (Idempotency-Replayed: true) */
	replayed?: boolean;
	/** a stored upload (Files API) */
	upload?: { endpoint: string; fileId: string; bytes: number; mime: string; sha256: string };
}

/** A callback delivery attempt (test/simulator/callbacks.js). */
export interface CallbackAttempt {
	taskId: string;
	url: string;
	/** 1 = first delivery, 2..4 = retries */
	attempt: number;
	startedAt: number;
	finishedAt?: number;
	/** HTTP status of the receiver's answer */
	status?: number;
	ok: boolean;
	/** network error / timeout */
	error?: string;
	/** status carried by the body */
	taskStatus: string;
}

/** A task as the API shows it: the create answer, GET /v1/tasks/{id} (taskView() in test/simulator/tasks.js). */
export interface TaskView extends IDataObject {
	id: string;
	status: string;
	progress: number;
	model: string;
	/** seconds epoch */
	created: number;
	results?: string[];
	error?: { code: string; message: string };
	task_info: { can_cancel: boolean; estimated_time: number; video_duration?: number };
	usage: IDataObject;
}

/** A task as sim.task(id) / sim.tasks() show it: the API's view plus the simulator's own. */
export interface SimTask extends TaskView {
	internal: {
		createdMs: number;
		durationMs: number;
		endAfterMs: number | null;
		finalStatus: string;
		resultBytes: number;
		/** the create request's body */
		request: IDataObject;
		callbackUrl: string | null;
	};
}

/** Per-key counters of the Idempotency-Key ledger. */
export interface LedgerCounters {
	requests: number;
	creates: number;
	replays: number;
	conflicts: number;
	inFlight: number;
}

/** The platform counters of stats() (test/simulator/platform.js, ledger.js, files.js). */
export interface SimulatorCounters {
	/** authenticated create requests */
	createRequests: number;
	/** paid tasks made */
	creates: number;
	statusRequests: { single: number; batch: number; batchIds: number[]; batchIdsTotal: number };
	listRequests: number;
	idempotency: LedgerCounters & { invalid: number; byKey: Record<string, LedgerCounters> };
	uploads: { requests: number; count: number; bytes: number; refused: number } & Record<string, unknown>;
}

export interface SimulatorStats {
	now: number;
	/** per task id: model, status, createdAt, completedAt, queries, batchQueries, downloads, ... */
	tasks: Record<string, Record<string, unknown>>;
	totals: Record<string, number>;
	counters: SimulatorCounters;
}

/** An Idempotency-Key ledger entry (test/simulator/ledger.js). */
export interface LedgerEntry {
	key: string;
	owner: number;
	state: 'processing' | 'done';
	taskId: string | null;
	createdAt: number;
	settledAt: number | null;
}

export interface Simulator {
	url: string;
	port: number;
	/** the Files API base: its own port when started with `filesPort`, else `url` */
	filesUrl: string;
	defaultApiKey: string;
	/** every API/file request so far (live array) */
	requests: LoggedRequest[];
	/** callback delivery attempts (live array) */
	callbacks: CallbackAttempt[];
	reset(): void;
	inject(rule: Record<string, unknown>): unknown;
	nextTasks(list: Array<Record<string, unknown>>): void;
	task(id: string): SimTask | undefined;
	tasks(): SimTask[];
	stats(): SimulatorStats;
	completeTask(id: string): void;
	failTask(id: string, code: string, message?: string): void;
	/** ends a running task `cancelled` now */
	cancelTask(id: string): void;
	/** the Idempotency-Key ledger */
	ledger(): LedgerEntry[];
	/** uploaded files (metadata, sha256, file_url, …) */
	files(): Array<Record<string, unknown>>;
	/** resolves when no callback delivery (or retry) is in progress */
	settleCallbacks(): Promise<void>;
	refuseConnections(ms: number): Promise<void>;
	configure(patch: Record<string, unknown>): unknown;
	close(): Promise<void>;
}

interface SimulatorModule {
	startSimulator(options?: Record<string, unknown>): Promise<Simulator>;
	/** the key a simulator started without `apiKeys` accepts */
	DEFAULT_API_KEY: string;
}

const simulator = load(path.join(REPO, 'test', 'simulator')) as SimulatorModule;

export const startSimulator = simulator.startSimulator;
export const DEFAULT_API_KEY = simulator.DEFAULT_API_KEY;

/** The answer logged for a create or task query, read as the task it shows. */
export function answerOf(r: LoggedRequest): TaskView {
	return r.response as TaskView;
}

/** A logged request's JSON body as an object ({} when there was none or it was not an object). */
export function requestBody(r: LoggedRequest): IDataObject {
	return r.body !== null && typeof r.body === 'object' ? (r.body as IDataObject) : {};
}
