/** One in-process EvoLink simulator per test file, reset between tests. */
import { startSimulator, type LoggedRequest, type Simulator, type TaskView } from '../support/simulator';
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
		/** Status reads: GET /v1/tasks/{id} and POST /v1/tasks/batch. */
		statusReads() {
			return state.sim.requests.filter(
				(r) => (r.method === 'GET' && r.path.startsWith('/v1/tasks/')) || (r.method === 'POST' && r.path === '/v1/tasks/batch'),
			);
		},
		/** The simulator's platform counters (creates, ledger, status reads, uploads). */
		counters() {
			return state.sim.stats().counters;
		},
	};
}

/** The tasks a status read answered with: a single GET's task, or every task of a batch answer. */
export function tasksRead(r: LoggedRequest): TaskView[] {
	if (r.status !== 200) return [];
	if (r.path === '/v1/tasks/batch') return ((r.response as { data?: TaskView[] } | undefined)?.data ?? []) as TaskView[];
	return [r.response as TaskView];
}

/**
 * The node's output for a freshly created task, from the simulator's recorded create: the
 * answer's task (the charge reserved at hand) and the run's own notes, the Idempotency-Key
 * the create carried and whether EvoLink's ledger replayed an earlier try.
 */
export function normalizedFromCreate(create: LoggedRequest | undefined) {
	if (!create) throw new Error('no such create');
	const answer = create.response as TaskView;
	return {
		id: answer.id,
		status: 'pending',
		progress: 0,
		model: answer.model,
		estimatedTime: answer.task_info.estimated_time,
		creditsReserved: answer.usage.credits_reserved,
		usage: answer.usage,
		created: new Date(answer.created * 1000).toISOString(),
		replayed: create.replayed === true,
		idempotencyKey: create.idempotencyKey,
	};
}
