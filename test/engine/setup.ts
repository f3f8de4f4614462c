/** One in-process EvoLink simulator per test file, reset between tests. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startSimulator } = require('../simulator') as { startSimulator: (o?: object) => Promise<Simulator> };

import type { EvoLinkCredentialData } from './runWorkflow';
import { cleanupScratch } from './runWorkflow';

export interface LoggedRequest {
	seq: number;
	time: number;
	method: string;
	path: string;
	body?: unknown;
	auth: { present: boolean; bearer: boolean; valid: boolean };
	secretLeaks: string[];
	status?: number | string;
	response?: any;
	injected?: number;
}

export interface Simulator {
	url: string;
	defaultApiKey: string;
	requests: LoggedRequest[];
	reset(): void;
	inject(rule: Record<string, unknown>): unknown;
	nextTasks(list: Array<Record<string, unknown>>): void;
	task(id: string): any;
	tasks(): any[];
	stats(): any;
	completeTask(id: string): void;
	failTask(id: string, code: string, message?: string): void;
	refuseConnections(ms: number): void;
	configure(patch: Record<string, unknown>): unknown;
	close(): Promise<void>;
}

export function useSimulator(options: Record<string, unknown> = {}) {
	const state = {} as { sim: Simulator };
	beforeAll(async () => {
		state.sim = await startSimulator(options);
	});
	afterEach(() => state.sim.reset());
	afterAll(async () => {
		await state.sim.close();
		cleanupScratch();
	});
	return {
		get sim() {
			return state.sim;
		},
		get credentials(): EvoLinkCredentialData {
			return { apiKey: state.sim.defaultApiKey, baseUrl: state.sim.url };
		},
		/** Requests to one endpoint: 'POST /v1/videos/generations', 'GET /v1/tasks', 'GET /files'. */
		requests(match: string) {
			const [method, prefix] = match.split(' ');
			return state.sim.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
		},
		creates() {
			return state.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/videos/generations');
		},
	};
}

/** The node's output for a freshly created task, from the simulator's recorded create answer. */
export function normalizedFromCreate(response: any) {
	return {
		id: response.id,
		status: 'pending',
		progress: 0,
		model: response.model,
		estimatedTime: response.task_info.estimated_time,
		usage: response.usage,
		created: new Date(response.created * 1000).toISOString(),
	};
}
