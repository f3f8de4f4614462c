/** One in-process EvoLink simulator per test file, reset between tests. */
import { startSimulator, type Simulator, type TaskView } from '../support/simulator';
import type { EvoLinkCredentialData } from './runWorkflow';
import { cleanupScratch } from './runWorkflow';

export type { LoggedRequest, Simulator } from '../support/simulator';

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
export function normalizedFromCreate(response: unknown) {
	const answer = response as TaskView;
	return {
		id: answer.id,
		status: 'pending',
		progress: 0,
		model: answer.model,
		estimatedTime: answer.task_info.estimated_time,
		usage: answer.usage,
		created: new Date(answer.created * 1000).toISOString(),
	};
}
